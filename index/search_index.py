"""The search index on disk: passages, actions, BM25 and vectors, in versions swapped atomically.

A version is an ordered list of immutable segments (index/segments.py: passages, BM25
postings, vectors) plus tombstones (passages of documents changed or removed since their
segment was written) and a snapshot of the actions. Each build writes
`MINUTES_HOME/index/v<N>/` (manifest, tombstones, actions, sources) beside the live one,
then replaces the `CURRENT` pointer file with os.replace, so a reader opens either the old
version or the new one, never half of one. A build is incremental: unchanged documents'
segments are shared with the previous version, the new or changed documents' passages go
into one new segment, and only text no version has embedded is embedded — an upload costs
what its file costs, not what the corpus does. Too many segments or tombstones are merged
(`merge_plan`); `full` rebuilds one segment from everything. With a shared database the
version is also recorded there, so every process sharing the index folder and database
loads the newest one. A version also snapshots the action records with their own vectors,
so "who owns the X action" is matched against the actions of the same version.
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

from index.bm25 import BM25Index
from index.config import minutes_home
from index.embeddings import embed_texts
from index.live_view import LiveDense, LivePassages, LivePositions
from index.passages import Passage, build_passages
from index.segments import Segment, merge_plan, merge_segments, open_segment, segments_folder, write_segment
from index.store import Store
from index.views import ActionView

_KEEP_VERSIONS = 3  # the live one, the one before (readers may still hold it), and one spare
_EMBED_BATCH = 256
Progress = Callable[[str, int, int], None]  # (stage, done, total)
# Bumped when the files of a version change shape; an older live version is rebuilt, not misread.
# 5: passages in mapped column files (passage_table), sized to the 128-piece embedding window.
# 6: segments with raw BM25 postings, tombstones and a manifest per version.
INDEX_FORMAT = 6


@dataclass
class SearchIndex:
    """One loaded version: its live passages with their BM25 and vector indexes, and the actions.

    Positions 0..n-1 are the live passages of its segments, in order (index/live_view.py).
    """

    version: int
    passages: Sequence[Passage]  # a LivePassages over the segments' mapped tables
    bm25: BM25Index
    dense: LiveDense
    actions: list[ActionView]
    action_vectors: np.ndarray  # (actions, dim), unit length, row i is actions[i]
    sources: dict[str, str] = field(default_factory=dict)  # {source: content hash} of the documents in it
    embedded: int = 0  # texts embedded by the build that made it (0 when loaded)
    embedder: str = ""  # how its vectors were made (`embedder_signature`); "" when not recorded
    segments: list[Segment] = field(default_factory=list)
    tombstones: list[np.ndarray] = field(default_factory=list)  # per segment: its local rows no longer live


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

    Incremental by default: segments of the live version are kept, the passages of documents
    changed or removed since are tombstoned, and new or changed documents are split into
    passages written as one new segment; only text no version has embedded is embedded.
    `full` rebuilds one segment and re-embeds everything. On any failure the live version
    stays live and the error propagates.
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
        changed = set(documents)
        segments: list[Segment] = []
        dead: list[np.ndarray] = []  # per segment: rows tombstoned in the new version
        replaced: list[np.ndarray] = []  # per segment: rows tombstoned by this build
        if previous is not None:
            changed = {s for s, h in documents.items() if previous.sources.get(s) != h}
            gone = changed | (set(previous.sources) - set(documents))
            segments = list(previous.segments)
            replaced = [_rows_of(segment, gone) for segment in segments]
            dead = [np.union1d(old, rows).astype(np.int64) for old, rows in zip(previous.tombstones, replaced)]
        fresh = build_passages(store.indexable_items(changed))
        actions = store.actions(status="all")
        # Vectors: found by text hash among what the previous version embedded for the documents
        # replaced now (an edited file keeps most of its items) and for its actions, or embedded.
        texts = [p.index_text for p in fresh] + [action_text(a) for a in actions]
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        known = _vectors_by_hash(previous, replaced) if previous is not None else {}
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
        vectors = np.stack([known[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, dimension), np.float32)
        if progress:
            progress("indexing", 0, 1)
        built = _write_version(root, segments, dead, fresh, vectors[: len(fresh)], actions, vectors[len(fresh):],
                               documents, signature)
        store.record_index_version(built.version, len(built.passages), len(documents))
        built.embedded = len(missing)
        return built


def _rows_of(segment: Segment, sources: set[str]) -> np.ndarray:
    """Local rows of a segment's passages from `sources`."""
    return segment.passages.rows_of("source", sources)


def _vectors_by_hash(previous: SearchIndex, replaced: list[np.ndarray]) -> dict[str, np.ndarray]:
    """Text hash -> vector of the previous version's passages at `replaced` (per segment) and of its actions."""
    found = {}
    for segment, rows in zip(previous.segments, replaced):
        for row in rows.tolist():
            found[segment.passages[row].text_hash] = np.asarray(segment.dense.vectors[row], dtype=np.float32)
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
    sources: dict[str, str] | None = None, embedder: str = "",
) -> SearchIndex:
    """Write `passages` (row i of `vectors` is passage i) as a new version of one segment and make it live.

    `sources` ({source: content hash}) is what the next incremental build compares against.
    """
    root.mkdir(parents=True, exist_ok=True)
    with _build_lock(root):
        return _write_version(root, [], [], passages, vectors, actions, action_vectors, sources or {}, embedder)


def _write_version(
    root: Path, segments: list[Segment], dead: list[np.ndarray], fresh: list[Passage], vectors: np.ndarray,
    actions: list[ActionView], action_vectors: np.ndarray, sources: dict[str, str], embedder: str,
) -> SearchIndex:
    """Write the next version: `segments` with their tombstones, one new segment of `fresh`
    when there is any (or when there is nothing else), merged by `merge_plan`; then swap it in."""
    segments, dead = list(segments), list(dead)
    if fresh or not segments:
        segments.append(write_segment(root, fresh, vectors))
        dead.append(np.zeros(0, np.int64))
    while (plan := merge_plan([s.size for s in segments], [len(d) for d in dead])) is not None:
        start, end = plan
        merged = merge_segments(root, list(zip(segments[start:end], dead[start:end])))
        segments[start:end], dead[start:end] = [merged], [np.zeros(0, np.int64)]
    numbers = [int(f.name[1:].split(".")[0]) for f in root.glob("v*") if f.name[1:].split(".")[0].isdigit()]
    version = max([current_version(root) or 0, *numbers]) + 1
    folder = root / f"v{version}.building"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        manifest = {"segments": [s.name for s in segments],
                    "tombstones": {s.name: d.tolist() for s, d in zip(segments, dead) if len(d)}}
        (folder / "manifest.json").write_text(json.dumps(manifest))
        np.save(folder / "action_vectors.npy", np.asarray(action_vectors, dtype=np.float32))
        (folder / "actions.json").write_text(json.dumps([asdict(a) for a in actions]))
        (folder / "sources.json").write_text(json.dumps(sources))
        (folder / "EMBEDDER").write_text(embedder)
        (folder / "FORMAT").write_text(str(INDEX_FORMAT))
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
    return _open_version(root, version, {s.name: s for s in segments})  # segments already opened stay so


def load_index(root: Path | None = None) -> SearchIndex | None:
    """The live version, or None when nothing has been indexed yet (or only in an older format)."""
    root = root or index_root()
    version = current_version(root)
    if version is None:
        return None
    stamp = root / f"v{version}" / "FORMAT"
    if not stamp.exists() or stamp.read_text().strip() != str(INDEX_FORMAT):
        return None
    return _open_version(root, version)


def _open_version(root: Path, version: int, opened: dict[str, Segment] | None = None) -> SearchIndex:
    folder = root / f"v{version}"
    manifest = json.loads((folder / "manifest.json").read_text())
    segments = [(opened or {}).get(name) or open_segment(root, name) for name in manifest["segments"]]
    dead = [np.asarray(manifest["tombstones"].get(s.name, []), dtype=np.int64) for s in segments]
    live = LivePositions([s.size for s in segments], dead)
    # Mapped: text is read only for the passages an answer cites, postings only for a query's terms.
    passages = LivePassages([s.passages for s in segments], live)
    bm25 = BM25Index([(s.bm25, live.local_to_live[i]) for i, s in enumerate(segments)])
    # Every part opened (mapped) now, ~7 ms at 1M: a later build may delete a segment this
    # process has not searched yet, and a mapped file stays readable once deleted.
    dense = LiveDense([s.dense for s in segments], live)
    actions = [ActionView.from_dict(row) for row in json.loads((folder / "actions.json").read_text())]
    return SearchIndex(
        version, passages, bm25, dense, actions, np.load(folder / "action_vectors.npy", mmap_mode="r"),
        json.loads((folder / "sources.json").read_text()),
        embedder=(folder / "EMBEDDER").read_text() if (folder / "EMBEDDER").exists() else "",
        segments=segments, tombstones=dead,
    )


def _prune(root: Path, live: int) -> None:
    """Drop versions older than the kept ones, then segments no kept version names."""
    for folder in root.glob("v*"):
        number = folder.name[1:].split(".")[0]
        if number.isdigit() and int(number) <= live - _KEEP_VERSIONS:
            shutil.rmtree(folder, ignore_errors=True)
    named: set[str] = set()
    for manifest in root.glob("v*/manifest.json"):
        try:
            named.update(json.loads(manifest.read_text())["segments"])
        except (OSError, ValueError, KeyError):
            return  # a manifest unreadable now: keep every segment rather than guess
    for folder in segments_folder(root).glob("s*"):
        if folder.name not in named:  # also a crashed build's `.building` folder: builds hold the lock
            shutil.rmtree(folder, ignore_errors=True)
