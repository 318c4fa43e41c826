"""Global middleware: answer each Slack event once, and never answer the bot itself.

Slack re-delivers an event it thinks was not acknowledged (up to three times) with the same
`event_id`; a mention in a channel the app also reads arrives as `app_mention` and as
`message` with the same channel and ts. Both are dropped here with a 200, so Slack stops.
Socket Mode sets retry headers on first deliveries too, so their presence alone means nothing.
"""

from __future__ import annotations

from slack_bolt import BoltResponse

from bot.conversation import SeenKeys


def dedupe_events(seen: SeenKeys):
    """Middleware that stops an event already handled (by event id or by message)."""

    def middleware(body: dict, next, context):  # noqa: A002 - Bolt's name for it
        event = body.get("event") if isinstance(body, dict) else None
        if event:
            if event.get("bot_id") or (context.bot_user_id and event.get("user") == context.bot_user_id):
                return BoltResponse(status=200, body="")  # the bot's own messages
            if body.get("event_id") and not seen.first_time(f"event:{body['event_id']}"):
                return BoltResponse(status=200, body="")
        return next()

    return middleware
