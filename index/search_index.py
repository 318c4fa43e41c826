"""The search index on disk: passages, actions, BM25 and vectors, in versions swapped atomically.

Each build writes a new folder `MINUTES_HOME/index/v<N>/`, then replaces the `CURRENT`
pointer file with os.replace, so a reader opens either the old version or the new one,
never half of one. Embeddings are cached by text hash: a rebuild embeds only new text.
A version also snapshots the action records with their own vectors, so "who owns the X
action" is matched against the actions of the same version the passages come from.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from index.bm25 import BM25Index
from index.config import minutes_home
from index.dense import DenseIndex
from index.passages import Passage, build_passages
from index.store import Store
from index.views import ActionView

_KEEP_VERSIONS = 2
# Bumped when the files of a version change shape; an older live version is rebuilt, not misread.
INDEX_FORMAT = 2
_PASSAGE_FIELDS = [f.name for f in fields(Passage)]


@dataclass
class SearchIndex:
    """One loaded version: passages with their BM25 and vector indexes, and the actions."""

    version: int
    passages: list[Passage]
    bm25: BM25Index
    dense: DenseIndex
    actions: list[ActionView]
    action_vectors: np.ndarray  # (actions, dim), unit length, row i is actions[i]


def action_text(action: ActionView) -> str:
    """What an action is matched on by topic: its item's title and its own words."""
    return f"{action.item_title or ''}\n{action.description}".strip()


def index_root() -> Path:
    root = minutes_home() / "index"
    root.mkdir(parents=True, exist_ok=True)
    return root


def current_version(root: Path | None = None) -> int | None:
    """The live version number, or None before the first build."""
    pointer = (root or index_root()) / "CURRENT"
    try:
        return int(pointer.read_text().strip())
    except FileNotFoundError:
        return None


def build_index(store: Store, root: Path | None = None, embedder=None) -> SearchIndex:
    """Build a new version from the store and make it the live one."""
    from index.embeddings import default_embedder

    embedder = embedder or default_embedder()
    root = root or index_root()
    root.mkdir(parents=True, exist_ok=True)
    passages = build_passages(store.indexable_items())
    actions = store.actions(status="all")
    texts = [p.index_text for p in passages] + [action_text(a) for a in actions]
    keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
    cache = _load_cache(root)
    missing = sorted({k: t for k, t in zip(keys, texts) if k not in cache}.items())
    if missing:
        for (key, _), vector in zip(missing, embedder.embed([t for _, t in missing])):
            cache[key] = vector
    dimension = embedder.dimension
    all_vectors = np.stack([cache[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, dimension), np.float32)
    vectors, action_vectors = all_vectors[: len(passages)], all_vectors[len(passages):]

    _save_cache(root, {k: cache[k] for k in keys})
    return write_version(root, passages, vectors, actions, action_vectors)


def write_version(
    root: Path, passages: list[Passage], vectors: np.ndarray, actions: list[ActionView], action_vectors: np.ndarray,
) -> SearchIndex:
    """Write the next version folder beside the live one, then point CURRENT at it atomically."""
    version = (current_version(root) or 0) + 1
    folder = root / f"v{version}.building"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    bm25 = BM25Index.build([p.index_text for p in passages])
    bm25.save(folder / "bm25")
    dense = DenseIndex.build(vectors)
    dense.save(folder)
    np.save(folder / "action_vectors.npy", action_vectors)
    # Column-wise: parses faster than a list of objects and builds Passages positionally.
    columns = {name: [getattr(p, name) for p in passages] for name in _PASSAGE_FIELDS}
    (folder / "passages.json").write_text(json.dumps(columns))
    (folder / "actions.json").write_text(json.dumps([asdict(a) for a in actions]))
    (folder / "FORMAT").write_text(str(INDEX_FORMAT))
    final = root / f"v{version}"
    shutil.rmtree(final, ignore_errors=True)
    folder.rename(final)
    pointer = root / f"CURRENT.{os.getpid()}.tmp"
    pointer.write_text(str(version))
    os.replace(pointer, root / "CURRENT")
    _prune(root, version)
    return SearchIndex(version, passages, bm25, dense, actions, action_vectors)


def load_index(root: Path | None = None) -> SearchIndex | None:
    """The live version, or None when nothing has been indexed yet (or only in an older format)."""
    root = root or index_root()
    version = current_version(root)
    if version is None:
        return None
    folder = root / f"v{version}"
    stamp = folder / "FORMAT"
    if not stamp.exists() or stamp.read_text().strip() != str(INDEX_FORMAT):
        return None
    columns = json.loads((folder / "passages.json").read_text())
    passages = list(map(Passage, *(columns[name] for name in _PASSAGE_FIELDS)))
    actions = [ActionView.from_dict(row) for row in json.loads((folder / "actions.json").read_text())]
    return SearchIndex(
        version, passages, BM25Index.load(folder / "bm25", len(passages)), DenseIndex.load(folder),
        actions, np.load(folder / "action_vectors.npy", mmap_mode="r"),
    )


def _load_cache(root: Path) -> dict[str, np.ndarray]:
    path = root / "embeddings.npz"
    if not path.exists():
        return {}
    with np.load(path) as data:
        return {key: data[key] for key in data.files}


def _save_cache(root: Path, cache: dict[str, np.ndarray]) -> None:
    tmp = root / f"embeddings.{os.getpid()}.tmp.npz"
    np.savez(tmp, **cache)
    os.replace(tmp, root / "embeddings.npz")


def _prune(root: Path, live: int) -> None:
    for folder in root.glob("v*"):
        number = folder.name[1:].split(".")[0]
        if number.isdigit() and int(number) <= live - _KEEP_VERSIONS:
            shutil.rmtree(folder, ignore_errors=True)
