"""Admins' corrections of action records, on SQLite and PostgreSQL: applied everywhere the store
hands out actions, kept through re-reading (reindex --full, a re-ingest, a DOCX/PDF twin),
reported when the re-read minutes no longer hold the action, exported as gold lines."""

from __future__ import annotations

import importlib.util
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from corpus.readers import read_document
from index.action_due import due_by_person
from index.corrections import CorrectionError
from index.ingest_files import ingest_paths
from index.reindex import reindex
from tests.action_scoring import load_gold_actions
from tests.conftest import SAMPLES
from tests.twin_documents import write_docx

ESSEX = "000_af1fb986c0683f01.txt"
CAMBS = "002_4f17c99a753820d4.txt"
COMMISSIONER = "The Commissioner is to meet the Head of the Constabulary's Public Protection Department"
SCORE = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"


@pytest.fixture
def minutes(tmp_path) -> Path:
    """The sample minutes copied to a folder the test may edit."""
    folder = tmp_path / "minutes"
    folder.mkdir()
    for path in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return folder


def record(store, ref=None, source=ESSEX, contains=""):
    found = [a for a in store.actions(status="all") if a.source == source and a.ref == ref and contains in a.description]
    assert len(found) == 1, found
    return found[0]


def owners(action) -> list[str]:
    return [o.name for o in action.owners]


def test_a_correction_is_applied_wherever_actions_are_listed(store, minutes):
    ingest_paths(store, [minutes])
    before = record(store, "46/18")
    assert owners(before) == ["Stephen Kavanagh"] and before.corrected_by is None
    correction = store.correct_action(ESSEX, "46/18", before.description[:40], by="UADMIN", owner="AH", due="2019-01-31")
    assert correction.original["owners"] == ["Stephen Kavanagh"] and correction.original["due"] == "2018-11"
    after = record(store, "46/18")
    # Initials the meeting uses are read as its person.
    assert [(o.name, o.initials) for o in after.owners] == [("Anna Hook", "AH")]
    assert after.due == "2019-01-31" and after.due_text is None and after.corrected_by == "UADMIN" and after.corrected_at
    assert "46/18" in [a.ref for a in store.actions(person="Anna Hook")]
    assert "46/18" in [a.ref for a in store.actions(person="Hook")]
    assert "46/18" not in [a.ref for a in store.actions(person="Stephen Kavanagh", status="all")]
    # Reminders read the same records: Anna Hook is reminded of it when it falls due.
    store.correct_action(ESSEX, "46/18", before.description, by="UADMIN", due="2018-12-03")
    due = {p.person: [a.ref for a in p.actions] for p in due_by_person(store.actions(status="open"), date(2018, 12, 1))}
    assert "46/18" in due["Anna Hook"] and "46/18" not in due.get("Stephen Kavanagh", [])
    # A second correction of the same record updates the first and keeps the values read.
    store.correct_action(ESSEX, "46/18", before.description, by="UOTHER", status="closed")
    [stored] = store.corrections()
    assert stored.status == "closed" and stored.owner == "Anna Hook" and stored.corrected_by == "UOTHER"
    assert stored.due == "2018-12-03"
    assert stored.original["owners"] == ["Stephen Kavanagh"] and stored.applied_to == ESSEX
    assert "46/18" not in [a.ref for a in store.actions(person="Anna Hook")]  # closed now
    assert record(store, "46/18").state == "done"


def test_not_an_action_and_an_added_action(store, minutes):
    ingest_paths(store, [minutes])
    wrong = record(store, None, CAMBS, COMMISSIONER[:30])
    store.correct_action(CAMBS, None, wrong.description, by="UADMIN", not_action=True)
    assert not [a for a in store.actions(status="all") if a.description == wrong.description]
    added = store.add_action(ESSEX, "2", "WP will put the  Digital Forensics Gateway Solution on the SCD Risk Register.",
                             by="UADMIN", owner="Wendy Palmer", due="2018-09")
    assert added.kind == "add" and added.key.description.startswith("WP will put the Digital")
    [view] = [a for a in store.actions(person="Wendy Palmer") if a.corrected_by]
    assert view.item == "2" and view.item_title and "Digital Forensics" in view.item_title and view.due == "2018-09"
    assert [(o.name, o.initials) for o in view.owners] == [("Wendy Palmer", "WP")] and view.status == "open"
    # An added record can itself be corrected (from its Details button).
    store.correct_action(ESSEX, None, view.description[:30], by="UADMIN", status="closed")
    assert [a.status for a in store.actions(status="all") if a.corrected_by and a.source == ESSEX] == ["closed"]
    assert len(store.corrections()) == 2


def test_bad_corrections_say_why_and_change_nothing(store, minutes):
    ingest_paths(store, [minutes])
    action = record(store, "46/18")
    for kwargs, reason in (({"due": "next week"}, "not a date"), ({"due": "2018-02-30"}, "not a real date"),
                           ({"status": "maybe"}, "not one of open, closed"), ({}, "nothing to correct")):
        with pytest.raises(CorrectionError, match=reason):
            store.correct_action(ESSEX, "46/18", action.description, by="UADMIN", **kwargs)
    with pytest.raises(CorrectionError, match="no action 99/18"):
        store.correct_action(ESSEX, "99/18", "", by="UADMIN", status="closed")
    with pytest.raises(CorrectionError, match="no minutes called 'nope.txt'"):
        store.correct_action("nope.txt", "46/18", "", by="UADMIN", status="closed")
    with pytest.raises(CorrectionError, match="has no item '77'"):
        store.add_action(ESSEX, "77", "Something", by="UADMIN")
    assert store.corrections() == [] and record(store, "46/18") == action


def test_corrections_survive_reindex_full_and_a_changed_re_ingest(store, minutes, tmp_path):
    ingest_paths(store, [minutes])
    store.correct_action(ESSEX, "46/18", "SK to raise", by="UADMIN", owner="Anna Hook")
    store.correct_action(CAMBS, None, COMMISSIONER, by="UADMIN", owner="Debbie Martin", due="2016-01-31")
    store.add_action(ESSEX, "2", "WP will put the Digital Forensics Gateway Solution on the SCD Risk Register.", by="UADMIN",
                     owner="WP")
    reindex(store, tmp_path / "index", full=True)  # every row read again, with new ids
    assert owners(record(store, "46/18")) == ["Anna Hook"]
    assert owners(record(store, None, CAMBS, COMMISSIONER[:30])) == ["Debbie Martin"]
    assert [a.description[:6] for a in store.actions(person="Wendy Palmer") if a.corrected_by] == ["WP wil"]
    # The file is edited (a few words of the action change) and ingested again: still the same action.
    path = minutes / CAMBS
    path.write_text(path.read_text().replace("in more detail and ensure", "in more depth and to ensure"))
    assert ingest_paths(store, [path]).updated == [CAMBS]
    moved = record(store, None, CAMBS, COMMISSIONER[:30])
    assert "more depth" in moved.description and owners(moved) == ["Debbie Martin"] and moved.due == "2016-01-31"
    assert not any(c.orphaned for c in store.corrections())


def test_corrections_follow_the_meeting_to_its_twin(store, minutes, tmp_path):
    original = minutes / ESSEX
    ingest_paths(store, [original])
    store.correct_action(ESSEX, "46/18", "SK to raise", by="UADMIN", owner="Anna Hook", status="closed")
    store.add_action(ESSEX, "2", "WP will put the Digital Forensics Gateway Solution on the SCD Risk Register.", by="UADMIN")
    twin = write_docx(read_document(original).blocks, tmp_path / "essex-july.docx")
    summary = ingest_paths(store, [twin])
    assert summary.replaced == [(twin.name, ESSEX)]
    moved = record(store, "46/18", twin.name)
    assert owners(moved) == ["Anna Hook"] and moved.status == "closed" and moved.corrected_by == "UADMIN"
    assert [c.applied_to for c in store.corrections()] == [twin.name, twin.name]
    assert [a.source for a in store.actions(status="all") if a.corrected_by] == [twin.name, twin.name]


def test_a_correction_whose_action_is_gone_is_an_orphan_kept_and_reported(store, minutes, monkeypatch):
    from cli.doctor import check_corrections

    ingest_paths(store, [minutes])
    store.correct_action(CAMBS, None, COMMISSIONER, by="UADMIN", owner="Debbie Martin")
    assert check_corrections(store).ok
    path = minutes / CAMBS
    text = path.read_text()
    sentence = text[text.index(COMMISSIONER):text.index("is sustained.") + len("is sustained.")]
    path.write_text(text.replace(sentence, "The Board noted progress."))
    ingest_paths(store, [path])
    [orphan] = store.corrections()
    assert orphan.orphaned and orphan.owner == "Debbie Martin" and orphan.orphan_notified_at is None
    assert not [a for a in store.actions(status="all") if a.corrected_by]
    check = check_corrections(store)
    assert not check.ok and not check.required and "1 correction(s) no longer apply" in check.detail
    assert "Commissioner is to meet" in check.detail and "UADMIN" in check.detail
    store.mark_orphans_notified([orphan.id])
    assert store.corrections()[0].orphan_notified_at is not None
    # Put back, the action is corrected again.
    path.write_text(text)
    ingest_paths(store, [path])
    assert owners(record(store, None, CAMBS, COMMISSIONER[:30])) == ["Debbie Martin"]


def test_export_writes_gold_lines_that_the_scorer_reads(store, minutes, tmp_path, capsys):
    from index.correction_export import export_gold

    ingest_paths(store, [minutes])
    store.correct_action(ESSEX, "46/18", "SK to raise", by="UADMIN", owner="Anna Hook", due="2018-12")
    store.correct_action(CAMBS, None, COMMISSIONER, by="UADMIN", owner="Debbie Martin")
    store.add_action(ESSEX, "2", "WP will put the Digital Forensics Gateway Solution on the SCD Risk Register.",
                     by="UADMIN", owner="WP")
    wrong = record(store, None, CAMBS, "Equality and Diversity")
    store.correct_action(CAMBS, None, wrong.description, by="UADMIN", not_action=True)
    gold = tmp_path / "corrections-actions.jsonl"
    written = export_gold(store, gold)
    lines = [json.loads(line) for line in gold.read_text().splitlines()]
    assert written.lines == 3 and written.not_actions == 1 and len(lines) == 3
    assert {tuple(sorted(line)) for line in lines} == {("due", "item", "optional", "owners", "ref", "source", "text_contains")}
    essex = next(line for line in lines if line["ref"] == "46/18")
    assert essex == {"source": ESSEX, "ref": "46/18", "item": "2", "owners": [["Anna Hook", "AH"]], "due": "2018-12",
                     "text_contains": "SK to raise Digital Forensics Gateway Solution at", "optional": False}
    # The tests' own gold reader takes them as it takes the hand-written gold.
    assert [g.ref for g in load_gold_actions(gold)] == [line["ref"] for line in lines]
    # The scorer reads the lines: the corrected store scores full marks on them, the reader alone does not.
    spec = importlib.util.spec_from_file_location("score", SCORE)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    corrected_out = tmp_path / "corrected.json"
    corrected_out.write_text(json.dumps([{"source": a.source, "ref": a.ref, "item": a.item, "description": a.description,
                                          "owners": [{"name": o.name, "initials": o.initials} for o in a.owners],
                                          "due": a.due} for a in store.actions(status="all")]))
    f1, owners_ok, due_ok = score.score_actions(str(gold), str(corrected_out))
    assert owners_ok == 1.0 and due_ok == 1.0
    assert "recall=1.00" in capsys.readouterr().out
    for c in store.corrections():
        store.drop_correction(c.id)
    corrected_out.write_text(json.dumps([{"source": a.source, "ref": a.ref, "item": a.item, "description": a.description,
                                          "owners": [{"name": o.name} for o in a.owners], "due": a.due}
                                         for a in store.actions(status="all")]))
    _, owners_read, _ = score.score_actions(str(gold), str(corrected_out))
    assert owners_read < 1.0
