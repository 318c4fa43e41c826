"""The `minutes` command line, run as a real subprocess on each database backend."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLES

ACTION_FIELDS = {"ref", "description", "owners", "due", "due_text", "status", "source", "board", "meeting_date", "item", "item_title"}


def minutes(*args: str, check: bool = True, env_width: bool = False) -> subprocess.CompletedProcess:
    """Run the CLI; `env_width` gives rich a wide terminal, so lines of text output do not wrap."""
    env = {**os.environ, "COLUMNS": "400"} if env_width else None
    return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True, check=check,
                          cwd=Path(__file__).resolve().parents[1], env=env)


def test_ingest_then_list_actions_as_json(database_url):
    first = minutes("ingest", "--no-index", str(SAMPLES))
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
    # The 39 of the gold, and 002's "The Commissioner is to meet the Head of the Constabulary's
    # Public Protection Department ...", work the gold leaves out (8.5, in prose).
    assert len(everything) == 40
    assert any(a["description"].startswith("The Commissioner is to meet the Head") for a in everything)
    meetings = json.loads(minutes("meetings", "--json").stdout)
    assert [m["date"] for m in meetings] == sorted(m["date"] for m in meetings)


def test_show_prints_an_item_and_refuses_unknown_ones(database_url):
    minutes("ingest", "--no-index", str(SAMPLES / "004_b54d0e956782b075.txt"))
    shown = minutes("show", "004_b54d0e956782b075.txt", "--item", "8").stdout
    assert "Information Sharing Project" in shown and "£130k" in shown
    missing = minutes("show", "nope.txt", check=False)
    assert missing.returncode == 1 and "nope.txt" in missing.stderr


def test_a_bad_file_fails_alone_and_names_itself(database_url, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    good = tmp_path / "002_4f17c99a753820d4.txt"
    good.write_bytes((SAMPLES / good.name).read_bytes())
    result = minutes("ingest", "--no-index", str(tmp_path), check=False)
    assert result.returncode == 1
    assert "added 1, updated 0, skipped 0, failed 1" in result.stdout
    assert "empty.txt: file is empty" in result.stderr


def test_ask_and_eval_print_cited_answers(tmp_path):
    minutes("ingest", str(SAMPLES))  # ingest also builds the search index
    answer = json.loads(minutes("ask", "Who owns the digital forensics action?", "--json").stdout)
    assert answer["found"] and "Stephen Kavanagh (SK)" in answer["answer"]
    assert answer["passages"][0]["item"] == "2" and answer["actions"][0]["ref"] == "46/18"
    assert ACTION_FIELDS <= set(answer["actions"][0])
    text = minutes("ask", "What did the board decide about the 2031 budget?").stdout
    assert "The minutes don't" in text and "closest:" in text and "Possibly related" in text

    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": "a", "question": "Who owns the body worn video action?"}\n'
                         '{"id": "b", "question": "How much PRG funding is being bid for?"}\n')
    rows = [json.loads(line) for line in minutes("eval", str(questions), "--json", "-k", "3").stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    for row in rows:
        assert {"id", "question", "answer", "passages", "actions"} <= set(row) and len(row["passages"]) == 3
        assert {"source", "item", "item_title", "board", "meeting_date", "text", "score"} <= set(row["passages"][0])
    assert rows[0]["actions"][0]["ref"] == "52/18"

    gold = Path(__file__).parent / "gold" / "seed-questions.jsonl"
    table = minutes("eval", str(gold), "--mode", "bm25").stdout
    assert "recall@1" in table and "MRR" in table and "bm25" in table
    assert "per question kind" in table and "per minutes file" in table and "action_owner" in table
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "no id"}\n')
    failed = minutes("eval", str(bad), check=False)
    assert failed.returncode == 2 and "bad.jsonl: line 1" in failed.stderr


def test_serve_names_the_missing_slack_settings():
    result = minutes("serve", check=False)
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN" in result.stderr and "SLACK_SIGNING_SECRET" in result.stderr
