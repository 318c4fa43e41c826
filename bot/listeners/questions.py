"""Answering a question from a mention or a DM: one threaded reply, 👀 while working."""

from __future__ import annotations

import logging
import re
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import BotDeps
from bot.render import answer_message, no_index_message, plain_message
from bot.render_feedback import feedback_block, feedback_value
from bot.structured_logs import AnswerTimings, log_question

_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
HELP = ("Ask me about the board minutes, e.g. “who owns the digital forensics action?” or "
        "“what did the board decide about restorative justice?”.")


BUSY = ("I'm answering a lot of questions right now and couldn't take yours. "
        "Please ask again in a minute.")


def take_question(event: dict, client: WebClient, deps: BotDeps, logger: logging.Logger) -> None:
    """Queue the question of `event` (a message or app_mention) for an answer thread; runs after the ack.

    Each message is taken once (a mention also arrives as a channel message). When every
    answer thread is busy and the queue is full, the asker is told so in the thread.
    """
    channel, ts = event["channel"], event["ts"]
    if not deps.seen.first_time(f"message:{channel}:{ts}"):
        return  # the same message as app_mention and as message: answered already
    thread = event.get("thread_ts") or ts
    question = " ".join(_MENTION.sub(" ", event.get("text") or "").split())
    if not question:
        _post(client, channel, thread, plain_message(HELP))
        return
    handed_over = time.perf_counter()
    if not deps.answers.submit(lambda: answer_in_thread(event, question, client, deps, logger, handed_over)):
        logger.warning("answer queue full: told the asker in %s to try again", channel)
        _post(client, channel, thread, plain_message(BUSY))


def answer_in_thread(event: dict, question: str, client: WebClient, deps: BotDeps, logger: logging.Logger,
                     handed_over: float | None = None) -> None:
    """Reply once, in the thread of `event`, with a cited answer to `question` (on an answer thread).

    `handed_over` (perf_counter) is when the question was queued: the log line says how long it waited.
    """
    channel, ts = event["channel"], event["ts"]
    thread = event.get("thread_ts") or ts
    started = time.perf_counter()
    _react(client, "reactions_add", channel, ts, logger)
    asked, answer, version, cpu_s = time.perf_counter(), None, None, 0.0
    try:
        previous = deps.threads.last_question((channel, thread))
        answered_question = deps.answer(question, previous=previous)
        answer, version, cpu_s = answered_question.answer, answered_question.version, answered_question.cpu_s
        answered = time.perf_counter()
        if answer is None:
            message = no_index_message()
        else:
            deps.threads.remember((channel, thread), answer.asked or question)
            keep = question if deps.config.keep_questions else None  # the question leaves only with the opt-in
            message = answer_message(answer, feedback=feedback_block(feedback_value(answer, keep)))
    except Exception:  # never fail silently: the user gets a reply either way
        logger.exception("answering %r failed", question)
        answered = time.perf_counter()
        message = plain_message("Sorry, something went wrong while I was reading the minutes. Please try again.")
    rendered = time.perf_counter()
    try:
        _post(client, channel, thread, message)
    finally:
        _react(client, "reactions_remove", channel, ts, logger)
        timings = AnswerTimings(
            queued_ms=_ms(started - (handed_over or started)), answer_ms=_ms(answered - asked),
            answer_cpu_ms=_ms(cpu_s), render_ms=_ms(rendered - answered),
            slack_ms=_ms(time.perf_counter() - rendered + asked - started))
        log_question("im" if event.get("channel_type") == "im" else "mention", started, answer, version, timings)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _post(client: WebClient, channel: str, thread: str, message) -> None:
    client.chat_postMessage(channel=channel, thread_ts=thread, text=message.text, blocks=message.blocks)


def _react(client: WebClient, method: str, channel: str, ts: str, logger: logging.Logger) -> None:
    try:
        getattr(client, method)(channel=channel, timestamp=ts, name="eyes")
    except SlackApiError as error:  # a missing reaction is cosmetic
        logger.info("%s failed: %s", method, error.response.get("error"))
