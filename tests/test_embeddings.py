"""The ONNX embedder gives sentence-transformers' vectors (fp32 exactly, int8 closely), without
importing torch at query time."""

import subprocess
import sys

import numpy as np

from index.embeddings import OnnxEmbedder, SentenceTransformerEmbedder, default_embedder, model_path
from index.onnx_export import ONNX_FILE, exported_model_dir
from tests.conftest import SAMPLES

LONG_TEXT = (SAMPLES / "000_af1fb986c0683f01.txt").read_text()[:6000]  # past the 256-token limit
TEXTS = ["Who owns the digital forensics action?", "RJ", LONG_TEXT, "£130k PRG bid. " * 5,
         (SAMPLES / "003_f866e752f7698948.txt").read_text()[2000:3200]]


def test_onnx_vectors_equal_sentence_transformers():
    default_embedder()  # exports the model once
    fp32 = OnnxEmbedder(model_path(), exported_model_dir(model_path()) / ONNX_FILE)
    ours = fp32.embed(TEXTS, batch_size=2)  # batches of different lengths: padding must not leak
    reference = SentenceTransformerEmbedder(model_path()).embed(TEXTS)
    assert ours.shape == (5, 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert np.abs(ours - reference).max() < 1e-4


def test_default_int8_vectors_stay_close_and_rank_like_sentence_transformers():
    ours = default_embedder().embed(TEXTS)
    reference = SentenceTransformerEmbedder(model_path()).embed(TEXTS)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert (ours * reference).sum(axis=1).min() > 0.97
    # The question's nearest text is the same either way.
    assert np.argmax(ours[1:] @ ours[0]) == np.argmax(reference[1:] @ reference[0])


def test_embedding_at_query_time_does_not_import_torch():
    default_embedder()  # the export (which needs torch) has happened in this session's cache
    code = ("import sys; from index.embeddings import embed; embed(['hello']); "
            "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
