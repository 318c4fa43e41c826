"""The due date of an action written in prose: "by 17 October 2012", "to the April meeting",
"in time for April's AGM", "by Sept. 8th".

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


def due_from_words(text: str, meeting_date: date | None) -> tuple[str | None, str | None]:
    """(ISO day or month, the words it was read from) for an action's words, or (None, None)."""
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
    relative = _RELATIVE_DUE.search(text)
    if relative and meeting_date is not None:
        # "will have an update tomorrow", "by next week": counted from the meeting's day.
        days = _RELATIVE_DAYS[relative.group("phrase").lower().split()[-1]]
        return (meeting_date + timedelta(days=days)).isoformat(), relative.group("phrase")
    return None, None


# Deadlines counted from the meeting: "tomorrow", "by next week", "in the next fortnight".
_RELATIVE_DUE = re.compile(r"(?i)\b(?P<phrase>tomorrow|(?:by|within|in|during)\s+(?:the\s+)?(?:next\s+)?(?:week|fortnight)|next\s+week)\b")
_RELATIVE_DAYS = {"tomorrow": 1, "week": 7, "fortnight": 14}


def _cued(text: str, mention: DateMention) -> bool:
    return bool(_CUE.search(text[max(0, mention.start - 30) : mention.start]))
