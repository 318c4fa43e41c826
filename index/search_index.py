"""The search index on disk: passages, BM25 and vectors, in versions swapped atomically.

Each build writes a new folder `MINUTES_HOME/index/v<N>/`, then replaces the `CURRENT`
pointer file with os.replace, so a reader opens either the old version or the new one,
never half of one. Embeddings are cached by text hash: a rebuild embeds only new text.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from index.bm25 import BM25Index
from index.config import minutes_home
from index.passages import Passage, build_passages
from index.store import Store

_KEEP_VERSIONS = 2


@dataclass
class SearchIndex:
    """One loaded version: passages and their BM25 and vector indexes."""

    version: int
    passages: list[Passage]
    bm25: BM25Index
    vectors: np.ndarray  # (n, dim), unit length, row i is passages[i]


def index_root() -> Path:
    root = minutes_home() / "index"
    root.mkdir(parents=True, exist_ok=True)
    return root


def current_version(root: Path | None = None) -> int | None:
    """The live version number, or None before the first build."""
    pointer = (root or index_root()) / "CURRENT"
    return int(pointer.read_text().strip()) if pointer.exists() else None


def build_index(store: Store, root: Path | None = None, embed=None) -> SearchIndex:
    """Build a new version from the store and make it the live one."""
    from index.embeddings import embed as default_embed

    embed = embed or default_embed
    root = root or index_root()
    passages = build_passages(store.indexable_items())
    cache = _load_cache(root)
    missing = [p for p in passages if p.text_hash not in cache]
    if missing:
        for passage, vector in zip(missing, embed([p.index_text for p in missing])):
            cache[passage.text_hash] = vector
    vectors = np.stack([cache[p.text_hash] for p in passages]) if passages else np.zeros((0, 384), np.float32)
    version = (current_version(root) or 0) + 1
    folder = root / f"v{version}.building"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    bm25 = BM25Index.build([p.index_text for p in passages])
    bm25.save(folder / "bm25")
    np.save(folder / "vectors.npy", vectors)
    (folder / "passages.json").write_text(json.dumps([asdict(p) for p in passages]))
    _save_cache(root, {p.text_hash: cache[p.text_hash] for p in passages})
    final = root / f"v{version}"
    shutil.rmtree(final, ignore_errors=True)
    folder.rename(final)
    pointer = root / "CURRENT.tmp"
    pointer.write_text(str(version))
    os.replace(pointer, root / "CURRENT")
    _prune(root, version)
    return SearchIndex(version, passages, bm25, vectors)


def load_index(root: Path | None = None) -> SearchIndex | None:
    """The live version, or None when nothing has been indexed yet."""
    root = root or index_root()
    version = current_version(root)
    if version is None:
        return None
    folder = root / f"v{version}"
    passages = [Passage(**row) for row in json.loads((folder / "passages.json").read_text())]
    return SearchIndex(version, passages, BM25Index.load(folder / "bm25", len(passages)), np.load(folder / "vectors.npy"))


def _load_cache(root: Path) -> dict[str, np.ndarray]:
    path = root / "embeddings.npz"
    if not path.exists():
        return {}
    with np.load(path) as data:
        return {key: data[key] for key in data.files}


def _save_cache(root: Path, cache: dict[str, np.ndarray]) -> None:
    tmp = root / "embeddings.tmp.npz"
    np.savez(tmp, **cache)
    os.replace(tmp, root / "embeddings.npz")


def _prune(root: Path, live: int) -> None:
    for folder in root.glob("v*"):
        number = folder.name[1:].split(".")[0]
        if number.isdigit() and int(number) <= live - _KEEP_VERSIONS:
            shutil.rmtree(folder, ignore_errors=True)
