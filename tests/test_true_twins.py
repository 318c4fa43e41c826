"""Only the same minutes replace one another; different minutes claiming one date are both kept and reported."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.readers import read_document
from index.date_conflicts import date_conflicts
from index.ingest_files import ingest_paths
from tests.conftest import SAMPLES
from tests.twin_documents import write_docx, write_pdf

ROOT = Path(__file__).resolve().parents[1]
NODEJS = ROOT.parent / "shared" / "corpus" / "scale" / "nodejs-tsc"
needs_nodejs = pytest.mark.skipif(not NODEJS.exists(), reason="the shared nodejs-tsc corpus is not beside the project")


@needs_nodejs
def test_two_meetings_claiming_one_date_are_both_kept_and_reported(store, tmp_path):
    # 2018-12-12.md's heading repeats the previous week's date: another recording, another discussion.
    for name in ("2018-11-14.md", "2018-12-05.md", "2018-12-12.md"):
        shutil.copy(NODEJS / name, tmp_path / name)
    summary = ingest_paths(store, [tmp_path])
    assert summary.added == ["2018-11-14.md", "2018-12-05.md", "2018-12-12.md"] and summary.replaced == []
    assert sorted(m.source for m in store.meetings() if m.date == "2018-12-05") == ["2018-12-05.md", "2018-12-12.md"]
    [conflict] = summary.conflicts
    assert conflict.date == "2018-12-05" and "Technical Steering Committee" in conflict.board
    assert [(f.source, f.name_date, f.heading_date) for f in conflict.files] == [
        ("2018-12-05.md", "2018-12-05", "2018-12-05"), ("2018-12-12.md", "2018-12-12", "2018-12-05")]
    assert "2018-12-12.md (file name says 2018-12-12, heading says 2018-12-05)" in conflict.describe()
    # The other meeting's actions and items are all still there.
    assert store.items("2018-12-05.md") and store.items("2018-12-12.md")
    assert date_conflicts(store) == [conflict]


@pytest.mark.parametrize("write", [write_docx, write_pdf], ids=["docx", "pdf"])
def test_a_format_twin_still_replaces_its_meeting(store, tmp_path, write):
    original = SAMPLES / "004_b54d0e956782b075.txt"
    ingest_paths(store, [original])
    twin = write(read_document(original).blocks, tmp_path / f"004-exported.{write.__name__[-4:].lstrip('_')}")
    summary = ingest_paths(store, [twin])
    assert summary.replaced == [(twin.name, original.name)] and summary.conflicts == []
    assert [m.source for m in store.meetings()] == [twin.name]


def test_a_corrected_version_replaces_but_other_minutes_of_that_date_stay(store, tmp_path):
    original = SAMPLES / "001_f89bb87ae2ff7807.txt"
    ingest_paths(store, [original])
    text = original.read_text(encoding="utf-8")
    words = text.split(" ")
    corrected = tmp_path / "001-corrected.txt"  # a few words changed, as a secretary's correction would
    corrected.write_text(" ".join(w + "s" if i % 97 == 50 else w for i, w in enumerate(words)), encoding="utf-8")
    assert ingest_paths(store, [corrected]).replaced == [("001-corrected.txt", original.name)]

    # The same board and date on a page of other business: kept beside it, and reported.
    header = text.split("\n\n", 3)
    other = tmp_path / "001-other-meeting.txt"
    other.write_text("\n\n".join(header[:2]) + "\n\n1. Budget\n\nThe board agreed the budget for the new depot.\n\n"
                     "2. Any other business\n\nNone was raised; the chair closed the meeting.\n", encoding="utf-8")
    summary = ingest_paths(store, [other])
    assert summary.replaced == [] and summary.added == ["001-other-meeting.txt"]
    assert [f.source for f in summary.conflicts[0].files] == ["001-corrected.txt", "001-other-meeting.txt"]
    assert len(store.meetings()) == 2


@needs_nodejs
def test_ingest_and_doctor_report_the_conflict(tmp_path, database_url):
    for name in ("2018-12-05.md", "2018-12-12.md"):
        shutil.copy(NODEJS / name, tmp_path / name)

    def minutes(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True, cwd=ROOT)

    ingested = minutes("ingest", "--no-index", str(tmp_path))
    assert "added 2, updated 0" in ingested.stdout
    report = " ".join(ingested.stderr.split())
    assert "conflict 2 different minutes claim" in report and "2018-12-05; all are kept" in report
    assert "2018-12-12.md (file name says 2018-12-12, heading says 2018-12-05)" in report
    doctor = " ".join(minutes("doctor").stdout.split())
    assert "warn dates: 1 date conflict(s), all files kept" in doctor and "2018-12-12.md (file name says 2018-12-12" in doctor
