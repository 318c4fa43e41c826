"""Due-date windows in questions about actions: "due next month", "overdue", "due in November 2018"."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from index.views import ActionView

_MONTH_NAMES = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}


@dataclass(frozen=True)
class DueWindow:
    start: date | None
    end: date | None
    label: str

    def holds(self, action: ActionView) -> bool:
        """Whether the action's due date (a day or a month) falls in the window."""
        if not action.due:
            return False
        first = date.fromisoformat(action.due + "-01" if len(action.due) == 7 else action.due[:10])
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1]) if len(action.due) == 7 else first
        return (self.start is None or last >= self.start) and (self.end is None or first <= self.end)


def _month(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def due_window(question: str, today: date | None = None) -> DueWindow | None:
    """The window a question asks about, relative to `today`; None when it names none."""
    today = today or date.today()
    q = question.lower()
    if re.search(r"\boverdue\b|\bpast due\b|\blate\b", q):
        return DueWindow(None, today - timedelta(days=1), "overdue")
    if not re.search(r"\bdue\b|\bdeadline|\bby\b", q):
        return None
    if "next month" in q:
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        return DueWindow(*_month(year, month), "due next month")
    if "this month" in q:
        return DueWindow(*_month(today.year, today.month), "due this month")
    if "next week" in q:
        start = today + timedelta(days=7 - today.weekday())
        return DueWindow(start, start + timedelta(days=6), "due next week")
    if "this week" in q:
        start = today - timedelta(days=today.weekday())
        return DueWindow(start, start + timedelta(days=6), "due this week")
    match = re.search(r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+((?:19|20)\d\d)\b", q)
    if match:
        return DueWindow(*_month(int(match.group(2)), _MONTH_NAMES[match.group(1)]), f"due in {match.group(1).title()} {match.group(2)}")
    return None
