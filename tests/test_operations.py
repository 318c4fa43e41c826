"""Operations: `minutes doctor` in plain words, and one structured log line per question."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
from pathlib import Path

from bot.structured_logs import JsonFormatter, log_question
from retrieval.answer_types import Answer
from retrieval.intents import Intent
from tests.conftest import SAMPLES

ROOT = Path(__file__).resolve().parents[1]


def minutes(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})})


def test_doctor_says_what_is_wrong_and_passes_once_fixed():
    empty = minutes("doctor")
    assert empty.returncode == 1
    assert "FAIL index: no search index yet: run `minutes ingest PATH`" in " ".join(empty.stdout.split())
    assert "ok   database" in empty.stdout and "ok   model" in empty.stdout
    assert "warn slack" in empty.stdout  # only needed for `minutes serve`
    minutes("ingest", str(SAMPLES / "004_b54d0e956782b075.txt"))
    healthy = minutes("doctor", env={"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "MINUTES_ADMINS": "U1"})
    assert healthy.returncode == 0, healthy.stdout
    assert "ok   slack: Socket Mode, 1 admin(s)" in healthy.stdout
    minutes("ingest", "--no-index", str(SAMPLES / "002_4f17c99a753820d4.txt"))
    stale = minutes("doctor")
    assert stale.returncode == 1 and "1 stored document(s) not indexed" in " ".join(stale.stdout.split())
    down = minutes("doctor", env={"MINUTES_DATABASE_URL": "postgresql+psycopg://minutes:secret@127.0.0.1:9/minutes"})
    text = " ".join(down.stdout.split())
    assert down.returncode == 1 and "FAIL database: cannot use postgresql+psycopg://minutes:***@127.0.0.1:9/minutes" in text
    assert "secret" not in down.stdout


def test_one_json_line_per_question_without_its_text(caplog):
    answer = Answer("What did Anna Hook say about the hate crime paper?", Intent.DECISION, True, "“...”", [], [])
    with caplog.at_level(logging.INFO, logger="minutes.questions"):
        log_question("mention", time.perf_counter() - 0.25, answer, 7)
    [record] = caplog.records
    line = json.loads(JsonFormatter().format(record))
    assert line["event"] == "question" and line["intent"] == "decision" and line["found"] is True
    assert line["index_version"] == 7 and line["hits"] == 0 and 240 <= line["latency_ms"] < 5000
    assert "Anna Hook" not in json.dumps(line)
