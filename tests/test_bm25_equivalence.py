"""bm25s, as this project uses it, ranks and scores exactly like rank-bm25's BM25Okapi."""


import numpy as np
from rank_bm25 import BM25Okapi

from index.ingest_files import ingest_paths
from index.bm25 import B, K1, BM25Index, tokenize, words
from index.passages import build_passages
from index.store import Store
from tests.conftest import SAMPLES

QUERIES = [
    "digital forensics gateway", "restorative justice extension", "Athena launch delayed", "harm index ranking",
    "body worn video", "clinical commissioning groups", "Operation APEX officers", "alcohol strategy endorsed",
    "forecast underspend", "victim lawyer grant", "police station leases Bretton", "substitutes voting rights",
]


def test_bm25s_matches_rank_bm25_on_the_sample_corpus(tmp_path):
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
