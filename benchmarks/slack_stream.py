"""A sustained stream of questions at a real `minutes serve`: acks, answers a second, where the time goes.

Run through `benchmarks/bench_slack.py --rate 10,20,30 --duration 60`. Open loop: the
events go out on their schedule (R a second, half mentions in a channel, half DMs, each a
gold question's wording), whatever the bot is doing, so a slow bot shows up as late acks
and a growing backlog rather than as a slower sender. The bot and the load generator with
the mock Slack run in separate processes; only the bot's CPU is counted as the bot's.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.bench_slack import (
    ROOT, SECRET, SocketModeServer, _free_port, _percentile, _post, _send_raw, _signed_request, _stop,
)
from bot.listeners.questions import BUSY
from tests.slack_mock import BOT_USER, MockSlack

ACK_LIMIT_S = 1.0  # the target: no acknowledgement later than this (Slack's own limit is 3 s)
SHARED_EVAL = ROOT.parent / "shared" / "eval"
STAGES = ("queued_ms", "answer_ms", "answer_cpu_ms", "render_ms", "slack_ms", "latency_ms")


def gold_questions() -> list[str]:
    """The wording of every gold question beside the project (the tests' copies when absent)."""
    files = sorted(SHARED_EVAL.glob("*questions*.jsonl")) or sorted((ROOT / "tests" / "gold").glob("*questions*.jsonl"))
    return [json.loads(line)["question"] for path in files for line in path.read_text().splitlines() if line.strip()]


@dataclass(frozen=True)
class Question:
    ts: str
    event_id: str
    channel: str
    text: str
    direct: bool  # a DM (message.im) rather than a mention in a channel

    def envelope(self) -> dict:
        """The Events API body Slack would send."""
        if self.direct:
            event = {"type": "message", "channel_type": "im", "user": "UBENCH", "text": self.text, "ts": self.ts,
                     "channel": self.channel, "event_ts": self.ts}
        else:
            event = {"type": "app_mention", "user": "UBENCH", "text": f"<@{BOT_USER}> {self.text}", "ts": self.ts,
                     "channel": self.channel, "event_ts": self.ts}
        return {"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": self.event_id,
                "event_time": int(time.time()), "event": event}


def stream_questions(count: int, prefix: int, wording: list[str]) -> list[Question]:
    """`count` questions, alternately mentions and DMs, each in its own thread."""
    rng = random.Random(prefix)
    return [Question(f"{prefix}{n:06d}.000100", f"Ev{prefix}{n:06d}", f"D{n % 7:03d}BENCH" if n % 2 else "CBENCH",
                     rng.choice(wording), direct=bool(n % 2)) for n in range(count)]


@dataclass
class Sent:
    """When each question went out (monotonic) and how long its acknowledgement took."""

    at: dict[str, float] = field(default_factory=dict)  # ts -> sent
    ack_s: dict[str, float] = field(default_factory=dict)  # ts -> seconds to the ack
    refused: list[str] = field(default_factory=list)
    behind_s: float = 0.0  # the most the sender fell behind its schedule


def _process_cpu_s(pid: int) -> float:
    """User + system CPU seconds so far of a process and its live children (the answer processes; Linux /proc)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _memory_mb(pid: int) -> dict:
    """Resident and proportional (shared pages split between their processes) memory of a process and its children."""
    rss, each = 0, []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            if status.parent.name != str(pid) and fields.get("PPid", "").strip() != str(pid):
                continue
            rss += int(fields["VmRSS"].split()[0])
            rollup = (status.parent / "smaps_rollup").read_text().splitlines()
            each.append(next(int(line.split()[1]) for line in rollup if line.startswith("Pss:")) // 1024)
        except (OSError, KeyError, StopIteration, ValueError):
            continue  # ended meanwhile, or not readable
    return {"rss": rss // 1024, "pss": sum(each), "pss_each": sorted(each, reverse=True)}


def _stage_figures(log: Path, since: float, until: float) -> dict:
    """p50/p95 of each stage of the answers the bot logged between two wall-clock times."""
    rows = []
    for line in log.read_text(errors="replace").splitlines():
        if '"event": "question"' in line:
            row = json.loads(line)
            if since <= row["ts"] <= until and "answer_ms" in row:
                rows.append(row)
    out = {"answers_logged": len(rows)}
    for stage in STAGES:
        values = [row[stage] for row in rows]
        out[stage] = ({"mean": round(sum(values) / len(values), 1), "p50": _percentile(values, 0.5),
                       "p95": _percentile(values, 0.95)} if values else None)
    return out


def _figures(questions: list[Question], sent: Sent, slack: MockSlack, started: float, duration: float) -> dict:
    wanted = {q.ts for q in questions}
    per_thread: dict[str, list] = {}
    for call in slack.calls_to("chat.postMessage"):
        if call.body.get("thread_ts") in wanted:
            per_thread.setdefault(call.body["thread_ts"], []).append(call)
    answers = {ts: calls[0] for ts, calls in per_thread.items() if calls[0].body.get("text") != BUSY}
    # Sustained: answers that arrived while the stream ran, past its first fifth (the ramp).
    ramp = duration / 5
    steady = [c for c in answers.values() if started + ramp <= c.at <= started + duration]
    ends = [c.at - sent.at[ts] for ts, c in answers.items() if ts in sent.at]
    acks = list(sent.ack_s.values())
    last_reply = max((c.at for c in answers.values()), default=None)
    return {
        "questions": len(questions),
        "ack_p50_ms": _ms(_percentile(acks, 0.5)), "ack_p95_ms": _ms(_percentile(acks, 0.95)),
        "ack_max_ms": _ms(max(acks) if acks else None), "acks_past_1s": sum(1 for a in acks if a > ACK_LIMIT_S),
        "refused": len(sent.refused), "refused_reasons": sorted(set(sent.refused)),
        "answered": len(answers), "told_busy": len(per_thread) - len(answers),
        "duplicates": sum(len(calls) - 1 for calls in per_thread.values()), "missing": len(wanted - set(per_thread)),
        "answers_per_s_sustained": round(len(steady) / (duration - ramp), 2),
        "answers_per_s_overall": round(len(answers) / (last_reply - started), 2) if last_reply else None,
        "end_to_end_p50_ms": _ms(_percentile(ends, 0.5)), "end_to_end_p95_ms": _ms(_percentile(ends, 0.95)),
        "drain_after_stream_s": round(last_reply - (started + duration), 2) if last_reply else None,
        "sender_behind_schedule_max_ms": _ms(sent.behind_s),
    }


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def _wait_for_replies(slack: MockSlack, questions: list[Question], deadline: float) -> None:
    wanted = {q.ts for q in questions}
    slack.wait_for("chat.postMessage", len(wanted), timeout=max(0.0, deadline - time.monotonic()),
                   where=lambda c: c.body.get("thread_ts") in wanted)
    time.sleep(2)  # a duplicate would come right after


class HttpTarget:
    """Deliveries as signed POSTs on fresh connections, from a pool big enough never to wait."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._senders = ThreadPoolExecutor(256, thread_name_prefix="sender")

    def stream(self, questions: list[Question], rate: float) -> Sent:
        sent, lock = Sent(), threading.Lock()
        requests = [_signed_request(self.port, json.dumps(q.envelope()), {}) for q in questions]  # built before the clock starts

        def deliver(question: Question, request: bytes) -> None:
            start = time.monotonic()
            status, seconds, error = _send_raw(self.port, request)
            with lock:
                sent.at[question.ts] = start
                if status == 200:
                    sent.ack_s[question.ts] = seconds
                else:
                    sent.refused.append(error or f"HTTP {status}")

        begin = time.monotonic()
        futures = []
        for n, (question, request) in enumerate(zip(questions, requests)):
            due = begin + n / rate
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            sent.behind_s = max(sent.behind_s, time.monotonic() - due)
            futures.append(self._senders.submit(deliver, question, request))
        for future in futures:
            future.result()
        return sent

    def close(self) -> None:
        self._senders.shutdown()


class SocketTarget:
    """Envelopes pushed over the loopback Socket Mode connection on schedule; acks timed by the server."""

    def __init__(self, endpoint: SocketModeServer) -> None:
        self.endpoint = endpoint

    def stream(self, questions: list[Question], rate: float) -> Sent:
        envelopes = [{"type": "events_api", "envelope_id": f"env-{q.event_id}", "accepts_response_payload": False,
                      "retry_attempt": 0, "retry_reason": "", "payload": q.envelope()} for q in questions]
        sent = Sent()

        async def push() -> None:
            loop = asyncio.get_running_loop()
            begin = loop.time()
            for n, (question, envelope) in enumerate(zip(questions, envelopes)):
                due = begin + n / rate
                if due > loop.time():
                    await asyncio.sleep(due - loop.time())
                sent.behind_s = max(sent.behind_s, loop.time() - due)
                self.endpoint.sent[envelope["envelope_id"]] = sent.at[question.ts] = time.monotonic()
                await self.endpoint._socket.send_str(json.dumps(envelope))

        asyncio.run_coroutine_threadsafe(push(), self.endpoint.loop).result(len(questions) / rate + 120)
        time.sleep(ACK_LIMIT_S * 3)  # the last acks
        for question, envelope in zip(questions, envelopes):
            acked = self.endpoint.acked.get(envelope["envelope_id"])
            if acked is None:
                sent.refused.append("no ack within 3 s")
            else:
                sent.ack_s[question.ts] = acked - sent.at[question.ts]
        return sent

    def close(self) -> None:
        pass


def run_rates(env: dict, mode: str, rates: list[float], duration: float, timeout: float, workdir: Path,
              start_serve: Callable[[dict, Path], subprocess.Popen]) -> list[dict]:
    """One `minutes serve` (started by `start_serve(env, log)`), a stream at each rate in turn,
    stopping after the first that misses the target."""
    slack = MockSlack()
    log = workdir / f"serve-{mode}-stream.log"
    endpoint = None
    if mode == "http":
        port = _free_port()
        serve = start_serve({**env, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET,
                              "SLACK_API_URL": slack.api_url, "PORT": str(port)}, log)
        url = f"http://127.0.0.1:{port}/slack/events"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _post(url, json.dumps({"type": "url_verification", "challenge": "up", "token": "x"}),
                                                    timeout=2)[0] != 200:
            time.sleep(0.2)
        target = HttpTarget(port)
    else:
        endpoint = SocketModeServer()
        slack.socket_url = endpoint.url
        serve = start_serve({**env, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_APP_TOKEN": "xapp-bench",
                              "SLACK_API_URL": slack.api_url}, log)
        if not endpoint.connected.wait(timeout):
            _stop(serve)
            raise RuntimeError(f"minutes serve never connected over Socket Mode; see {log}")
        target = SocketTarget(endpoint)
    wording = gold_questions()
    results = []
    try:
        warm = stream_questions(10, 1600, wording)  # the model, index pages and code paths warm
        target.stream(warm, 5)
        _wait_for_replies(slack, warm, time.monotonic() + timeout)
        for step, rate in enumerate(rates):
            questions = stream_questions(max(1, round(rate * duration)), 1700 + step, wording)
            load_before, cpu_before, wall_before = os.getloadavg()[0], _process_cpu_s(serve.pid), time.time()
            started = time.monotonic()
            sent = target.stream(questions, rate)
            _wait_for_replies(slack, questions, started + duration + timeout)
            wall_after, cpu_after = time.time(), _process_cpu_s(serve.pid)
            figures = _figures(questions, sent, slack, started, duration)
            row = {"mode": mode, "rate_per_s": rate, "duration_s": duration, **figures,
                   "serve_cpu_cores": round((cpu_after - cpu_before) / (wall_after - wall_before), 2),
                   "serve_cpu_ms_per_answer": round((cpu_after - cpu_before) * 1000 / max(1, figures["answered"] + figures["told_busy"]), 1),
                   "serve_memory_mb": _memory_mb(serve.pid),
                   "load_average_1m_start_end": [round(load_before, 2), round(os.getloadavg()[0], 2)],
                   "stages_ms": _stage_figures(log, wall_before, wall_after)}
            row["meets_target"] = meets_target(row)
            results.append(row)
            if not row["meets_target"]:
                break
            time.sleep(3)  # a quiet moment between steps
    finally:
        _stop(serve)
        target.close()
        if endpoint is not None:
            endpoint.close()
        slack.close()
    return results


def meets_target(row: dict) -> bool:
    """Every question answered once, none refused or told busy, no ack past 1 s, answers keeping up with the stream."""
    return (row["acks_past_1s"] == 0 and row["refused"] == 0 and row["missing"] == 0 and row["told_busy"] == 0
            and row["duplicates"] == 0 and row["answers_per_s_sustained"] >= 0.95 * row["rate_per_s"])
