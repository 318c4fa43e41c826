"""The ONNX embedder gives sentence-transformers' vectors, without importing torch at query time."""

import subprocess
import sys

import numpy as np

from index.embeddings import SentenceTransformerEmbedder, default_embedder, model_path
from tests.conftest import SAMPLES


def test_onnx_vectors_equal_sentence_transformers():
    long_text = (SAMPLES / "000_af1fb986c0683f01.txt").read_text()[:6000]  # past the 256-token limit
    texts = ["Who owns the digital forensics action?", "RJ", long_text, "£130k PRG bid. " * 5]
    ours = default_embedder().embed(texts)
    reference = SentenceTransformerEmbedder(model_path()).embed(texts)
    assert ours.shape == (4, 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert np.abs(ours - reference).max() < 1e-4


def test_embedding_at_query_time_does_not_import_torch():
    default_embedder()  # the export (which needs torch) has happened in this session's cache
    code = ("import sys; from index.embeddings import embed; embed(['hello']); "
            "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
