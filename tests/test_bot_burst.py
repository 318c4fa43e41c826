"""A burst of questions over HTTP: every delivery acknowledged, every question answered once or told "busy"."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.listeners.questions import BUSY
from bot.service import MinutesService
from index.ingest_files import ingest_paths
from index.store import Store
from tests.conftest import SAMPLES
from tests.loopback_bot import event, mention, served_bot
from tests.slack_mock import MockSlack


def _service(tmp_path) -> MinutesService:
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    ingest_paths(store, [SAMPLES / "000_af1fb986c0683f01.txt", SAMPLES / "002_4f17c99a753820d4.txt"])
    service = MinutesService(store, index_root=tmp_path / "index")
    service.reindex()
    return service


@pytest.fixture
def slack():
    mock = MockSlack()
    yield mock
    mock.close()


def test_thirty_questions_and_their_retries_are_all_acknowledged_and_answered_once(tmp_path, slack):
    with served_bot(slack, _service(tmp_path), answer_workers=2, answer_queue=64) as bot:
        questions = [(f"17000010{n:02d}.000100", f"EvBURST{n:02d}") for n in range(30)]
        deliveries = [(ts, ev, retry) for ts, ev in questions for retry in (0, 1)]
        with ThreadPoolExecutor(len(deliveries)) as pool:
            results = list(pool.map(lambda d: event(bot, mention("who owns the digital forensics action?", d[0]), event_id=d[1],
                                                      headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"} if d[2] else None),
                                    deliveries))
        assert [status for status, _, _ in results] == [200] * 60
        wanted = {ts for ts, _ in questions}
        replies = slack.wait_for("chat.postMessage", 30, timeout=120, where=lambda c: c.body.get("thread_ts") in wanted)
        assert sorted(c.body["thread_ts"] for c in replies) == sorted(wanted)  # each exactly once
        assert all("Stephen Kavanagh (SK)" in c.body["text"] for c in replies)


def test_when_the_answer_queue_is_full_the_asker_is_told_the_bot_is_busy(tmp_path, slack):
    with served_bot(slack, _service(tmp_path), answer_workers=1, answer_queue=1) as bot:
        release = threading.Event()
        assert bot.deps.answers.submit(lambda: release.wait(60))  # the one answer thread is busy
        stamps = [f"17000020{n:02d}.000100" for n in range(3)]
        for ts in stamps:  # the first waits in the queue; the pool is then full
            status, _, seconds = event(bot, mention("who owns the digital forensics action?", ts))
            assert status == 200 and seconds < 3
            time.sleep(0.3)  # queued after the ack, on a listener thread: keep the order
        busy = slack.wait_for("chat.postMessage", 2, timeout=30, where=lambda c: c.body.get("thread_ts") in stamps[1:])
        assert sorted(c.body["thread_ts"] for c in busy) == stamps[1:] and all(c.body["text"] == BUSY for c in busy)
        assert bot.deps.answers.submit(lambda: None) is False  # still full: nothing was dropped silently
        release.set()
        [answer] = slack.wait_for("chat.postMessage", 1, timeout=60, where=lambda c: c.body.get("thread_ts") == stamps[0])
        assert "Stephen Kavanagh (SK)" in answer.body["text"]
        assert len(slack.wait_for("chat.postMessage", 4, timeout=2, where=lambda c: c.body.get("thread_ts") in stamps)) == 3
