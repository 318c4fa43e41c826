"""A mock Slack Web API on loopback: records every call, replies like Slack, injects faults.

Replies: auth.test, chat.postMessage/postEphemeral/update, users.info, users.list and
users.lookupByEmail (from `users`), conversations.open (a DM channel "D" + user id), views.publish,
views.open/push/update (the view back, with an id),
files.info (a download URL back at this server), reactions.add/remove,
apps.connections.open (a WebSocket URL set by the test). Response URLs of slash commands
and buttons (/response/<id>) are recorded too. `fail(method, status, times, ...)` makes
the next calls of a method answer 429/5xx or {"ok": false}.

Messages posted with chat.postMessage are kept per channel (`messages`, with their metadata)
and conversations.history returns them, newest first (metadata with include_all_metadata).
`hold(method)` makes the next call of a method take effect (a message is posted) and then
wait for `release()` before answering: a client can be killed after Slack acted, before it heard.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BOT_USER = "UBOT"


@dataclass
class Call:
    method: str
    body: dict
    headers: dict
    at: float = field(default_factory=time.monotonic)
    ok: bool = True  # False when the mock answered with an injected fault


class MockSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict] = {}
        self.files: dict[str, tuple[dict, bytes]] = {}
        self.socket_url: str | None = None
        self._faults: dict[str, list[tuple[int, dict, dict] | None]] = {}  # None: a call let through
        self.messages: dict[str, list[dict]] = {}  # channel -> messages posted (chat.postMessage), oldest first
        self._holds: dict[str, list[threading.Event]] = {}
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        mock = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                mock._get(self)

            def do_POST(self) -> None:
                mock._post(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.api_url = f"{self.url}/api/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- test controls ---------------------------------------------------------------

    def fail(self, method: str, status: int = 429, times: int = 1, body: dict | None = None, headers: dict | None = None,
             after: int = 0) -> None:
        """The next `times` calls of `method` fail, once `after` more calls have succeeded."""
        with self._lock:
            self._faults.setdefault(method, []).extend([None] * after)
            for _ in range(times):
                self._faults.setdefault(method, []).append((status, body or {"ok": False, "error": "ratelimited"}, headers or {"Retry-After": "1"}))

    def hold(self, method: str) -> threading.Event:
        """The next call of `method` acts, then waits to answer until the returned event is set (`release`)."""
        gate = threading.Event()
        with self._lock:
            self._holds.setdefault(method, []).append(gate)
        return gate

    def release(self) -> None:
        """Let every held call answer."""
        with self._lock:
            gates = [g for held in self._holds.values() for g in held]
            self._holds.clear()
        for gate in gates:
            gate.set()

    def add_file(self, file_id: str, name: str, content: bytes) -> None:
        self.files[file_id] = ({"id": file_id, "name": name, "size": len(content),
                                "url_private_download": f"{self.url}/files/{file_id}"}, content)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 60.0, where=None) -> list[Call]:
        """Block until `count` calls of `method` (matching `where`) have arrived."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self.calls if c.method == method and (where is None or where(c))]
                if len(found) >= count or time.monotonic() > deadline:
                    return found
                self._changed.wait(timeout=0.2)

    # --- serving -----------------------------------------------------------------------

    def _record(self, method: str, body: dict, headers: dict, ok: bool = True) -> None:
        with self._changed:
            self.calls.append(Call(method, body, headers, ok=ok))
            self._changed.notify_all()

    def _reply(self, handler: BaseHTTPRequestHandler, status: int, body: dict | bytes, headers: dict | None = None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/octet-stream" if isinstance(body, bytes) else "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _get(self, handler: BaseHTTPRequestHandler) -> None:
        path = urllib.parse.urlparse(handler.path).path
        self._record("GET " + path, {}, dict(handler.headers))
        if path.startswith("/files/"):
            file_id = path.rsplit("/", 1)[1]
            if handler.headers.get("Authorization", "").startswith("Bearer xoxb-") and file_id in self.files:
                self._reply(handler, 200, self.files[file_id][1])
                return
            self._reply(handler, 403, {"ok": False})
            return
        self._reply(handler, 404, {"ok": False})

    def _post(self, handler: BaseHTTPRequestHandler) -> None:
        raw = handler.rfile.read(int(handler.headers.get("Content-Length") or 0)).decode()
        if "json" in (handler.headers.get("Content-Type") or ""):
            body = json.loads(raw or "{}")
        else:
            body = {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
        path = urllib.parse.urlparse(handler.path).path
        method = path[len("/api/"):] if path.startswith("/api/") else path
        with self._lock:
            fault = self._faults.get(method, []).pop(0) if self._faults.get(method) else None
        self._record(method, body, dict(handler.headers), ok=fault is None)
        if fault:
            status, fault_body, fault_headers = fault
            self._reply(handler, status, fault_body, fault_headers)
            return
        answer = self._answer(method, body)
        with self._lock:
            gate = self._holds[method].pop(0) if self._holds.get(method) else None
        if gate is not None:
            gate.wait(timeout=120)  # the client may be killed meanwhile; the call has taken effect
        try:
            self._reply(handler, 200, answer)
        except OSError:
            pass  # the client went away while held

    def _answer(self, method: str, body: dict) -> dict:
        if method == "auth.test":
            return {"ok": True, "team_id": "T1", "user_id": BOT_USER, "bot_id": "B1", "url": "https://example.slack.com/"}
        if method == "chat.postMessage":
            return {"ok": True, "channel": body.get("channel"), "ts": self._posted(body)}
        if method in ("chat.postEphemeral", "chat.update"):
            return {"ok": True, "channel": body.get("channel"), "ts": f"{time.time():.6f}"}
        if method == "conversations.history":
            return self._history(body)
        if method == "users.info":
            user = self.users.get(body.get("user", ""))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "files.info":
            entry = self.files.get(body.get("file", ""))
            return {"ok": True, "file": entry[0]} if entry else {"ok": False, "error": "file_not_found"}
        if method == "users.list":
            return {"ok": True, "members": list(self.users.values()), "response_metadata": {"next_cursor": ""}}
        if method == "users.lookupByEmail":
            email = (body.get("email") or "").casefold()
            user = next((u for u in self.users.values() if (u.get("profile") or {}).get("email", "").casefold() == email), None)
            return {"ok": True, "user": user} if user else {"ok": False, "error": "users_not_found"}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(body.get("users", "")).lstrip("UW")}}
        if method in ("views.open", "views.push", "views.update"):  # modals: the view back, with an id
            return {"ok": True, "view": {**(body.get("view") if isinstance(body.get("view"), dict) else {}), "id": f"V{len(self.calls)}"}}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url}
        return {"ok": True}

    def _posted(self, body: dict) -> str:
        """Keep a posted message; its ts (unique and increasing per channel, as Slack's are)."""
        with self._lock:
            channel = self.messages.setdefault(str(body.get("channel")), [])
            ts = max(time.time(), float(channel[-1]["ts"]) + 0.000001 if channel else 0.0)
            message = {"type": "message", "ts": f"{ts:.6f}", "text": body.get("text"), "blocks": body.get("blocks"),
                       "thread_ts": body.get("thread_ts"), "bot_id": "B1", "user": BOT_USER}
            if body.get("metadata"):
                message["metadata"] = body["metadata"] if isinstance(body["metadata"], dict) else json.loads(body["metadata"])
            channel.append(message)
            return message["ts"]

    def _history(self, body: dict) -> dict:
        """conversations.history: newest first, after `oldest`, pages of `limit` (cursor: an offset)."""
        with self._lock:
            found = [m for m in reversed(self.messages.get(str(body.get("channel")), []))
                     if float(m["ts"]) > float(body.get("oldest") or 0) and not m.get("thread_ts")]
        with_metadata = str(body.get("include_all_metadata", "")).casefold() in ("1", "true")
        start, limit = int(body.get("cursor") or 0), int(body.get("limit") or 100)
        page = [m if with_metadata else {k: v for k, v in m.items() if k != "metadata"} for m in found[start:start + limit]]
        more = start + limit < len(found)
        return {"ok": True, "messages": page, "has_more": more,
                "response_metadata": {"next_cursor": str(start + limit) if more else ""}}
