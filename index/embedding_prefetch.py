"""Embedding each stored document's passages while the next file is read and stored.

An ingest of many files used to parse and store them all, then embed every passage: one
core read files while the other idled, then both embedded. `EmbeddingPrefetch` is told
each document as soon as it is stored, splits it into passages as the index will, and
embeds them on a background thread (onnxruntime releases the GIL), so reading and
embedding overlap. Passed to `build_index` as its embedder, it hands over the vectors
already made, by text, and embeds only what it was not told about (action records, or
anything of a document stored again since).
"""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from index.embeddings import embed_texts
from index.passages import build_passages
from index.store import Store


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingPrefetch:
    """An embedder that has, ahead of time, embedded the passages of the documents it was told of."""

    def __init__(self, store: Store, embedder=None) -> None:
        self._store = store
        self._given = embedder  # else the default model, loaded when there is something to embed
        self._vectors: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._pending: list[Future] = []
        self._queued: list[tuple[str, bool]] = []  # (text, a meeting header) of stored passages not yet embedded
        # One background thread: it feeds the embedder, which runs its windows on every core.
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="prefetch")
        self.prefetched = 0  # texts embedded ahead of the build

    @property
    def _embedder(self):
        if self._given is None:
            from index.embeddings import default_embedder

            self._given = default_embedder()
        return self._given

    @property
    def dimension(self) -> int:
        return self._embedder.dimension

    @property
    def signature(self) -> str:
        return getattr(self._embedder, "signature", type(self._embedder).__name__)

    def stored(self, source: str) -> None:
        """`source` was just stored: embed its passages in the background."""
        passages = build_passages(self._store.indexable_items({source}))
        if passages:
            with self._lock:
                self._queued.extend((p.index_text, p.is_header) for p in passages)
            # The model is loaded here, on the caller's thread, not raced for by the worker.
            self._pending.append(self._worker.submit(self._embed_queued, self._embedder))

    def _embed_queued(self, embedder) -> None:
        # Everything queued so far in one call: when reading runs ahead, the backlog is
        # embedded together, sorted by length, rather than a document at a time.
        with self._lock:
            queued = [(t, header) for t, header in dict.fromkeys(self._queued) if _key(t) not in self._vectors]
            self._queued = []
        if not queued:
            return
        texts = [t for t, _ in queued]
        vectors = embed_texts(embedder, texts, [header for _, header in queued])
        with self._lock:
            self._vectors.update(zip(map(_key, texts), vectors))
            self.prefetched += len(texts)

    def wait(self) -> None:
        """Until everything submitted is embedded; a failure there surfaces here."""
        pending, self._pending = self._pending, []
        for future in pending:
            future.result()

    def embed(self, texts: list[str]) -> np.ndarray:
        """Vectors of `texts`: those embedded ahead, the rest embedded now."""
        return self._vectors_of(texts, opening=False)

    def embed_openings(self, texts: list[str]) -> np.ndarray:
        """Vectors of meeting headers by their first window: those embedded ahead, the rest now."""
        return self._vectors_of(texts, opening=True)

    def _vectors_of(self, texts: list[str], opening: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self.wait()
        keys = [_key(t) for t in texts]
        with self._lock:
            missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in self._vectors))
        if missing:
            vectors = embed_texts(self._embedder, missing, [opening] * len(missing))
            with self._lock:
                self._vectors.update(zip(map(_key, missing), vectors))
        with self._lock:
            return np.stack([self._vectors[k] for k in keys]).astype(np.float32)

    def close(self) -> None:
        """Stop the background thread (what it was embedding is dropped)."""
        for future in self._pending:
            future.cancel()
        self._pending = []
        self._worker.shutdown(wait=True)

    def __enter__(self) -> "EmbeddingPrefetch":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
