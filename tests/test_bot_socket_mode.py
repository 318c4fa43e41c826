"""Socket Mode against a loopback WebSocket server: hello, envelopes, acks, disconnect → reconnect."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest
from aiohttp import WSMsgType, web

from bot.app import build_app, socket_mode_handler
from bot.config import BotConfig
from bot.service import MinutesService
from index.ingest_files import ingest_paths
from index.store import Store
from tests.conftest import SAMPLES
from tests.slack_mock import BOT_USER, MockSlack


class LoopbackSocketMode:
    """A WebSocket endpoint like Slack's: says hello, pushes envelopes, records acks."""

    def __init__(self) -> None:
        self.acks: list[dict] = []
        self.connections = 0
        self._sockets: list[web.WebSocketResponse] = []
        self.loop = asyncio.new_event_loop()
        started = threading.Event()
        threading.Thread(target=self._run, args=(started,), daemon=True).start()
        started.wait(10)

    def _run(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        app = web.Application()
        app.router.add_get("/link", self._socket)
        self.runner = web.AppRunner(app)
        self.loop.run_until_complete(self.runner.setup())
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        self.loop.run_until_complete(site.start())
        self.url = f"ws://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/link"
        started.set()
        self.loop.run_forever()

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.connections += 1
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.acks.append(json.loads(message.data))
        return ws

    def push(self, envelope: dict) -> None:
        """Send to the newest open connection."""
        async def send() -> None:
            live = [ws for ws in self._sockets if not ws.closed]
            await live[-1].send_str(json.dumps(envelope))
        asyncio.run_coroutine_threadsafe(send(), self.loop).result(10)

    def wait_for_ack(self, envelope_id: str, timeout: float = 30) -> dict | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for ack in self.acks:
                if ack.get("envelope_id") == envelope_id:
                    return ack
            time.sleep(0.05)
        return None

    def wait_for_connections(self, count: int, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.connections < count:
            time.sleep(0.05)
        return self.connections >= count

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)


@pytest.fixture
def socket_bot(tmp_path):
    slack = MockSlack()
    endpoint = LoopbackSocketMode()
    slack.socket_url = endpoint.url
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    ingest_paths(store, [SAMPLES / "000_af1fb986c0683f01.txt"])
    service = MinutesService(store, index_root=tmp_path / "index")
    service.reindex()
    config = BotConfig(bot_token="xoxb-test", app_token="xapp-test", api_url=slack.api_url)
    app, _ = build_app(config, service)
    handler = socket_mode_handler(app, config)
    handler.connect()
    yield slack, endpoint
    handler.close()
    endpoint.close()
    slack.close()


def test_socket_mode_hello_envelopes_acks_and_reconnect(socket_bot):
    slack, endpoint = socket_bot
    assert endpoint.wait_for_connections(1)
    assert slack.calls_to("apps.connections.open")[0].headers["Authorization"] == "Bearer xapp-test"
    mention = {"type": "app_mention", "user": "U1", "text": f"<@{BOT_USER}> who owns the digital forensics action?",
               "ts": "1700000000.000200", "channel": "CGEN", "event_ts": "1700000000.000200"}
    endpoint.push({"type": "events_api", "envelope_id": "env-1", "accepts_response_payload": False, "retry_attempt": 0,
                   "retry_reason": "", "payload": {"type": "event_callback", "event_id": "EvSOCKET1", "team_id": "T1", "event": mention}})
    assert endpoint.wait_for_ack("env-1") is not None
    [reply] = slack.wait_for("chat.postMessage", where=lambda c: c.body.get("thread_ts") == "1700000000.000200")
    assert "Stephen Kavanagh (SK)" in reply.body["text"]

    # Slack asks the app to reconnect; it opens a new connection and keeps working there.
    endpoint.push({"type": "disconnect", "reason": "refresh_requested"})
    assert endpoint.wait_for_connections(2)
    time.sleep(0.5)
    endpoint.push({"type": "slash_commands", "envelope_id": "env-2", "accepts_response_payload": True,
                   "payload": {"command": "/reindex", "text": "", "user_id": "UNOBODY", "channel_id": "C1", "team_id": "T1",
                               "response_url": f"{slack.url}/response/socket", "trigger_id": "1"}})
    ack = endpoint.wait_for_ack("env-2")
    assert ack is not None and "only admins" in json.dumps(ack.get("payload"))
    assert len(slack.calls_to("apps.connections.open")) >= 2


def test_a_socket_mode_burst_is_all_acknowledged_and_each_question_answered_once(socket_bot):
    slack, endpoint = socket_bot
    assert endpoint.wait_for_connections(1)
    stamps = [f"17000040{n:02d}.000200" for n in range(12)]
    for retry in (0, 1):  # every envelope, then Slack's retry of each (same event id, retry_attempt 1)
        for n, ts in enumerate(stamps):
            mention = {"type": "app_mention", "user": "U1", "text": f"<@{BOT_USER}> who owns the digital forensics action?",
                       "ts": ts, "channel": "CGEN", "event_ts": ts}
            endpoint.push({"type": "events_api", "envelope_id": f"burst-{n}-{retry}", "accepts_response_payload": False,
                           "retry_attempt": retry, "retry_reason": "timeout" if retry else "",
                           "payload": {"type": "event_callback", "event_id": f"EvBURST{n}", "team_id": "T1", "event": mention}})
    assert all(endpoint.wait_for_ack(f"burst-{n}-{retry}") is not None for n in range(12) for retry in (0, 1))
    replies = slack.wait_for("chat.postMessage", 12, timeout=120, where=lambda c: c.body.get("thread_ts") in stamps)
    time.sleep(1)
    replies = [c for c in slack.calls_to("chat.postMessage") if c.body.get("thread_ts") in stamps]
    assert sorted(c.body["thread_ts"] for c in replies) == stamps
    assert all("Stephen Kavanagh (SK)" in c.body["text"] for c in replies)
