"""Re-indexing, as `minutes reindex [--full]` and Slack `/reindex` both run it.

Incremental (the default): stored documents whose files changed on disk are parsed again,
then a new index version is built from the store reusing everything unchanged (only new
text is embedded). Full: every stored document whose file is still there is parsed again
with today's parsers, and every passage is embedded again. Either way the new version is
built beside the live one and swapped in atomically; on failure the live one keeps serving.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from corpus.errors import MinutesReadError
from corpus.minutes import parse_minutes
from index.search_index import Progress, build_index
from index.store import Store


@dataclass
class ReindexResult:
    version: int
    passages: int
    embedded: int
    reparsed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason): kept as stored before


def reindex(
    store: Store, root: Path | None = None, full: bool = False, embedder=None, progress: Progress | None = None,
) -> ReindexResult:
    """Re-parse changed (or, with `full`, all) stored documents, then build and swap in a new version."""
    result = ReindexResult(0, 0, 0)
    stored = store.document_hashes()
    paths = store.document_paths()
    for number, (source, digest) in enumerate(sorted(stored.items()), 1):
        path = Path(paths.get(source, ""))
        if not path.is_file():
            continue  # uploaded or moved: what is stored stays as it is
        try:
            changed = hashlib.sha256(path.read_bytes()).hexdigest() != digest
            if full or changed:
                store.ingest(parse_minutes(path), path, force=full, defer_history=True)
                result.reparsed.append(source)
        except (MinutesReadError, OSError) as error:
            result.failed.append((source, getattr(error, "reason", str(error))))
        if progress:
            progress("parsing", number, len(stored))
    store.refresh_pending_history()
    built = build_index(store, root, embedder=embedder, full=full, progress=progress)
    result.version, result.passages, result.embedded = built.version, len(built.passages), built.embedded
    return result
