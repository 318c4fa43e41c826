"""Ingesting files and folders: parse each file, store it, collect what happened."""

from __future__ import annotations

from collections.abc import Callable, Iterable
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from corpus.errors import MinutesReadError
from corpus.minutes import parse_minutes
from corpus.readers import SUPPORTED_SUFFIXES
from index.store import Store


@dataclass
class IngestSummary:
    """File names by outcome; failures carry their reason."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the supported files inside folders (recursively, sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            files.append(path)
    return files


def ingest_paths(
    store: Store, paths: Iterable[Path], on_file: Callable[[str, int], None] | None = None
) -> IngestSummary:
    """Parse and store every file; a bad file is reported and the others still go in."""
    summary = IngestSummary()
    files = expand_paths(paths)
    for path in files:
        try:
            if _unchanged(store, path):
                summary.skipped.append(path.name)
                if on_file:
                    on_file(path.name, len(files))
                continue
            parsed = parse_minutes(path)
            result = store.ingest(parsed, path)
        except MinutesReadError as err:
            summary.failed.append((path.name, err.reason))
        else:
            getattr(summary, result.outcome).append(path.name)
        if on_file:
            on_file(path.name, len(files))
    return summary


def _unchanged(store: Store, path: Path) -> bool:
    """True when these exact bytes are stored under this name: no need to parse again."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        return False
    document = store.document(path.name) if digest else None
    return document is not None and document.content_hash == digest
