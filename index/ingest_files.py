"""Ingesting files and folders: parse each file, store it, collect what happened."""

from __future__ import annotations

from collections.abc import Callable, Iterable
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from corpus.errors import MinutesReadError
from corpus.minutes import parse_minutes
from corpus.readers import SUPPORTED_SUFFIXES
from index.config import database_url, minutes_home
from index.date_conflicts import DateConflict, date_conflicts
from index.store import Store


@dataclass
class IngestSummary:
    """File names by outcome; failures carry their reason."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, the stored file with the same bytes)
    replaced: list[tuple[str, str]] = field(default_factory=list)  # (file, the file of the same minutes it replaced)
    conflicts: list[DateConflict] = field(default_factory=list)  # different minutes claiming one board and date, all kept
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (file found in a folder, why it is not minutes)


def expand_paths(paths: Iterable[Path], ignored: list[tuple[str, str]] | None = None) -> list[Path]:
    """Files as given, and the minutes files inside folders (recursively, sorted; hidden ones left out).

    Other files found in folders are listed in `ignored` with the reason, so an admin who
    drops a .doc into the folder hears about it, without the batch counting as failed.
    A file named explicitly is always returned (and refused later if it is not minutes).
    """
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for found in sorted(path.rglob("*")):
            if not found.is_file() or any(part.startswith(".") for part in found.relative_to(path).parts) or _store_file(found):
                continue
            if found.suffix.lower() in SUPPORTED_SUFFIXES:
                files.append(found)
            elif ignored is not None:
                ignored.append((found.name, f"not a minutes file type ({found.suffix or 'no extension'}); "
                                            f"supported: {', '.join(SUPPORTED_SUFFIXES)}"))
    return files


def _store_file(path: Path) -> bool:
    """The store's own files (MINUTES_HOME, a SQLite database and its journals) are never minutes."""
    resolved = path.resolve()
    if resolved.is_relative_to(minutes_home().resolve()):
        return True
    url = database_url()
    if url.startswith("sqlite:///"):
        database = Path(url[len("sqlite:///"):]).resolve()
        return resolved.parent == database.parent and resolved.name.startswith(database.name)
    return False


def ingest_paths(
    store: Store, paths: Iterable[Path], on_file: Callable[[str, int], None] | None = None,
    on_stored: Callable[[str], None] | None = None, digest: bool = False,
) -> IngestSummary:
    """Parse and store every file; a bad file is reported and the others still go in.

    `on_stored(source)` is called after each document added or updated (an
    `EmbeddingPrefetch` embeds its passages meanwhile). With `digest`, each new meeting is
    queued for the new-minutes digest (`Store.ingest`).
    """
    summary = IngestSummary()
    files = expand_paths(paths, summary.ignored)
    clashing: set[str] = set()  # files stored beside different minutes of the same board and date
    for path in files:
        try:
            if _unchanged(store, path):
                summary.skipped.append(path.name)
                if on_file:
                    on_file(path.name, len(files))
                continue
            parsed = parse_minutes(path)
            # Each board's action history is refreshed once, after the batch, not after every file.
            result = store.ingest(parsed, path, defer_history=True, digest=digest)
        except MinutesReadError as err:
            summary.failed.append((path.name, err.reason))
        else:
            if result.outcome == "duplicate":
                summary.duplicates.append((path.name, result.duplicate_of or ""))
            else:
                getattr(summary, result.outcome).append(path.name)
            if result.replaced:
                summary.replaced.append((path.name, result.replaced))
            if result.conflicts:
                clashing.add(path.name)
            if on_stored and result.outcome in ("added", "updated"):
                on_stored(result.source)
        if on_file:
            on_file(path.name, len(files))
    store.refresh_pending_history()  # also what an interrupted batch left owed
    if clashing:
        summary.conflicts = date_conflicts(store, clashing)
    return summary


def _unchanged(store: Store, path: Path) -> bool:
    """True when these exact bytes are stored under this name: no need to parse again."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        return False
    document = store.document(path.name) if digest else None
    return document is not None and document.content_hash == digest
