"""Is the live index behind the store, and bringing it up to date.

Ingest writes the store first and builds the index after; a crash in between (kill -9,
a reboot, an out-of-memory kill) leaves stored meetings that answers cannot find. The next
`minutes ingest` and the next `minutes serve` start check for that and build a new version
(incrementally: only what is missing is embedded); readers keep answering from the live
version until the new one is swapped in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from index.search_index import SearchIndex, build_index, current_version, index_root
from index.store import Store


@dataclass(frozen=True)
class IndexLag:
    """What the live index version is missing, compared with the store."""

    live_version: int | None
    not_indexed: list[str] = field(default_factory=list)  # stored documents (new or changed) not in the live version
    still_indexed: list[str] = field(default_factory=list)  # documents in the live version no longer stored

    def describe(self) -> str:
        parts = []
        if self.not_indexed:
            parts.append(f"{len(self.not_indexed)} stored document(s) not indexed")
        if self.still_indexed:
            parts.append(f"{len(self.still_indexed)} removed document(s) still indexed")
        live = f"index version {self.live_version}" if self.live_version is not None else "no index yet"
        return f"{live}: " + " and ".join(parts)


def _live_sources(root: Path) -> tuple[int | None, dict[str, str] | None]:
    """The live version and its {source: content hash}, read without loading the index."""
    version = current_version(root)
    if version is None:
        return None, None
    try:
        return version, json.loads((root / f"v{version}" / "sources.json").read_text())
    except (OSError, json.JSONDecodeError):
        return version, None  # unreadable or half-pruned: treat everything as missing


def index_lag(store: Store, root: Path | None = None) -> IndexLag | None:
    """How the live index falls behind the store, or None when it is in step (or both are empty)."""
    root = root or index_root()
    stored = store.document_hashes()
    version, indexed = _live_sources(root)
    if indexed is None:
        return IndexLag(version, sorted(stored)) if stored else None
    not_indexed = sorted(s for s, digest in stored.items() if indexed.get(s) != digest)
    still_indexed = sorted(s for s in indexed if s not in stored)
    return IndexLag(version, not_indexed, still_indexed) if not_indexed or still_indexed else None


def catch_up(store: Store, root: Path | None = None, embedder=None) -> SearchIndex | None:
    """Build and swap in a new version when the live one is behind the store; None when it was in step.

    Action histories an interrupted batch ingest still owed are refreshed first.
    """
    store.refresh_pending_history()
    if index_lag(store, root) is None:
        return None
    return build_index(store, root, embedder=embedder)
