"""BM25 as this project scores it (raw postings, statistics of the live passages) ranks and scores exactly like rank-bm25's BM25Okapi."""


import numpy as np
from rank_bm25 import BM25Okapi

from index.ingest_files import ingest_paths
from index.bm25 import B, K1, BM25Index, BM25Postings, CorpusTokens, tokenize, words
from index.passages import build_passages
from index.store import Store
from tests.conftest import SAMPLES

QUERIES = [
    "digital forensics gateway", "restorative justice extension", "Athena launch delayed", "harm index ranking",
    "body worn video", "clinical commissioning groups", "Operation APEX officers", "alcohol strategy endorsed",
    "forecast underspend", "victim lawyer grant", "police station leases Bretton", "substitutes voting rights",
]


def test_postings_match_rank_bm25_on_the_sample_corpus(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    ingest_paths(store, [SAMPLES])
    texts = [p.index_text for p in build_passages(store.indexable_items())]
    corpus = [tokenize(t) for t in texts]
    reference = BM25Okapi(corpus, k1=K1, b=B)
    ours = BM25Index.build(texts)
    document_frequency = {t: sum(t in set(doc) for doc in corpus) for doc in corpus for t in doc}
    for query in QUERIES:
        # Keep the words whose stems are in under half the passages (see index/bm25.py).
        kept = " ".join(w for w in words(query) if document_frequency.get(tokenize(w)[0], 0) * 2 < len(corpus))
        terms = tokenize(kept)
        expected = reference.get_scores(terms)
        got = ours.scores(kept)
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)
        assert [i for i, _ in ours.top(kept, 10)] == [
            int(i) for i in sorted(np.flatnonzero(expected > 0), key=lambda i: (-expected[i], i))[:10]
        ]


def sample_texts(tmp_path) -> list[str]:
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    ingest_paths(store, [SAMPLES])
    return [p.index_text for p in build_passages(store.indexable_items())]


def tombstoned_indexes(texts: list[str]) -> tuple[BM25Index, BM25Index, list[str]]:
    """The texts in three segments with about a fifth of the first two tombstoned: once with the
    first two merged (tombstones dropped), once unmerged (each with a live map); and the live texts."""
    rng = np.random.default_rng(5)
    cuts = [0, len(texts) // 3, len(texts) // 2, len(texts)]
    pieces = [texts[a:b] for a, b in zip(cuts, cuts[1:])]
    postings = [BM25Postings.from_tokens(CorpusTokens.encode(piece)) for piece in pieces]
    keep = [rng.random(len(piece)) > 0.2 for piece in pieces]
    keep[2][:] = True  # the newest segment, with nothing tombstoned yet
    merged = BM25Postings.merged([(postings[0], keep[0]), (postings[1], keep[1])])
    live_maps, start = [], 0
    for mask in (np.ones(int(keep[0].sum() + keep[1].sum()), bool), keep[2]):
        live_maps.append(None if mask.all() else np.where(mask, np.cumsum(mask) - 1 + start, -1))
        start += int(mask.sum())
    merged_index = BM25Index([(merged, live_maps[0]), (postings[2], live_maps[1])])
    unmerged_maps, start = [], 0
    for mask in keep:
        unmerged_maps.append(np.where(mask, np.cumsum(mask) - 1 + start, -1))
        start += int(mask.sum())
    unmerged = BM25Index(list(zip(postings, unmerged_maps)))
    live = [t for piece, mask in zip(pieces, keep) for t, kept in zip(piece, mask) if kept]
    return merged_index, unmerged, live


def test_segments_with_tombstones_score_like_rank_bm25_over_the_live_texts(tmp_path):
    """Three segments (one a merge of two), some passages tombstoned: N, df and the mean length
    are those of the live passages, as if they were one corpus."""
    texts = sample_texts(tmp_path)
    ours, unmerged, live = tombstoned_indexes(texts)
    corpus = [tokenize(t) for t in live]
    reference = BM25Okapi(corpus, k1=K1, b=B)
    document_frequency = {t: sum(t in set(doc) for doc in corpus) for doc in corpus for t in doc}
    assert ours.size == unmerged.size == len(live) < len(texts)
    for query in QUERIES:
        kept = " ".join(w for w in words(query) if document_frequency.get(tokenize(w)[0], 0) * 2 < len(corpus))
        expected = reference.get_scores(tokenize(kept))
        np.testing.assert_allclose(ours.scores(kept), expected, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(unmerged.scores(kept), expected, rtol=1e-4, atol=1e-5)
        assert ours.document_frequencies(tokenize(kept)) == [document_frequency.get(t, 0) for t in tokenize(kept)]
        for index in (ours, unmerged):
            ranked = sorted(np.flatnonzero(expected > 0), key=lambda i: (-expected[i], i))[:5]
            assert [i for i, _ in index.top(kept, 5)] == [int(i) for i in ranked]
            within = np.arange(0, len(live), 2)  # a filter, ranked over the live positions it names
            ranked = sorted(within[expected[within] > 0], key=lambda i: (-expected[i], i))[:5]
            assert [i for i, _ in index.top(kept, 5, within)] == [int(i) for i in ranked]


def test_pruned_top_is_the_top_of_every_score(tmp_path, monkeypatch):
    """MaxScore pruning (index/bm25.py) returns the passages a full scoring ranks first."""
    import json

    import index.bm25 as bm25

    texts = sample_texts(tmp_path)
    # One segment; and segments with tombstones, which count out of document frequencies but
    # must never be reached.
    merged, unmerged, _ = tombstoned_indexes(texts)
    indexes = [(BM25Index.build(texts), False), (merged, False), (unmerged, True)]
    questions = [json.loads(line)["question"] for line in (SAMPLES.parents[1] / "tests" / "gold" / "seed-questions.jsonl")
                 .read_text().splitlines() if line.strip()]
    # The corpus is small: test for pruning at every term, so that it happens here as at a million passages.
    monkeypatch.setattr(bm25, "_PRUNE_CHECK_POSTINGS", 0)
    completed = []  # a pruned term completed for the passages still in reach: pruning did happen
    local = bm25._Part.local
    monkeypatch.setattr(bm25._Part, "local", lambda part, positions: completed.append(part) or local(part, positions))
    rng = np.random.default_rng(5)
    for ours, tombstoned in indexes:
        completed.clear()
        # A question naming a board or a year searches only its passages: pruning must hold within them too.
        filters = [None, np.sort(rng.choice(ours.size, ours.size // 2, replace=False)), np.arange(ours.size // 3)]
        for question in [*QUERIES, *questions, "forensics forensics digital board"]:
            for within in filters:
                for k in (1, 3, 10):
                    full = ours.scores(question)
                    candidates = np.flatnonzero(full) if within is None else within[full[within] > 0]
                    expected = sorted(candidates, key=lambda i: (-full[i], i))[:k]
                    got = ours.top(question, k, within)
                    assert [i for i, _ in got] == [int(i) for i in expected], (question, k)
                    assert np.allclose([s for _, s in got], full[expected], rtol=1e-5)
        assert len(completed) > 10
        # Completed within the segments that hold tombstones too.
        assert any(part.dead is not None for part in completed) == tombstoned
