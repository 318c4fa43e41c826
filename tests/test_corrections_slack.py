"""Admins correct action records from Slack, on the loopback Slack mock and both databases: the
Details view's "Correct" modal and a cited passage's "Add action" modal, end to end."""

from __future__ import annotations

import json
import time
import urllib.parse
import uuid

import pytest
from slack_sdk.models.views import View

from bot.app import web_client
from bot.correction_notices import notify_orphaned_corrections
from bot.service import MinutesService
from index.ingest_files import ingest_paths
from tests.slack_mock import MockSlack
from tests.loopback_bot import Bot, assert_valid_blocks, command, event, mention, replies, send, served_bot
from tests.test_corrections import CAMBS, COMMISSIONER, minutes  # noqa: F401 - the fixture
from tests.test_my_actions_slack import USERS, open_home

ADMIN, STAFF = "UADMIN", "USTAFF"
QUESTION = "who owns the digital forensics action?"


@pytest.fixture
def slack():
    mock = MockSlack()
    mock.users = json.loads(json.dumps(USERS))
    yield mock
    mock.close()


@pytest.fixture
def bot(store, slack, minutes, tmp_path, monkeypatch):  # noqa: F811 - the fixture imported above
    monkeypatch.setenv("MINUTES_TODAY", "2018-12-01")
    ingest_paths(store, [minutes])
    service = MinutesService(store, index_root=tmp_path / "index")
    service.reindex()
    with served_bot(slack, service, admins=frozenset({ADMIN})) as bot:
        yield bot


def interact(bot: Bot, payload: dict):
    base = {"team": {"id": "T1"}, "api_app_id": "A1", "token": "x", "trigger_id": f"1.{uuid.uuid4().hex[:6]}"}
    return send(bot, urllib.parse.urlencode({"payload": json.dumps({**base, **payload})}), "application/x-www-form-urlencoded")


def click(bot: Bot, user: str, action_id: str, value: str) -> tuple[str, str]:
    """A button under a message; (response_url path, trigger_id)."""
    response_url = f"{bot.slack.url}/response/{uuid.uuid4().hex}"
    trigger = f"1.{uuid.uuid4().hex[:6]}"
    status, _, seconds = interact(bot, {
        "type": "block_actions", "user": {"id": user}, "container": {"type": "message"}, "trigger_id": trigger,
        "response_url": response_url,
        "actions": [{"action_id": action_id, "block_id": "b1", "type": "button", "value": value, "action_ts": "1"}]})
    assert status == 200 and seconds < 3
    return urllib.parse.urlparse(response_url).path, trigger


def submit(bot: Bot, user: str, view: dict, values: dict) -> dict:
    """The modal submitted with these input values; Slack's reply to the submission."""
    status, body, seconds = interact(bot, {"type": "view_submission", "user": {"id": user},
                                           "view": {**view, "id": "V1", "state": {"values": values}}})
    assert status == 200 and seconds < 3
    return json.loads(body) if body else {}


def answer(bot: Bot, question: str) -> dict:
    ts = f"{time.time():.6f}"
    event(bot, mention(question, ts))
    [reply] = replies(bot, ts)
    return reply.body


def assert_valid_modal(view: dict) -> None:
    assert len(view["blocks"]) <= 100 and len(view["title"]["text"]) <= 24 and len(view.get("private_metadata", "")) <= 3000
    for block in view["blocks"]:
        from slack_sdk.models.blocks import Block

        Block.parse(block).validate_json()
    View(**view).validate_json()


def wait_for_version(bot: Bot, after: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while (bot.deps.service.live_version() or 0) <= after and time.monotonic() < deadline:
        time.sleep(0.1)
    assert (bot.deps.service.live_version() or 0) > after


def test_an_admin_corrects_an_owner_from_the_modal_and_every_view_follows(bot):
    reply = answer(bot, QUESTION)
    assert "Stephen Kavanagh (SK)" in reply["text"]
    assert_valid_blocks(reply["blocks"])
    details = next(b["accessory"]["value"] for b in reply["blocks"] if b.get("accessory", {}).get("action_id") == "show_action")

    # Staff see the record without a "Correct" button; the admin sees one.
    path, _ = click(bot, STAFF, "show_action", details)
    [staff_view] = bot.slack.wait_for(path)
    assert "correct_action" not in json.dumps(staff_view.body["blocks"])
    path, _ = click(bot, ADMIN, "show_action", details)
    [admin_view] = bot.slack.wait_for(path)
    assert_valid_blocks(admin_view.body["blocks"])
    correct = next(e for b in admin_view.body["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert correct["action_id"] == "correct_action" and correct["text"]["text"] == "Correct"

    # A non-admin's click is refused ephemerally: no modal.
    path, _ = click(bot, STAFF, "correct_action", correct["value"])
    [refused] = bot.slack.wait_for(path)
    assert "only admins" in refused.body["text"] and not bot.slack.calls_to("views.open")

    _, trigger = click(bot, ADMIN, "correct_action", correct["value"])
    [opened] = bot.slack.wait_for("views.open")
    modal = opened.body["view"]
    assert opened.body["trigger_id"] == trigger and modal["callback_id"] == "correct_action_modal"
    assert_valid_modal(modal)
    owner = next(b for b in modal["blocks"] if b.get("block_id") == "owner")["element"]
    assert owner["initial_option"]["value"] == "Stephen Kavanagh" and "Anna Hook" in [o["value"] for o in owner["options"]]
    values = {"owner": {"pick": {"type": "static_select", "selected_option": {"value": "Anna Hook"}}},
              "due": {"date": {"type": "datepicker", "selected_date": "2019-01-31"}},
              "status": {"pick": {"type": "static_select", "selected_option": {"value": "open"}}}}

    # The same submission from a non-admin (a forged payload) is refused server-side; nothing changes.
    refused = submit(bot, STAFF, modal, values)
    assert refused["response_action"] == "errors" and "only admins" in refused["errors"]["owner_other"]
    assert bot.deps.service.store.corrections() == []

    version = bot.deps.service.live_version()
    done = submit(bot, ADMIN, modal, values)
    assert done["response_action"] == "update" and "owner → Anna Hook, due → 2019-01-31" in json.dumps(done["view"], ensure_ascii=False)
    assert_valid_modal(done["view"])
    [correction] = bot.deps.service.store.corrections()
    assert correction.corrected_by == ADMIN and correction.status is None  # unchanged fields are not corrections
    wait_for_version(bot, version)

    reply = answer(bot, QUESTION)
    assert "Anna Hook (AH)" in reply["text"] and "Stephen Kavanagh" not in reply["text"]
    _, _, _, path = command(bot, "/actions", "", "UANNA")
    [listed] = bot.slack.wait_for(path)
    assert "46/18" in listed.body["text"] and "due 31 January 2019" in listed.body["text"]
    home = open_home(bot, "UANNA")
    assert_valid_blocks(home["blocks"])
    assert "46/18" in json.dumps(home["blocks"])
    path, _ = click(bot, ADMIN, "show_action", details)
    [corrected] = bot.slack.wait_for(path)
    assert "Corrected by <@UADMIN>" in json.dumps(corrected.body["blocks"])


def test_an_admin_adds_a_missed_action_from_a_cited_passage(bot):
    reply = answer(bot, "what was said about the domestic abuse response?")
    buttons = [b["accessory"] for b in reply["blocks"] if b.get("accessory", {}).get("action_id") == "add_action"]
    assert buttons and len(json.dumps(reply["blocks"])) < 12000
    value = next(b["value"] for b in buttons if json.loads(b["value"])["source"] == CAMBS)
    assert json.loads(value)["item"] == "8"

    path, _ = click(bot, STAFF, "add_action", value)
    [refused] = bot.slack.wait_for(path)
    assert "only admins" in refused.body["text"] and not bot.slack.calls_to("views.open")

    click(bot, ADMIN, "add_action", value)
    [opened] = bot.slack.wait_for("views.open")
    modal = opened.body["view"]
    assert_valid_modal(modal)
    text = next(b for b in modal["blocks"] if b.get("block_id") == "text")["element"]["initial_value"]
    assert text and text in " ".join(bot.deps.service.store.items(CAMBS, "8")[0].text.split())
    values = {"text": {"text": {"type": "plain_text_input", "value": "Review the Domestic Abuse strategy revision"}},
              "owner_other": {"name": {"type": "plain_text_input", "value": "Chief Executive"}}}
    assert submit(bot, STAFF, modal, values)["response_action"] == "errors"
    assert bot.deps.service.store.corrections() == []
    version = bot.deps.service.live_version()
    assert submit(bot, ADMIN, modal, values)["response_action"] == "update"
    [added] = [a for a in bot.deps.service.store.actions(person="Chief Executive")]
    assert added.source == CAMBS and added.item == "8" and added.corrected_by == ADMIN
    wait_for_version(bot, version)
    assert any(a.description.startswith("Review the Domestic Abuse") for a in bot.deps.service.engine().index.actions)


def test_an_orphaned_correction_is_told_to_its_admin_once(bot, minutes):  # noqa: F811
    service = bot.deps.service
    service.correct_action(CAMBS, None, COMMISSIONER, by=ADMIN, owner="Debbie Martin")
    service.correct_action(CAMBS, None, "Equality and Diversity", by="alice", status="closed")  # from the CLI
    path = minutes / CAMBS
    text = path.read_text()
    path.write_text(text.replace(COMMISSIONER, "The Board noted").replace("Equality and Diversity update paper", "Noted"))
    service.reindex()
    client = web_client(bot.deps.config)
    told = notify_orphaned_corrections(client, service.store)
    assert len(told) == 1  # the CLI user has no Slack account to tell
    [dm] = bot.slack.wait_for("chat.postMessage", where=lambda c: c.body.get("channel") == "DADMIN")
    assert_valid_blocks(dm.body["blocks"])
    assert "no longer appl" in dm.body["text"] and "Commissioner is to meet" in dm.body["text"]
    assert notify_orphaned_corrections(client, service.store) == []  # told once
    assert len(service.store.corrections()) == 2  # kept


def test_the_add_action_button_carries_minutes_text_escaped_and_gives_it_back():
    from bot.render_corrections import add_button, button_sentence

    button = add_button("x.txt", "5", "Members said <!channel> & RL would report back")
    assert "<!channel>" not in button["value"] and len(button["value"]) <= 2000
    assert button_sentence(json.loads(button["value"])) == "Members said <!channel> & RL would report back"
    long = add_button("x.txt", "5", "“Quoted” " * 400)
    assert len(long["value"]) <= 2000


def test_correct_from_the_home_tabs_details_modal_pushes_the_correction_modal(bot):
    from bot.render import action_button_value

    record = next(a for a in bot.deps.service.store.actions(status="all") if a.ref == "46/18")
    status, _, seconds = interact(bot, {
        "type": "block_actions", "user": {"id": ADMIN}, "container": {"type": "view", "view_id": "V9"},
        "view": {"id": "V9", "type": "modal"},
        "actions": [{"action_id": "correct_action", "block_id": "b1", "type": "button",
                     "value": action_button_value(record), "action_ts": "1"}]})
    assert status == 200 and seconds < 3
    [pushed] = bot.slack.wait_for("views.push")
    assert pushed.body["view"]["callback_id"] == "correct_action_modal" and not bot.slack.calls_to("views.open")
    assert_valid_modal(pushed.body["view"])
