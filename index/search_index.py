"""The search index on disk: passages, actions, BM25 and vectors, in versions swapped atomically.

Each build writes a new folder `MINUTES_HOME/index/v<N>/`, then replaces the `CURRENT`
pointer file with os.replace, so a reader opens either the old version or the new one,
never half of one. A build is incremental: unchanged documents' passages and every vector
already embedded (looked up by text hash in the live version) are reused, so a re-index
embeds only new text. With a shared database the version is also recorded there, so
every process sharing the index folder and database loads the newest one.
A version also snapshots the action records with their own vectors, so "who owns the X
action" is matched against the actions of the same version the passages come from.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from index.bm25 import BM25Index, CorpusTokens
from index.config import minutes_home
from index.dense import DenseIndex
from index.embeddings import embed_texts
from index.passage_table import open_table, write_table
from index.passages import Passage, build_passages
from index.store import Store
from index.views import ActionView

_KEEP_VERSIONS = 3  # the live one, the one before (readers may still hold it), and one spare
_EMBED_BATCH = 256
Progress = Callable[[str, int, int], None]  # (stage, done, total)
# Bumped when the files of a version change shape; an older live version is rebuilt, not misread.
# 5: passages in mapped column files (passage_table), sized to the 128-piece embedding window.
INDEX_FORMAT = 5


@dataclass
class SearchIndex:
    """One loaded version: passages with their BM25 and vector indexes, and the actions."""

    version: int
    passages: Sequence[Passage]  # a list when built, a mapped PassageTable when loaded
    bm25: BM25Index
    dense: DenseIndex
    actions: list[ActionView]
    action_vectors: np.ndarray  # (actions, dim), unit length, row i is actions[i]
    sources: dict[str, str] = field(default_factory=dict)  # {source: content hash} of the documents in it
    embedded: int = 0  # texts embedded by the build that made it (0 when loaded)
    tokens: "CorpusTokens | _LazyTokens | None" = None  # its passages tokenized, for the next incremental build
    embedder: str = ""  # how its vectors were made (`embedder_signature`); "" when not recorded



class _LazyTokens:
    """A version's tokenized corpus, read only when a build needs it (answering never does)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._tokens: CorpusTokens | None = None

    def __getattr__(self, name: str):
        if self._tokens is None:
            self._tokens = CorpusTokens.load(self.folder)
        return getattr(self._tokens, name)


def action_text(action: ActionView) -> str:
    """What an action is matched on by topic: its item's title and its own words."""
    return f"{action.item_title or ''}\n{action.description}".strip()


def embedder_signature(embedder) -> str:
    """What makes an index's vectors what they are (model, weights, windows, headers by their
    opening): vectors are taken over from an earlier version only when it says the same."""
    return f"{getattr(embedder, 'signature', type(embedder).__name__)}|headers: opening window"


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


def build_index(
    store: Store, root: Path | None = None, embedder=None, full: bool = False, progress: Progress | None = None,
) -> SearchIndex:
    """Build a new version from the store and make it the live one.

    Incremental by default: passages of documents unchanged since the live version are
    taken over with their vectors; only new or changed documents are split into passages,
    and only text no version has embedded is embedded. `full` rebuilds and re-embeds
    everything. On any failure the live version stays live and the error propagates.
    """
    from index.embeddings import default_embedder

    embedder = embedder or default_embedder()
    root = root or index_root()
    root.mkdir(parents=True, exist_ok=True)
    with _build_lock(root):
        documents = store.document_hashes()
        signature = embedder_signature(embedder)
        previous = None if full else load_index(root)
        if previous is not None and previous.embedder != signature:
            previous = None  # made another way (an older model or window): embedded again, all of it
        reuse: list[int] = []  # positions in the previous version of the passages taken over
        changed = set(documents)
        if previous is not None:
            unchanged = {s for s, h in documents.items() if previous.sources.get(s) == h}
            reuse = [i for i, p in enumerate(previous.passages) if p.source in unchanged]
            changed -= unchanged
        fresh = build_passages(store.indexable_items(changed))
        passages = [previous.passages[i] for i in reuse] + fresh if previous is not None else fresh
        actions = store.actions(status="all")
        # Tokenised before embedding: an embedder still busy on a background thread (an
        # ingest's EmbeddingPrefetch) finishes meanwhile.
        tokens = CorpusTokens.encode(
            [p.index_text for p in passages], reuse=previous.tokens if previous is not None else None,
            positions=[*reuse, *([None] * len(fresh))] if previous is not None else None,
        )
        # Vectors: taken over by position, or found by text hash in the previous version, or embedded.
        texts = [p.index_text for p in fresh] + [action_text(a) for a in actions]
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        known = _vectors_by_hash(previous, skip=set(reuse))
        headers = {key for key, p in zip(keys, fresh) if p.is_header}
        # By length, so each call's batches hold texts of similar length (little padding).
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in known}.items(), key=lambda kt: (len(kt[1]), kt[0]))
        for start in range(0, len(missing), _EMBED_BATCH):
            batch = missing[start:start + _EMBED_BATCH]
            embedded = embed_texts(embedder, [t for _, t in batch], [k in headers for k, _ in batch])
            known.update((k, v) for (k, _), v in zip(batch, embedded))
            if progress:
                progress("embedding", min(start + _EMBED_BATCH, len(missing)), len(missing))
        dimension = embedder.dimension
        new_vectors = np.stack([known[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, dimension), np.float32)
        kept_vectors = np.asarray(previous.dense.vectors[reuse], dtype=np.float32) if reuse else np.zeros((0, dimension), np.float32)
        vectors = np.concatenate([kept_vectors, new_vectors[: len(fresh)]])
        action_vectors = new_vectors[len(fresh):]
        if progress:
            progress("indexing", 0, 1)
        # Only documents added (none changed or removed): the previous graph can be extended.
        base = previous.dense if previous is not None and len(reuse) == len(previous.passages) else None
        built = write_version(root, passages, vectors, actions, action_vectors, documents, base, tokens, signature)
        store.record_index_version(built.version, len(passages), len(documents))
        built.embedded = len(missing)
        return built


def _vectors_by_hash(previous: SearchIndex | None, skip: set[int]) -> dict[str, np.ndarray]:
    """Text hash -> vector of what the previous version embedded, other than the passages at `skip`."""
    if previous is None:
        return {}
    found = {p.text_hash: previous.dense.vectors[i] for i, p in enumerate(previous.passages) if i not in skip}
    for action, vector in zip(previous.actions, previous.action_vectors):
        found[hashlib.sha256(action_text(action).encode("utf-8")).hexdigest()] = vector
    return found


@contextmanager
def _build_lock(root: Path):
    """One build at a time per index folder, across processes."""
    with open(root / "build.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_version(
    root: Path, passages: list[Passage], vectors: np.ndarray, actions: list[ActionView], action_vectors: np.ndarray,
    sources: dict[str, str] | None = None, base: DenseIndex | None = None, tokens: CorpusTokens | None = None,
    embedder: str = "",
) -> SearchIndex:
    """Write the next version folder beside the live one, then point CURRENT at it atomically.

    `sources` ({source: content hash}) is what the next incremental build compares against.
    """
    numbers = [int(f.name[1:].split(".")[0]) for f in root.glob("v*") if f.name[1:].split(".")[0].isdigit()]
    version = max([current_version(root) or 0, *numbers]) + 1
    folder = root / f"v{version}.building"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        tokens = tokens or CorpusTokens.encode([p.index_text for p in passages])
        built = _write_files(folder, version, passages, vectors, actions, action_vectors, sources or {}, base, tokens,
                             embedder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # the live version is untouched
        raise
    final = root / f"v{version}"
    shutil.rmtree(final, ignore_errors=True)
    folder.rename(final)
    pointer = root / f"CURRENT.{os.getpid()}.tmp"
    pointer.write_text(str(version))
    os.replace(pointer, root / "CURRENT")
    _prune(root, version)
    return built


def _write_files(folder: Path, version: int, passages, vectors, actions, action_vectors, sources, base, tokens,
                 embedder: str) -> SearchIndex:
    bm25 = BM25Index.from_tokens(tokens)
    bm25.save(folder / "bm25")
    tokens.save(folder / "tokens")
    dense = base.extended(vectors) if base is not None else DenseIndex.build(vectors)
    dense.save(folder)
    np.save(folder / "action_vectors.npy", action_vectors)
    write_table(folder, passages)
    (folder / "actions.json").write_text(json.dumps([asdict(a) for a in actions]))
    (folder / "sources.json").write_text(json.dumps(sources))
    (folder / "EMBEDDER").write_text(embedder)
    (folder / "FORMAT").write_text(str(INDEX_FORMAT))
    return SearchIndex(version, passages, bm25, dense, actions, action_vectors, sources, tokens=tokens, embedder=embedder)


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
    passages = open_table(folder)  # mapped: text is read only for the passages an answer cites
    actions = [ActionView.from_dict(row) for row in json.loads((folder / "actions.json").read_text())]
    return SearchIndex(
        version, passages, BM25Index.load(folder / "bm25", len(passages)), DenseIndex.load(folder),
        actions, np.load(folder / "action_vectors.npy", mmap_mode="r"), json.loads((folder / "sources.json").read_text()),
        tokens=_LazyTokens(folder / "tokens"),
        embedder=(folder / "EMBEDDER").read_text() if (folder / "EMBEDDER").exists() else "",
    )


def _prune(root: Path, live: int) -> None:
    for folder in root.glob("v*"):
        number = folder.name[1:].split(".")[0]
        if number.isdigit() and int(number) <= live - _KEEP_VERSIONS:
            shutil.rmtree(folder, ignore_errors=True)
