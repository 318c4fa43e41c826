"""Embedding passages while files are still being read gives the index a plain build gives."""

import numpy as np

from index.embedding_prefetch import EmbeddingPrefetch
from index.embeddings import default_embedder
from index.ingest_files import ingest_paths
from index.search_index import build_index
from index.store import Store
from tests.conftest import SAMPLES

FLOAT16_ROUNDING = 2.5e-4  # an index stores vectors as float16: rounding is at most half a unit in the last place, 2.44e-4 below 1


def test_prefetched_build_equals_a_plain_build(tmp_path):
    plain_store = Store.open(f"sqlite:///{tmp_path / 'plain.db'}")
    ingest_paths(plain_store, [SAMPLES])
    plain = build_index(plain_store, tmp_path / "plain")

    store = Store.open(f"sqlite:///{tmp_path / 'prefetched.db'}")
    with EmbeddingPrefetch(store) as prefetch:
        ingest_paths(store, [SAMPLES], on_stored=prefetch.stored)
        prefetched = build_index(store, tmp_path / "prefetched", embedder=prefetch)
        assert prefetch.prefetched == len(prefetched.passages)  # every passage ahead of the build
    assert [p.passage_id for p in prefetched.passages] == [p.passage_id for p in plain.passages]
    assert np.abs(np.asarray(prefetched.dense.vectors) - np.asarray(plain.dense.vectors)).max() < 1e-6
    assert np.abs(prefetched.action_vectors - plain.action_vectors).max() < 1e-6


def test_meeting_headers_are_embedded_by_their_opening_window(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    ingest_paths(store, [SAMPLES])
    index = build_index(store, tmp_path / "index")
    embedder = default_embedder()
    long_headers = [(i, p) for i, p in enumerate(index.passages)
                    if p.is_header and len(embedder._tokenizer.encode(p.index_text).ids) > embedder.window]
    assert long_headers  # attendance lists run past one window in the samples
    for i, p in long_headers:
        assert np.abs(index.dense.vectors[i] - embedder.embed([p.index_text], max_windows=1)[0]).max() < FLOAT16_ROUNDING
        assert np.abs(index.dense.vectors[i] - embedder.embed([p.index_text])[0]).max() > 1e-3
    items = [(i, p) for i, p in enumerate(index.passages)
             if not p.is_header and len(embedder._tokenizer.encode(p.index_text).ids) > embedder.window][:3]
    for i, p in items:  # an item's passage keeps its second window
        assert np.abs(index.dense.vectors[i] - embedder.embed([p.index_text])[0]).max() < FLOAT16_ROUNDING
