"""BM25 over passages: BM25Okapi scoring (k1=1.5, b=0.75) from per-segment postings.

An index version is a list of segments (index/segments.py); each stores raw postings (term ->
passages, term frequency) and passage lengths, and idf and the mean length are those of the
live passages of all segments, applied at query time: a new segment for one upload changes
no stored score. Scores equal rank-bm25's BM25Okapi (the equivalence test), except that
rank-bm25 floors the negative IDF of terms in over half the documents to 0.25 x the mean IDF
where this, like bm25s's "robertson" method it replaced, scores them 0; queries here drop
stopwords, so such terms are rare, and the test compares on terms below that line.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import Stemmer

K1 = 1.5
B = 0.75
_BLOCK = 50_000  # passages turned into postings at a time
_TOKEN = re.compile(r"[a-z0-9]+(?:[.'’/][a-z0-9]+)*")
STOPWORDS = frozenset(
    "a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it "
    "its me my no not of on or our she so than that the their them then there these they this those to was we were "
    "what when where which who whom whose why will with would you your about any all also".split()
)


_STEMMER = Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Lower-cased words and numbers ("£130k" -> "130k", "2018/19" stays), no stopwords, unstemmed."""
    return [t for t in _TOKEN.findall(text.lower().replace("’", "'")) if t not in STOPWORDS]


def tokenize(text: str) -> list[str]:
    """`words`, Snowball-stemmed so that "contacting" meets "contact" and "savings" "save"."""
    return _STEMMER.stemWords(words(text))


@dataclass
class CorpusTokens:
    """A tokenized corpus: a vocabulary and every text's token ids, end to end.

    What a segment's postings are made from (`BM25Postings.from_tokens`); a segment's
    vocabulary is its own.
    """

    vocab: list[str]
    ids: np.ndarray  # int32
    offsets: np.ndarray  # int64; text i is ids[offsets[i]:offsets[i + 1]]

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @classmethod
    def encode(cls, texts: list[str]) -> "CorpusTokens":
        """Token ids of `texts`, over a vocabulary of their own."""
        vocab: list[str] = []
        index: dict[str, int] = {}
        pieces: list[np.ndarray] = []
        for text in texts:
            ids = []
            for token in tokenize(text):
                if token not in index:
                    index[token] = len(vocab)
                    vocab.append(token)
                ids.append(index[token])
            pieces.append(np.asarray(ids, dtype=np.int32))
        offsets = np.zeros(len(pieces) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([len(p) for p in pieces])
        ids = np.concatenate(pieces).astype(np.int32) if pieces else np.zeros(0, np.int32)
        return cls(vocab, ids, offsets)


_PRUNE_CHECK_POSTINGS = 20_000  # below this a term is cheaper to score than to test for pruning


def _weights(idf: np.float32, tf: np.ndarray, norm: np.ndarray) -> np.ndarray:
    """BM25 of one term for passages with term frequencies `tf` and length norms `norm`."""
    tf = np.asarray(tf, dtype=np.float32)
    norm = norm + tf
    np.divide(tf, norm, out=norm)
    norm *= idf * np.float32(K1 + 1)
    return norm


@dataclass
class _QueryTerm:
    """One distinct query term: its live document frequency, idf, repeats and postings per segment."""

    df: int
    idf: np.float32
    repeats: int
    slices: list  # (segment part, docs view, tf view)

    @property
    def bound(self) -> float:
        """The most it adds to a passage's score (tf / (tf + norm) < 1)."""
        return float(self.idf) * (K1 + 1) * self.repeats


class BM25Postings:
    """One segment's postings: for each term the passages holding it and how often, and each
    passage's length. No statistic of the whole corpus is stored, so segments made at different
    times score together exactly (`BM25Index` applies idf and the mean length at query time).

    Files (a folder): terms.npy (UTF-8 terms, sorted, fixed-width bytes), indptr.npy (term t's
    postings are [indptr[t], indptr[t + 1])), docs.npy (int32, ascending within a term),
    tf.npy (uint16), lengths.npy (int32, tokens per passage).
    """

    def __init__(self, terms: np.ndarray, indptr: np.ndarray, docs: np.ndarray, tf: np.ndarray,
                 lengths: np.ndarray) -> None:
        self.terms, self.indptr, self.docs, self.tf, self.lengths = terms, indptr, docs, tf, lengths

    def __len__(self) -> int:
        return len(self.lengths)

    @classmethod
    def from_tokens(cls, tokens: CorpusTokens) -> "BM25Postings":
        """Postings of a tokenized corpus, built block by block (bounded memory at a million passages)."""
        n = len(tokens)
        vocab = np.array([w.encode("utf-8") for w in tokens.vocab], dtype=bytes) if tokens.vocab else np.zeros(0, "S1")
        order = np.argsort(vocab, kind="stable")
        rank = np.empty(len(vocab), dtype=np.int64)
        rank[order] = np.arange(len(vocab))
        ids, offsets = np.asarray(tokens.ids), np.asarray(tokens.offsets)
        terms, docs, tfs = [], [], []
        for start in range(0, n, _BLOCK):
            end = min(n, start + _BLOCK)
            block = rank[ids[offsets[start]:offsets[end]]]
            doc = np.repeat(np.arange(start, end, dtype=np.int64), np.diff(offsets[start:end + 1]))
            keys, counts = np.unique(block * n + doc, return_counts=True)
            terms.append(keys // n)
            docs.append((keys % n).astype(np.int32))
            tfs.append(np.minimum(counts, np.iinfo(np.uint16).max).astype(np.uint16))
        return cls._sorted(vocab[order], terms, docs, tfs, np.diff(offsets).astype(np.int32))

    @classmethod
    def _sorted(cls, vocab: np.ndarray, terms: list[np.ndarray], docs: list[np.ndarray], tfs: list[np.ndarray],
                lengths: np.ndarray) -> "BM25Postings":
        """Postings given as blocks in passage order, each sorted by (term, passage): by term overall."""
        term = np.concatenate(terms) if terms else np.zeros(0, np.int64)
        by_term = np.argsort(term, kind="stable")  # stable: passages stay ascending within a term
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum(np.bincount(term, minlength=len(vocab)))
        doc = np.concatenate(docs)[by_term] if docs else np.zeros(0, np.int32)
        tf = np.concatenate(tfs)[by_term] if tfs else np.zeros(0, np.uint16)
        return cls(vocab, indptr, doc, tf, lengths)

    @classmethod
    def merged(cls, parts: list[tuple["BM25Postings", np.ndarray]]) -> "BM25Postings":
        """One segment's postings from several, each with a mask of the passages kept (in order)."""
        vocabs = [p.terms for p, _ in parts if len(p.terms)]
        vocab = np.unique(np.concatenate(vocabs)) if vocabs else np.zeros(0, "S1")
        terms, docs, tfs, lengths = [], [], [], []
        base = 0
        for postings, keep in parts:
            renumber = np.cumsum(keep, dtype=np.int64) - 1 + base
            term = np.repeat(np.searchsorted(vocab, postings.terms), np.diff(postings.indptr))
            doc = np.asarray(postings.docs)
            kept = keep[doc]
            # Within one part postings are by term; the final stable sort by term keeps parts in order.
            terms.append(term[kept])
            docs.append(renumber[doc[kept]].astype(np.int32))
            tfs.append(np.asarray(postings.tf)[kept])
            lengths.append(np.asarray(postings.lengths)[keep])
            base += int(keep.sum())
        return cls._sorted(vocab, terms, docs, tfs, np.concatenate(lengths) if lengths else np.zeros(0, np.int32))

    def term_id(self, term: str) -> int:
        """The term's row, or -1 when no passage of this segment holds it."""
        key = term.encode("utf-8")
        at = int(np.searchsorted(self.terms, key))
        return at if at < len(self.terms) and self.terms[at] == key else -1

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("terms", "indptr", "docs", "tf", "lengths"):
            np.save(folder / f"{name}.npy", getattr(self, name))

    @classmethod
    def load(cls, folder: Path) -> "BM25Postings":
        # Mapped: a query reads only its terms' postings. Plain array views of the maps: slicing
        # a numpy memmap costs microseconds of bookkeeping a query would pay per term and segment.
        return cls(*(np.asarray(np.load(folder / f"{name}.npy", mmap_mode="r"))
                     for name in ("terms", "indptr", "docs", "tf", "lengths")))


@dataclass
class _Part:
    """A segment as one query sees it: where its passages land among the live ones."""

    postings: BM25Postings
    offset: int  # live position of its first live passage; its live passages follow in order
    live: np.ndarray | None  # local passage -> live position (-1: tombstoned), None when none are
    norm: np.ndarray  # K1 * (1 - B + B * length / mean length), per local passage
    count: int = 0  # its live passages
    rows: np.ndarray | None = None  # live passage i of it -> local passage (None: the identity)
    dead: np.ndarray | None = None  # its tombstoned local passages, sorted (None: none)

    def term(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(sorted local passages, term frequencies) of `term`'s postings here, as mapped
        views (nothing gathered); None when no passage of the segment holds it."""
        t = self.postings.term_id(term)
        if t < 0:
            return None
        start, end = int(self.postings.indptr[t]), int(self.postings.indptr[t + 1])
        return self.postings.docs[start:end], self.postings.tf[start:end]

    def live_df(self, docs: np.ndarray) -> int:
        """How many of a term's postings `docs` (sorted local passages) are live."""
        if self.dead is None:
            return len(docs)
        # Tombstones are few (the passages of files changed since the segment was written):
        # a binary search per tombstone beats gathering every posting's live position.
        if len(self.dead) * 8 < len(docs):
            at = np.searchsorted(docs, self.dead)
            inside = at < len(docs)
            return len(docs) - int(np.count_nonzero(np.asarray(docs)[at[inside]] == self.dead[inside]))
        return int(np.count_nonzero(self.live[docs] >= 0))

    def positions(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """Live positions of the postings `docs`, and which of them are live (None: all)."""
        if self.live is None:
            return docs + self.offset, None
        positions = self.live[docs]
        kept = positions >= 0
        return positions[kept], kept

    def local(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The live `positions` that are this segment's, and their local passages."""
        mine = positions[(positions >= self.offset) & (positions < self.offset + self.count)]
        offsets = mine - self.offset
        return mine, offsets if self.rows is None else self.rows[offsets]


class BM25Index:
    """BM25 over the live passages of one or more segments; scores match rank-bm25's BM25Okapi.

    N, document frequencies and the mean length are those of the live passages (tombstoned ones
    count for nothing), so an index of many segments scores exactly like one segment of the
    same passages.
    """

    def __init__(self, parts: list[tuple[BM25Postings, np.ndarray | None]]) -> None:
        """`parts`: each segment's postings with its local -> live position map (None: all live, in order)."""
        self._parts: list[_Part] = []
        live_lengths, offset = 0, 0
        for postings, live in parts:
            lengths = np.asarray(postings.lengths)
            live_lengths += int(lengths.sum() if live is None else lengths[live >= 0].sum())
            count = len(lengths) if live is None else int((live >= 0).sum())
            part = _Part(postings, offset, live, np.zeros(0, np.float32), count)
            if live is not None:
                part.rows = np.flatnonzero(live >= 0)
                part.dead = np.flatnonzero(live < 0)
            self._parts.append(part)
            offset += count
        self.size = offset
        average = np.float32(live_lengths / self.size if self.size else 1.0)
        for part in self._parts:
            part.norm = (K1 * (1 - B + B * np.asarray(part.postings.lengths, dtype=np.float32) / average)).astype(np.float32)

    @classmethod
    def build(cls, texts: list[str]) -> "BM25Index":
        return cls.from_tokens(CorpusTokens.encode(texts))

    @classmethod
    def from_tokens(cls, tokens: CorpusTokens) -> "BM25Index":
        return cls([(BM25Postings.from_tokens(tokens), None)])

    def _postings(self, term: str) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """(live positions, tf, norm) of the live passages holding `term`, segment by segment."""
        found = []
        for part in self._parts:
            held = part.term(term)
            if held is None:
                continue
            docs, tf = np.asarray(held[0]), np.asarray(held[1], dtype=np.float32)
            positions, kept = part.positions(docs)
            if kept is not None:
                docs, tf = docs[kept], tf[kept]
            found.append((positions, tf, part.norm[docs]))
        return found

    def scores(self, query: str) -> np.ndarray:
        """BM25Okapi score of every live passage for `query`."""
        total = np.zeros(self.size, dtype=np.float32)
        for term in tokenize(query):  # a repeated term counts again, as in rank-bm25
            found = self._postings(term)
            df = sum(len(p) for p, _, _ in found)
            if not df:
                continue
            # bm25s's "robertson" idf: a term in over half the passages scores 0, not below.
            idf = np.float32(math.log(max((self.size - df + 0.5) / (df + 0.5), 1.0)))
            for positions, tf, norm in found:
                norm += tf  # `norm` is a fresh gathered copy: worked on in place
                np.divide(tf, norm, out=norm)
                norm *= idf * np.float32(K1 + 1)
                # Positions are unique within a term, so the fancy-indexed += adds each once.
                total[positions] += norm
        return total

    def top(self, query: str, k: int, within: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(position, score) of the best `k` texts with a positive score, among the positions
        `within` when given (a board's or a year's passages).

        MaxScore pruning (Turtle and Flood, 1995): the query's terms are scored rarest first,
        and once the most the remaining common terms could add (idf x (k1 + 1) each) is below
        the k-th best score so far, no passage they alone reach can enter the top `k`; they are
        then scored only for the passages already reached whose score could still enter the top
        `k`, by binary search in their postings.
        The top `k` is that of `scores` (the same passages; scores equal up to float rounding).
        A filter changes nothing of that: passages outside it are never reached, and the bound
        still holds for the ones inside; nor do tombstones, which only count out of each term's
        document frequency and are never reached.
        """
        k = min(k, self.size if within is None else len(within))
        if k == 0:
            return []
        terms = self._query_terms(query)
        if not terms:
            return []
        allowed = None
        if within is not None:
            allowed = np.zeros(self.size, dtype=bool)
            allowed[within] = True
        total = np.zeros(self.size, dtype=np.float32)  # every weight is positive: reached iff > 0
        remaining = sum(term.bound for term in terms)
        remaining_postings = sum(term.df for term in terms)
        reached_at_most = 0  # postings scored so far: at least as many as the passages reached
        done = 0
        for term in terms:
            # Testing costs a pass over the passages reached, completing them a binary search each:
            # worth it only while the postings left are several times the passages reached.
            if reached_at_most and term.df > _PRUNE_CHECK_POSTINGS and remaining_postings > 4 * reached_at_most:
                reached = np.flatnonzero(total > 0)
                if len(reached) >= k and remaining < np.partition(total[reached], len(reached) - k)[len(reached) - k]:
                    break
            scored = 0
            for part, docs, tf in term.slices:
                positions, kept = part.positions(docs)
                if kept is not None:
                    docs, tf = docs[kept], tf[kept]
                if allowed is not None:
                    kept = allowed[positions]
                    positions, docs, tf = positions[kept], docs[kept], tf[kept]
                weights = _weights(term.idf, tf, part.norm[docs])
                for _ in range(term.repeats):
                    total[positions] += weights
                scored += len(docs)
            reached_at_most += scored
            remaining -= term.bound
            remaining_postings -= term.df
            done += 1
        reached = np.flatnonzero(total > 0)
        if not len(reached):
            return []
        if done < len(terms) and len(reached) > k:
            # Only a passage whose score plus the most the pruned terms can add reaches the k-th
            # best can still enter the top k: the others are never completed (with room for rounding).
            values = total[reached]
            threshold = values[np.argpartition(values, len(values) - k)[len(values) - k]]
            reached = reached[values + np.float32(remaining * (1 + 1e-4) + 1e-6) >= threshold]
        for term in terms[done:]:  # pruned: only the passages that can still enter the top k
            for part, docs, tf in term.slices:
                mine, local = part.local(reached)
                at = np.searchsorted(docs, local)
                inside = at < len(docs)
                held = np.zeros(len(local), dtype=bool)
                held[inside] = np.asarray(docs)[at[inside]] == local[inside]
                rows = at[held]
                for _ in range(term.repeats):
                    total[mine[held]] += _weights(term.idf, np.asarray(tf)[rows], part.norm[local[held]])
        values = total[reached]
        if len(values) > k:
            best = np.argpartition(-values, k - 1)[:k]
            # Ties at the k-th score: every passage with it, so that the lower positions win as in `scores`.
            best = np.flatnonzero(values >= values[best].min())
        else:
            best = np.arange(len(values))
        ranked = sorted((int(reached[i]) for i in best), key=lambda i: (-total[i], i))[:k]
        return [(i, float(total[i])) for i in ranked if total[i] > 0]

    def _query_terms(self, query: str) -> list["_QueryTerm"]:
        """The query's known terms with their postings (views, nothing gathered), rarest first."""
        counts: dict[str, int] = {}
        for term in tokenize(query):  # a repeated term counts again, as in rank-bm25
            counts[term] = counts.get(term, 0) + 1
        terms = []
        for term, repeats in counts.items():
            slices = [(part, *held) for part in self._parts if (held := part.term(term)) is not None]
            df = sum(part.live_df(docs) for part, docs, _ in slices)
            if not df:
                continue
            idf = np.float32(math.log(max((self.size - df + 0.5) / (df + 0.5), 1.0)))
            if idf > 0:
                terms.append(_QueryTerm(df, idf, repeats, slices))
        return sorted(terms, key=lambda term: -term.bound)

    def document_frequencies(self, tokens: list[str]) -> list[int]:
        """How many live texts contain each (already tokenized) term; 0 for unknown terms."""
        return [sum(part.live_df(held[0]) for part in self._parts if (held := part.term(t)) is not None)
                for t in tokens]
