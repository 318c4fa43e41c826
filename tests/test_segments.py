"""Index versions as segments: an upload adds one segment, a changed or removed document's
passages are tombstoned, merges and full rebuilds fold segments together, and all of it
answers exactly like one segment built from the same live passages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from index import dense
from index import segments as segment_policy
from index.bm25 import B, K1, tokenize, words
from index.embeddings import default_embedder
from index.ingest_files import ingest_paths
from index.passages import build_passages
from index.reindex import reindex
from index.search_index import INDEX_FORMAT, SearchIndex, build_index, current_version, load_index, write_version
from index.store import Store
from retrieval.engine import AnswerEngine
from retrieval.hybrid import HybridSearcher
from tests.conftest import SAMPLES

QUESTIONS = [
    "Who owns the digital forensics action?", "When will the helicopter hangar open?", "restorative justice extension",
    "What was said about the forecast underspend?", "body worn video", "Who attended the meeting?",
    "police station leases Bretton", "What did the board decide about the alcohol strategy?",
]
EDITED = "002_4f17c99a753820d4.txt"
HANGAR = "5.8 The Board heard that the new helicopter hangar would open in May. The Commissioner asked that his congratulations"


@pytest.fixture
def minutes_dir(tmp_path) -> Path:
    folder = tmp_path / "minutes"
    folder.mkdir()
    return folder


def _upload(store: Store, root: Path, minutes_dir: Path, *names: str) -> SearchIndex:
    for name in names:
        shutil.copy(SAMPLES / name, minutes_dir / name)
    ingest_paths(store, [minutes_dir / name for name in names])
    return build_index(store, root)


def _edit(store: Store, root: Path, minutes_dir: Path) -> SearchIndex:
    path = minutes_dir / EDITED
    path.write_text(path.read_text().replace("5.8 The Commissioner asked that his congratulations", HANGAR))
    ingest_paths(store, [path])
    return build_index(store, root)


def _single_segment_copy(index: SearchIndex, root: Path) -> SearchIndex:
    """The same live passages, vectors and actions written as one segment."""
    return write_version(root, list(index.passages), np.asarray(index.dense.vectors), index.actions,
                         np.asarray(index.action_vectors), index.sources, index.embedder)


def _assert_same_search(index: SearchIndex, reference: SearchIndex, store: Store) -> None:
    embedder = default_embedder()
    assert list(index.passages) == list(reference.passages)
    assert index.bm25.size == reference.bm25.size == len(index.passages)
    ours, theirs = HybridSearcher(index, embedder), HybridSearcher(reference, embedder)
    for question in QUESTIONS:
        np.testing.assert_allclose(index.bm25.scores(question), reference.bm25.scores(question), rtol=1e-5, atol=1e-6)
        terms = tokenize(question)
        assert index.bm25.document_frequencies(terms) == reference.bm25.document_frequencies(terms)
        vector = embedder.embed([question])[0]
        got, expected = index.dense.top(vector, 10), reference.dense.top(vector, 10)
        assert [p for p, _ in got] == [p for p, _ in expected]
        np.testing.assert_allclose([s for _, s in got], [s for _, s in expected], rtol=1e-5)
        within = ours.positions({EDITED, "000_af1fb986c0683f01.txt"})
        assert [p for p, _ in index.dense.top_among(vector, within, 10)] == [
            p for p, _ in reference.dense.top_among(vector, within, 10)]
        for mode in ("hybrid", "bm25", "dense"):
            assert ([r.passage.passage_id for r in ours.search(question, 10, mode)]
                    == [r.passage.passage_id for r in theirs.search(question, 10, mode)])
    engine, single = AnswerEngine(index, store, embedder), AnswerEngine(reference, store, embedder)
    for question in QUESTIONS:
        a, b = engine.ask(question), single.ask(question)
        assert (a.text, [r.passage.passage_id for r in a.passages]) == (b.text, [r.passage.passage_id for r in b.passages])


def test_uploads_add_segments_and_an_edit_tombstones_the_old_passages(tmp_path, minutes_dir, monkeypatch):
    monkeypatch.setattr(segment_policy, "MAX_TOMBSTONES", 0.9)  # a corpus of five files: one edit is a large share
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    root = tmp_path / "index"
    _upload(store, root, minutes_dir, "000_af1fb986c0683f01.txt", EDITED, "004_b54d0e956782b075.txt")
    second = _upload(store, root, minutes_dir, "001_f89bb87ae2ff7807.txt")
    assert [len(t) for t in second.tombstones] == [0, 0] and second.embedded > 0
    old_rows = second.segments[0].passages.rows_of("source", {EDITED})
    edited = _edit(store, root, minutes_dir)
    assert [s.name for s in edited.segments][:2] == [s.name for s in second.segments]  # shared, not rewritten
    assert edited.tombstones[0].tolist() == old_rows.tolist() and len(edited.tombstones[1]) == 0
    assert 0 < edited.embedded <= 3  # the edited item's passage; the rest of the file's vectors are taken over
    last = _upload(store, root, minutes_dir, "003_f866e752f7698948.txt")
    assert len(last.segments) == 4
    # The edited file's live passages are exactly those of its new reading, once each.
    fresh = build_passages(store.indexable_items({EDITED}))
    assert [p for p in last.passages if p.source == EDITED] == fresh
    assert len({p.passage_id for p in last.passages}) == len(last.passages)
    assert any(HANGAR.split(". ")[0][4:] in p.text for p in fresh)

    loaded = load_index(root)
    _assert_same_search(loaded, _single_segment_copy(loaded, tmp_path / "single"), store)
    # BM25 over the live passages is rank-bm25's BM25Okapi over their texts (terms in under half of them).
    corpus = [tokenize(p.index_text) for p in loaded.passages]
    reference = BM25Okapi(corpus, k1=K1, b=B)
    frequency = {t: sum(t in set(doc) for doc in corpus) for doc in corpus for t in doc}
    for question in QUESTIONS:
        kept = " ".join(w for w in words(question) if frequency.get(tokenize(w)[0], 0) * 2 < len(corpus))
        np.testing.assert_allclose(loaded.bm25.scores(kept), reference.get_scores(tokenize(kept)), rtol=1e-4, atol=1e-5)


def test_a_removed_document_is_never_returned(tmp_path, minutes_dir, monkeypatch):
    monkeypatch.setattr(segment_policy, "MAX_TOMBSTONES", 0.9)
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    root = tmp_path / "index"
    _upload(store, root, minutes_dir, "000_af1fb986c0683f01.txt", EDITED, "004_b54d0e956782b075.txt")
    assert store.remove(EDITED)
    index = build_index(store, root)
    assert len(index.segments) == 1 and len(index.tombstones[0]) > 0
    assert EDITED not in {p.source for p in index.passages} and EDITED not in index.sources
    vector = default_embedder().embed(["How was the digital forensics gateway progressing?"])[0]
    every = index.dense.top(vector, len(index.passages) + 5)
    assert sorted(p for p, _ in every) == list(range(len(index.passages)))  # every live passage, no tombstoned one
    assert index.bm25.scores("forensics").shape == (len(index.passages),)


def test_merges_fold_segments_and_drop_tombstones_answering_the_same(tmp_path, minutes_dir, monkeypatch):
    monkeypatch.setattr(segment_policy, "MAX_SEGMENTS", 2)
    monkeypatch.setattr(segment_policy, "MERGE_WIDTH", 2)
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    root = tmp_path / "index"
    _upload(store, root, minutes_dir, "000_af1fb986c0683f01.txt", EDITED)
    _upload(store, root, minutes_dir, "004_b54d0e956782b075.txt")
    merged = _upload(store, root, minutes_dir, "001_f89bb87ae2ff7807.txt")
    assert len(merged.segments) == 2 and merged.embedded > 0
    edited = _edit(store, root, minutes_dir)
    # One of four files edited is over a tenth tombstoned: compacted into one segment without them.
    assert len(edited.segments) == 1 and len(edited.tombstones[0]) == 0
    assert [p for p in edited.passages if p.source == EDITED] == build_passages(store.indexable_items({EDITED}))
    last = _upload(store, root, minutes_dir, "003_f866e752f7698948.txt")
    assert len(last.segments) <= 2
    _assert_same_search(load_index(root), _single_segment_copy(last, tmp_path / "single"), store)


def test_merge_plan_merges_the_smallest_neighbours_and_compacts_tombstones():
    plan = segment_policy.merge_plan
    assert plan([100_000] + [100] * 7, [0] * 8) is None
    assert plan([100_000] + [100] * 8, [0] * 9) == (5, 9)  # the newest four small ones
    assert plan([100_000] + [100] * 9, [0] * 10) == (6, 10)
    assert plan([100_000, 30_000, 5_000, 900, 800, 300, 200, 100, 100], [0] * 9) == (5, 9)
    assert plan([1000, 100], [150, 0]) == (0, 2)  # over a tenth tombstoned: one segment again
    assert plan([1000], [50]) is None


def test_full_reindex_is_one_segment_and_pruning_keeps_what_kept_versions_name(tmp_path, minutes_dir):
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    root = tmp_path / "index"
    _upload(store, root, minutes_dir, "000_af1fb986c0683f01.txt", EDITED)
    _upload(store, root, minutes_dir, "004_b54d0e956782b075.txt")
    _upload(store, root, minutes_dir, "001_f89bb87ae2ff7807.txt")
    _edit(store, root, minutes_dir)
    full = reindex(store, root, full=True)
    index = load_index(root)
    assert len(index.segments) == 1 and len(index.tombstones[0]) == 0 and len(index.passages) == full.passages
    kept = sorted(root.glob("v*/manifest.json"))
    assert len(kept) == 3 and current_version(root) == 5
    named = {name for manifest in kept for name in json.loads(manifest.read_text())["segments"]}
    assert {f.name for f in (root / "segments").iterdir()} == named
    assert named == {"s1", "s2", "s3", "s5", "s6"}  # v3's three, v4's compaction, v5's full build
    # s4 held the edit only until the same build merged it into s5: no version named it.
    assert all((root / "segments" / name / "SIZE").exists() for name in named)
    unchanged = reindex(store, root)
    assert (unchanged.version, unchanged.embedded, [s.name for s in load_index(root).segments]) == (6, 0, ["s6"])
    assert {f.name for f in (root / "segments").iterdir()} == {"s5", "s6"}  # v1-v3 pruned, and what only they named


@pytest.mark.parametrize("approximate_from", [dense.APPROXIMATE_THRESHOLD, 10], ids=["exact", "ivf-lists"])
def test_a_held_version_answers_after_later_builds_prune_its_segments(tmp_path, minutes_dir, monkeypatch,
                                                                     approximate_from):
    """A process holding a version it has not searched yet (the bot between a reload and its
    next question) answers from it as before once later builds have deleted its segment, whether
    its vectors are searched exactly or through IVF lists mapped from their own file."""
    monkeypatch.setattr(dense, "APPROXIMATE_THRESHOLD", approximate_from)
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    root = tmp_path / "index"
    _upload(store, root, minutes_dir, "000_af1fb986c0683f01.txt", EDITED)
    shutil.copytree(root, tmp_path / "copy")  # the same version, opened apart, for the expected answers
    held = load_index(root)
    lists = root / "segments" / held.segments[0].name / dense.LISTS_FILE
    assert lists.exists() == (approximate_from == 10)  # checked on disk: searching here would open it
    for _ in range(3):
        reindex(store, root, full=True)  # each a new segment: the held version's is named by none kept
    assert not (root / "segments" / held.segments[0].name).exists()
    _assert_same_search(held, load_index(tmp_path / "copy"), store)


def test_an_index_of_an_older_format_is_rebuilt_whole(tmp_path, minutes_dir):
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    root = tmp_path / "index"
    first = _upload(store, root, minutes_dir, "000_af1fb986c0683f01.txt", EDITED)
    (root / f"v{first.version}" / "FORMAT").write_text(str(INDEX_FORMAT - 1))
    assert load_index(root) is None
    rebuilt = _upload(store, root, minutes_dir, "004_b54d0e956782b075.txt")
    assert len(rebuilt.segments) == 1 and rebuilt.embedded == len(rebuilt.passages) + len(rebuilt.actions)
