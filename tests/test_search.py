"""Hybrid search over the sample minutes: fusion, filters, the versioned index, `minutes search`."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.ingest_files import ingest_paths
from index.embeddings import default_embedder
from index.search_index import build_index, current_version, load_index
from index.store import Store
from retrieval.engine import AnswerEngine
from retrieval.hybrid import fuse_rankings
from retrieval.query_focus import people_in_query
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("search")
    store = Store.open(f"sqlite:///{root / 'm.db'}")
    ingest_paths(store, [SAMPLES])
    return AnswerEngine(build_index(store, root / "index"), store)


def test_people_named_in_a_query_focus_on_their_items(engine):
    names = engine.store.people_names()
    assert people_in_query("What actions does Anna Hook have?", names) == ["Anna Hook"]
    assert people_in_query("what is on Kavanagh's list", names) == ["Stephen Kavanagh"]
    assert people_in_query("what did the board decide about the budget", names) == []
    assert engine.people_in("What are SK's actions?") == ["Stephen Kavanagh"]


def test_results_cite_board_date_and_item(engine):
    top = engine.understand("Who owns the digital forensics action?").passages[0].passage
    assert (top.source, top.item, top.item_title) == ("000_af1fb986c0683f01.txt", "2", "Digital Forensics")
    assert (top.board, top.meeting_date) == ("Essex Police Performance and Resources Board", "2018-07-26")
    assert "Digital Forensics Gateway Solution" in top.text and not top.text.startswith("Essex Police")


def test_board_and_date_filters_restrict_the_passages(engine):
    cambridgeshire = engine.understand("What did the Cambridgeshire board say about hate crime?")
    assert {r.passage.source[:3] for r in cambridgeshire.passages} == {"002"}
    in_2016 = engine.understand("What was said about the harm index in 2016?")
    assert {r.passage.meeting_date[:4] for r in in_2016.passages} == {"2016"}
    unfiltered = engine.understand("What was said about hate crime?")
    assert len({r.passage.source for r in unfiltered.passages}) > 1


def test_acronyms_and_named_phrases_reach_the_right_item(engine):
    # The minutes say "CCGs"; the question spells it out.
    ccg = engine.understand("Who is contacting the clinical commissioning groups?")
    assert list(ccg.aliases.values()) == [["clinic", "commiss", "group"]] and "ccg" in next(iter(ccg.aliases))
    named = engine.understand("What was the corrected forecast outturn for Transforming for the Future?")
    assert "£885k" in " ".join(r.passage.text for r in named.passages[:3])


def test_reciprocal_rank_fusion_rewards_agreement():
    fused = fuse_rankings([[1, 2, 3], [3, 1, 4]])
    assert [p for p, _ in fused][:2] == [1, 3]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)


class CountingEmbedder:
    def __init__(self) -> None:
        self.inner = default_embedder()
        self.dimension = self.inner.dimension
        self.calls: list[int] = []

    def embed(self, texts):
        self.calls.append(len(texts))
        return self.inner.embed(texts)


def test_rebuild_swaps_versions_and_embeds_only_new_text(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    ingest_paths(store, [SAMPLES / "004_b54d0e956782b075.txt"])
    embedder = CountingEmbedder()
    first = build_index(store, tmp_path / "index", embedder=embedder)
    embedded_first = sum(embedder.calls)
    ingest_paths(store, [SAMPLES / "002_4f17c99a753820d4.txt"])
    second = build_index(store, tmp_path / "index", embedder=embedder)
    assert (first.version, second.version, current_version(tmp_path / "index")) == (1, 2, 2)
    new_texts = (len(second.passages) - len(first.passages)) + (len(second.actions) - len(first.actions))
    assert embedded_first == len(first.passages) + len(first.actions)
    assert sum(embedder.calls) - embedded_first == new_texts
    loaded = load_index(tmp_path / "index")
    assert len(loaded.passages) == len(second.passages) and loaded.actions == second.actions
    assert np.allclose(loaded.dense.vectors, second.dense.vectors)


def test_search_command_prints_cited_json(database_url):
    root = Path(__file__).resolve().parents[1]
    run = lambda *a: subprocess.run([sys.executable, "-m", "cli.main", *a], capture_output=True, text=True, check=True, cwd=root)
    run("ingest", str(SAMPLES))
    rows = json.loads(run("search", "How much PRG funding for the information sharing project?", "-k", "3", "--json").stdout)
    assert {"source", "item", "item_title", "board", "meeting_date", "text", "score"} <= set(rows[0])
    assert any(r["source"].startswith("004") and r["item"] == "8" for r in rows)


@pytest.mark.parametrize("many", [1, 10**9])  # one pass over the passages, or a slice per meeting
def test_a_filter_gives_the_positions_of_its_meetings_passages_in_index_order(engine, monkeypatch, many):
    import retrieval.hybrid as hybrid

    monkeypatch.setattr(hybrid, "MANY_MEETINGS", many)
    sources = [p.source for p in engine.index.passages]
    for chosen in ({"002_4f17c99a753820d4.txt"}, {"000_af1fb986c0683f01.txt", "003_f866e752f7698948.txt", "no-such.txt"}, set()):
        expected = [i for i, source in enumerate(sources) if source in chosen]
        assert engine.searcher.positions(chosen).tolist() == expected
