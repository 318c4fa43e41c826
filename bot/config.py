"""The bot's settings, from the environment, with a clear error naming what is missing."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(Exception):
    """The environment cannot start the bot; the message says what to set."""


@dataclass(frozen=True)
class BotConfig:
    bot_token: str
    signing_secret: str | None = None
    app_token: str | None = None  # set: Socket Mode; unset: HTTP mode on /slack/events
    admins: frozenset[str] = frozenset()  # Slack user ids allowed to /reindex and add minutes
    people: Mapping[str, str] = field(default_factory=dict)  # Slack user id or email -> name in the minutes
    api_url: str | None = None  # another Web API base URL (a proxy, or the tests' loopback server)
    port: int = 3000
    answer_workers: int = 2  # questions answered at once (in this process: about the number of cores)
    answer_processes: int = 0  # worker processes computing answers (bot/answer_processes.py); 0: on the answer threads
    answer_queue: int = 64  # questions waiting for a worker; past that, the asker is told the bot is busy
    http_threads: int = 16  # HTTP mode: requests acknowledged at once (each takes milliseconds)
    http_backlog: int = 2048  # HTTP mode: connections the kernel queues before accept (the OS may cap it)
    digest_channel: str | None = None  # where new minutes are announced, one message per new meeting
    keep_questions: bool = False  # store the question text with answer feedback (the workspace opted in)

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)


def load_config(env: Mapping[str, str] | None = None) -> BotConfig:
    """Read SLACK_BOT_TOKEN, SLACK_APP_TOKEN or SLACK_SIGNING_SECRET, MINUTES_ADMINS, MINUTES_SLACK_PEOPLE,
    MINUTES_DIGEST_CHANNEL, MINUTES_KEEP_QUESTIONS, and the pool's MINUTES_ANSWER_PROCESSES (default: one a
    core), _WORKERS, _QUEUE, MINUTES_HTTP_THREADS/_BACKLOG."""
    env = os.environ if env is None else env
    missing = []
    if not env.get("SLACK_BOT_TOKEN"):
        missing.append("SLACK_BOT_TOKEN (the bot token, xoxb-...)")
    if not env.get("SLACK_APP_TOKEN") and not env.get("SLACK_SIGNING_SECRET"):
        missing.append("SLACK_APP_TOKEN (xapp-..., for Socket Mode) or SLACK_SIGNING_SECRET (for HTTP mode)")
    if missing:
        raise ConfigError("cannot start the Slack bot: set " + " and ".join(missing))
    processes = _positive(env, "MINUTES_ANSWER_PROCESSES", default_answer_processes(), allow_zero=True)
    admins = frozenset(a.strip() for a in env.get("MINUTES_ADMINS", "").replace(",", " ").split() if a.strip())
    return BotConfig(
        bot_token=env["SLACK_BOT_TOKEN"], signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
        app_token=env.get("SLACK_APP_TOKEN") or None, admins=admins,
        people=_people_map(env.get("MINUTES_SLACK_PEOPLE")), api_url=env.get("SLACK_API_URL") or None,
        port=_positive(env, "PORT", 3000, allow_zero=True),
        # With answer processes, two threads a process: one waits for its answer while the other posts a reply,
        # so a process is never idle for want of a question (30 answers/s instead of 23-26 at 30/s, benchmarks/README.md).
        answer_workers=_positive(env, "MINUTES_ANSWER_WORKERS", 2 * processes if processes else BotConfig.answer_workers),
        answer_processes=processes,
        answer_queue=_positive(env, "MINUTES_ANSWER_QUEUE", BotConfig.answer_queue, allow_zero=True),
        http_threads=_positive(env, "MINUTES_HTTP_THREADS", BotConfig.http_threads),
        http_backlog=_positive(env, "MINUTES_HTTP_BACKLOG", BotConfig.http_backlog),
        digest_channel=env.get("MINUTES_DIGEST_CHANNEL", "").strip() or None,
        keep_questions=truthy(env.get("MINUTES_KEEP_QUESTIONS")),
    )


def truthy(value: str | None) -> bool:
    """An opt-in setting: "1", "true", "yes" or "on" (any case)."""
    return (value or "").strip().casefold() in ("1", "true", "yes", "on")


MAX_DEFAULT_ANSWER_PROCESSES = 4  # each holds ~0.4 GB of its own at 100k passages: set more explicitly


def default_answer_processes() -> int:
    """One answer process a core where there are several (at most 4): answers then use every core, not one."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, MAX_DEFAULT_ANSWER_PROCESSES) if cores >= 2 else 0


def _positive(env: Mapping[str, str], name: str, default: int, allow_zero: bool = False) -> int:
    """A whole-number setting; a clear error naming it when it is not one."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0 or (value == 0 and not allow_zero):
        raise ConfigError(f"{name}={raw!r}: expected a whole number{' (0 or more)' if allow_zero else ' above 0'}")
    return value


def _people_map(path: str | None) -> dict[str, str]:
    """A JSON object mapping Slack user ids or emails to names as the minutes write them."""
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ConfigError(f"MINUTES_SLACK_PEOPLE: {path}: {error}") from error
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ConfigError(f"MINUTES_SLACK_PEOPLE: {path}: expected a JSON object of \"user id or email\": \"name\"")
    return {k.casefold() if "@" in k else k: v for k, v in data.items()}
