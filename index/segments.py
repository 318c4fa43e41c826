"""Immutable index segments: a run of passages with their BM25 postings and vectors.

An index version (index/search_index.py) is an ordered list of segments plus tombstones
(passages of documents changed or removed since the segment was written). Indexing one
uploaded file writes one small segment, so its cost follows the file, not the corpus;
versions share the segments they have in common. Too many segments, or too many
tombstones, are merged into one (`merge_plan`), which rewrites only what it merges.

Files of a segment, in `MINUTES_HOME/index/segments/s<N>/`:
  passages/        the passage table (index/passage_table.py)
  bm25/            raw postings (index/bm25.py BM25Postings)
  vectors.npy ...  the vector index as DenseIndex.save writes it (a graph when large)
  SIZE             the number of passages (read without opening anything else)
"""

from __future__ import annotations

import shutil
import weakref
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from index.bm25 import BM25Postings, CorpusTokens
from index.dense import DenseIndex
from index.passage_table import PassageTable
from index.passages import Passage

FOLDER = "segments"
MAX_SEGMENTS = 8  # above this the smallest neighbours are merged
MERGE_WIDTH = 4  # segments merged at a time: sizes grow geometrically, so few merges touch much
MAX_TOMBSTONES = 0.10  # a version whose tombstoned share exceeds this is compacted into one segment


@dataclass
class Segment:
    """One segment on disk; its parts are opened (mapped) when first used."""

    name: str
    folder: Path

    @cached_property
    def size(self) -> int:
        return int((self.folder / "SIZE").read_text())

    @cached_property
    def passages(self) -> PassageTable:
        return PassageTable(self.folder / "passages")

    @cached_property
    def bm25(self) -> BM25Postings:
        return BM25Postings.load(self.folder / "bm25")

    @cached_property
    def dense(self) -> DenseIndex:
        return DenseIndex.load(self.folder)


def segments_folder(root: Path) -> Path:
    return root / FOLDER


# Segments opened in this process, by folder and identity: a process reloading a new version
# (the bot after an upload) keeps the mapped files and vector graphs of the unchanged ones.
_OPENED: "weakref.WeakValueDictionary[tuple[str, int, int], Segment]" = weakref.WeakValueDictionary()


def open_segment(root: Path, name: str) -> Segment:
    """The segment `name` under `root`; the same object while one opened in this process is alive."""
    folder = segments_folder(root) / name
    try:
        stamp = (folder / "SIZE").stat()
    except FileNotFoundError:
        return Segment(name, folder)  # not there (pruned under a stale manifest): fails when read
    # The inode and time stamp tell a segment from a later one given a pruned segment's name.
    key = (str(folder.resolve()), stamp.st_ino, stamp.st_mtime_ns)
    segment = _OPENED.get(key)
    if segment is None:
        segment = _OPENED[key] = Segment(name, folder)
    return segment


def write_segment(root: Path, passages: list[Passage], vectors: np.ndarray, dense: DenseIndex | None = None,
                  postings: BM25Postings | None = None) -> Segment:
    """Write a new segment of `passages` (row i of `vectors` is passage i); nothing live changes.

    `dense` and `postings` are passed when already made (a merge), else built here.
    """
    folder = segments_folder(root)
    folder.mkdir(parents=True, exist_ok=True)
    numbers = [int(f.name[1:].split(".")[0]) for f in folder.glob("s*") if f.name[1:].split(".")[0].isdigit()]
    name = f"s{max(numbers, default=0) + 1}"
    building = folder / f"{name}.building"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    try:
        PassageTable.write(building / "passages", passages)
        postings = postings or BM25Postings.from_tokens(CorpusTokens.encode([p.index_text for p in passages]))
        postings.save(building / "bm25")
        (dense or DenseIndex.build(np.asarray(vectors, dtype=np.float32))).save(building)
        (building / "SIZE").write_text(str(len(passages)))
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    building.rename(folder / name)
    return open_segment(root, name)


def merge_segments(root: Path, parts: list[tuple[Segment, np.ndarray]]) -> Segment:
    """One new segment holding the live passages of `parts` (each a segment with its tombstoned
    local positions), in order. When the first part has no tombstones its vector graph is
    extended rather than rebuilt (milliseconds per vector against ~30 s per 100k)."""
    keeps = []
    for segment, dead in parts:
        keep = np.ones(segment.size, dtype=bool)
        keep[np.asarray(dead, dtype=np.int64)] = False
        keeps.append(keep)
    passages = [p for (segment, _), keep in zip(parts, keeps) for p, kept in zip(segment.passages, keep) if kept]
    dimension = parts[0][0].dense.vectors.shape[1]
    vectors = np.concatenate([np.asarray(segment.dense.vectors, dtype=np.float32)[keep]
                              for (segment, _), keep in zip(parts, keeps)]) if parts else np.zeros((0, dimension), np.float32)
    first, first_dead = parts[0]
    dense = first.dense.extended(vectors) if len(first_dead) == 0 else DenseIndex.build(vectors)
    postings = BM25Postings.merged([(segment.bm25, keep) for (segment, _), keep in zip(parts, keeps)])
    return write_segment(root, passages, vectors, dense, postings)


def merge_plan(sizes: list[int], dead: list[int]) -> tuple[int, int] | None:
    """Which run of segments [start, end) to merge into one, or None to leave them.

    Everything when over MAX_TOMBSTONES of the passages are tombstoned; otherwise, above
    MAX_SEGMENTS segments, the MERGE_WIDTH neighbours with the fewest passages between them —
    newly written segments are small, so a merge costs about what it merges, and sizes grow
    geometrically (few segments, each passage rewritten a logarithmic number of times).
    """
    if sum(sizes) and sum(dead) > MAX_TOMBSTONES * sum(sizes):
        return (0, len(sizes)) if len(sizes) > 1 or dead[0] else None
    if len(sizes) <= MAX_SEGMENTS:
        return None
    width = min(len(sizes), max(MERGE_WIDTH, len(sizes) - MAX_SEGMENTS + 1))
    start = min(range(len(sizes) - width + 1), key=lambda i: (sum(sizes[i:i + width]), -i))
    return start, start + width
