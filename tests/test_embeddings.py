"""The ONNX embedder gives sentence-transformers' vectors (fp32 exactly, int8 closely) for texts that fit
the model's 128-piece window, embeds longer ones window by window, and never imports torch at query time."""

import subprocess
import sys

import numpy as np

from index.embeddings import OnnxEmbedder, SentenceTransformerEmbedder, default_embedder, model_path
from index.onnx_export import ONNX_FILE, exported_model_dir
from tests.conftest import SAMPLES

LONG_TEXT = (SAMPLES / "000_af1fb986c0683f01.txt").read_text()[:6000]  # past the 256-token limit
TEXTS = ["Who owns the digital forensics action?", "RJ", LONG_TEXT, "£130k PRG bid. " * 5,
         (SAMPLES / "003_f866e752f7698948.txt").read_text()[2000:3200]]


def _fp32(window=128) -> OnnxEmbedder:
    default_embedder()  # exports the model once
    return OnnxEmbedder(model_path(), exported_model_dir(model_path()) / ONNX_FILE, window=window)


def test_onnx_vectors_equal_sentence_transformers():
    # One sequence cut at the model's limit, as sentence-transformers does: the same vectors.
    ours = _fp32(window=None).embed(TEXTS, batch_size=2)  # batches of different lengths: padding must not leak
    reference = SentenceTransformerEmbedder(model_path()).embed(TEXTS)
    assert ours.shape == (5, 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert np.abs(ours - reference).max() < 1e-4


def test_windows_change_nothing_for_texts_that_fit_one():
    short = [t for t in TEXTS if len(t.split()) < 60]
    assert len(short) == 3
    ours = _fp32().embed(short)
    assert np.abs(ours - SentenceTransformerEmbedder(model_path()).embed(short)).max() < 1e-4


def test_a_long_text_is_embedded_past_its_first_window():
    embedder = _fp32()
    opening = " ".join((SAMPLES / "002_4f17c99a753820d4.txt").read_text().split()[:110])  # > 126 pieces
    assert len(embedder._tokenizer.encode(opening).ids) > embedder.window
    dogs = opening + " The board heard that the force's drug detection dogs found three hidden caches."
    budget = opening + " The board approved the capital budget for the new custody suite in Huntingdon."
    vectors = embedder.embed([dogs, budget])
    assert (vectors[0] @ vectors[1]) < 0.999  # the tails, in the second window, tell them apart
    questions = embedder.embed(["detection dogs finding drugs", "custody suite capital budget"])
    assert questions[0] @ vectors[0] > questions[0] @ vectors[1]
    assert questions[1] @ vectors[1] > questions[1] @ vectors[0]
    # And it stays close to the one-sequence vector of the same text.
    whole = _fp32(window=None).embed([dogs, budget])
    assert ((vectors * whole).sum(axis=1) > 0.9).all()


def test_vectors_do_not_depend_on_batch_or_order():
    embedder = default_embedder()
    together = embedder.embed(TEXTS)
    alone = np.stack([embedder.embed([t])[0] for t in TEXTS])
    reversed_ = embedder.embed(TEXTS[::-1])[::-1]
    assert np.abs(together - alone).max() < 1e-5
    assert np.abs(together - reversed_).max() < 1e-5


def test_default_int8_vectors_stay_close_and_rank_like_sentence_transformers():
    ours = default_embedder().embed(TEXTS)
    reference = SentenceTransformerEmbedder(model_path()).embed(TEXTS)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    short = np.array([len(t.split()) < 60 for t in TEXTS])
    assert (ours * reference).sum(axis=1)[short].min() > 0.97
    assert (ours * reference).sum(axis=1).min() > 0.9  # long texts: windows of 128 pieces, not one cut at 256
    # The question's nearest text is the same either way.
    assert np.argmax(ours[1:] @ ours[0]) == np.argmax(reference[1:] @ reference[0])


def test_embedding_at_query_time_does_not_import_torch():
    default_embedder()  # the export (which needs torch) has happened in this session's cache
    code = ("import sys; from index.embeddings import embed; embed(['hello']); "
            "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_web_addresses_are_not_read_by_the_model():
    embedder = default_embedder()
    linked, plain = embedder.embed([
        "The TSC agreed to move the release to May (https://github.com/nodejs/TSC/issues/402).",
        "The TSC agreed to move the release to May ().",
    ])
    assert np.abs(linked - plain).max() < 1e-6
