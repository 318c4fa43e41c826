"""The compact vector index: float16 vectors and an 8-bit HNSW graph, saved, mapped and searched.

Real MiniLM vectors throughout: the sample minutes' passages and sentences, the gold questions.
"""

from __future__ import annotations

import json
from pathlib import Path

import faiss
import numpy as np
import pytest

from index import dense as dense_module
from index.dense import CompactVectors, DenseIndex
from index.embeddings import default_embedder
from index.ingest_files import ingest_paths
from index.passages import build_passages
from index.store import Store
from tests.conftest import SAMPLES

GOLD = Path(__file__).resolve().parent / "gold"
TSC_NOTES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "scale" / "nodejs-tsc"
TSC_QUESTIONS = [
    "When was the decision made to drop support for an old Node.js release line?",
    "Who is responsible for the security release process?",
    "What did the TSC decide about the code of conduct?",
    "Which working group handles the build infrastructure?",
    "What was said about moving to a new governance model?",
    "How are new collaborators nominated to the TSC?",
]


def _questions() -> list[str]:
    return [json.loads(line)["question"] for name in ("seed-questions.jsonl", "extra-questions.jsonl")
            for line in (GOLD / name).read_text().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def sample_vectors(tmp_path_factory) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors of the sample minutes' passages, and of the gold questions."""
    folder = tmp_path_factory.mktemp("samples")
    store = Store.open(f"sqlite:///{folder / 'm.db'}")
    ingest_paths(store, [SAMPLES])
    embedder = default_embedder()
    passages = build_passages(store.indexable_items())
    return (np.asarray(embedder.embed([p.index_text for p in passages]), np.float32),
            np.asarray(embedder.embed(_questions()), np.float32))


def _exact(vectors: np.ndarray, query: np.ndarray, k: int) -> list[int]:
    return [int(i) for i in np.argsort(-(vectors @ query), kind="stable")[:k]]


def _maps(path: Path) -> bool:
    """Whether this process has `path` memory-mapped."""
    return any(line.rstrip().endswith(str(path)) for line in Path("/proc/self/maps").read_text().splitlines())


def test_saved_approximate_index_finds_the_exact_top_passages(sample_vectors, tmp_path, monkeypatch):
    vectors, questions = sample_vectors
    monkeypatch.setattr(dense_module, "APPROXIMATE_THRESHOLD", 20)  # the samples are 93 passages: 2 lists
    DenseIndex.build(vectors).save(tmp_path)
    loaded = DenseIndex.load(tmp_path)
    assert loaded.is_approximate and isinstance(loaded._faiss, faiss.IndexIVFScalarQuantizer)
    for query in questions:
        found = loaded.top(query, 10)
        assert [p for p, _ in found] == _exact(vectors, query, 10)
        assert all(abs(score - float(vectors[p] @ query)) < 2e-3 for p, score in found)  # float16 rounding
    within = np.arange(0, len(vectors), 3)
    assert [p for p, _ in loaded.top_among(questions[0], within, 5)] == [int(within[i]) for i in _exact(vectors[within], questions[0], 5)]


def test_small_index_is_exact_and_stores_float16(sample_vectors, tmp_path):
    vectors, questions = sample_vectors
    DenseIndex.build(vectors).save(tmp_path)
    assert np.load(tmp_path / "vectors.npy").dtype == np.float16
    assert not (tmp_path / "vectors.hnsw").exists()
    loaded = DenseIndex.load(tmp_path)
    assert not loaded.is_approximate
    assert [p for p, _ in loaded.top(questions[1], 10)] == _exact(vectors, questions[1], 10)
    rows = loaded.vectors[[0, 5, 7]]
    assert rows.dtype == np.float32 and np.abs(rows - vectors[[0, 5, 7]]).max() < 2.5e-4
    assert loaded.vectors[3].shape == (vectors.shape[1],) and len(loaded.vectors) == len(vectors)


def _chunks(path: Path, words: int = 60) -> list[str]:
    """A notes file cut into passage-sized runs of lines."""
    out, current = [], []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        current += line.split()
        if len(current) >= words:
            out.append(" ".join(current))
            current = []
    return out


def test_approximate_recall_on_thousands_of_real_passages(tmp_path, monkeypatch):
    texts = [chunk for path in sorted(TSC_NOTES.glob("*.md")) for chunk in _chunks(path)]
    assert len(texts) >= 3000
    embedder = default_embedder()
    vectors = np.asarray(embedder.embed(texts, max_windows=1), np.float32)
    questions = np.asarray(embedder.embed(_questions() + TSC_QUESTIONS), np.float32)
    monkeypatch.setattr(dense_module, "APPROXIMATE_THRESHOLD", 1000)
    DenseIndex.build(vectors).save(tmp_path)
    loaded = DenseIndex.load(tmp_path)
    assert loaded.is_approximate
    recall = np.mean([len({p for p, _ in loaded.top(q, 10)} & set(_exact(vectors, q, 10))) / 10 for q in questions])
    assert recall >= 0.95


def test_loading_maps_the_vector_and_list_files(sample_vectors, tmp_path, monkeypatch):
    vectors, _ = sample_vectors
    monkeypatch.setattr(dense_module, "APPROXIMATE_THRESHOLD", 20)
    DenseIndex.build(vectors).save(tmp_path)
    loaded = DenseIndex.load(tmp_path)
    assert isinstance(loaded.vectors, CompactVectors) and isinstance(loaded.vectors.stored, np.memmap)
    assert _maps((tmp_path / "vectors.npy").resolve()) and _maps((tmp_path / "vectors.ivf").resolve())


def test_approximate_index_extended_after_loading_finds_the_added_vectors(sample_vectors, tmp_path, monkeypatch):
    vectors, _ = sample_vectors
    monkeypatch.setattr(dense_module, "APPROXIMATE_THRESHOLD", 20)
    half = len(vectors) // 2
    DenseIndex.build(vectors[:half]).save(tmp_path)
    grown = DenseIndex.load(tmp_path).extended(vectors)
    assert len(grown.vectors) == len(vectors) and grown._faiss.ntotal == len(vectors)
    for position in (half, len(vectors) - 1):
        assert grown.top(vectors[position], 1)[0][0] == position


def test_version_written_before_compact_vectors_still_loads(sample_vectors, tmp_path):
    """Float32 vectors and a flat HNSW graph, as versions before issue 21 were saved."""
    vectors, questions = sample_vectors
    np.save(tmp_path / "vectors.npy", vectors)
    graph = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    graph.add(vectors)
    faiss.write_index(graph, str(tmp_path / "vectors.hnsw"))
    loaded = DenseIndex.load(tmp_path)
    assert [p for p, _ in loaded.top(questions[2], 10)] == _exact(vectors, questions[2], 10)
    assert np.array_equal(loaded.vectors[[1, 2]], vectors[[1, 2]])


def test_a_large_filter_is_scanned_whole(sample_vectors, tmp_path, monkeypatch):
    """Above SCORED_DIRECTLY rows a filter is searched by faiss: its rows, none outside, ranked as exact search does."""
    vectors, questions = sample_vectors
    monkeypatch.setattr(dense_module, "APPROXIMATE_THRESHOLD", 20)
    monkeypatch.setattr(dense_module, "SCORED_DIRECTLY", 10)
    monkeypatch.setattr(dense_module, "RERANK_DEPTH", 10)  # fewer than the filter's 46 rows: faiss's order counts
    DenseIndex.build(vectors).save(tmp_path)
    loaded = DenseIndex.load(tmp_path)
    within = np.arange(1, len(vectors), 2)
    for query in questions[:10]:
        found = [p for p, _ in loaded.top_among(query, within, 5)]
        assert found == [int(within[i]) for i in _exact(vectors[within], query, 5)]
