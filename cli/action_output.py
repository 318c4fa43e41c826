"""How `minutes actions` and `minutes show` print action records and their history."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from rich.console import Console
from rich.table import Table

from index.action_due import due_date, is_overdue
from index.views import ActionView
from retrieval.wording import long_date


def action_json(action: ActionView, on: date) -> dict:
    """The record, its history (later meetings' words) and, against the clock, whether it is overdue."""
    due = due_date(action.due)
    return {**asdict(action), "due_by": due.isoformat() if due else None, "overdue": is_overdue(action, on)}


def actions_table(console: Console, rows: list[ActionView], on: date) -> None:
    table = Table("ref", "action", "owners", "due", "status", "board", "date", "item")
    for a in rows:
        owners = ", ".join(f"{o.name} ({o.initials})" if o.initials and o.initials != o.name else o.name for o in a.owners)
        status = a.state + (" [red](overdue)[/red]" if is_overdue(a, on) else "")
        table.add_row(a.ref or "", a.description, owners, a.due or "", status, a.board, a.meeting_date or "", a.item or "")
    console.print(table)
    console.print(f"{len(rows)} action(s)")


def print_history(console: Console, actions: list[ActionView], on: date) -> None:
    """A meeting's actions, each with what later meetings said about it."""
    if not actions:
        return
    console.rule("Actions")
    for a in actions:
        owners = ", ".join(o.name for o in a.owners) or "no owner named"
        overdue = " — overdue" if is_overdue(a, on) else ""
        head = f"{a.ref + ' ' if a.ref else ''}[{a.state}{overdue}] {owners}: {a.description}"
        console.print(head + (f" (due {long_date(a.due)})" if a.due else ""), markup=False, highlight=False)
        for p in a.history:
            where = f"{long_date(p.meeting_date)}, item {p.item}" if p.item else long_date(p.meeting_date)
            console.print(f"    {where} ({p.source}) — {p.status}: “{p.quote}”", markup=False, highlight=False)
