"""The due date of an action written in prose: "by 17 October 2012", "to the April meeting",
"in time for April's AGM", "by Sept. 8th"; counted from the meeting: "tomorrow", "by Friday",
"by the end of the month".

An action's sentence often names other dates too ("the action agreed at our meeting 27th
October ... in time for April's AGM"): a date after a deadline word is the due date; a
date before the meeting is never one.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import dateparser

from corpus.dates import DateMention, find_dates

# Words that put a deadline on what follows.
_CUE = re.compile(
    r"\b(?:by|before|until|till|for|no later than|in time for|at|to|during|in|deadline|due|next|end of)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
# A day and month with no year ("Sept. 8th", "8th Sept"), after a deadline word.
_SHORT_DATE = re.compile(
    r"\b(?:by|before|until|no later than)\s+(?:the\s+)?(?P<phrase>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Z][a-z]{2,8}\.?)"
)


def due_from_words(text: str, meeting_date: date | None, day_known: bool = True) -> tuple[str | None, str | None]:
    """(ISO day or month, the words it was read from) for an action's words, or (None, None).

    `day_known` False: `meeting_date` stands for a year only (notes of a year's meetings), so
    nothing is counted from it ("tomorrow", "by Friday")."""
    mentions = find_dates(text, meeting_date)
    if meeting_date is not None:
        mentions = [m for m in mentions if m.iso[:7] >= meeting_date.isoformat()[:7]]
    cued = [m for m in mentions if _cued(text, m)]
    chosen = (cued or mentions or [None])[0]
    if chosen is not None:
        return chosen.iso, chosen.text
    short = _SHORT_DATE.search(text)
    if short:
        base = datetime.combine(meeting_date, datetime.min.time()) if meeting_date else None
        settings = {"PREFER_DATES_FROM": "future", "PREFER_DAY_OF_MONTH": "first"}
        if base is not None:
            settings["RELATIVE_BASE"] = base
        parsed = dateparser.parse(short.group("phrase").replace(".", ""), languages=["en"], settings=settings)
        if parsed is not None:
            return parsed.date().isoformat(), short.group("phrase")
    if meeting_date is not None and day_known:
        return _relative_due(text, meeting_date)
    return None, None


def _relative_due(text: str, meeting_date: date) -> tuple[str | None, str | None]:
    """A deadline counted from the meeting's day, the first one the text names."""
    found: list[tuple[int, str, str]] = []  # (where, ISO, words)
    relative = _RELATIVE_DUE.search(text)
    if relative:
        # "will have an update tomorrow", "by next week".
        days = _RELATIVE_DAYS[relative.group("phrase").lower().split()[-1]]
        found.append((relative.start(), (meeting_date + timedelta(days=days)).isoformat(), relative.group("phrase")))
    weekday = _WEEKDAY_DUE.search(text)
    if weekday:
        # "planned to Tuesday", "by Friday": the first such day after the meeting. "Next Friday"
        # said on a Wednesday is this week's or the next: no date rather than a wrong one.
        day = _WEEKDAYS.index(weekday.group("day").lower())
        ahead = (day - meeting_date.weekday()) % 7 or 7
        if not (re.search(r"(?i)\bnext\b", weekday.group("phrase")) and day > meeting_date.weekday()):
            found.append((weekday.start(), (meeting_date + timedelta(days=ahead)).isoformat(), weekday.group("phrase")))
    period = _END_OF_PERIOD.search(text)
    if period:
        # "by the end of the month": the meeting's month (the next one for "end of next month").
        later = bool(period.group("next"))
        if period.group("unit").lower() == "year":
            iso = f"{meeting_date.year + later:04d}-12"
        else:
            month = meeting_date.month + later
            iso = f"{meeting_date.year + (month > 12):04d}-{(month - 1) % 12 + 1:02d}"
        found.append((period.start(), iso, period.group("phrase")))
    if not found:
        return None, None
    _, iso, words = min(found)
    return iso, words


# Deadlines counted from the meeting: "tomorrow", "by next week", "in the next fortnight".
_RELATIVE_DUE = re.compile(r"(?i)\b(?P<phrase>tomorrow|(?:by|within|in|during)\s+(?:the\s+)?(?:next\s+)?(?:week|fortnight)|next\s+week)\b")
_RELATIVE_DAYS = {"tomorrow": 1, "week": 7, "fortnight": 14}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# A weekday after a deadline word; "Tuesday's meeting" names a day, not a deadline.
_WEEKDAY_DUE = re.compile(
    r"(?i)\b(?P<phrase>(?:by|before|until|till|to|for|next|this|on)\s+(?:next\s+|this\s+|coming\s+)?"
    r"(?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b(?!['’]s)"
)
_END_OF_PERIOD = re.compile(
    r"(?i)\b(?P<phrase>(?:by\s+|before\s+|until\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?P<next>next\s+)?"
    r"(?P<unit>month|year))\b"
)


def _cued(text: str, mention: DateMention) -> bool:
    return bool(_CUE.search(text[max(0, mention.start - 30) : mention.start]))
