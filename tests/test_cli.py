"""The `minutes` command line, run as a real subprocess on each database backend."""

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLES

ACTION_FIELDS = {"ref", "description", "owners", "due", "due_text", "status", "source", "board", "meeting_date", "item", "item_title"}


def minutes(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True, check=check,
                          cwd=Path(__file__).resolve().parents[1])


def test_ingest_then_list_actions_as_json(database_url):
    first = minutes("ingest", str(SAMPLES))
    assert "added 5, updated 0, skipped 0, failed 0" in first.stdout
    assert "skipped 5" in minutes("ingest", str(SAMPLES)).stdout
    rows = json.loads(minutes("actions", "--person", "Stephen Kavanagh", "--json").stdout)
    assert all(ACTION_FIELDS <= set(row) for row in rows)
    forensics = next(r for r in rows if r["ref"] == "46/18")
    assert forensics["owners"] == [{"name": "Stephen Kavanagh", "initials": "SK", "kind": "person"}]
    assert (forensics["due"], forensics["due_text"], forensics["item"], forensics["item_title"]) == (
        "2018-11", "November 2018", "2", "Digital Forensics")
    assert (forensics["source"], forensics["meeting_date"]) == ("000_af1fb986c0683f01.txt", "2018-07-26")
    everything = json.loads(minutes("actions", "--status", "all", "--json").stdout)
    assert len(everything) == 39
    meetings = json.loads(minutes("meetings", "--json").stdout)
    assert [m["date"] for m in meetings] == sorted(m["date"] for m in meetings)


def test_show_prints_an_item_and_refuses_unknown_ones(database_url):
    minutes("ingest", str(SAMPLES / "004_b54d0e956782b075.txt"))
    shown = minutes("show", "004_b54d0e956782b075.txt", "--item", "8").stdout
    assert "Information Sharing Project" in shown and "£130k" in shown
    missing = minutes("show", "nope.txt", check=False)
    assert missing.returncode == 1 and "nope.txt" in missing.stderr


def test_a_bad_file_fails_alone_and_names_itself(database_url, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    good = tmp_path / "002_4f17c99a753820d4.txt"
    good.write_bytes((SAMPLES / good.name).read_bytes())
    result = minutes("ingest", str(tmp_path), check=False)
    assert result.returncode == 1
    assert "added 1, updated 0, skipped 0, failed 1" in result.stdout
    assert "empty.txt: file is empty" in result.stderr
