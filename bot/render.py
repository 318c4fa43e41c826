"""Answers as Slack messages: a plain-text fallback and Block Kit blocks within Slack's limits.

Minutes text is escaped for mrkdwn (`&`, `<`, `>`), so a literal "<!channel>" in minutes
never pings anyone. Limits: ≤ 50 blocks, section text ≤ 3000 characters, button value
≤ 2000, the whole message kept well under ~12k characters.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from bot.render_corrections import add_button, correct_button, passage_sentence
from index.passages import Passage
from index.views import ActionView
from retrieval.answer_types import Answer
from retrieval.hybrid import RankedPassage
from retrieval.wording import action_line, citation, due_label, item_label, long_date, owners_label

MAX_BLOCKS = 50
SECTION_LIMIT = 3000
EXCERPT_CHARS = 500
MESSAGE_BUDGET = 11000
SHOW_ACTION = "show_action"


@dataclass(frozen=True)
class SlackMessage:
    text: str  # the fallback (notifications, screen readers)
    blocks: list[dict]


def escape(text: str) -> str:
    """Minutes text made literal for mrkdwn."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _section(mrkdwn: str, accessory: dict | None = None) -> dict:
    block = {"type": "section", "text": {"type": "mrkdwn", "text": _clip(mrkdwn, SECTION_LIMIT)}}
    if accessory:
        block["accessory"] = accessory
    return block


def _context(mrkdwn: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(mrkdwn, SECTION_LIMIT)}]}


def _source_line(p: Passage) -> str:
    where = f"*{escape(p.board)}*, {long_date(p.meeting_date)}, {escape(item_label(p.item, p.item_title))}"
    if p.url and p.url.startswith(("https://", "http://")) and len(p.url) < 2000:
        return f"{where} · <{p.url.replace('>', '%3E').replace('|', '%7C')}|{escape(p.source)}>"
    return f"{where} · {escape(p.source)}"


def _quote(text: str) -> str:
    return "\n".join(f">{line}" for line in escape(_clip(" ".join(text.split()), EXCERPT_CHARS)).splitlines() or [">"])


def passage_blocks(passages: list[RankedPassage], limit: int = 3, answer_text: str | None = None) -> list[dict]:
    """A citation line and a quoted excerpt for each passage; given the answer's text, each
    excerpt has an "Add action" button (for admins; checked on click) pre-filled with its sentence."""
    blocks: list[dict] = []
    for ranked in passages[:limit]:
        blocks.append(_context(_source_line(ranked.passage)))
        p = ranked.passage
        button = add_button(p.source, p.item, passage_sentence(p.text, answer_text)) if answer_text is not None else None
        blocks.append(_section(_quote(p.text), button))
    return blocks


def action_button_value(action: ActionView) -> str:
    """What the "Details" button carries to find the record again (≤ 2000 characters)."""
    return json.dumps({"source": action.source, "ref": action.ref, "description": action.description[:200]})


def action_blocks(actions: list[ActionView], limit: int = 10) -> list[dict]:
    """One line per action record, each with a button that shows the full record."""
    blocks = []
    for action in actions[:limit]:
        ref = f"*{escape(action.ref)}* " if action.ref else ""
        line = (f"{ref}{escape(owners_label(action))} — {escape(_clip(action.description, 300))}\n"
                f"_{escape(due_label(action))} · {escape(action.status)}_")
        button = {"type": "button", "action_id": SHOW_ACTION, "text": {"type": "plain_text", "text": "Details"},
                  "value": action_button_value(action)}
        blocks.append(_section(line, button))
    if len(actions) > limit:
        blocks.append(_context(f"…and {len(actions) - limit} more."))
    return blocks


def _fit(blocks: list[dict], last: dict | None = None) -> list[dict]:
    """Drop trailing blocks until the message (with `last` after them) is within the block count and size budget."""
    tail = [last] if last else []
    blocks = blocks[:MAX_BLOCKS - len(tail)]
    while len(blocks) > 1 and len(json.dumps(blocks + tail)) > MESSAGE_BUDGET:
        blocks.pop()
    return blocks + tail


def answer_message(answer: Answer, sources: int = 3, related: int = 2, feedback: dict | None = None) -> SlackMessage:
    """The reply to a question: the answer, its actions, the passages it rests on, then at most
    `related` more marked as related (all "possibly related" when the minutes don't answer);
    `feedback` (bot/render_feedback.py) goes last, never cut."""
    if answer.found:
        blocks = [_section(escape(answer.text))]
    else:
        # Not found says so first, alone; the closest passage follows, marked as only possibly related.
        head, _, closest = answer.text.partition("\n")
        blocks = [_section(f"*{escape(head)}*")] + ([_context(escape(closest))] if closest.strip() else [])
    if answer.actions:
        blocks += action_blocks(answer.actions)
    if answer.sources:
        blocks.append({"type": "divider"})
        blocks.append(_context("*Sources*"))
        blocks += passage_blocks(answer.sources, limit=sources, answer_text=answer.text)
    others = answer.related(related if answer.found else sources)
    if others:
        blocks.append({"type": "divider"})
        blocks.append(_context("*Related*" if answer.found else "*Possibly related*"))
        blocks += passage_blocks(others, limit=len(others))
    fallback = answer.text
    if answer.found and answer.passages:
        fallback += f"\nSource: {citation(answer.passages[0].passage)}"
    return SlackMessage(_clip(fallback, 3000), _fit(blocks) if feedback is None else _fit(blocks, last=feedback))


def no_index_message() -> SlackMessage:
    text = "No minutes have been indexed yet, so I can't answer. An admin can add minutes by sharing a file with me."
    return SlackMessage(text, [_section(text)])


def search_message(query: str, passages: list[RankedPassage]) -> SlackMessage:
    """`/minutes` results, restating the query (the user cannot see their own command)."""
    head = f"Minutes matching “{query}”:" if passages else f"Nothing in the minutes matches “{query}”."
    return SlackMessage(head, _fit([_section(escape(head))] + passage_blocks(passages, limit=5)))


def actions_message(person: str | None, asked: str, actions: list[ActionView]) -> SlackMessage:
    """`/actions` results for a person, restating whose actions were asked for."""
    if person is None:
        text = f"I couldn't find {asked} in the minutes, so I can't list their actions."
        return SlackMessage(text, [_section(escape(text))])
    if not actions:
        text = f"{person} has no open actions in the minutes."
        return SlackMessage(text, [_section(escape(text))])
    text = f"{person} has {len(actions)} open action{'s' if len(actions) != 1 else ''}:"
    lines = "\n".join(action_line(a) for a in actions[:20])
    return SlackMessage(_clip(f"{text}\n{lines}", 3000), _fit([_section(escape(text))] + action_blocks(actions, limit=20)))


def action_detail_message(action: ActionView, correctable: bool = False) -> SlackMessage:
    """The full record behind a "Details" button; with `correctable` (an admin asked) a "Correct" button."""
    rows = [
        f"*Action {escape(action.ref or '(no ref)')}*",
        f"*Owner:* {escape(owners_label(action))}",
        f"*Description:* {escape(action.description)}",
        f"*Due:* {escape(action.due_text or (long_date(action.due) if action.due else 'not given'))}",
        f"*Status:* {escape(action.status)}",
        f"*From:* {escape(action.board)}, {long_date(action.meeting_date)}, {escape(item_label(action.item, action.item_title))} ({escape(action.source)})",
    ]
    blocks = [_section("\n".join(rows))]
    if action.corrected_by:
        who = f"<@{action.corrected_by}>" if re.fullmatch(r"[UW][A-Z0-9]{2,}", action.corrected_by) else escape(action.corrected_by)
        blocks.append(_context(f"Corrected by {who}, {escape((action.corrected_at or '').replace('T', ' '))} UTC"))
    if correctable:
        blocks.append({"type": "actions", "elements": [correct_button(action_button_value(action))]})
    if action.history:
        blocks.append(_context(f"*History* — {escape(action.state)}"))
        for p in action.history[-8:]:
            where = f"{long_date(p.meeting_date)}, {'item ' + escape(p.item) if p.item else 'meeting'} ({escape(p.source)})"
            how = "action log" if p.method == "ref" else "matched by meaning"
            blocks.append(_section(f"*{escape(p.status)}* · {where} · _{how}_\n{_quote(p.quote)}"))
    elif action.updates:
        blocks.append(_section("*Updates:*\n" + "\n".join(f"• {escape(u)}" for u in action.updates[-5:])))
    return SlackMessage(_clip(action_line(action), 3000), _fit(blocks))


def plain_message(text: str) -> SlackMessage:
    return SlackMessage(text, [_section(escape(text))])
