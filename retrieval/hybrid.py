"""Hybrid search: BM25 and dense rankings fused by reciprocal rank.

Reciprocal-rank fusion rather than score normalisation: BM25 scores and cosine
similarities live on unrelated scales that shift with the query's length, and min-max
normalising them lets one outlier decide the fused order; RRF needs only the two rank
orders and was as good or better on the dev questions at every k tried (40-100).
`mode` selects "hybrid", "bm25" or "dense" for comparison. A filter (`sources`) restricts
both rankings to some meetings exactly; `focus` items are fused in as a third ranking.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from index.passage_table import passage_column
from index.passages import Passage
from index.search_index import SearchIndex

RRF_K = 60  # the usual constant; flattens the difference between ranks 1 and 2
CANDIDATES = 50
LEXICAL_MARGIN = 2.0  # a BM25 top score this many times the second's is evidence of its own
MODES = ("hybrid", "bm25", "dense")
MANY_MEETINGS = 64  # a filter naming over 1/64 of the meetings is found by one pass over the passages

ItemKey = tuple[str, str | None]
QueryVector = np.ndarray | Future  # a Future[np.ndarray] from `HybridSearcher.embed_soon`

# The query is embedded on one of these while BM25 scores on the caller's thread: onnxruntime
# and numpy's loops release the GIL, so the two overlap on two cores (~2-3 ms of a 1M search).
_EMBEDDING = ThreadPoolExecutor(4, thread_name_prefix="query-vector")


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

    def __init__(self, index: SearchIndex, embedder=None) -> None:
        from index.embeddings import default_embedder

        self.index = index
        self.embedder = embedder or default_embedder()
        # Positions grouped by meeting with one stable sort, not a Python loop over every passage
        # (0.7 s of a cold start at 1M passages).
        number: dict[str, int] = {}
        codes = np.array([number.setdefault(s, len(number)) for s in passage_column(index.passages, "source")], dtype=np.int32)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(number) + 1))
        self._by_source: dict[str, np.ndarray] = {s: order[bounds[i]:bounds[i + 1]] for s, i in number.items()}
        self._number = number
        self._codes = codes

    def positions(self, sources: set[str]) -> np.ndarray:
        """Passage positions of the given meetings, in index order."""
        if len(sources) * MANY_MEETINGS > len(self._number):
            # Many meetings (a board of 40k at 1M passages): one pass over the passages' meeting codes
            # is cheaper than joining and sorting that many slices.
            chosen = np.zeros(len(self._number), dtype=bool)
            chosen[[self._number[s] for s in sources if s in self._number]] = True
            return np.flatnonzero(chosen[self._codes]).astype(np.int64)
        found = [self._by_source[s] for s in sources if s in self._by_source]
        return np.sort(np.concatenate(found)).astype(np.int64) if found else np.zeros(0, dtype=np.int64)

    def query_vector(self, query: str) -> np.ndarray:
        return self.embedder.embed([query])[0]

    def embed_soon(self, query: str) -> Future:
        """The query's vector (`Future.result()`), computed on another thread meanwhile."""
        return _EMBEDDING.submit(self.query_vector, query)

    def bm25_ranking(self, query: str, k: int, within: np.ndarray | None = None) -> list[tuple[int, float]]:
        return self.index.bm25.top(query, k, within)

    def dense_ranking(self, vector: np.ndarray, k: int, within: np.ndarray | None = None) -> list[tuple[int, float]]:
        if within is None:
            return self.index.dense.top(vector, k)
        return self.index.dense.top_among(vector, within, k)

    def search(
        self,
        query: str,
        k: int = 10,
        mode: str = "hybrid",
        focus: set[ItemKey] | None = None,
        sources: set[str] | None = None,
        vector: QueryVector | None = None,
        phrases: list[str] | None = None,
        prefer: set[str] | None = None,
    ) -> list[RankedPassage]:
        """The top `k` passages for `query`, only from `sources` when given.

        `focus` items (a named person's) and candidates that contain one of `phrases` (names
        such as "Transforming for the Future") are each fused in as one more ranking, and so
        are candidates from the `prefer` meetings (a board or date the question names, when
        restricting to them would hide the answer).
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        if not self.index.passages:
            return []
        if mode != "bm25" and vector is None:
            vector = self.embed_soon(query)
        within = self.positions(sources) if sources is not None else None
        if mode == "bm25":
            ranked = self.bm25_ranking(query, k, within)
        elif mode == "dense":
            ranked = self.dense_ranking(_resolved(vector), k, within)
        else:
            depth = max(CANDIDATES, k)
            scored = self.bm25_ranking(query, depth, within)
            lexical = [p for p, _ in scored]
            dense = [p for p, _ in self.dense_ranking(_resolved(vector), depth, within)]
            rankings = [lexical, dense]
            if len(scored) >= 2 and scored[0][1] >= LEXICAL_MARGIN * scored[1][1]:
                # One passage holds the question's words far better than any other ("substitutes' voting rights"):
                # rank fusion alone would flatten that gap, so it counts once more.
                rankings.append([scored[0][0]])
            if phrases:
                order = [p for p, _ in fuse_rankings(rankings)]
                wanted = [phrase.lower() for phrase in phrases]
                named = [p for p in order if any(w in self.index.passages[p].text.lower() for w in wanted)]
                if named:
                    rankings.append(named)
            if prefer:
                order = [p for p, _ in fuse_rankings(rankings)]
                preferred = [p for p in order if self.index.passages[p].source in prefer]
                if preferred:
                    rankings.append(preferred)
            if focus:
                # The focused items form a third ranking, in the order the other two agree on.
                order = {p: rank for rank, (p, _) in enumerate(fuse_rankings(rankings))}
                allowed = set(within.tolist()) if within is not None else None
                keys = zip(passage_column(self.index.passages, "source"), passage_column(self.index.passages, "item"))
                focused = [i for i, key in enumerate(keys) if key in focus and (allowed is None or i in allowed)]
                rankings.append(sorted(focused, key=lambda i: order.get(i, len(order))))
            ranked = fuse_rankings(rankings)[:k]
        return [RankedPassage(self.index.passages[p], s) for p, s in ranked[:k]]


def _resolved(vector: QueryVector | None) -> np.ndarray:
    return vector.result() if isinstance(vector, Future) else vector
