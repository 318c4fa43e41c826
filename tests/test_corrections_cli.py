"""`minutes correct` and `minutes corrections …` as real subprocesses on each database backend."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.test_cli import minutes
from tests.test_corrections import CAMBS, COMMISSIONER, ESSEX, SCORE, minutes as minutes_folder  # noqa: F401 - fixture

ADDED = "WP will put the Digital Forensics Gateway Solution on the SCD Risk Register."


def actions_json(*args: str) -> list[dict]:
    return json.loads(minutes("actions", "--status", "all", "--json", *args).stdout)


def test_correct_from_the_command_line_and_export_gold_lines(database_url, minutes_folder, tmp_path):  # noqa: F811
    minutes("ingest", "--no-index", str(minutes_folder))
    done = minutes("correct", "46/18", "--owner", "Anna Hook", "--due", "2019-01-31", "--by", "alice")
    assert "owner → Anna Hook, due → 2019-01-31, by alice" in " ".join(done.stdout.split())
    [row] = [a for a in actions_json("--person", "Anna Hook") if a["ref"] == "46/18"]
    assert row["owners"] == [{"name": "Anna Hook", "initials": "AH", "kind": "person"}] and row["due"] == "2019-01-31"
    assert row["corrected_by"] == "alice" and row["corrected_at"].startswith("20")
    assert all(a["corrected_by"] is None for a in actions_json() if a["ref"] != "46/18")
    minutes("correct", "Equality and Diversity update", "--not-an-action", "--by", "alice")
    assert not [a for a in actions_json() if a["description"].startswith("Equality and Diversity")]
    minutes("correct", "--add", ESSEX, "--item", "2", "--text", ADDED, "--owner", "WP", "--status", "closed")
    [added] = [a for a in actions_json("--person", "Wendy Palmer") if a["corrected_by"]]
    assert added["description"] == ADDED and added["item"] == "2" and added["status"] == "closed"

    # Mistakes are refused with the reason, nothing stored.
    for args, reason in ((["99/99", "--status", "closed"], "no action has the ref or words '99/99'"),
                         (["digital forensics", "--owner", "X"], "actions match 'digital forensics'"),
                         (["46/18", "--due", "soon"], "is not a date"),
                         (["46/18", "--not-an-action", "--owner", "X"], "--not-an-action takes no"),
                         (["--add", ESSEX, "--item", "2"], "needs its text")):
        failed = minutes("correct", *args, check=False)
        assert failed.returncode == 2 and reason in " ".join(failed.stderr.split()), failed.stderr
    listed = json.loads(minutes("corrections", "list", "--json").stdout)
    assert [(c["kind"], c["applied_to"]) for c in listed] == [("change", ESSEX), ("not_action", CAMBS), ("add", ESSEX)]

    gold = tmp_path / "gold.jsonl"
    exported = minutes("corrections", "export", "--out", str(gold))
    assert "2 gold line(s)" in exported.stderr and "1 “not an action”" in exported.stderr
    out = tmp_path / "actions.json"
    out.write_text(minutes("actions", "--status", "all", "--json").stdout)
    scored = subprocess.run([sys.executable, str(SCORE), "actions", str(gold), str(out)], capture_output=True, text=True)
    assert scored.stdout.splitlines()[-1].startswith("actions: recall=1.00 precision=") and "owners=2/2 due=1/1" in scored.stdout

    # The Cambridgeshire minutes read again without the corrected sentence: doctor reports the orphan.
    minutes("correct", "The Commissioner is to meet", "--owner", "Debbie Martin", "--by", "alice")
    path = minutes_folder / CAMBS
    text = path.read_text()
    path.write_text(text.replace(text[text.index(COMMISSIONER):text.index("is sustained.") + 13], "The Board noted progress."))
    reread = minutes("ingest", "--no-index", str(path))
    assert "correction no longer applies" in reread.stderr and "Commissioner is to meet" in reread.stderr
    doctor = minutes("doctor", check=False, env_width=True)
    assert "warn corrections: 1 correction(s) no longer apply" in doctor.stdout
    assert minutes("corrections", "drop", "4").returncode == 0
    assert "all applied" in minutes("doctor", check=False, env_width=True).stdout
