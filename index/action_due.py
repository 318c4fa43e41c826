"""Due dates against a clock that can be set: overdue, due soon, and who owes what.

`today()` is the real date unless `MINUTES_TODAY` (an ISO date) sets it, so a demo, a test
or `minutes remind --today` can ask what was overdue on any day.
"""

from __future__ import annotations

import calendar
import os
import re
from dataclasses import dataclass
from datetime import date, timedelta

from index.views import ActionView

REMIND_WITHIN_DAYS = 7


def today() -> date:
    """The clock: `MINUTES_TODAY` when set (for demos and tests), else the real date."""
    configured = os.environ.get("MINUTES_TODAY")
    return date.fromisoformat(configured) if configured else date.today()


def parse_days(text: str) -> int:
    """"14d" -> 14, "2w" -> 14, "10" -> 10; ValueError naming the text otherwise."""
    match = re.fullmatch(r"\s*(\d{1,4})\s*(d|days?|w|weeks?)?\s*", text, re.IGNORECASE)
    if not match:
        raise ValueError(f"{text!r} is not a number of days (write 14d or 2w)")
    days = int(match.group(1))
    return days * 7 if (match.group(2) or "d").lower().startswith("w") else days


def due_date(due: str | None) -> date | None:
    """The last day an ISO due date allows: "2018-11-05" itself, "2018-11" its month's last day."""
    if not due:
        return None
    try:
        if len(due) == 7:
            year, month = int(due[:4]), int(due[5:7])
            return date(year, month, calendar.monthrange(year, month)[1])
        return date.fromisoformat(due[:10])
    except ValueError:
        return None


def is_open(action: ActionView) -> bool:
    return action.status != "closed"


def is_overdue(action: ActionView, on: date) -> bool:
    """Past its due date and not done."""
    due = due_date(action.due)
    return is_open(action) and due is not None and due < on


def is_due_within(action: ActionView, on: date, days: int) -> bool:
    """Open and due between `on` and `days` later (inclusive)."""
    due = due_date(action.due)
    return is_open(action) and due is not None and on <= due <= on + timedelta(days=days)


def urgency(action: ActionView, on: date, soon_days: int = REMIND_WITHIN_DAYS) -> int:
    """0 overdue, 1 due soon, 2 the rest: the order a person's open actions are shown in."""
    if is_overdue(action, on):
        return 0
    return 1 if is_due_within(action, on, soon_days) else 2


def by_urgency(actions: list[ActionView], on: date) -> list[ActionView]:
    """Overdue first (oldest due first), then due soon, then the rest (by due date, undated last)."""
    return sorted(actions, key=lambda a: (urgency(a, on), due_date(a.due) or date.max, a.meeting_date or ""))


@dataclass(frozen=True)
class PersonDue:
    """One owner's actions that need a reminder on a day."""

    person: str
    kind: str  # person, organisation or initials (only people can be sent a DM)
    actions: list[ActionView]


def due_by_person(actions: list[ActionView], on: date, days: int = REMIND_WITHIN_DAYS) -> list[PersonDue]:
    """Open actions overdue or due within `days` of `on`, grouped per owner (an action with two owners
    is listed for both), people in name order."""
    grouped: dict[tuple[str, str], list[ActionView]] = {}
    for action in actions:
        if not (is_overdue(action, on) or is_due_within(action, on, days)):
            continue
        owners = action.owners or []
        for owner in owners:
            grouped.setdefault((owner.name, owner.kind), []).append(action)
        if not owners:
            grouped.setdefault(("(no owner named)", "none"), []).append(action)
    return [PersonDue(name, kind, by_urgency(rows, on)) for (name, kind), rows in sorted(grouped.items())]


def select_due(actions: list[ActionView], on: date, overdue: bool = False, within_days: int | None = None) -> list[ActionView]:
    """`minutes actions --overdue` / `--due-within N`: either condition keeps an action (both given: either)."""
    if not overdue and within_days is None:
        return actions
    return [a for a in actions
            if (overdue and is_overdue(a, on)) or (within_days is not None and is_due_within(a, on, within_days))]
