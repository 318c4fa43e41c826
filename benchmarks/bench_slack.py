"""Slack load benchmark: a burst of questions and their retries at a real `minutes serve`, on loopback.

    python benchmarks/bench_slack.py [--deliveries 60] [--mode both|http|socket] [--timeout 180]
    python benchmarks/bench_slack.py --rate 10,20,30,40 --duration 60 [--passages 100000] [--mode socket]

With --rate, a sustained stream instead (benchmarks/slack_stream.py): R questions a second
for S seconds at each rate in turn, over an index of --passages synthetic passages
(benchmarks/synthetic_home.py, built once under --home), until a rate misses the target
(every question answered once, no ack past 1 s, answers keeping up).

Indexes the sample minutes in a temporary MINUTES_HOME, starts `minutes serve` as its own
process (HTTP mode on a free loopback port; then Socket Mode against a loopback WebSocket
server), with the Web API pointed at the tests' mock Slack (tests/slack_mock.py). It sends
`deliveries` events at once: deliveries/2 mentions, each also delivered a second time as
Slack's retry (same event_id, `X-Slack-Retry-Num: 1` / `retry_attempt: 1`), all signed.

Prints one JSON object per mode: acknowledgement times (p50/p99/max), refused deliveries
(connection refused or reset, a non-200 status, or in Socket Mode no ack within 3 s),
questions answered, told "busy", answered twice (duplicates), never answered (missing),
and the time from the first delivery to the last reply. Bounded: at most 1000 deliveries,
and every wait ends at --timeout seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SHELL_OMP_WAIT_POLICY = os.environ.get("OMP_WAIT_POLICY")  # --rate serves with the shell's setting, as deployed
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from slack_sdk.signature import SignatureVerifier  # noqa: E402

from bot.listeners.questions import BUSY  # noqa: E402
from tests.slack_mock import BOT_USER, MockSlack  # noqa: E402

SECRET = "bench-signing-secret"
MAX_DELIVERIES = 1000
QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "tests" / "gold" / "seed-questions.jsonl").read_text().splitlines() if line.strip()]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def prepare_home(home: Path) -> dict:
    """A store and index of the sample minutes; the environment that points `minutes` at them."""
    env = {**os.environ, "MINUTES_HOME": str(home), "MINUTES_DATABASE_URL": f"sqlite:///{home / 'minutes.db'}",
           "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    for key in [k for k in env if k.startswith("SLACK_")]:
        del env[key]
    home.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-m", "cli.main", "ingest", str(ROOT / "corpus" / "samples")], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"minutes ingest failed: {done.stderr[-2000:]}")
    return env


class Burst:
    """The questions of one run: each has a ts (its thread) and an event id, delivered twice."""

    def __init__(self, questions: int, prefix: int) -> None:
        rng = random.Random(prefix)
        self.items = [(f"{prefix}{n:05d}.000100", f"Ev{prefix}{n:05d}", rng.choice(QUESTIONS)) for n in range(questions)]

    def envelope(self, ts: str, event_id: str, question: str) -> dict:
        payload = {"type": "app_mention", "user": "UBENCH", "text": f"<@{BOT_USER}> {question}", "ts": ts,
                   "channel": "CBENCH", "event_ts": ts}
        return {"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": event_id,
                "event_time": int(time.time()), "event": payload}

    def deliveries(self) -> list[tuple[str, str, str, int]]:
        """(ts, event id, question, retry number): every first delivery and its retry, shuffled together."""
        rows = [(ts, ev, q, retry) for ts, ev, q in self.items for retry in (0, 1)]
        random.Random(len(rows)).shuffle(rows)
        return rows


def count_replies(slack: MockSlack, burst: Burst, started: float, deadline: float) -> dict:
    """Wait until every question has a reply (or the deadline), then a little longer for duplicates."""
    wanted = {ts for ts, _, _ in burst.items}

    def replies():
        return [c for c in slack.calls_to("chat.postMessage") if c.body.get("thread_ts") in wanted]

    while time.monotonic() < deadline and len({c.body["thread_ts"] for c in replies()}) < len(wanted):
        time.sleep(0.1)
    time.sleep(2)  # a duplicate would come right after
    found = replies()
    per_thread: dict[str, list] = {}
    for call in found:
        per_thread.setdefault(call.body["thread_ts"], []).append(call)
    busy = sum(1 for calls in per_thread.values() if calls[0].body.get("text") == BUSY)
    return {
        "questions": len(wanted),
        "answered": sum(1 for calls in per_thread.values() if calls[0].body.get("text") != BUSY),
        "told_busy": busy,
        "duplicates": sum(len(calls) - 1 for calls in per_thread.values()),
        "missing": len(wanted - set(per_thread)),
        "seconds_to_last_reply": round(max(c.at for c in found) - started, 2) if found else None,
    }


SERVE_FROM = ROOT  # --serve-from: another checkout's `minutes serve` (to compare releases)
SERVE_MODULE = "cli.main"  # --profile: benchmarks.sampled_serve, the same command under a sampling profiler


def _start_serve(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", SERVE_MODULE, "serve", "--host", "127.0.0.1"], cwd=SERVE_FROM, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(log, "w"))


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(20)


def _post(url: str, body: str, headers: dict | None = None, timeout: float = 10) -> tuple[int | None, float, str | None]:
    """A signed POST; (status or None when refused, seconds, error)."""
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
    request = urllib.request.Request(url, data=body.encode(), method="POST", headers={
        "Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature, **(headers or {})})
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status, time.monotonic() - start, None
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - start, f"HTTP {error.code}"
    except (OSError, urllib.error.URLError) as error:
        return None, time.monotonic() - start, type(getattr(error, "reason", error)).__name__


def _signed_request(port: int, body: str, headers: dict) -> bytes:
    """The raw bytes of a signed POST to /slack/events, as Slack sends it."""
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
    data = body.encode()
    lines = ["POST /slack/events HTTP/1.1", f"Host: 127.0.0.1:{port}", "Content-Type: application/json",
             f"Content-Length: {len(data)}", f"X-Slack-Request-Timestamp: {stamp}", f"X-Slack-Signature: {signature}",
             "Connection: close", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


def _send_raw(port: int, request: bytes, timeout: float = 10) -> tuple[int | None, float, str | None]:
    """Send prepared bytes on a new connection; (status or None when refused, seconds to the status line, error).

    Plain sockets rather than urllib: with dozens of senders at once, the client's own
    Python work would otherwise be counted in the acknowledgement times.
    """
    start = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(request)
            head = b""
            while b"\r\n" not in head:
                chunk = sock.recv(4096)
                if not chunk:
                    return None, time.monotonic() - start, "closed without a response"
                head += chunk
            seconds = time.monotonic() - start
            status = int(head.split(b" ", 2)[1])
            return status, seconds, None if status == 200 else f"HTTP {status}"
    except OSError as error:
        return None, time.monotonic() - start, type(error).__name__


def run_http(env: dict, deliveries: int, timeout: float, workdir: Path) -> dict:
    slack = MockSlack()
    port = _free_port()
    url = f"http://127.0.0.1:{port}/slack/events"
    serve = _start_serve({**env, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET,
                          "SLACK_API_URL": slack.api_url, "PORT": str(port)}, workdir / "serve-http.log")
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:  # up once it answers the URL check
            status, _, _ = _post(url, json.dumps({"type": "url_verification", "challenge": "up", "token": "x"}), timeout=2)
            if status == 200:
                break
            time.sleep(0.2)
        warm = Burst(1, 1690)  # one answered question first: the model and index are warm
        ts, ev, q = warm.items[0]
        _post(url, json.dumps(warm.envelope(ts, ev, q)))
        count_replies(slack, warm, time.monotonic(), deadline)

        burst = Burst(deliveries // 2, 1700)
        rows = burst.deliveries()
        gate = threading.Barrier(len(rows) + 1)

        def deliver(row):
            ts, ev, q, retry = row
            headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
            request = _signed_request(port, json.dumps(burst.envelope(ts, ev, q)), headers)  # built before the gate opens
            gate.wait()
            return _send_raw(port, request)

        with ThreadPoolExecutor(len(rows)) as pool:
            futures = [pool.submit(deliver, row) for row in rows]
            gate.wait()
            started = time.monotonic()
            results = [f.result() for f in futures]
        acks = [seconds for status, seconds, _ in results if status == 200]
        refused = [error for status, _, error in results if status != 200]
        replies = count_replies(slack, burst, started, started + timeout)
    finally:
        _stop(serve)
        slack.close()
    return {"mode": "http", "deliveries": len(rows), **_ack_figures(acks), "refused": len(refused),
            "refused_reasons": sorted(set(refused)), **replies}


def _ack_figures(acks: list[float]) -> dict:
    return {"ack_p50_ms": _ms(_percentile(acks, 0.5)), "ack_p99_ms": _ms(_percentile(acks, 0.99)),
            "ack_max_ms": _ms(max(acks) if acks else None)}


class SocketModeServer:
    """Slack's side of Socket Mode on loopback: hello, envelopes pushed, acks timed."""

    def __init__(self) -> None:
        from aiohttp import web

        self.web = web
        self.sent: dict[str, float] = {}
        self.acked: dict[str, float] = {}
        self._socket = None
        self.connected = threading.Event()
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        threading.Thread(target=self._run, args=(ready,), daemon=True).start()
        ready.wait(10)

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        app = self.web.Application()
        app.router.add_get("/link", self._serve)
        self.runner = self.web.AppRunner(app)
        self.loop.run_until_complete(self.runner.setup())
        site = self.web.TCPSite(self.runner, "127.0.0.1", 0)
        self.loop.run_until_complete(site.start())
        self.url = f"ws://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/link"
        ready.set()
        self.loop.run_forever()

    async def _serve(self, request):
        from aiohttp import WSMsgType

        ws = self.web.WebSocketResponse()
        await ws.prepare(request)
        self._socket = ws
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        self.connected.set()
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                envelope_id = json.loads(message.data).get("envelope_id")
                if envelope_id:
                    self.acked.setdefault(envelope_id, time.monotonic())
        return ws

    def push_all(self, envelopes: list[dict]) -> None:
        """Send every envelope as fast as the socket takes them (a burst), noting when each went."""
        async def send() -> None:
            for envelope in envelopes:
                self.sent[envelope["envelope_id"]] = time.monotonic()
                await self._socket.send_str(json.dumps(envelope))
        asyncio.run_coroutine_threadsafe(send(), self.loop).result(60)

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)


def run_socket_mode(env: dict, deliveries: int, timeout: float, workdir: Path) -> dict:
    slack = MockSlack()
    endpoint = SocketModeServer()
    slack.socket_url = endpoint.url
    serve = _start_serve({**env, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_APP_TOKEN": "xapp-bench",
                          "SLACK_API_URL": slack.api_url}, workdir / "serve-socket.log")
    try:
        deadline = time.monotonic() + timeout
        if not endpoint.connected.wait(timeout):
            raise RuntimeError("minutes serve never connected over Socket Mode; see " + str(workdir / "serve-socket.log"))

        def envelope(burst: Burst, ts: str, ev: str, q: str, retry: int) -> dict:
            return {"type": "events_api", "envelope_id": f"env-{ev}-{retry}", "accepts_response_payload": False,
                    "retry_attempt": retry, "retry_reason": "timeout" if retry else "", "payload": burst.envelope(ts, ev, q)}

        warm = Burst(1, 1790)
        endpoint.push_all([envelope(warm, *warm.items[0], 0)])
        count_replies(slack, warm, time.monotonic(), deadline)

        burst = Burst(deliveries // 2, 1800)
        envelopes = [envelope(burst, ts, ev, q, retry) for ts, ev, q, retry in burst.deliveries()]
        started = time.monotonic()
        endpoint.push_all(envelopes)
        replies = count_replies(slack, burst, started, started + timeout)
        ids = [e["envelope_id"] for e in envelopes]
        acks = [endpoint.acked[i] - endpoint.sent[i] for i in ids if i in endpoint.acked]
        late = [i for i in ids if i not in endpoint.acked or endpoint.acked[i] - endpoint.sent[i] > 3]
    finally:
        _stop(serve)
        endpoint.close()
        slack.close()
    return {"mode": "socket", "deliveries": len(envelopes), **_ack_figures(acks), "refused": len(late),
            "refused_reasons": ["no ack within 3 s"] if late else [], **replies}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=60, help="events sent at once, half of them retries (max 1000)")
    parser.add_argument("--mode", choices=["both", "http", "socket"], default="both")
    parser.add_argument("--timeout", type=float, default=180, help="seconds any wait may take")
    parser.add_argument("--serve-from", type=Path, default=ROOT, help="run `minutes serve` from this checkout (default: this one)")
    parser.add_argument("--rate", help="a sustained stream: questions a second, a comma-separated step search (e.g. 10,20,30,40)")
    parser.add_argument("--duration", type=float, default=60, help="--rate: seconds each rate runs")
    parser.add_argument("--passages", type=int, default=100_000, help="--rate: synthetic passages indexed")
    parser.add_argument("--home", type=Path, default=Path(tempfile.gettempdir()) / "bench-slack-homes",
                        help="--rate: where the synthetic index is built once and kept")
    parser.add_argument("--profile", action="store_true", help="--rate: sample where the bot's threads spend their time")
    args = parser.parse_args()
    global SERVE_FROM, SERVE_MODULE
    SERVE_FROM = args.serve_from.resolve()
    SERVE_MODULE = "benchmarks.sampled_serve" if args.profile else SERVE_MODULE
    if args.rate:
        run_stream(args)
        return
    deliveries = max(2, min(MAX_DELIVERIES, args.deliveries))
    with tempfile.TemporaryDirectory(prefix="bench-slack-") as tmp:
        workdir = Path(tmp)
        env = prepare_home(workdir / "home")
        runs = []
        if args.mode in ("both", "http"):
            runs.append(run_http(env, deliveries, args.timeout, workdir))
        if args.mode in ("both", "socket"):
            runs.append(run_socket_mode(env, deliveries, args.timeout, workdir))
    settings = {k: os.environ.get(k) for k in ("MINUTES_ANSWER_WORKERS", "MINUTES_ANSWER_QUEUE", "MINUTES_HTTP_THREADS") if os.environ.get(k)}
    print(json.dumps({"deliveries": deliveries, "served_from": str(SERVE_FROM), "settings": settings or "defaults", "runs": runs}, indent=2))


def run_stream(args: argparse.Namespace) -> None:
    """The --rate step search; one JSON object with a row per rate run."""
    from benchmarks import slack_stream, synthetic_home
    from benchmarks.machine import describe_machine

    home = args.home / f"synthetic-{args.passages}"
    if not synthetic_home.is_built(home, args.passages):  # in its own process: the bench keeps no model or index in memory
        subprocess.run([sys.executable, "-m", "benchmarks.synthetic_home", str(home), "--passages", str(args.passages)],
                       cwd=ROOT, check=True)
    env = {**os.environ, **synthetic_home.home_environment(home), "PYTHONUNBUFFERED": "1"}
    for key in [k for k in env if k.startswith("SLACK_")]:
        del env[key]
    if SHELL_OMP_WAIT_POLICY is None:
        env.pop("OMP_WAIT_POLICY", None)
    rates = [float(r) for r in args.rate.split(",") if r.strip()]
    modes = ["http", "socket"] if args.mode == "both" else [args.mode]
    runs, profiles = [], {}
    with tempfile.TemporaryDirectory(prefix="bench-slack-stream-") as tmp:
        for mode in modes:
            profile = Path(tmp) / f"profile-{mode}.json"
            runs += slack_stream.run_rates({**env, "SAMPLE_OUT": str(profile)}, mode, rates, args.duration, args.timeout, Path(tmp),
                                           _start_serve)
            if profile.exists():
                profiles[mode] = json.loads(profile.read_text())
    passing = [r["rate_per_s"] for r in runs if r["meets_target"]]
    settings = {k: env.get(k) for k in ("MINUTES_ANSWER_PROCESSES", "MINUTES_ANSWER_WORKERS", "MINUTES_ANSWER_QUEUE",
                                        "MINUTES_HTTP_THREADS", "OMP_WAIT_POLICY", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")
                if env.get(k)}
    print(json.dumps({"passages": args.passages, "served_from": str(SERVE_FROM), "settings": settings or "defaults",
                      "highest_rate_meeting_target": max(passing) if passing else None, "runs": runs,
                      "machine": describe_machine(), **({"serve_profile": profiles} if profiles else {})}, indent=2))


if __name__ == "__main__":
    main()
