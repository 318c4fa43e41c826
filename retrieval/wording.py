"""How answers word people, dates, actions and citations (plain text; the bot adds mrkdwn)."""

from __future__ import annotations

from datetime import date

from index.passages import Passage
from index.views import ActionView, OwnerView


def long_date(iso: str | None) -> str:
    """"2015-11-26" -> "26 November 2015"; "2018-11" -> "November 2018"; None -> "undated"."""
    if not iso:
        return "undated"
    try:
        if len(iso) == 7:
            return date.fromisoformat(f"{iso}-01").strftime("%B %Y")
        day = date.fromisoformat(iso[:10])
        return f"{day.day} {day.strftime('%B %Y')}"
    except ValueError:
        return iso


def owner_label(owner: OwnerView) -> str:
    """"Stephen Kavanagh (SK)"; initials alone when the minutes never say whose they are."""
    if owner.initials and owner.initials != owner.name and owner.kind == "person":
        return f"{owner.name} ({owner.initials})"
    return owner.name


def owners_label(action: ActionView) -> str:
    return ", ".join(owner_label(o) for o in action.owners) or "no owner named"


def due_label(action: ActionView) -> str:
    if action.due:
        return f"due {long_date(action.due)}"
    if action.due_text:
        return f"due {action.due_text}"
    return "no due date"


def action_line(action: ActionView) -> str:
    """"46/18 — Stephen Kavanagh (SK): raise the ... (due October 2018, open)"."""
    ref = f"{action.ref} — " if action.ref else ""
    return f"{ref}{owners_label(action)}: {action.description} ({due_label(action)}, {action.status})"


def item_label(item: str | None, title: str | None) -> str:
    if item:
        return f"item {item} {title or ''}".strip()
    return title or "meeting header"


def citation(passage: Passage) -> str:
    """"Business Coordination Board, 26 November 2015, item 4 Restorative Justice ... (002_x.txt)"."""
    return f"{passage.board}, {long_date(passage.meeting_date)}, {item_label(passage.item, passage.item_title)} ({passage.source})"


def quote(text: str, limit: int = 300) -> str:
    """A sentence of the minutes on one line, cut at a word near `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + " …"
