"""The bot's HTTP app served on loopback against the mock Slack Web API, and the signed
requests Slack would send it: what every test that drives the bot as Slack does shares."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from slack_sdk.models.blocks import Block
from slack_sdk.signature import SignatureVerifier

from bot.app import build_app, http_server
from bot.config import BotConfig
from bot.deps import BotDeps
from bot.service import MinutesService
from tests.slack_mock import BOT_USER, MockSlack

SECRET = "test-signing-secret"
STAFF = "USTAFF"


@dataclass
class Bot:
    url: str
    deps: BotDeps | None
    slack: MockSlack


@contextmanager
def served_bot(slack: MockSlack, service: MinutesService, **settings) -> Iterator[Bot]:
    """The app for `service` on a free loopback port, its Web API calls going to `slack`;
    `settings` are further BotConfig fields (admins, answer_processes, ...)."""
    config = BotConfig(bot_token="xoxb-test", signing_secret=SECRET, api_url=slack.api_url, **settings)
    app, deps = build_app(config, service)
    server = http_server(app, "127.0.0.1", 0, config)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Bot(f"http://127.0.0.1:{server.server_port}/slack/events", deps, slack)
    finally:
        server.shutdown()


def send(bot: Bot, body: str, content_type: str, timestamp: int | None = None, secret: str = SECRET, headers=None):
    """POST a signed request; returns (status, body text, seconds taken)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    request = urllib.request.Request(bot.url, data=body.encode(), method="POST", headers={
        "Content-Type": content_type, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature, **(headers or {})})
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(), time.monotonic() - start
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), time.monotonic() - start


def event(bot: Bot, payload: dict, event_id: str | None = None, **kwargs):
    """Deliver an Events API callback holding `payload`."""
    envelope = {"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": event_id or f"Ev{uuid.uuid4().hex[:10]}",
                "event_time": int(time.time()), "event": payload}
    return send(bot, json.dumps(envelope), "application/json", **kwargs)


def command(bot: Bot, name: str, text: str, user: str):
    """Run a slash command; (status, body, seconds, the path of its response_url on the mock)."""
    response_url = f"{bot.slack.url}/response/{uuid.uuid4().hex}"
    form = {"command": name, "text": text, "user_id": user, "user_name": user.lower(), "team_id": "T1", "channel_id": "C1",
            "response_url": response_url, "trigger_id": "1.2.3", "api_app_id": "A1", "token": "x"}
    status, body, seconds = send(bot, urllib.parse.urlencode(form), "application/x-www-form-urlencoded")
    return status, body, seconds, urllib.parse.urlparse(response_url).path


def replies(bot: Bot, thread: str, count: int = 1, timeout: float = 60):
    """The bot's messages in the thread `thread`, waiting for `count` of them."""
    return bot.slack.wait_for("chat.postMessage", count, timeout, where=lambda c: c.body.get("thread_ts") == thread)


def mention(text: str, ts: str, channel: str = "CGEN", user: str = STAFF, thread_ts: str | None = None) -> dict:
    """An app_mention event asking `text`."""
    body = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER}> {text}", "ts": ts, "channel": channel, "event_ts": ts}
    if thread_ts:
        body["thread_ts"] = thread_ts
    return body


def assert_valid_blocks(blocks: list[dict]) -> None:
    """Block Kit Slack accepts: at most 50 blocks, each valid by slack-sdk's models."""
    assert 0 < len(blocks) <= 50 and len(json.dumps(blocks)) < 12000
    for block in blocks:
        Block.parse(block).validate_json()
