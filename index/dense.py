"""The vector index: exact inner product, or HNSW once a corpus is large enough to need it.

Measured here (retrieval-measurements.md, bench_query.py): exact search over 100k
384-d vectors takes 6-8 ms a query, HNSW (M=32, efSearch=128) well under 1 ms with
recall@10 ≥ 0.99 on MiniLM vectors. Below HNSW_THRESHOLD vectors exact search is fast
enough and loses nothing. The vectors themselves are kept for exact scoring of a filtered
subset (one board, one year), where a graph search would miss the rare matches.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

HNSW_THRESHOLD = 20_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


class DenseIndex:
    """Unit vectors with a faiss index over them (flat below the threshold, HNSW above)."""

    def __init__(self, vectors: np.ndarray, faiss_index, graph_file: Path | None = None) -> None:
        self.vectors = vectors
        self._faiss = faiss_index
        self.graph_file = graph_file  # where a loaded HNSW graph came from

    def extended(self, vectors: np.ndarray) -> "DenseIndex":
        """This index with `vectors[len(self.vectors):]` appended (the first rows must be this index's).

        Adding to a copy of the HNSW graph takes milliseconds per vector, where rebuilding
        the graph of 100k vectors takes ~30 s: an incremental re-index that only adds
        documents stays fast. Below the threshold, or without a graph file, it is a build.
        """
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if self.graph_file is None or not self.graph_file.exists() or len(vectors) < len(self.vectors):
            return DenseIndex.build(vectors)
        index = faiss.read_index(str(self.graph_file))  # a private, writable copy
        if len(vectors) > index.ntotal:
            index.add(vectors[index.ntotal:])
        _tune(index)
        return DenseIndex(vectors, index)

    @classmethod
    def build(cls, vectors: np.ndarray) -> "DenseIndex":
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dimension = vectors.shape[1] if vectors.ndim == 2 and vectors.shape[1] else 384
        if len(vectors) >= HNSW_THRESHOLD:
            index = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        else:
            index = faiss.IndexFlatIP(dimension)
        if len(vectors):
            index.add(vectors)
        _tune(index)
        return cls(vectors, index)

    def top(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(position, cosine) of the `k` nearest vectors to one unit query vector."""
        k = min(k, len(self.vectors))
        if k == 0:
            return []
        scores, positions = self._faiss.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
        return [(int(p), float(s)) for p, s in zip(positions[0], scores[0]) if p >= 0]

    def top_among(self, query: np.ndarray, positions: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Exact top `k` within `positions` (a filter's passages)."""
        if len(positions) == 0:
            return []
        scores = self.vectors[positions] @ query.reshape(-1)
        k = min(k, len(positions))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(int(positions[i]), float(scores[i])) for i in best]

    def save(self, folder: Path) -> None:
        import faiss

        np.save(folder / "vectors.npy", self.vectors)
        if len(self.vectors) >= HNSW_THRESHOLD:
            faiss.write_index(self._faiss, str(folder / "vectors.hnsw"))

    @classmethod
    def load(cls, folder: Path) -> "DenseIndex":
        import faiss

        # Memory-mapped: a process starts answering without reading 300 MB first, and
        # several bot processes share the pages.
        vectors = np.load(folder / "vectors.npy", mmap_mode="r")
        graph = folder / "vectors.hnsw"
        if not graph.exists():
            return cls.build(np.asarray(vectors))
        index = faiss.read_index(str(graph), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
        _tune(index)
        return cls(vectors, index, graph)


def _tune(index) -> None:
    if hasattr(index, "hnsw"):
        index.hnsw.efSearch = HNSW_EF_SEARCH
