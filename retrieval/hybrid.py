"""Hybrid search: BM25 and dense rankings fused by reciprocal rank.

Reciprocal-rank fusion is used rather than score normalisation because BM25 scores and
cosine similarities live on unrelated scales that shift with the query's length; RRF only
needs the two rank orders. `mode` selects "hybrid", "bm25" or "dense" for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.passages import Passage
from index.search_index import SearchIndex

RRF_K = 60  # the usual constant; flattens the difference between ranks 1 and 2
CANDIDATES = 50
MODES = ("hybrid", "bm25", "dense")


@dataclass(frozen=True)
class RankedPassage:
    passage: Passage
    score: float


def fuse_rankings(rankings: list[list[int]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal-rank fusion of several rankings of passage positions."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, position in enumerate(ranking):
            scores[position] = scores.get(position, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


class HybridSearcher:
    """Searches one loaded index version."""

    def __init__(self, index: SearchIndex, embed=None) -> None:
        import faiss

        from index.embeddings import embed as default_embed

        self.index = index
        self._embed = embed or default_embed
        self._faiss = faiss.IndexFlatIP(index.vectors.shape[1] if index.vectors.size else 384)
        if index.vectors.size:
            self._faiss.add(np.ascontiguousarray(index.vectors, dtype=np.float32))

    def dense_ranking(self, query: str, k: int) -> list[tuple[int, float]]:
        if not self.index.passages:
            return []
        vector = self._embed([query])
        scores, positions = self._faiss.search(vector, min(k, len(self.index.passages)))
        return [(int(p), float(s)) for p, s in zip(positions[0], scores[0]) if p >= 0]

    def search(
        self, query: str, k: int = 10, mode: str = "hybrid", focus: set[tuple[str, str | None]] | None = None
    ) -> list[RankedPassage]:
        """The top `k` passages for `query`; `focus` items (source, item) are ranked up."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        if mode == "bm25":
            ranked = self.index.bm25.top(query, k)
        elif mode == "dense":
            ranked = self.dense_ranking(query, k)
        else:
            lexical = [p for p, _ in self.index.bm25.top(query, CANDIDATES)]
            dense = [p for p, _ in self.dense_ranking(query, CANDIDATES)]
            rankings = [lexical, dense]
            if focus:
                # The focused items form a third ranking, in the order the other two agree on.
                order = [p for p, _ in fuse_rankings(rankings)]
                focused = [i for i, p in enumerate(self.index.passages) if (p.source, p.item) in focus]
                rankings.append(sorted(focused, key=lambda i: order.index(i) if i in order else len(order)))
            ranked = fuse_rankings(rankings)[:k]
        return [RankedPassage(self.index.passages[p], s) for p, s in ranked[:k]]
