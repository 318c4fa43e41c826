"""The Slack app in HTTP mode on loopback: real signed requests in, a mock Web API out."""

from __future__ import annotations

import json
import time
import urllib.parse
import uuid

import pytest

from bot.service import MinutesService
from index.ingest_files import ingest_paths
from index.store import Store
from tests.conftest import SAMPLES
from tests.loopback_bot import STAFF, assert_valid_blocks, command, event, mention, replies, send, served_bot
from tests.slack_mock import BOT_USER, MockSlack

ADMIN = "UADMIN"
DORSET = SAMPLES / "003_f866e752f7698948.txt"
NODEJS = SAMPLES.parents[2] / "shared" / "corpus" / "scale" / "nodejs-tsc"


@pytest.fixture(scope="module")
def slack():
    mock = MockSlack()
    mock.users = {
        "UROGER": {"id": "UROGER", "name": "rhirst", "real_name": "Roger Hirst", "profile": {"real_name": "Roger Hirst", "email": "roger.hirst@example.org"}},
        "UANNA": {"id": "UANNA", "name": "ah", "real_name": "A. H.", "profile": {"real_name": "", "email": "anna.hook@example.org"}},
        STAFF: {"id": STAFF, "name": "someone", "real_name": "Someone Else", "profile": {"email": "someone@example.org"}},
    }
    yield mock
    mock.close()


@pytest.fixture(scope="module")
def bot(slack, tmp_path_factory):
    root = tmp_path_factory.mktemp("bot")
    store = Store.open(f"sqlite:///{root / 'm.db'}")
    ingest_paths(store, [p for p in sorted(SAMPLES.glob("*.txt")) if p != DORSET])  # Dorset comes by upload
    service = MinutesService(store, index_root=root / "index")
    service.reindex()
    with served_bot(slack, service, admins=frozenset({ADMIN})) as bot:
        yield bot


def test_a_mention_gets_one_threaded_cited_reply_even_when_retried(bot):
    ts = "1700000000.000100"
    event_id = "EvFORENSICS"
    status, _, seconds = event(bot, mention("who owns the digital forensics action?", ts), event_id=event_id)
    assert status == 200 and seconds < 3
    [reply] = replies(bot, ts)
    assert reply.body["channel"] == "CGEN" and "Stephen Kavanagh (SK)" in reply.body["text"] and "46/18" in reply.body["text"]
    assert_valid_blocks(reply.body["blocks"])
    rendered = json.dumps(reply.body["blocks"])
    assert "Essex Police Performance and Resources Board" in rendered and "item 2 Digital Forensics" in rendered
    # Slack's retry of the same event, and the same message arriving as a channel message: no second reply.
    event(bot, mention("who owns the digital forensics action?", ts), event_id=event_id, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    event(bot, {"type": "message", "channel_type": "channel", "user": STAFF, "text": f"<@{BOT_USER}> who owns the digital forensics action?", "ts": ts, "channel": "CGEN"})
    time.sleep(2)
    assert len(replies(bot, ts, count=2, timeout=1)) == 1
    assert bot.slack.calls_to("reactions.add") and bot.slack.calls_to("reactions.remove")


def test_bad_signature_or_stale_timestamp_is_refused_without_any_web_api_call(bot):
    before = len(bot.slack.calls)
    status, _, _ = event(bot, mention("who owns the digital forensics action?", "1700000001.000100"), secret="wrong")
    assert status == 401
    status, _, _ = event(bot, mention("who owns the digital forensics action?", "1700000002.000100"), timestamp=int(time.time()) - 600)
    assert status == 401
    time.sleep(1)
    assert len(bot.slack.calls) == before


def test_url_verification_echoes_the_challenge(bot):
    status, body, _ = send(bot, json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"}), "application/json")
    assert status == 200 and "abc123" in body


def test_actions_for_the_caller_and_for_a_named_person(bot):
    status, body, seconds, path = command(bot, "/actions", "", "UROGER")
    assert status == 200 and seconds < 3 and "open actions for you" in body
    [own] = bot.slack.wait_for(path)
    assert own.body["response_type"] == "ephemeral"
    assert own.body["text"].startswith("Roger Hirst has 4 open actions") and "67/16" in own.body["text"]
    assert_valid_blocks(own.body["blocks"])
    _, body, _, path = command(bot, "/actions", "<@UANNA|ah>", STAFF)  # resolved by users.info email
    assert "<@UANNA|ah>" in body
    [anna] = bot.slack.wait_for(path)
    assert anna.body["text"].startswith("Anna Hook has 6 open actions")
    _, _, _, path = command(bot, "/actions", "Stephen Kavanagh", STAFF)
    [named] = bot.slack.wait_for(path)
    assert named.body["text"].startswith("Stephen Kavanagh has 4 open actions")
    _, _, _, path = command(bot, "/actions", "", STAFF)  # a Slack user not in the minutes
    [unknown] = bot.slack.wait_for(path)
    assert "couldn't find Someone Else" in unknown.body["text"]


def test_minutes_command_returns_cited_passages(bot):
    status, body, _, path = command(bot, "/minutes", "restorative justice extension", STAFF)
    assert status == 200 and "restorative justice extension" in body
    [found] = bot.slack.wait_for(path)
    assert found.body["response_type"] == "ephemeral" and "restorative justice extension" in found.body["text"]
    assert "Business Coordination Board" in json.dumps(found.body["blocks"])
    assert_valid_blocks(found.body["blocks"])


def test_reindex_is_for_admins_only(bot):
    version = bot.deps.service.engine().version
    status, body, _, path = command(bot, "/reindex", "", STAFF)
    assert status == 200 and "only admins" in body
    time.sleep(2)
    assert bot.slack.calls_to(path) == [] and bot.deps.service.engine().version == version
    status, body, seconds, path = command(bot, "/reindex", "", ADMIN)
    assert status == 200 and seconds < 3 and "Re-indexing" in body
    [done] = bot.slack.wait_for(path)
    assert f"index version {version + 1} is live" in done.body["text"]
    assert bot.deps.service.engine().version == version + 1


def test_an_admin_upload_becomes_answerable_and_others_are_told_politely(bot):
    bot.slack.add_file("FSTAFF", "notes.txt", b"Minutes of something")
    event(bot, {"type": "file_shared", "file_id": "FSTAFF", "user_id": STAFF, "channel_id": "DSTAFF", "event_ts": "1.1"})
    [refusal] = bot.slack.wait_for("chat.postMessage", where=lambda c: c.body.get("channel") == "DSTAFF")
    assert "Only admins can add minutes" in refusal.body["text"]

    bot.slack.add_file("FDORSET", DORSET.name, DORSET.read_bytes())
    share = {"type": "message", "subtype": "file_share", "channel_type": "im", "channel": "DADMIN", "user": ADMIN,
             "ts": "1700000100.000100", "text": "", "files": [{"id": "FDORSET"}]}
    event(bot, share)
    event(bot, {"type": "file_shared", "file_id": "FDORSET", "user_id": ADMIN, "channel_id": "DADMIN", "event_ts": "1.2"})
    [summary] = bot.slack.wait_for("chat.postMessage", where=lambda c: c.body.get("channel") == "DADMIN")
    assert summary.body["text"].startswith(f"Added {DORSET.name}: Dorset Police and Crime Panel, 22 September 2017")
    download = bot.slack.calls_to("GET /files/FDORSET")
    assert len(download) == 1 and download[0].headers["Authorization"] == "Bearer xoxb-test"
    ts = "1700000200.000100"
    event(bot, mention("What can Dorset's digital dogs do?", ts))
    [reply] = replies(bot, ts)
    assert "USB" in reply.body["text"] or "mobile" in reply.body["text"]
    time.sleep(1)
    assert len(bot.slack.wait_for("chat.postMessage", 2, 1, where=lambda c: c.body.get("channel") == "DADMIN")) == 1


def test_a_rate_limited_reply_is_retried_and_arrives(bot):
    bot.slack.fail("chat.postMessage", status=429, times=1)
    ts = "1700000300.000100"
    event(bot, mention("Who is drawing up the decision sheet for the virements?", ts))
    arrived = replies(bot, ts, count=2)
    assert len(arrived) == 2  # the 429, then the retry after Retry-After
    assert "Debbie Martin" in arrived[-1].body["text"]


def test_follow_up_questions_in_a_dm_thread_keep_their_context(bot):
    first = "1700000400.000100"
    event(bot, {"type": "message", "channel_type": "im", "channel": "DROGER", "user": "UROGER", "text": "What are Roger Hirst's open actions?", "ts": first})
    [reply] = replies(bot, first)
    assert reply.body["text"].startswith("Roger Hirst (RH) has 4 open actions")
    event(bot, {"type": "message", "channel_type": "im", "channel": "DROGER", "user": "UROGER", "text": "and what's due in November 2016?",
                "ts": "1700000401.000100", "thread_ts": first})
    [_, follow_up] = replies(bot, first, count=2)
    assert follow_up.body["text"].startswith("Roger Hirst (RH) has 2 open actions due in November 2016")


def test_the_details_button_shows_the_full_record(bot):
    ts = "1700000500.000100"
    event(bot, mention("Who owns the body worn video action?", ts))
    [reply] = replies(bot, ts)
    button = next(b["accessory"] for b in reply.body["blocks"] if b.get("accessory", {}).get("action_id") == "show_action")
    response_url = f"{bot.slack.url}/response/{uuid.uuid4().hex}"
    payload = {"type": "block_actions", "user": {"id": STAFF}, "team": {"id": "T1"}, "api_app_id": "A1", "token": "x",
               "container": {"type": "message"}, "trigger_id": "1.2", "response_url": response_url,
               "actions": [{"action_id": "show_action", "block_id": "b1", "type": "button", "value": button["value"], "action_ts": "1"}]}
    status, _, _ = send(bot, urllib.parse.urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
    assert status == 200
    [detail] = bot.slack.wait_for(urllib.parse.urlparse(response_url).path)
    assert detail.body["response_type"] == "ephemeral"
    assert "*Action 52/18*" in detail.body["blocks"][0]["text"]["text"] and "Anna Hook (AH)" in detail.body["blocks"][0]["text"]["text"]


@pytest.mark.skipif(not NODEJS.exists(), reason="the shared nodejs-tsc corpus is not beside the project")
def test_every_listener_acks_quickly_while_a_slow_ingest_runs(bot, tmp_path):
    # A real, slow upload: a long set of notes whose hundreds of new passages must be embedded.
    notes = sorted(NODEJS.glob("2019-*.md"))[:10]
    big = "\n\n".join(p.read_text() for p in notes)
    bot.slack.add_file("FBIG", "tsc-2019-collected.md", big.encode())
    event(bot, {"type": "file_shared", "file_id": "FBIG", "user_id": ADMIN, "channel_id": "DBIG", "event_ts": "1.4"})
    deadline = time.monotonic() + 30
    while not bot.deps.service._write_lock.locked() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert bot.deps.service._write_lock.locked(), "the ingest should be running"
    timings = [
        event(bot, mention("Who owns the hate crime paper?", "1700000600.000100"))[2],
        command(bot, "/actions", "Anna Hook", STAFF)[2],
        command(bot, "/minutes", "body worn video", STAFF)[2],
        command(bot, "/reindex", "", ADMIN)[2],
        event(bot, {"type": "file_shared", "file_id": "FSTAFF2", "user_id": STAFF, "channel_id": "DX", "event_ts": "1.5"})[2],
    ]
    assert bot.deps.service._write_lock.locked()  # all of that happened during the ingest
    assert max(timings) < 1.5, timings
    # The question was answered from the live version while the ingest ran.
    [answered] = replies(bot, "1700000600.000100")
    assert "Anna Hook" in answered.body["text"]
    [summary] = bot.slack.wait_for("chat.postMessage", where=lambda c: c.body.get("channel") == "DBIG", timeout=180)
    assert summary.body["text"].startswith("Added tsc-2019-collected.md")


def test_the_bots_own_messages_are_ignored_and_server_errors_retried(bot):
    before = len(bot.slack.calls_to("chat.postMessage"))
    event(bot, {"type": "message", "channel_type": "im", "channel": "DSELF", "user": BOT_USER, "bot_id": "B1",
                "text": "Who owns the digital forensics action?", "ts": "1700000700.000100"})
    time.sleep(2)
    assert len(bot.slack.calls_to("chat.postMessage")) == before
    bot.slack.fail("chat.postMessage", status=503, times=1, body={"ok": False, "error": "service_unavailable"}, headers={})
    ts = "1700000800.000100"
    event(bot, mention("Who owns the body worn video action?", ts))
    arrived = replies(bot, ts, count=2)
    assert len(arrived) == 2 and "Anna Hook" in arrived[-1].body["text"]
