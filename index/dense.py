"""The vector index: exact inner product, or an inverted-file index once a corpus is large enough.

Vectors are stored as float16 (`vectors.npy`, memory-mapped): half the bytes of float32 and
scores within ~1e-3 of it, so exact scoring of a filtered subset (one board, one year, where
an approximate search would miss the rare matches) ranks as float32 does. `vectors` reads
rows back as float32.

Above APPROXIMATE_THRESHOLD vectors, an inverted file (`vectors.ivf`: k-means lists of 8-bit
scalar-quantised vectors, 384 B a vector) finds candidates in the lists nearest the query,
and the float16 vectors re-rank them exactly. Why not HNSW, as before: questions are not
like passages (cosine to the best passage ~0.5, passages to each other ~0.6), and a graph
walk from such a query missed much of the exact top 10 (recall@10 0.42 at 30k passages on
the benchmark's vectors at efSearch 128, 0.89 at 100k even at efSearch 512), where probing
the nearest lists kept 0.97 in less time; a flat HNSW graph also held a float32 copy of
every vector. The index file is read with faiss's zero-copy mapping (IO_FLAG_MMAP_IFC):
a process starts without reading it and processes share its pages. Figures (recall@10
against exact float32 search, latency, build time, answering RSS at 100k and 1M) are in
benchmarks/README.md, issue 21.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

APPROXIMATE_THRESHOLD = 20_000
# Lists searched a query: 128, or 1/32 of them when there are more than 4096. Recall@10 against
# exact search on the benchmark's vectors (200 queries, benchmarks/README.md): 0.981 at 100k
# (128 of 1024 lists; 64 gave 0.954), 0.971 at 1M (128 of 4096; 64 gave 0.953).
PROBES_AT_LEAST = 128
PROBE_SHARE = 1 / 32
RERANK_DEPTH = 64  # candidates re-scored exactly; at least the k asked for
SCORED_DIRECTLY = 4096  # filtered rows scored from the float16 vectors; more are searched by faiss first
FILTER_PROBES = 8  # times the lists an unfiltered query probes, for a filter of more rows
STORED_DTYPE = np.float16
LISTS_FILE = "vectors.ivf"
OLD_HNSW_FILE = "vectors.hnsw"  # versions before issue 21: a flat HNSW graph


def list_count(n: int) -> int:
    """Inverted lists for `n` vectors: a power of two near 4·sqrt(n) (512 at 20k, 1024 at 100k,
    4096 at 1M), and no more than k-means can train from `n` points (39 a list)."""
    return max(1, min(2 ** round(math.log2(4 * math.sqrt(max(n, 1)))), n // 39))


class CompactVectors:
    """Rows of a stored (n, dim) float16 array, returned as float32 when indexed.

    Indexing takes what numpy takes for rows (an int, a slice, a list or array of positions)
    and reads only those rows from the mapped file.
    """

    def __init__(self, stored: np.ndarray) -> None:
        self.stored = stored  # float16 (or float32 from an older version), often a memmap

    def __len__(self) -> int:
        return len(self.stored)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.stored.shape

    dtype = np.dtype(np.float32)  # of what indexing returns

    def __getitem__(self, rows) -> np.ndarray:
        return np.asarray(self.stored[rows], dtype=np.float32)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        return np.asarray(self.stored, dtype=dtype or np.float32)


def _stored(vectors) -> np.ndarray:
    """The (n, dim) float16 array of float32 / float16 rows or of a CompactVectors."""
    if isinstance(vectors, CompactVectors):
        vectors = vectors.stored
    vectors = np.asarray(vectors)
    if vectors.ndim != 2:
        vectors = vectors.reshape(len(vectors), -1) if len(vectors) else np.zeros((0, 384), np.float32)
    return np.ascontiguousarray(vectors, dtype=STORED_DTYPE)


class DenseIndex:
    """Unit vectors with a faiss index over them (flat below the threshold, inverted lists above)."""

    def __init__(self, vectors, faiss_index, lists_file: Path | None = None) -> None:
        import faiss

        self.vectors = vectors if isinstance(vectors, CompactVectors) else CompactVectors(_stored(vectors))
        self._faiss = faiss_index
        self.lists_file = lists_file  # where a loaded approximate index came from
        self.is_approximate = not isinstance(faiss_index, faiss.IndexFlat)

    def extended(self, vectors) -> "DenseIndex":
        """This index with `vectors[len(self.vectors):]` appended (the first rows must be this index's).

        Adding to a copy of the inverted lists only assigns and encodes the new vectors, where
        a build also trains the lists: an incremental re-index that only adds documents stays
        fast. Below the threshold, or without an index file, it is a build.
        """
        import faiss

        stored = _stored(vectors)
        if (self.lists_file is None or self.lists_file.name != LISTS_FILE or not self.lists_file.exists()
                or len(stored) < len(self.vectors)):
            return DenseIndex.build(stored)  # an older version's HNSW graph is rebuilt in today's form
        index = faiss.read_index(str(self.lists_file))  # a private, writable copy
        if len(stored) > index.ntotal:
            index.add(np.asarray(stored[index.ntotal:], dtype=np.float32))
        _tune(index)
        return DenseIndex(stored, index)

    @classmethod
    def build(cls, vectors) -> "DenseIndex":
        """The index of (n, dim) unit vectors (float32, float16 or a CompactVectors)."""
        import faiss

        stored = _stored(vectors)
        dimension = stored.shape[1] if stored.shape[1] else 384
        if len(stored) >= APPROXIMATE_THRESHOLD:
            lists = list_count(len(stored))
            index = faiss.index_factory(dimension, f"IVF{lists},SQ8", faiss.METRIC_INNER_PRODUCT)
            # k-means on a sample (faiss asks for 39 points a list or more): unit vectors of one
            # model keep their lists as the corpus grows, so an extended index is not retrained.
            sample = np.sort(np.random.default_rng(0).choice(len(stored), min(len(stored), 40 * lists), replace=False))
            index.train(np.asarray(stored[sample], dtype=np.float32))
            for start in range(0, len(stored), 100_000):  # float32 a batch at a time, not all at once
                index.add(np.asarray(stored[start:start + 100_000], dtype=np.float32))
        else:
            index = faiss.IndexFlatIP(dimension)
            if len(stored):
                index.add(np.asarray(stored, dtype=np.float32))
        _tune(index)
        return cls(stored, index)

    def top(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(position, cosine) of the `k` nearest vectors to one unit query vector."""
        k = min(k, len(self.vectors))
        if k == 0:
            return []
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        if not self.is_approximate:
            scores, positions = self._faiss.search(query, k)
            return [(int(p), float(s)) for p, s in zip(positions[0], scores[0]) if p >= 0]
        depth = min(max(k, RERANK_DEPTH), len(self.vectors))
        _, positions = self._faiss.search(query, depth)
        found = positions[0][positions[0] >= 0]
        return self.top_among(query[0], np.sort(found), k)

    def top_among(self, query: np.ndarray, positions: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Top `k` within `positions` (a filter's passages, in index order).

        Up to SCORED_DIRECTLY rows are all scored from the float16 vectors: exact, so a rare
        match is never missed. More are first searched by faiss over its own codes, restricted to
        `positions` and probing FILTER_PROBES times the usual lists (a quarter of them at 1M, where
        unfiltered recall@10 is 0.99 at that depth), and the best RERANK_DEPTH re-scored exactly:
        a county's 125k of 1M passages took ~190 ms through numpy's float16 conversion, ~11 ms so.
        """
        if len(positions) == 0:
            return []
        query = np.asarray(query, dtype=np.float32).reshape(-1)
        if len(positions) > SCORED_DIRECTLY and not hasattr(self._faiss, "hnsw"):
            positions = self._scanned(query, positions, max(k, RERANK_DEPTH))
        scores = self.vectors[positions] @ query
        k = min(k, len(positions))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(int(positions[i]), float(scores[i])) for i in best]

    def _scanned(self, query: np.ndarray, positions: np.ndarray, depth: int) -> np.ndarray:
        """The best `depth` of `positions` by faiss's codes (sorted)."""
        import faiss

        member = np.zeros(len(self.vectors), dtype=bool)
        member[positions] = True
        bits = np.packbits(member, bitorder="little")  # faiss's IDSelectorBitmap reads bit i of byte i >> 3
        selector = faiss.IDSelectorBitmap(len(member), faiss.swig_ptr(bits))
        if self.is_approximate:
            ivf = faiss.extract_index_ivf(self._faiss)
            params = faiss.SearchParametersIVF(sel=selector, nprobe=min(ivf.nlist, FILTER_PROBES * ivf.nprobe))
        else:
            params = faiss.SearchParameters(sel=selector)
        _, found = self._faiss.search(query.reshape(1, -1), min(depth, len(positions)), params=params)
        return np.sort(found[0][found[0] >= 0])

    def save(self, folder: Path) -> None:
        import faiss

        np.save(folder / "vectors.npy", _stored(self.vectors))
        if self.is_approximate:
            faiss.write_index(self._faiss, str(folder / LISTS_FILE))

    @classmethod
    def load(cls, folder: Path) -> "DenseIndex":
        """The index saved in `folder`, its vectors and lists mapped rather than read."""
        import faiss

        # Memory-mapped: a process starts answering without reading the vectors first, and
        # several bot processes share the pages. Versions written before issue 21 hold
        # float32 vectors and a flat HNSW graph; both load and answer as they are.
        vectors = np.load(folder / "vectors.npy", mmap_mode="r")
        found = next((folder / name for name in (LISTS_FILE, OLD_HNSW_FILE) if (folder / name).exists()), None)
        if found is None:
            return cls.build(vectors)
        index = faiss.read_index(str(found), faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY)
        _tune(index)
        return cls(CompactVectors(vectors), index, found)


def _tune(index) -> None:
    """Search settings, which faiss does not save with an index."""
    import faiss

    if hasattr(index, "hnsw"):  # an older version's graph
        index.hnsw.efSearch = max(128, RERANK_DEPTH)
    elif not isinstance(index, faiss.IndexFlat):
        ivf = faiss.extract_index_ivf(index)
        ivf.nprobe = min(ivf.nlist, max(PROBES_AT_LEAST, round(ivf.nlist * PROBE_SHARE)))
        # One query's lists shared among the threads (faiss splits queries by default, and a
        # question is one): 1M passages, 128 lists, 2.9 → 1.9 ms on 2 cores, ~4% more CPU.
        ivf.parallel_mode = 1
