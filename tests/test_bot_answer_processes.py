"""Answers computed in worker processes (bot/answer_processes.py), driven over HTTP on loopback."""

from __future__ import annotations

import threading
import time

import pytest

from bot.config import ConfigError, default_answer_processes, load_config
from bot.service import MinutesService
from index.ingest_files import ingest_paths
from index.store import Store
from tests.conftest import SAMPLES
from tests.slack_mock import MockSlack
from tests.loopback_bot import STAFF, event, mention, served_bot
from tests.test_bot_http import DORSET

FORENSICS = "who owns the digital forensics action?"


@pytest.fixture(scope="module")
def slack():
    mock = MockSlack()
    yield mock
    mock.close()


@pytest.fixture(scope="module")
def bot(slack, tmp_path_factory):
    root = tmp_path_factory.mktemp("processes")
    store = Store.open(f"sqlite:///{root / 'm.db'}")
    ingest_paths(store, [p for p in sorted(SAMPLES.glob("*.txt")) if p != DORSET])  # Dorset comes later
    service = MinutesService(store, index_root=root / "index")
    service.reindex()
    with served_bot(slack, service, answer_processes=2) as bot:
        bot.deps.processes.warm()
        yield bot
    bot.deps.processes.shutdown()


def direct_message(text: str, ts: str) -> dict:
    return {"type": "message", "channel_type": "im", "user": STAFF, "text": text, "ts": ts, "channel": "DSTAFF", "event_ts": ts}


def test_a_steady_stream_of_mentions_and_dms_is_acknowledged_and_answered_once_each(bot):
    stamps = [f"17000030{n:02d}.000100" for n in range(40)]
    results = []
    for n, ts in enumerate(stamps):  # one every 50 ms, whatever the bot is doing
        payload = direct_message(FORENSICS, ts) if n % 2 else mention(FORENSICS, ts)
        threading.Thread(target=lambda p=payload: results.append(event(bot, p))).start()
        time.sleep(0.05)
    wanted = set(stamps)
    answers = bot.slack.wait_for("chat.postMessage", len(stamps), timeout=120, where=lambda c: c.body.get("thread_ts") in wanted)
    time.sleep(1)  # a second reply would come right after
    answers = bot.slack.wait_for("chat.postMessage", len(stamps) + 1, timeout=1, where=lambda c: c.body.get("thread_ts") in wanted)
    assert len(results) == len(stamps) and all(status == 200 and seconds < 3 for status, _, seconds in results)
    assert sorted(c.body["thread_ts"] for c in answers) == sorted(stamps)  # each exactly once
    assert all("Stephen Kavanagh (SK)" in c.body["text"] for c in answers)
    assert {c.body["channel"] for c in answers} == {"CGEN", "DSTAFF"}


def test_the_answer_processes_answer_from_a_version_built_after_they_started(bot):
    before = bot.deps.answer("What can Dorset's digital dogs do?")
    assert all("Dorset" not in p.passage.board for p in before.answer.sources)
    bot.deps.service.add_minutes(DORSET)
    for _ in range(bot.deps.processes.processes * 3):  # whichever worker takes it
        after = bot.deps.answer("What can Dorset's digital dogs do?")
        assert after.version > before.version
        assert after.answer.found and "Dorset" in after.answer.sources[0].passage.board


def test_a_follow_up_in_a_thread_keeps_its_context_whichever_process_answers_it(bot):
    first = "1700004000.000100"
    event(bot, direct_message("What are Roger Hirst's open actions?", first))
    bot.slack.wait_for("chat.postMessage", 1, timeout=60, where=lambda c: c.body.get("thread_ts") == first)
    event(bot, {**direct_message("and what's due in November 2016?", "1700004001.000100"), "thread_ts": first})
    [reply, follow_up] = bot.slack.wait_for("chat.postMessage", 2, timeout=60, where=lambda c: c.body.get("thread_ts") == first)
    assert reply.body["text"].startswith("Roger Hirst (RH) has 4 open actions")
    assert follow_up.body["text"].startswith("Roger Hirst (RH) has 2 open actions due in November 2016")


def test_answer_processes_are_configured_from_the_environment():
    base = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}
    inside = load_config({**base, "MINUTES_ANSWER_PROCESSES": "0"})
    assert (inside.answer_processes, inside.answer_workers) == (0, 2)
    three = load_config({**base, "MINUTES_ANSWER_PROCESSES": "3"})
    assert (three.answer_processes, three.answer_workers) == (3, 6)  # two answer threads a process
    assert load_config({**base, "MINUTES_ANSWER_PROCESSES": "3", "MINUTES_ANSWER_WORKERS": "5"}).answer_workers == 5
    assert load_config(base).answer_processes == default_answer_processes()
    with pytest.raises(ConfigError, match="MINUTES_ANSWER_PROCESSES='two'"):
        load_config({**base, "MINUTES_ANSWER_PROCESSES": "two"})
