"""`minutes actions --overdue/--due-within`, history in --json and `minutes show`, and
`minutes remind --dry-run`, run as real subprocesses on each database backend."""

import json

from tests.conftest import SAMPLES
from tests.test_action_continuity import ESSEX_JULY, ESSEX_SEPTEMBER
from tests.test_cli import minutes


def dry_run_groups(output: str) -> dict[str, list[str]]:
    """{owner: [its action lines]} from `minutes remind --dry-run` (run wide, so nothing wraps)."""
    groups: dict[str, list[str]] = {}
    current = ""
    for line in output.splitlines()[1:]:
        if line.startswith("  - "):
            groups[current].append(line[4:])
        elif line.strip():
            current = line.strip().split(" (")[0] if not line.startswith("(") else line.strip().split(" (none")[0]
            groups[current] = []
    return groups


def test_remind_dry_run_lists_exactly_the_open_actions_due_by_the_day_per_person(database_url):
    minutes("ingest", "--no-index", str(SAMPLES))
    out = minutes("remind", "--dry-run", "--today", "2018-12-01", env_width=True).stdout
    assert "nothing sent" in out
    open_actions = json.loads(minutes("actions", "--status", "open", "--json", "--today", "2018-12-01").stdout)
    expected = {}
    for action in open_actions:
        if action["due_by"] and action["due_by"] <= "2018-12-08":
            for owner in action["owners"] or [{"name": "(no owner named)"}]:
                expected.setdefault(owner["name"], set()).add(action["description"])
    groups = dry_run_groups(out)
    listed = groups
    assert set(listed) == set(expected)
    for person, descriptions in expected.items():
        assert len(listed[person]) == len(descriptions)
        assert all(any(d[:40] in line for line in listed[person]) for d in descriptions), person
    # Known from the minutes: Anna Hook's three actions due August-October 2018 (not 50/18, due January 2019).
    assert sorted(line.split()[1] for line in listed["Anna Hook"]) == ["45/18", "48/18", "53/18"]
    assert sorted(line.split()[1] for line in listed["Stephen Kavanagh"]) == ["42/18", "46/18", "49/18"]
    assert all(line.startswith("[overdue]") for lines in listed.values() for line in lines)
    week_before = dry_run_groups(minutes("remind", "--dry-run", "--today", "2018-11-25", env_width=True).stdout)
    assert any(line.startswith("[due soon] 46/18") for line in week_before["Stephen Kavanagh"])


def test_overdue_due_within_and_history(tmp_path):  # SQLite in MINUTES_HOME; the store tests cover PostgreSQL
    later = tmp_path / "005_september.txt"
    later.write_text(ESSEX_SEPTEMBER)
    minutes("ingest", "--no-index", str(ESSEX_JULY), str(later))
    overdue = json.loads(minutes("actions", "--overdue", "--today", "2018-10-01", "--json").stdout)
    assert {a["ref"] for a in overdue} == {"42/18", "53/18"}  # 45/18 (August) was reported done in September
    assert all(a["overdue"] for a in overdue)
    soon = json.loads(minutes("actions", "--due-within", "31d", "--today", "2018-10-01", "--json").stdout)
    assert {a["ref"] for a in soon} == {"47/18", "48/18", "49/18"}
    assert minutes("actions", "--due-within", "soon", check=False).returncode == 2
    everything = {a["ref"]: a for a in json.loads(minutes("actions", "--status", "all", "--json").stdout)}
    crystallise = everything["45/18"]
    assert crystallise["status"] == "closed" and crystallise["state"] == "done"
    [report] = crystallise["history"]
    assert report["source"] == "005_september.txt" and report["status"] == "done" and report["method"] == "meaning"
    assert report["quote"].startswith("The Crystallise paper has now been added")
    shown = minutes("show", ESSEX_JULY.name, env_width=True).stdout
    assert "The Crystallise paper has now been added" in shown and "[done]" in shown


def test_remind_sends_once_a_day_from_the_command_line_and_doctor_reports_it(tmp_path):
    import json as json_module
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tests.slack_mock import MockSlack

    slack = MockSlack()
    try:
        people = tmp_path / "people.json"
        people.write_text(json_module.dumps({"UROGER": "Roger Hirst", "UVICKI": "Vicki Harrington"}))
        env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slack.api_url,
               "MINUTES_SLACK_PEOPLE": str(people), "COLUMNS": "400"}

        def run(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True, env=env,
                                  cwd=Path(__file__).resolve().parents[1])

        run("ingest", "--no-index", str(SAMPLES / "001_f89bb87ae2ff7807.txt"))
        first = run("remind", "--today", "2018-12-01")
        assert first.returncode == 0, first.stderr
        assert "sent 2," in first.stdout and "not in Slack" in first.stdout
        assert {c.body["channel"] for c in slack.calls_to("chat.postMessage")} == {"DROGER", "DVICKI"}
        second = run("remind", "--today", "2018-12-01")
        assert "sent 0, already sent today 2" in second.stdout and len(slack.calls_to("chat.postMessage")) == 2
        doctor = run("doctor")
        assert "reminders: last ran" in doctor.stdout and "for 2018-12-01: 0 sent, 0 failed" in doctor.stdout
    finally:
        slack.close()
