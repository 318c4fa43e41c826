"""The Home tab ("My actions") and reminder DMs, on the loopback Slack mock and both databases."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.app import web_client
from bot.reminders import send_reminders
from bot.service import MinutesService
from index.ingest_files import ingest_paths
from index.reminder_ledger import ReminderLedger
from tests.conftest import SAMPLES
from tests.slack_mock import MockSlack
from tests.loopback_bot import Bot, assert_valid_blocks, command, event, served_bot

DAY = date(2018, 12, 1)
USERS = {
    "UROGER": {"id": "UROGER", "name": "rhirst", "real_name": "Roger Hirst", "profile": {"real_name": "Roger Hirst", "email": "roger.hirst@example.org"}},
    "UANNA": {"id": "UANNA", "name": "ah", "real_name": "A. H.", "profile": {"real_name": "", "email": "anna.hook@example.org"}},
    "USUE": {"id": "USUE", "name": "susannah", "real_name": "Susannah Hancock", "profile": {"real_name": "Susannah Hancock"}},
    "USTAFF": {"id": "USTAFF", "name": "someone", "real_name": "Someone Else", "profile": {"email": "someone@example.org"}},
}
DM = {"DROGER": "Roger Hirst", "DANNA": "Anna Hook", "DSUE": "Susannah Hancock"}


@pytest.fixture
def slack():
    mock = MockSlack()
    mock.users = json.loads(json.dumps(USERS))
    yield mock
    mock.close()


@pytest.fixture
def bot(store, slack, tmp_path, monkeypatch):
    monkeypatch.setenv("MINUTES_TODAY", DAY.isoformat())
    ingest_paths(store, sorted(SAMPLES.glob("*.txt")))
    service = MinutesService(store, index_root=tmp_path / "index")  # the Home tab and reminders need no search index
    with served_bot(slack, service) as bot:
        yield bot


def open_home(bot: Bot, user: str) -> dict:
    status, _, seconds = event(bot, {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home", "event_ts": "1.0"})
    assert status == 200 and seconds < 3
    [call] = bot.slack.wait_for("views.publish", where=lambda c: c.body.get("user_id") == user)
    return call.body["view"]


def remind(bot: Bot, on: date = DAY):
    return send_reminders(web_client(bot.deps.config), bot.deps.config, bot.deps.service, on)


def delivered(slack: MockSlack) -> dict[str, int]:
    """Reminder DMs that Slack accepted, per person."""
    counts: dict[str, int] = {}
    for call in slack.calls_to("chat.postMessage"):
        if call.body.get("channel") in DM and call.ok:
            counts[DM[call.body["channel"]]] = counts.get(DM[call.body["channel"]], 0) + 1
    return counts


def test_home_tab_shows_a_matched_users_open_actions_overdue_first(bot):
    view = open_home(bot, "UROGER")
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    assert_valid_blocks(view["blocks"])
    text = json.dumps(view)
    assert "Roger Hirst" in text and "Overdue" in text
    sections = [b for b in view["blocks"] if b["type"] == "section" and b.get("accessory")]
    roger = [a for a in bot.deps.service.open_actions("Roger Hirst")]
    assert len(sections) == len(roger) and all(s["accessory"]["text"]["text"] == "Details" for s in sections)
    # Overdue first: 67/16 (due 24 November 2016) and 71/16 (30 November 2016) before actions without a due date.
    order = [s["text"]["text"] for s in sections]
    overdue = [i for i, t in enumerate(order) if "overdue" in t]
    assert overdue and overdue == list(range(len(overdue)))
    first = order[0]
    assert "67/16" in first and "Joint Performance and Resources Scrutiny Meeting" in first and "7 November 2016" in first
    assert "due 24 November 2016" in first and "item" in first


def test_home_tab_tells_an_unmatched_user_how_to_be_matched(bot):
    view = open_home(bot, "USTAFF")
    assert_valid_blocks(view["blocks"])
    text = json.dumps(view)
    assert "Someone Else" in text and "MINUTES_SLACK_PEOPLE" in text and "name the minutes use" in text
    assert not any(b.get("accessory") for b in view["blocks"])


def test_two_reminder_runs_send_one_dm_each(bot):
    first = remind(bot)
    assert sorted(first.sent) == sorted(DM.values())
    assert "Stephen Kavanagh" in first.unmatched  # in the minutes, not in this Slack workspace
    opened = {c.body["users"] for c in bot.slack.calls_to("conversations.open")}
    assert opened == {"UROGER", "UANNA", "USUE"}
    second = remind(bot)
    assert second.sent == [] and sorted(second.already_sent) == sorted(DM.values())
    assert delivered(bot.slack) == {name: 1 for name in DM.values()}
    [anna] = [c for c in bot.slack.calls_to("chat.postMessage") if c.body.get("channel") == "DANNA"]
    assert_valid_blocks(anna.body["blocks"])
    assert "45/18" in json.dumps(anna.body["blocks"]) and anna.body["text"].startswith("Reminder for Anna Hook: you have 3 overdue actions")
    assert ReminderLedger(bot.deps.service.store.engine).sent_on(DAY) == sorted(DM.values())


def test_opting_out_with_the_actions_command_is_respected(bot):
    status, body, _, _ = command(bot, "/actions", "remind off", "UANNA")
    assert status == 200 and "Reminders are off" in body
    report = remind(bot)
    assert report.opted_out == ["Anna Hook"] and "Anna Hook" not in report.sent
    assert "Anna Hook" not in delivered(bot.slack)
    _, body, _, _ = command(bot, "/actions", "remind on", "UANNA")
    assert "Reminders are on" in body
    assert remind(bot).sent == ["Anna Hook"]  # the others had theirs today already
    assert delivered(bot.slack) == {name: 1 for name in DM.values()}


def test_a_slack_error_mid_run_then_a_rerun_reminds_everyone_once(bot):
    bot.slack.fail("chat.postMessage", status=200, body={"ok": False, "error": "fatal_error"}, after=1)
    first = remind(bot)
    assert len(first.sent) == 2 and [reason for _, reason in first.failed] == ["fatal_error"]
    failed = first.failed[0][0]
    second = remind(bot)
    assert second.sent == [failed] and second.failed == []
    assert delivered(bot.slack) == {name: 1 for name in DM.values()}
    last = ReminderLedger(bot.deps.service.store.engine).last_run()
    assert last is not None and last.sent == 1 and last.failed == 0


def test_the_details_button_shows_what_later_meetings_said(bot, tmp_path):
    import urllib.parse

    from bot.render import action_button_value
    from corpus.minutes import parse_minutes
    from tests.test_action_continuity import ESSEX_SEPTEMBER
    from tests.test_bot_http import send

    later = tmp_path / "005_september.txt"
    later.write_text(ESSEX_SEPTEMBER)
    bot.deps.service.store.ingest(parse_minutes(later), later)
    record = next(a for a in bot.deps.service.store.actions(status="all") if a.ref == "47/18" and not a.from_log)
    # Clicked on the Home tab: Slack sends no response_url there, so the record opens in a modal.
    payload = {"type": "block_actions", "user": {"id": "UROGER"}, "team": {"id": "T1"}, "api_app_id": "A1", "token": "x",
               "container": {"type": "view", "view_id": "V1"}, "trigger_id": "1.2.home", "view": {"id": "V1", "type": "home"},
               "actions": [{"action_id": "show_action", "block_id": "b1", "type": "button",
                            "value": action_button_value(record), "action_ts": "1"}]}
    status, _, _ = send(bot, urllib.parse.urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
    assert status == 200
    [modal] = bot.slack.wait_for("views.open")
    assert modal.body["trigger_id"] == "1.2.home" and modal.body["view"]["type"] == "modal"
    assert_valid_blocks(modal.body["view"]["blocks"])
    text = json.dumps(modal.body["view"]["blocks"])
    assert "*Action 47/18*" in text and "History" in text and "carried forward" in text
    assert "27 September 2018" in text and "still being drafted" in text
