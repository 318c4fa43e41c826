"""The new-minutes digest as one Slack message: board, date and link, the decisions, the new
actions (owners mentioned when they are Slack users) and the earlier actions reported done.

Always one valid message, however long the minutes: each list gets a share of the message
budget (measured as Slack receives it, JSON-encoded), its lines packed into sections of at
most 3000 characters, and what does not fit is counted ("…and 35 more"). Minutes text is
escaped, so "<!channel>" in minutes pings nobody; mentions are the only markup made.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from bot.render import SECTION_LIMIT, SlackMessage, escape
from corpus.people import normalise_name
from index.meeting_news import MeetingNews, NewAction, ReportedDone
from index.views import OwnerView
from retrieval.decisions import Decision, decisions
from retrieval.wording import long_date, owner_label

DIGEST_EVENT = "minutes_digest"  # the message metadata's event_type: how a poster finds a digest already posted
HEADER_LIMIT = 150
LINE_CHARS = 400
# Shares of the ~11k characters a message may take (JSON-encoded, as posted).
BUDGETS = {"decisions": 3600, "actions": 4200, "done": 2200}


@dataclass(frozen=True)
class DigestMessage(SlackMessage):
    metadata: dict | None = None


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _owner(owner: OwnerView, users: Mapping[str, str]) -> str:
    user = users.get(normalise_name(owner.name)) if owner.kind == "person" else None
    return f"<@{user}>" if user else escape(owner_label(owner))


def _owners(owners: list[OwnerView], users: Mapping[str, str]) -> str:
    return ", ".join(_owner(o, users) for o in owners) or "no owner named"


def _where(item: str | None) -> str:
    return f" _(item {escape(item)})_" if item else ""


def decision_line(decision: Decision) -> str:
    return f"• {escape(_clip(decision.text, LINE_CHARS))}{_where(decision.item)}"


def action_line(action: NewAction, users: Mapping[str, str]) -> str:
    ref = f"*{escape(action.ref)}* " if action.ref else ""
    due = f"due {long_date(action.due)}" if action.due else f"due {action.due_text}" if action.due_text else "no due date"
    return (f"• {ref}{_owners(action.owners, users)} — {escape(_clip(action.description, LINE_CHARS // 2))}"
            f" · _{escape(due)}_{_where(action.item)}")


def done_line(action: ReportedDone, users: Mapping[str, str]) -> str:
    ref = f"*{escape(action.ref)}* " if action.ref else ""
    return (f"• {ref}{_owners(action.owners, users)} — {escape(_clip(action.description, LINE_CHARS // 2))}"
            f" _(set {long_date(action.set_on)}{'; reported at item ' + escape(action.item) if action.item else ''})_")


def _encoded(text: str) -> int:
    return len(json.dumps(text))


def _sections(title: str, lines: list[str], budget: int, more: str) -> list[dict]:
    """`title` and as many `lines` as fit `budget`, packed into sections of ≤ 3000 characters; the rest counted."""
    kept: list[str] = []
    used = _encoded(title) + 80  # the title and the block's own JSON
    for line in lines:
        if used + _encoded(line) + 60 > budget:
            break
        kept.append(line)
        used += _encoded(line) + 1
    if len(kept) < len(lines):
        kept.append(more.format(n=len(lines) - len(kept)))
    blocks, chunk = [], title
    for line in kept:
        if len(chunk) + 1 + len(line) > SECTION_LIMIT:
            blocks.append(chunk)
            chunk = line
        else:
            chunk = f"{chunk}\n{line}"
    blocks.append(chunk)
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}} for text in blocks]


def _link(news: MeetingNews) -> str:
    if news.url and news.url.startswith(("https://", "http://")) and len(news.url) < 2000:
        return f"<{news.url.replace('>', '%3E').replace('|', '%7C')}|{escape(news.source)}>"
    return escape(news.source)


def digest_message(news: MeetingNews, key: str, users: Mapping[str, str] | None = None) -> DigestMessage:
    """The digest of one new meeting, its metadata naming `key`; `users` maps normalised person names to Slack user ids."""
    users = users or {}
    found = decisions(news.items)
    when = long_date(news.meeting_date)
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": _clip(f"New minutes: {news.board}", HEADER_LIMIT)}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": f"*{escape(news.board)}* · {when} · {_link(news)}"}]},
    ]
    if found:
        blocks += _sections(f"*Decisions* ({len(found)})", [decision_line(d) for d in found], BUDGETS["decisions"],
                            "…and {n} more decisions in the minutes.")
    if news.actions:
        blocks += _sections(f"*New actions* ({len(news.actions)})", [action_line(a, users) for a in news.actions],
                            BUDGETS["actions"], "…and {n} more — `/actions` lists anyone's open actions.")
    if news.reported_done:
        blocks += _sections(f"*Earlier actions reported done* ({len(news.reported_done)})",
                            [done_line(a, users) for a in news.reported_done], BUDGETS["done"],
                            "…and {n} more reported done.")
    if not (found or news.actions or news.reported_done):
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": "No decisions or actions recorded."}]})
    text = (f"New minutes: {news.board}, {when} — {len(found)} decision{'s' if len(found) != 1 else ''}, "
            f"{len(news.actions)} new action{'s' if len(news.actions) != 1 else ''}, "
            f"{len(news.reported_done)} earlier action{'s' if len(news.reported_done) != 1 else ''} reported done.")
    metadata = {"event_type": DIGEST_EVENT, "event_payload": {"digest": key, "source": news.source}}
    return DigestMessage(_clip(escape(text), 3000), blocks, metadata)
