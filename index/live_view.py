"""One version's segments seen as a single run of live passages, positions 0..n-1.

Retrieval addresses passages by position in one sequence (scores arrays, vector hits,
filters). A version of several segments with tombstones is presented the same way: the live
passages in segment order, tombstoned ones absent, so nothing above the index knows about
segments. `LivePositions` maps between live positions and (segment, local row).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import compress

import numpy as np

from index.dense import DenseIndex
from index.passage_table import PassageSequence, PassageTable
from index.passages import Passage


class LivePositions:
    """Where each segment's live rows sit among the live positions."""

    def __init__(self, sizes: list[int], dead: list[np.ndarray]) -> None:
        self.sizes = sizes
        self.alive: list[np.ndarray | None] = []  # per segment: bool mask, None when nothing is tombstoned
        self.local_to_live: list[np.ndarray | None] = []  # per segment: local row -> live position or -1
        self.starts = np.zeros(len(sizes) + 1, dtype=np.int64)  # live position of each segment's first live row
        for i, (size, tombstoned) in enumerate(zip(sizes, dead)):
            if len(tombstoned):
                alive = np.ones(size, dtype=bool)
                alive[np.asarray(tombstoned, dtype=np.int64)] = False
                live = np.cumsum(alive, dtype=np.int64) - 1 + self.starts[i]
                self.alive.append(alive)
                self.local_to_live.append(np.where(alive, live, -1))
                self.starts[i + 1] = self.starts[i] + int(alive.sum())
            else:
                self.alive.append(None)
                self.local_to_live.append(None)
                self.starts[i + 1] = self.starts[i] + size
        self.total = int(self.starts[-1])
        # Live position -> local row, for segments with tombstones (others are an offset).
        self._live_rows = [np.flatnonzero(a) if a is not None else None for a in self.alive]

    def locate(self, position: int) -> tuple[int, int]:
        """(segment, local row) of a live position."""
        segment = int(np.searchsorted(self.starts, position, side="right")) - 1
        offset = position - int(self.starts[segment])
        rows = self._live_rows[segment]
        return segment, int(rows[offset]) if rows is not None else offset

    def split(self, positions: np.ndarray) -> list[tuple[int, np.ndarray, np.ndarray]]:
        """(segment, local rows, index into `positions`) for live positions grouped by segment."""
        positions = np.asarray(positions, dtype=np.int64)
        owner = np.searchsorted(self.starts, positions, side="right") - 1
        groups = []
        for segment in np.unique(owner):
            at = np.flatnonzero(owner == segment)
            offsets = positions[at] - self.starts[segment]
            rows = self._live_rows[segment]
            groups.append((int(segment), rows[offsets] if rows is not None else offsets, at))
        return groups

    def to_live(self, segment: int, rows: np.ndarray) -> np.ndarray:
        """Live positions of a segment's local rows (-1 for tombstoned ones)."""
        mapping = self.local_to_live[segment]
        rows = np.asarray(rows, dtype=np.int64)
        return mapping[rows] if mapping is not None else rows + self.starts[segment]

    def dead_count(self, segment: int) -> int:
        return self.sizes[segment] - int(self.starts[segment + 1] - self.starts[segment])


class LivePassages(PassageSequence):
    """The live passages of a version's segments, one read-only sequence."""

    def __init__(self, tables: list[PassageTable], live: LivePositions) -> None:
        self._tables = tables
        self._live = live
        self._decoded: dict[str, list] = {}

    def __len__(self) -> int:
        return self._live.total

    def _passage(self, position: int) -> Passage:
        segment, row = self._live.locate(position)
        return self._tables[segment][row]

    def __iter__(self) -> Iterator[Passage]:
        for table, alive in zip(self._tables, self._live.alive):
            yield from (table if alive is None else compress(table, alive))

    def column(self, name: str) -> list:
        """One field of every live passage, in order (decoded once)."""
        if name not in self._decoded:
            column: list = []
            for table, alive in zip(self._tables, self._live.alive):
                values = table.column(name)
                column.extend(values if alive is None else compress(values, alive))
            self._decoded[name] = column
        return self._decoded[name]


class LiveRows:
    """The vectors of the live passages, row i for live position i (rows are read on demand)."""

    def __init__(self, indexes: Sequence[DenseIndex], live: LivePositions) -> None:
        self._indexes = indexes
        self._live = live

    @property
    def shape(self) -> tuple[int, int]:
        return self._live.total, self._indexes[0].vectors.shape[1] if len(self._indexes) else 384

    def __len__(self) -> int:
        return self._live.total

    def __getitem__(self, positions):
        if isinstance(positions, (int, np.integer)):
            segment, row = self._live.locate(int(positions))
            return self._indexes[segment].vectors[row]
        positions = np.arange(len(self))[positions] if isinstance(positions, slice) else np.asarray(positions, np.int64)
        out = np.zeros((len(positions), self.shape[1]), dtype=np.float32)
        for segment, rows, at in self._live.split(positions):
            out[at] = np.asarray(self._indexes[segment].vectors[rows], dtype=np.float32)
        return out

    def __array__(self, dtype=None, copy=None):
        rows = self[np.arange(len(self))]
        return rows if dtype is None else rows.astype(dtype)


class LiveDense:
    """Vector search over a version's segments: each segment searched through its own
    DenseIndex (exact when small, a graph when large), hits merged by score, tombstoned
    passages never returned."""

    def __init__(self, indexes: Sequence[DenseIndex], live: LivePositions) -> None:
        """`indexes`: each segment's DenseIndex, opened when first used (a build that only adds
        a segment never reads the big one's graph)."""
        self._indexes = indexes
        self._live = live
        self.vectors = LiveRows(indexes, live)

    @property
    def largest(self) -> DenseIndex:
        """The largest segment's index (what benchmarks report on: its kind, its recall)."""
        return max(self._indexes, key=lambda d: len(d.vectors))

    @property
    def _faiss(self):
        return self.largest._faiss

    def top(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(live position, cosine) of the `k` nearest live vectors to one unit query vector."""
        hits: list[tuple[int, float]] = []
        for segment, index in enumerate(self._indexes):
            size = len(index.vectors)
            wanted = min(k, size - self._live.dead_count(segment))
            fetch = min(size, k + self._live.dead_count(segment))
            while wanted > 0:
                found = index.top(query, fetch)
                live = self._live.to_live(segment, np.array([p for p, _ in found], dtype=np.int64))
                kept = [(int(p), s) for p, (_, s) in zip(live, found) if p >= 0]
                # A graph search may return fewer hits than asked; ask again for more only when
                # tombstoned rows took places.
                if len(kept) >= wanted or fetch >= size or len(kept) == len(found):
                    hits.extend(kept)
                    break
                fetch = min(size, fetch * 2)
        return sorted(hits, key=lambda hit: (-hit[1], hit[0]))[:k]

    def top_among(self, query: np.ndarray, positions: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Exact top `k` within live `positions` (a filter's passages)."""
        hits: list[tuple[int, float]] = []
        for segment, rows, _ in self._live.split(positions):
            found = self._indexes[segment].top_among(query, rows, k)
            live = self._live.to_live(segment, np.array([p for p, _ in found], dtype=np.int64))
            hits.extend((int(p), s) for p, (_, s) in zip(live, found))
        return sorted(hits, key=lambda hit: (-hit[1], hit[0]))[:k]
