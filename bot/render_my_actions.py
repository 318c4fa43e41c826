"""One person's actions as Slack surfaces: the Home tab ("My actions") and the reminder digest.

Both list overdue actions first, then those due soon, then the rest, each with its board,
meeting date, item, due date and a Details button (the same button as in answers).
"""

from __future__ import annotations

from datetime import date

from bot.render import SHOW_ACTION, SlackMessage, _clip, _context, _section, action_button_value, escape
from index.action_due import REMIND_WITHIN_DAYS, is_overdue, urgency
from index.views import ActionView
from retrieval.wording import item_label, long_date

HOME_BLOCK_LIMIT = 100  # Slack's limit for a Home tab view
HOME_ACTIONS = 30
DIGEST_ACTIONS = 15
_GROUPS = ("Overdue", f"Due in the next {REMIND_WITHIN_DAYS} days", "Other open actions")


def _when(action: ActionView, on: date) -> str:
    if not action.due:
        return f"due {action.due_text}" if action.due_text else "no due date"
    label = f"due {long_date(action.due)}"
    return f"*{label} — overdue*" if is_overdue(action, on) else label


def action_section(action: ActionView, on: date) -> dict:
    """One action: what, board, meeting date, item, due date and state, with a Details button."""
    ref = f"*{escape(action.ref)}* " if action.ref else ""
    state = "" if action.state == "open" else f" · {escape(action.state)}"
    where = f"{escape(action.board)} · {long_date(action.meeting_date)} · {escape(item_label(action.item, action.item_title))}"
    text = f"{ref}{escape(_clip(action.description, 300))}\n{where}\n{_when(action, on)}{state}"
    button = {"type": "button", "action_id": SHOW_ACTION, "text": {"type": "plain_text", "text": "Details"},
              "value": action_button_value(action)}
    return _section(text, button)


def _grouped(actions: list[ActionView], on: date, limit: int) -> list[dict]:
    blocks: list[dict] = []
    shown = 0
    for group, title in enumerate(_GROUPS):
        rows = [a for a in actions if urgency(a, on) == group]
        if not rows or shown >= limit:
            continue
        blocks.append({"type": "header", "text": {"type": "plain_text", "text": f"{title} ({len(rows)})"}})
        for action in rows[: limit - shown]:
            blocks.append(action_section(action, on))
        shown += min(len(rows), limit - shown)
    if len(actions) > shown:
        blocks.append(_context(f"…and {len(actions) - shown} more: `/actions` lists them all."))
    return blocks


def home_view(person: str | None, asked: str, actions: list[ActionView], on: date, reminders_on: bool) -> dict:
    """The Home tab: the user's open actions, or how to be matched to a name in the minutes."""
    if person is None:
        text = (f"I couldn't match you ({escape(asked)}) to anyone named in the minutes, so I can't show your actions.\n"
                "To be matched, either ask an admin to add you to the people mapping file (`MINUTES_SLACK_PEOPLE`: "
                "your Slack user id or email → your name as the minutes write it), or set your Slack full name to "
                "the name the minutes use (for example “Anna Hook”).")
        return {"type": "home", "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "My actions"}}, _section(text)]}
    reminder = ("Reminders are *on*: I'll DM you when an action is overdue or due within a week. `/actions remind off` stops them."
                if reminders_on else "Reminders are *off*. `/actions remind on` turns them back on.")
    if not actions:
        blocks = [_section(f"*{escape(person)}*, you have no open actions in the minutes.")]
    else:
        overdue = sum(is_overdue(a, on) for a in actions)
        summary = f"*{escape(person)}*, you have {len(actions)} open action{'s' if len(actions) != 1 else ''}"
        summary += f", {overdue} overdue." if overdue else "."
        blocks = [_section(summary)] + _grouped(actions, on, HOME_ACTIONS)
    blocks = [{"type": "header", "text": {"type": "plain_text", "text": "My actions"}}] + blocks + [_context(reminder)]
    return {"type": "home", "blocks": blocks[:HOME_BLOCK_LIMIT]}


def reminder_message(person: str, actions: list[ActionView], on: date) -> SlackMessage:
    """The daily digest: overdue actions and those due within a week."""
    overdue = [a for a in actions if is_overdue(a, on)]
    soon = len(actions) - len(overdue)
    parts = [f"{len(overdue)} overdue action{'s' if len(overdue) != 1 else ''}" if overdue else "",
             f"{soon} action{'s' if soon != 1 else ''} due within {REMIND_WITHIN_DAYS} days" if soon else ""]
    head = f"Reminder for {person}: you have " + " and ".join(p for p in parts if p) + " in the minutes."
    lines = [f"• {a.description[:120]} ({a.board}, {long_date(a.meeting_date)}; due {long_date(a.due)})" for a in actions[:DIGEST_ACTIONS]]
    blocks = [_section(escape(head))] + _grouped(actions, on, DIGEST_ACTIONS) + [
        _context("`/actions remind off` stops these reminders.")]
    return SlackMessage(_clip("\n".join([head, *lines]), 3000), blocks[:50])
