"""Answer feedback on the loopback Slack mock, over real signed HTTP requests: 👍 / 👎 under each
answer, a 👎 asking ephemerally what was wrong, the vote stored with the answer's citations (and
the question only with MINUTES_KEEP_QUESTIONS); `minutes feedback` reports them."""

from __future__ import annotations

import json
import urllib.parse
import uuid

import pytest
from typer.testing import CliRunner

from bot.config import load_config
from bot.service import MinutesService
from cli.main import app as cli
from index.answer_feedback import Citation, FeedbackLog
from index.ingest_files import ingest_paths
from index.store import Store
from tests.conftest import SAMPLES
from tests.slack_mock import MockSlack
from tests.loopback_bot import STAFF, Bot, assert_valid_blocks, event, mention, replies, send, served_bot

QUESTION = "who owns the digital forensics action?"


@pytest.fixture(scope="module")
def slack():
    mock = MockSlack()
    yield mock
    mock.close()


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    root = tmp_path_factory.mktemp("feedback")
    store = Store.open(f"sqlite:///{root / 'm.db'}")
    ingest_paths(store, [SAMPLES])
    service = MinutesService(store, index_root=root / "index")
    service.reindex()
    return service


@pytest.fixture(scope="module")
def private_bot(slack, service):
    with served_bot(slack, service, keep_questions=False) as bot:
        yield bot


@pytest.fixture(scope="module")
def keeping_bot(slack, service):
    with served_bot(slack, service, keep_questions=True) as bot:
        yield bot


def click(bot: Bot, button: dict, channel: str, message_ts: str, user: str = STAFF, ephemeral: bool = False) -> dict:
    """Send Slack's block_actions for `button`; the reply posted to its response_url."""
    response_url = f"{bot.slack.url}/response/{uuid.uuid4().hex}"
    container = {"type": "message", "channel_id": channel, "message_ts": message_ts, "is_ephemeral": ephemeral}
    payload = {"type": "block_actions", "user": {"id": user}, "team": {"id": "T1"}, "api_app_id": "A1", "token": "x",
               "container": container, "channel": {"id": channel}, "trigger_id": "1.2", "response_url": response_url,
               "actions": [{"action_id": button["action_id"], "block_id": "b", "type": "button", "value": button["value"],
                            "action_ts": "1"}]}
    status, _, seconds = send(bot, urllib.parse.urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
    assert status == 200 and seconds < 3
    [reply] = bot.slack.wait_for(urllib.parse.urlparse(response_url).path)
    return reply.body


def _answer(bot: Bot, ts: str) -> tuple[dict, dict]:
    """Ask QUESTION; (the reply's body, its 👍/👎 buttons by action id)."""
    event(bot, mention(QUESTION, ts))
    [reply] = replies(bot, ts)
    assert_valid_blocks(reply.body["blocks"])
    last = reply.body["blocks"][-1]
    assert last["type"] == "actions" and last["block_id"] == "answer_feedback"
    return reply.body, {b["action_id"]: b for b in last["elements"]}


def test_thumbs_down_then_wrong_meeting_is_stored_with_citations_and_no_question(private_bot):
    reply, buttons = _answer(private_bot, "1700009000.000100")
    assert set(buttons) == {"feedback_up", "feedback_down"}
    assert QUESTION not in json.dumps(reply["blocks"])  # without the opt-in the question is not carried

    asked = click(private_bot, buttons["feedback_down"], "CGEN", "1700009000.000200")
    assert asked["response_type"] == "ephemeral" and asked["replace_original"] is False
    assert_valid_blocks(asked["blocks"])
    reasons = {b["text"]["text"]: b for b in asked["blocks"][-1]["elements"]}
    assert set(reasons) == {"Wrong answer", "Wrong meeting", "Should have said not found"}
    log = FeedbackLog(private_bot.deps.service.store.engine)
    [row] = [r for r in log.rows() if r.slack_user == STAFF]
    assert row.kind == "not_helpful"  # a 👎 counts even if no reason is given

    thanks = click(private_bot, reasons["Wrong meeting"], "CGEN", "1700009000.000200", ephemeral=True)
    assert thanks["replace_original"] is True and "wrong meeting" in thanks["text"]
    [row] = [r for r in log.rows() if r.slack_user == STAFF]
    assert row.kind == "wrong_meeting" and row.question is None
    assert row.citations[0] == Citation("000_af1fb986c0683f01.txt", "Essex Police Performance and Resources Board", "2018-07-26", "2")

    # Another user cannot refine this vote; voting 👍 on the same answer replaces the user's own vote.
    click(private_bot, reasons["Wrong answer"], "CGEN", "1700009000.000200", user="UOTHER", ephemeral=True)
    assert [r.kind for r in log.rows() if r.slack_user == STAFF] == ["wrong_meeting"]
    click(private_bot, buttons["feedback_up"], "CGEN", "1700009000.000200")
    assert [r.kind for r in log.rows() if r.slack_user == STAFF] == ["helpful"]


def test_with_the_opt_in_the_question_is_kept(keeping_bot):
    _, buttons = _answer(keeping_bot, "1700009100.000100")
    asked = click(keeping_bot, buttons["feedback_down"], "CGEN", "1700009100.000200", user="UKEEP")
    reasons = {b["action_id"]: b for b in asked["blocks"][-1]["elements"]}
    click(keeping_bot, reasons["feedback_should_say_not_found"], "CGEN", "1700009100.000200", user="UKEEP", ephemeral=True)
    [row] = [r for r in FeedbackLog(keeping_bot.deps.service.store.engine).rows() if r.slack_user == "UKEEP"]
    assert row.kind == "should_say_not_found" and row.question == QUESTION


def test_keep_questions_is_an_explicit_opt_in():
    base = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}
    assert not load_config(base).keep_questions and not load_config({**base, "MINUTES_KEEP_QUESTIONS": "no"}).keep_questions
    assert load_config({**base, "MINUTES_KEEP_QUESTIONS": "true"}).keep_questions
    assert load_config({**base, "MINUTES_DIGEST_CHANNEL": " C0DIGEST "}).digest_channel == "C0DIGEST"


def test_minutes_feedback_reports_votes_by_kind_and_board(database_url):
    log = FeedbackLog(Store.open(database_url).engine)
    essex = Citation("000_af1fb986c0683f01.txt", "Essex Police Performance and Resources Board", "2018-07-26", "2")
    dorset = Citation("003_f866e752f7698948.txt", "Dorset Police and Crime Panel", "2017-09-22", "83")
    log.vote("wrong_meeting", "U1", "C1", "1.1", [essex, dorset])
    log.vote("wrong_meeting", "U2", "C1", "1.1", [essex])
    log.vote("helpful", "U1", "C1", "1.2", [dorset])
    log.vote("not_helpful", "U3", "C1", "1.3", [])
    result = CliRunner().invoke(cli, ["feedback", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["total"] == 4 and report["by_kind"]["wrong_meeting"] == 2 and report["by_kind"]["wrong_answer"] == 0
    assert report["by_kind_and_board"][0] == {"kind": "wrong_meeting", "board": essex.board, "count": 2}
    assert {"kind": "not_helpful", "board": "(no citation)", "count": 1} in report["by_kind_and_board"]
    table = CliRunner().invoke(cli, ["feedback"])
    assert table.exit_code == 0 and "wrong meeting" in table.output and "4 vote(s)" in table.output
