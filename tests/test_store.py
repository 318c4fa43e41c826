"""The store on SQLite and on a real PostgreSQL, with the sample minutes."""

import shutil

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from corpus.minutes import parse_minutes
from index import schema
from tests.conftest import SAMPLES

LATER_MEETING = """MINUTES
ESSEX POLICE PERFORMANCE AND RESOURCES BOARD
27 September 2018, 0930 to 1230, GF01, Kelvedon Park
Present:
Roger Hirst (RH)
Police, Fire and Crime Commissioner for Essex

1. Action Log
46/18 – Digital Forensics Gateway
Update: paper received; action complete.
47/18 – HR paper
Update: leave open until the October Board.

2. Any Other Business
There was no other business.
"""


def ingest_samples(store):
    return [store.ingest(parse_minutes(p), p).outcome for p in sorted(SAMPLES.glob("*.txt"))]


def count(store, model) -> int:
    with Session(store.engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_ingest_is_idempotent_by_content_hash(store):
    assert ingest_samples(store) == ["added"] * 5
    actions, items = count(store, schema.Action), count(store, schema.Item)
    assert ingest_samples(store) == ["skipped"] * 5
    assert (count(store, schema.Action), count(store, schema.Item)) == (actions, items)
    assert [m.source[:3] for m in store.meetings()] == ["004", "002", "001", "003", "000"]


def test_changed_file_replaces_its_meeting(store, tmp_path):
    source = tmp_path / "004_b54d0e956782b075.txt"
    shutil.copy(SAMPLES / source.name, source)
    store.ingest(parse_minutes(source), source)
    before = count(store, schema.Action)
    source.write_text(source.read_text() + "\nAction Point 13 : ECC to circulate the final strategy.\n")
    assert store.ingest(parse_minutes(source), source).outcome == "updated"
    assert count(store, schema.Action) == before + 1
    assert count(store, schema.Meeting) == 1


def test_failed_replace_leaves_what_was_stored(store, tmp_path, monkeypatch):
    source = tmp_path / "000_af1fb986c0683f01.txt"
    shutil.copy(SAMPLES / source.name, source)
    store.ingest(parse_minutes(source), source)
    before = [(a.ref, a.description) for a in store.actions(status="all")]
    source.write_text(source.read_text() + "\nA late note.\n")
    parsed = parse_minutes(source)

    def broken_write(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(type(store), "_write", broken_write)
    with pytest.raises(RuntimeError):
        store.ingest(parsed, source)
    assert [(a.ref, a.description) for a in store.actions(status="all")] == before
    assert store.document(source.name).content_hash != parsed.content_hash


def test_people_are_one_registry_across_meetings(store):
    ingest_samples(store)
    with Session(store.engine) as session:
        hirst = session.scalars(select(schema.Person).where(schema.Person.name_key == "roger hirst")).all()
        assert len(hirst) == 1
        meetings = session.scalars(select(schema.Attendance.meeting_id).where(schema.Attendance.person_id == hirst[0].id)).all()
        assert len(set(meetings)) == 2


@pytest.mark.parametrize("query", ["Anna Hook", "hook", "AH", "anna hook"])
def test_person_filter_by_name_surname_or_initials(store, query):
    ingest_samples(store)
    refs = {a.ref for a in store.actions(person=query)}
    assert refs == {"45/18", "48/18", "50/18", "51/18", "52/18", "53/18"}


def test_later_action_log_closes_and_keeps_open(store, tmp_path):
    ingest_samples(store)
    later = tmp_path / "005_later.txt"
    later.write_text(LATER_MEETING)
    store.ingest(parse_minutes(later), later)
    closed = {a.ref for a in store.actions(status="closed")}
    open_refs = [a.ref for a in store.actions(status="open")]
    assert "46/18" in closed and "46/18" not in open_refs
    assert "47/18" in open_refs and open_refs.count("47/18") == 1
    record = next(a for a in store.actions(status="all") if a.ref == "46/18")
    assert record.source.startswith("000") and not record.from_log  # the original record, shown once
    assert any("complete" in u for u in record.updates)
    assert store.remove(later.name)
    assert "46/18" in {a.ref for a in store.actions(status="open")}


def test_remove_deletes_everything_read_from_a_file(store):
    ingest_samples(store)
    assert store.remove("002_4f17c99a753820d4.txt")
    assert not store.remove("002_4f17c99a753820d4.txt")
    assert store.document("002_4f17c99a753820d4.txt") is None
    assert all(a.source != "002_4f17c99a753820d4.txt" for a in store.actions(status="all"))
