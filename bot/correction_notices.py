"""Telling admins when a correction of theirs no longer applies (the minutes read again no longer
hold the action): one DM per admin, once per orphaned correction; the correction itself is kept."""

from __future__ import annotations

import re

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.render import SlackMessage, escape
from index.corrections import CorrectionView
from index.store import Store

_SLACK_USER = re.compile(r"[UW][A-Z0-9]{2,}")  # corrections made from the CLI name a login, not a Slack user


def orphan_message(corrections: list[CorrectionView]) -> SlackMessage:
    """The DM: which corrections no longer apply, and what to do."""
    head = (f"{len(corrections)} of your action corrections no longer appl{'ies' if len(corrections) == 1 else 'y'}: "
            "the minutes were read again and no longer hold the action. They are kept, not applied.")
    lines = [f"• #{c.id} {c.describe()}" for c in corrections[:20]]
    tail = "Correct the action again, or remove the correction with `minutes corrections drop ID`."
    text = "\n".join([head, *lines, tail])
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": escape(head)}},
              {"type": "section", "text": {"type": "mrkdwn", "text": escape("\n".join(lines))[:3000]}},
              {"type": "context", "elements": [{"type": "mrkdwn", "text": tail}]}]
    return SlackMessage(text[:3000], blocks)


def notify_orphaned_corrections(client: WebClient, store: Store) -> list[int]:
    """DM each admin whose corrections became orphans since they were last told; the ids told.
    A failed DM is tried again after the next re-read."""
    waiting: dict[str, list[CorrectionView]] = {}
    for correction in store.corrections():
        if correction.orphaned and correction.orphan_notified_at is None and _SLACK_USER.fullmatch(correction.corrected_by):
            waiting.setdefault(correction.corrected_by, []).append(correction)
    told: list[int] = []
    for user, corrections in waiting.items():
        message = orphan_message(corrections)
        try:
            channel = client.conversations_open(users=user)["channel"]["id"]
            client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks)
        except (SlackApiError, OSError):
            continue
        told += [c.id for c in corrections]
    store.mark_orphans_notified(told)
    return told
