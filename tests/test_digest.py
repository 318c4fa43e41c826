"""The new-minutes digest on SQLite and PostgreSQL, posted to the loopback Slack mock: one
message per new meeting, none for meetings stored before, a re-ingest or a twin; exactly once
across failed posts, two posters and a poster killed (kill -9) mid-post; Block Kit limits."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from slack_sdk.models.blocks import Block
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import web_client
from bot.config import BotConfig
from bot.deps import BotDeps
from bot.digest import post_pending_digests
from bot.listeners.uploads import add_shared_file
from bot.render_digest import DIGEST_EVENT, digest_message
from bot.service import MinutesService
from index import schema
from index.digest_outbox import STALE_CLAIM, DigestOutbox
from index.ingest_files import ingest_paths
from index.meeting_news import meeting_news
from index.store import Store
from tests.conftest import SAMPLES
from tests.digest_minutes import MARCH, MAY, many_actions, write
from tests.slack_mock import MockSlack

ROOT = Path(__file__).resolve().parents[1]
CHANNEL = "CDIGEST"


@pytest.fixture
def slack():
    mock = MockSlack()
    mock.users = {"UALICE": {"id": "UALICE", "name": "alice", "real_name": "Alice Brown",
                             "profile": {"real_name": "Alice Brown", "email": "alice@example.org"}}}
    yield mock
    mock.release()
    mock.close()


def _config(slack: MockSlack, **extra) -> BotConfig:
    return BotConfig(bot_token="xoxb-test", api_url=slack.api_url, digest_channel=CHANNEL, **extra)


def _post(store: Store, slack: MockSlack, **extra):
    config = _config(slack, **extra)
    return post_pending_digests(MinutesService(store), web_client(config), config, pause=0)


def _posted(slack: MockSlack) -> list[dict]:
    return slack.messages.get(CHANNEL, [])


def assert_valid_message(message: dict) -> None:
    blocks = message["blocks"]
    assert 0 < len(blocks) <= 50 and len(json.dumps(blocks)) < 12000 and len(message["text"]) <= 3000
    for block in blocks:
        Block.parse(block).validate_json()
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000


def _corrected(path: Path, folder: Path) -> Path:
    """The same minutes, corrected (a typo fixed), under another file name: a twin."""
    return write(folder, path.stem + "_corrected.txt", path.read_text().replace("Town Hall", "Town  Hall, Riverside"))


def _age_claims(store: Store) -> None:
    """Make every claim older than the lease, as if its poster had died that long ago."""
    with Session(store.engine) as session, session.begin():
        for row in session.scalars(select(schema.MeetingDigest).where(schema.MeetingDigest.state == "posting")):
            row.claimed_at -= STALE_CLAIM + timedelta(minutes=1)


def test_only_meetings_new_since_the_digest_was_configured_are_queued(store, tmp_path):
    ingest_paths(store, [SAMPLES])  # stored before the digest channel was set: never announced
    march = write(tmp_path / "in", "riverside_2019_03_14.txt", MARCH)
    may = write(tmp_path / "in", "riverside_2019_05_16.txt", MAY)
    ingest_paths(store, [march, may], digest=True)
    outbox = DigestOutbox(store.engine)
    assert [(d.source, d.state) for d in outbox.states()] == [(march.name, "pending"), (may.name, "pending")]

    march.write_text(MARCH + "\n3. Any other business\n\nNone.\n")  # the same meeting, its file changed
    twin = _corrected(may, tmp_path / "twin")  # the same minutes as another file
    summary = ingest_paths(store, [march, twin], digest=True)
    assert summary.updated == [march.name, twin.name] and summary.replaced == [(twin.name, may.name)]
    assert [(d.source, d.state) for d in outbox.states()] == [(march.name, "pending"), (twin.name, "pending")]

    store.remove(march.name)  # removed before it was posted: nothing to announce
    assert [(d.source, d.state) for d in outbox.states()] == [(march.name, "dropped"), (twin.name, "pending")]


def test_one_poster_wins_a_claim_and_a_killed_posters_claim_is_taken_over_once_stale(store, tmp_path):
    ingest_paths(store, [write(tmp_path, "riverside_2019_03_14.txt", MARCH)], digest=True)
    first, second = DigestOutbox(store.engine), DigestOutbox(Store.open(str(store.engine.url)).engine)
    [digest] = first.due()
    claim = first.claim(digest, CHANNEL)
    assert claim is not None and not claim.maybe_posted
    assert second.claim(digest, CHANNEL) is None and second.due() == []
    _age_claims(store)  # ...and the claimant is killed
    taken = second.claim(digest, CHANNEL)
    assert taken is not None and taken.maybe_posted  # look in the channel before posting
    assert first.claim(digest, CHANNEL) is None
    assert not first.record_posted(claim, CHANNEL, "1.0")  # the old claimant cannot record over the new one
    twin = _corrected(tmp_path / "riverside_2019_03_14.txt", tmp_path / "twin")
    ingest_paths(store, [twin], digest=True)  # replaces the file while its digest is being posted
    assert second.source_of(taken) == twin.name
    assert second.record_posted(taken, CHANNEL, "2.0")
    assert [(d.source, d.state, d.ts) for d in first.states()] == [(twin.name, "posted", "2.0")] and first.due() == []


def test_several_bot_processes_post_each_digest_once(store, slack, tmp_path):
    folder = tmp_path / "in"
    for name, text in (("riverside_2019_03_14.txt", MARCH), ("riverside_2019_05_16.txt", MAY)):
        write(folder, name, text)
    many_actions(folder)
    ingest_paths(store, [folder], digest=True)
    runs, start = [], threading.Barrier(3)

    def poster() -> None:
        own = Store.open(str(store.engine.url.render_as_string(hide_password=False)))  # a process of its own
        start.wait()
        runs.append(_post(own, slack))
        own.engine.dispose()

    threads = [threading.Thread(target=poster) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(s for run in runs for s in run.posted) == sorted(p.name for p in folder.iterdir())
    assert all(run.failed == [] for run in runs) and len(slack.calls_to("chat.postMessage")) == 3


def test_each_new_meeting_is_posted_once_with_its_decisions_actions_and_earlier_actions_done(store, slack, tmp_path):
    march = write(tmp_path / "in", "riverside_2019_03_14.txt", MARCH)
    may = write(tmp_path / "in", "riverside_2019_05_16.txt", MAY)
    ingest_paths(store, [march, may], digest=True)
    run = _post(store, slack, people={"UCAROL": "Carol Davies"})  # MINUTES_SLACK_PEOPLE
    assert run.posted == [march.name, may.name] and run.failed == []
    first, second = _posted(slack)
    for message in (first, second):
        assert_valid_message(message)
        assert message["metadata"]["event_type"] == DIGEST_EVENT
    assert "Riverside Trust Board, 14 March 2019" in first["text"]
    text = json.dumps(first["blocks"], ensure_ascii=False)
    assert "It was agreed that repairs go ahead &amp; the reading room closes meanwhile." in text
    assert "true record" not in text  # approving the last minutes is routine, not news
    assert "*01/19* <@UALICE> — AB to obtain three quotes" in text  # Alice found by users.list, Carol by the mapping file
    assert "*02/19* <@UCAROL> — CD to draft the spring newsletter" in text and "due 15 April 2019" in text
    text = json.dumps(second["blocks"], ensure_ascii=False)
    assert "The Board approved the new car park lighting scheme &lt;!channel&gt;." in text and "<!channel>" not in text
    assert "*New actions* (1)" in text and "*03/19* Edward Fisher (EF) — EF to order the lighting" in text
    assert "*Earlier actions reported done* (1)" in text and "*01/19* <@UALICE> — AB to obtain three quotes" in text
    assert "set 14 March 2019; reported at item 1" in text and "02/19" not in text.split("reported done")[1]  # carried forward

    # Again, and after a twin replaces May's file: nothing more is posted.
    assert _post(store, slack).posted == []
    ingest_paths(store, [_corrected(may, tmp_path / "twin")], digest=True)
    assert _post(store, slack).posted == [] and len(_posted(slack)) == 2
    assert len(slack.calls_to("chat.postMessage")) == 2
    states = DigestOutbox(store.engine).states()
    assert [(d.source, d.state) for d in states] == [(march.name, "posted"), ("riverside_2019_05_16_corrected.txt", "posted")]
    assert [d.ts for d in states] == [m["ts"] for m in _posted(slack)]


def test_a_meeting_with_sixty_actions_is_one_valid_message(store, slack, tmp_path):
    path = many_actions(tmp_path)
    ingest_paths(store, [path], digest=True)
    news = meeting_news(store.engine, path.name)
    assert len(news.actions) >= 60
    run = _post(store, slack)
    assert run.posted == [path.name]
    [message] = _posted(slack)
    assert_valid_message(message)
    text = json.dumps(message["blocks"], ensure_ascii=False)
    assert f"*New actions* ({len(news.actions)})" in text and "more — `/actions` lists anyone's open actions." in text
    assert "more decisions in the minutes." in text and "budget of £1,000 &amp; a review" in text and "<!channel>" not in text
    assert text.count("• ") >= 20  # lines are cut at the budget, not at the first block


def test_a_refused_or_failed_post_is_posted_by_the_next_run_and_never_twice(store, slack, tmp_path):
    march = write(tmp_path / "in", "riverside_2019_03_14.txt", MARCH)
    may = write(tmp_path / "in", "riverside_2019_05_16.txt", MAY)
    ingest_paths(store, [march, may], digest=True)
    slack.fail("chat.postMessage", status=200, body={"ok": False, "error": "not_in_channel"})
    slack.fail("chat.postMessage", status=503, after=0)  # Slack may or may not have posted: the history says
    run = _post(store, slack)
    assert [source for source, _ in run.failed] == [march.name, may.name] and run.posted == []
    assert "not_in_channel" in run.failed[0][1] and slack.calls_to("conversations.history")
    assert [d.state for d in DigestOutbox(store.engine).states()] == ["pending", "pending"]
    run = _post(store, slack)
    assert run.posted == [march.name, may.name] and len(_posted(slack)) == 2

    # A history the bot cannot read (a missing scope) keeps a maybe-posted digest unposted.
    third = write(tmp_path / "in", "riverside_2019_07_11.txt", MAY.replace("16 May 2019", "11 July 2019").replace("03/19", "04/19"))
    ingest_paths(store, [third], digest=True)
    slack.fail("chat.postMessage", status=500)
    slack.fail("conversations.history", status=200, body={"ok": False, "error": "missing_scope"})
    run = _post(store, slack)
    assert run.posted == [] and "missing_scope" in run.failed[0][1]
    assert [d.state for d in DigestOutbox(store.engine).states()][-1] == "posting"
    assert _post(store, slack).posted == []  # claimed until it goes stale, then checked again


def _environment(slack: MockSlack, url: str) -> dict:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slack.api_url,
            "MINUTES_DIGEST_CHANNEL": CHANNEL, "MINUTES_DATABASE_URL": url}


def _ingest(folder: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli.main", "ingest", str(folder), "--no-index"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _kill_when(slack: MockSlack, method: str, count: int, process: subprocess.Popen) -> None:
    """SIGKILL `process` once the mock holds its `count`-th call of `method` (it has taken effect, unanswered)."""
    calls = slack.wait_for(method, count, timeout=180)
    assert len(calls) >= count, process.communicate(timeout=30)
    process.send_signal(signal.SIGKILL)
    process.wait(30)


def test_kill_9_mid_post_then_a_rerun_posts_each_meeting_exactly_once(database_url, slack, tmp_path):
    store = Store.open(database_url)
    folder = tmp_path / "minutes"
    for name, text in (("riverside_2019_03_14.txt", MARCH), ("riverside_2019_05_16.txt", MAY)):
        write(folder, name, text)
    many_actions(folder)
    env = _environment(slack, database_url)

    # 1. Killed after claiming the first digest, before posting it (waiting on users.list).
    slack.hold("users.list")
    _kill_when(slack, "users.list", 1, _ingest(folder, env))
    assert _posted(slack) == [] and [d.state for d in DigestOutbox(store.engine).states()] == ["posting", "pending", "pending"]

    # 2. Its claim gone stale, the next run takes it over and is killed after Slack posted it, before recording.
    _age_claims(store)
    slack.hold("chat.postMessage")
    _kill_when(slack, "chat.postMessage", 1, _ingest(folder, env))
    assert len(_posted(slack)) == 1 and DigestOutbox(store.engine).states()[0].state == "posting"

    # 3. The next run finds that message in the channel (its metadata) and posts only the other two.
    _age_claims(store)
    done = subprocess.run([sys.executable, "-m", "cli.main", "ingest", str(folder), "--no-index"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "skipped 3" in done.stdout and "digests: posted 2, already posted 1, failed 0" in done.stdout
    posted = _posted(slack)
    sources = [m["metadata"]["event_payload"]["source"] for m in posted]
    assert sorted(sources) == sorted(p.name for p in folder.iterdir()) and len(slack.calls_to("chat.postMessage")) == 3
    states = DigestOutbox(store.engine).states()
    assert {d.state for d in states} == {"posted"} and sorted(d.ts for d in states) == sorted(m["ts"] for m in posted)
    for message in posted:
        assert_valid_message(message)

    # 4. A twin of a posted meeting, ingested by another run: nothing is posted.
    again = subprocess.run([sys.executable, "-m", "cli.main", "ingest", str(_corrected(folder / "riverside_2019_05_16.txt",
                                                                                        tmp_path / "twin")), "--no-index"],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "updated 1" in again.stdout, again.stderr
    assert len(_posted(slack)) == 3 and len(slack.calls_to("chat.postMessage")) == 3
    store.engine.dispose()


def test_an_admin_upload_posts_the_new_meetings_digest(tmp_path, slack, monkeypatch):
    monkeypatch.setenv("MINUTES_HOME", str(tmp_path / "home"))
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    service = MinutesService(store, index_root=tmp_path / "index")
    deps = BotDeps(_config(slack, admins=frozenset({"UADMIN"})), service)
    client = web_client(deps.config)
    slack.add_file("F1", "riverside_2019_03_14.txt", MARCH.encode())
    add_shared_file("F1", "UADMIN", "DADMIN", client, deps, __import__("logging").getLogger("test"))
    [digest] = _posted(slack)
    assert digest["metadata"]["event_payload"]["source"] == "riverside_2019_03_14.txt"
    assert "Added riverside_2019_03_14.txt" in slack.messages["DADMIN"][0]["text"]
    # Slack's retry of the same file, and the same bytes shared again: no second digest.
    add_shared_file("F1", "UADMIN", "DADMIN", client, deps, __import__("logging").getLogger("test"))
    slack.add_file("F2", "riverside_2019_03_14.txt", MARCH.encode())
    add_shared_file("F2", "UADMIN", "DADMIN", client, deps, __import__("logging").getLogger("test"))
    assert len(_posted(slack)) == 1 and "already in the minutes" in slack.messages["DADMIN"][-1]["text"]


def test_doctor_says_whether_digests_are_going_out(store, tmp_path, monkeypatch):
    from cli.doctor import check_digest

    assert check_digest(store).ok and "not set" in check_digest(store).detail
    monkeypatch.setenv("MINUTES_DIGEST_CHANNEL", CHANNEL)
    ingest_paths(store, [write(tmp_path, "riverside_2019_03_14.txt", MARCH)], digest=True)
    assert check_digest(store).ok and check_digest(store).detail == "0 digest(s) posted, 1 waiting"
    with Session(store.engine) as session, session.begin():
        for row in session.scalars(select(schema.MeetingDigest)):
            row.created_at -= timedelta(hours=1)
    late = check_digest(store)
    assert not late.ok and not late.required and "riverside_2019_03_14.txt has waited since" in late.detail


def test_the_digest_message_names_owners_when_they_are_not_slack_users(store, tmp_path):
    path = write(tmp_path, "riverside_2019_03_14.txt", MARCH)
    ingest_paths(store, [path], digest=True)
    message = digest_message(meeting_news(store.engine, path.name), "k1")
    text = json.dumps(message.blocks, ensure_ascii=False)
    assert "*01/19* Alice Brown (AB) — AB to obtain" in text and "<@" not in text
    assert message.metadata == {"event_type": DIGEST_EVENT, "event_payload": {"digest": "k1", "source": path.name}}


def test_minutes_serve_posts_what_was_queued_when_it_starts(slack, tmp_path):
    import socket

    url = f"sqlite:///{tmp_path / 'minutes.db'}"
    store = Store.open(url)
    ingest_paths(store, [write(tmp_path / "in", "riverside_2019_03_14.txt", MARCH)], digest=True)  # e.g. no bot token then
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**_environment(slack, url), "SLACK_SIGNING_SECRET": "secret", "PORT": str(port), "MINUTES_HOME": str(tmp_path / "home")}
    serve = subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1"], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        posted = slack.wait_for("chat.postMessage", 1, timeout=180, where=lambda c: c.body.get("channel") == CHANNEL)
        deadline = time.monotonic() + 30  # the post is recorded once Slack's answer arrives
        while DigestOutbox(store.engine).states()[0].state != "posted" and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            serve.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.communicate()
    assert [c.body["metadata"]["event_payload"]["source"] for c in posted] == ["riverside_2019_03_14.txt"]
    assert [d.state for d in DigestOutbox(store.engine).states()] == ["posted"]
