"""Passages stored in mapped column files read back equal to what was written."""

from __future__ import annotations

import pickle

from index.ingest_files import ingest_paths
from index.passage_table import StoredPassage, open_table, write_table
from index.passages import Passage, build_passages
from index.store import Store
from tests.conftest import SAMPLES


def _sample_passages(tmp_path) -> list[Passage]:
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    ingest_paths(store, [SAMPLES])
    return build_passages(store.indexable_items())


def test_stored_passages_read_back_equal_and_pickle_as_plain_passages(tmp_path):
    passages = _sample_passages(tmp_path)[:40]
    odd = Passage("abc", "x.txt", None, "Board £ “quoted”", None, None, None, "Title", 3, "Ünïcode text — £130k\nsecond line")
    passages.append(odd)
    write_table(tmp_path / "v1", passages)
    table = open_table(tmp_path / "v1")
    assert len(table) == len(passages)
    assert list(table) == passages
    assert table[-1] == odd and table[-1].text == odd.text and table[-1].index_text == odd.index_text
    assert isinstance(table[0], StoredPassage) and isinstance(table[0], Passage)
    assert table[2:5] == passages[2:5]
    assert table.column("source") == [p.source for p in passages]
    assert type(pickle.loads(pickle.dumps(table[-1]))) is Passage


def test_an_empty_table_opens(tmp_path):
    write_table(tmp_path / "v1", [])
    table = open_table(tmp_path / "v1")
    assert len(table) == 0 and list(table) == []


def test_an_index_of_the_previous_format_is_not_read_and_doctor_says_so(tmp_path, monkeypatch):
    import numpy as np

    from cli.doctor import check_index
    from index.search_index import INDEX_FORMAT, current_version, index_root, load_index, write_version

    monkeypatch.setenv("MINUTES_HOME", str(tmp_path))
    passages = _sample_passages(tmp_path)[:5]
    vectors = np.eye(5, 384, dtype=np.float32)
    write_version(index_root(), passages, vectors, [], np.zeros((0, 384), np.float32))
    assert list(load_index().passages) == passages
    (index_root() / f"v{current_version()}" / "FORMAT").write_text(str(INDEX_FORMAT - 1))  # an older release's index
    assert load_index() is None
    check = check_index(None)
    assert not check.ok and "older release" in check.detail and "reindex --full" in check.detail
