"""Buttons under an answer: 👍 stores a "helpful" vote; 👎 stores a "not helpful" one and asks,
ephemerally, what was wrong (wrong answer, wrong meeting, should have said not found), which
refines that vote. Every click is acknowledged at once and answered ephemerally."""

from __future__ import annotations

import logging
import re

from slack_bolt import App

from bot.deps import BotDeps
from bot.render_feedback import FEEDBACK_DOWN, FEEDBACK_UP, REASON_PREFIX, read_value, reason_message, thanks_message
from index.answer_feedback import HELPFUL, NOT_HELPFUL, REASONS, FeedbackLog

logger = logging.getLogger("minutes.feedback")


def _answer_at(body: dict) -> tuple[str, str]:
    """(channel, ts) of the answer whose button was clicked."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id") or ""
    ts = container.get("message_ts") or (body.get("message") or {}).get("ts") or ""
    return channel, ts


def register(app: App, deps: BotDeps) -> None:
    log = FeedbackLog(deps.service.store.engine)

    def vote(kind: str, action: dict, body: dict) -> int:
        citations, question = read_value(action.get("value"))
        channel, ts = _answer_at(body)
        keep = question if deps.config.keep_questions else None  # never stored without the opt-in
        return log.vote(kind, body["user"]["id"], channel, ts, citations, keep)

    def on_up(ack, action, body, respond) -> None:
        ack()
        vote(HELPFUL, action, body)
        message = thanks_message(HELPFUL)
        respond(response_type="ephemeral", replace_original=False, text=message.text, blocks=message.blocks)

    def on_down(ack, action, body, respond) -> None:
        ack()
        message = reason_message(vote(NOT_HELPFUL, action, body))
        respond(response_type="ephemeral", replace_original=False, text=message.text, blocks=message.blocks)

    def on_reason(ack, action, body, respond) -> None:
        ack()
        reason = action["action_id"][len(REASON_PREFIX):]
        try:
            refined = log.refine(int(action.get("value") or 0), body["user"]["id"], reason)
        except ValueError:
            refined = False
        if not refined:
            logger.info("feedback reason for an unknown vote", extra={"reason": reason})
        message = thanks_message(reason)
        respond(response_type="ephemeral", replace_original=True, text=message.text, blocks=message.blocks)

    app.action(FEEDBACK_UP)(on_up)
    app.action(FEEDBACK_DOWN)(on_down)
    app.action(re.compile(f"^{REASON_PREFIX}({'|'.join(REASONS)})$"))(on_reason)
