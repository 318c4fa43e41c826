"""Block Kit rendering without Slack: escaping, limits, and what a reply shows."""

import json

import pytest
from slack_sdk.models.blocks import Block

from bot.config import ConfigError, load_config
from bot.render import answer_message, escape
from index.passages import Passage
from index.views import ActionView, OwnerView
from retrieval.answer_types import Answer
from retrieval.hybrid import RankedPassage
from retrieval.intents import Intent


def passage(text: str, n: int = 0) -> RankedPassage:
    return RankedPassage(Passage(f"p{n}", "x.txt", "https://example.org/minutes?id=1&v=2", "Audit & Risk <Committee>", None,
                                 "2019-03-04", "5", "Budget <2019>", 0, text), 0.5)


def action(n: int) -> ActionView:
    return ActionView(f"{n}/19", "Do the thing " * 40, [OwnerView("Anna Hook", "AH", "person")], "2019-04", "April 2019",
                      "open", "x.txt", "Audit", "2019-03-04", "5", "Budget", False)


def test_minutes_text_is_escaped_so_nothing_pings_or_breaks_links():
    message = answer_message(Answer("q", Intent.FACT, True, "Members said <!channel> & <@U123> were > 5", [passage("See <!here> & more")]))
    rendered = json.dumps(message.blocks)
    assert "<!channel>" not in rendered and "<!here>" not in rendered and "<@U123>" not in rendered
    assert "&lt;!channel&gt; &amp; &lt;@U123&gt;" in rendered
    assert "<https://example.org/minutes?id=1&v=2|x.txt>" in rendered  # a real link to the minutes
    assert escape("a<b>&c") == "a&lt;b&gt;&amp;c"


def test_a_huge_answer_stays_within_block_kit_limits():
    passages = [passage("word " * 5000, n) for n in range(30)]
    actions = [action(n) for n in range(40)]
    message = answer_message(Answer("q", Intent.PERSON_ACTIONS, True, "x" * 20000, passages, actions))
    assert len(message.blocks) <= 50 and len(json.dumps(message.blocks)) <= 12000 and len(message.text) <= 3000
    for block in message.blocks:
        Block.parse(block).validate_json()
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
            if "accessory" in block:
                assert len(block["accessory"]["value"]) <= 2000


def test_not_found_shows_possibly_related():
    message = answer_message(Answer("q", Intent.FACT, False, "The minutes don't give the amount; closest: …", [passage("close")]))
    rendered = json.dumps(message.blocks)
    assert "*Possibly related*" in rendered and "*Sources*" not in rendered


def test_sources_the_answer_rests_on_come_first_then_a_few_marked_related():
    passages = [passage(f"excerpt {n}", n) for n in range(8)]
    message = answer_message(Answer("q", Intent.ACTION_OWNER, True, "46/18 — …", passages, supporting=1))
    rendered = json.dumps(message.blocks)
    assert rendered.index("*Sources*") < rendered.index("excerpt 0") < rendered.index("*Related*") < rendered.index("excerpt 1")
    assert "excerpt 2" in rendered and "excerpt 3" not in rendered  # at most two related


def test_configuration_errors_name_what_is_missing():
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN.*SLACK_APP_TOKEN.*SLACK_SIGNING_SECRET"):
        load_config({})
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        load_config({"SLACK_BOT_TOKEN": "xoxb-1"})
    socket = load_config({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "MINUTES_ADMINS": "U1, U2"})
    assert socket.socket_mode and socket.admins == {"U1", "U2"}
    assert not load_config({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}).socket_mode


def test_the_manifest_asks_for_what_the_bot_uses():
    import yaml

    from pathlib import Path

    manifest = yaml.safe_load((Path(__file__).resolve().parents[1] / "deploy" / "slack-manifest.yml").read_text())
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "app_mentions:read", "chat:write", "commands", "im:history", "files:read", "reactions:write", "users:read", "users:read.email",
        "im:write",  # reminder DMs (conversations.open)
        "channels:history", "groups:history"}  # the digest channel's history: a digest posted before a crash
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im", "file_shared", "app_home_opened"}
    assert manifest["features"]["app_home"]["home_tab_enabled"]
    assert {c["command"] for c in manifest["features"]["slash_commands"]} == {"/actions", "/minutes", "/reindex"}
    assert manifest["settings"]["socket_mode_enabled"] and manifest["settings"]["interactivity"]["is_enabled"]


def test_the_test_session_cannot_reach_the_network():
    import socket

    with pytest.raises(ConnectionRefusedError, match="loopback"):
        socket.create_connection(("203.0.113.7", 443), timeout=1)
