"""Dates as minutes write them: meeting dates, and due dates normalised to ISO day or month.

Minutes often leave the year out ("22 nd December" in a November 2016 meeting): such a date
is the first one on or after the meeting's month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
# A month's name, full or abbreviated (for patterns elsewhere too: questions, answers).
MONTH_NAME = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_MONTH = rf"(?P<month>{MONTH_NAME})\.?"
_ORDINAL = r"(?P<day>[0-3]?\d)\s?(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!/\d)"
_PATTERNS = [
    # 2016-12-22
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),  # also 2021-09-28T13:00
    # 14/11/16, 03/03/2020 (UK order)
    re.compile(r"(?<![\d/])(?P<day>[0-3]?\d)/(?P<mnum>[01]?\d)/(?P<year>(?:19|20)?\d\d)(?![\d/])"),
    # 26.11.2025 (day first)
    re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?![\d.])"),
    # 15-Sep-2018
    re.compile(rf"\b(?P<day>[0-3]?\d)-{_MONTH}-{_YEAR}\b", re.IGNORECASE),
    # 22 nd December 2016, Friday, 22nd September, 2017, 27 July
    re.compile(rf"\b{_ORDINAL}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?\b", re.IGNORECASE),
    # March 3, 2020 / May 29 2020
    re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.IGNORECASE),
    # November 2018
    re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", re.IGNORECASE),
]
# A month alone counts only when the words around it make it a date ("for August",
# "October Board"), so "it may be" and "we march on" are not dates.
_BARE_MONTH = re.compile(
    r"(?:(?P<cue>\b(?:in|by|for|until|before|from|end of|the|at|on|during|early|late|mid)\s+)"
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)\b)"
    r"|(?:\b(?P<month2>January|February|March|April|June|July|August|September|October|November|December)"
    r"(?=(?:'s|’s)?\s+(?:Board|meeting|Meeting|P&R|Panel|Committee)))"
)
_NO_DATE = re.compile(r"^\s*(?:n/?a|tbc|tba|ongoing|on-going|asap|next meeting|immediate(?:ly)?|-+)\s*\.?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """A date found in text: as written, as ISO day or month, and where."""

    text: str
    iso: str
    start: int
    end: int
    precision: str  # "day" or "month"


def find_dates(text: str, reference: date | None) -> list[DateMention]:
    """Every date in `text`, in order; a missing year is resolved against `reference`."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            mention = _mention(match, reference)
            if mention:
                found.append(mention)
                taken.append((match.start(), match.end()))
    for match in _BARE_MONTH.finditer(text):
        name = match.group("month") or match.group("month2")
        start = match.start("month") if match.group("month") else match.start("month2")
        end = start + len(name)
        if any(s < end and start < e for s, e in taken):
            continue
        year = _year_for(reference, _MONTHS[name.lower()], None)
        if year is None:
            continue
        found.append(DateMention(name, f"{year:04d}-{_MONTHS[name.lower()]:02d}", start, end, "month"))
        taken.append((start, end))
    return sorted(found, key=lambda m: m.start)


def _mention(match: re.Match[str], reference: date | None) -> DateMention | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS.get((groups.get("month") or "").lower().rstrip("."))
    if not month or not 1 <= month <= 12:
        return None
    day = int(groups["day"]) if groups.get("day") else None
    year = groups.get("year")
    if year and len(year) == 2:
        year = "20" + year
    resolved = _year_for(reference, month, day) if not year else int(year)
    if resolved is None:
        return None
    if day is not None:
        try:
            value = date(resolved, month, day)
        except ValueError:
            return None
        return DateMention(match.group(0), value.isoformat(), match.start(), match.end(), "day")
    return DateMention(match.group(0), f"{resolved:04d}-{month:02d}", match.start(), match.end(), "month")


def _year_for(reference: date | None, month: int, day: int | None) -> int | None:
    """The year of a date written without one: the first on or after the reference month."""
    if reference is None:
        return None
    return reference.year if month >= reference.month else reference.year + 1


def normalise_due(text: str | None, reference: date | None) -> str | None:
    """The first date in `text` not before the meeting's month, as ISO day or month."""
    if not text or _NO_DATE.match(text):
        return None
    floor = f"{reference.year:04d}-{reference.month:02d}" if reference else ""
    for mention in find_dates(text, reference):
        if mention.iso[:7] >= floor:
            return mention.iso
    return None


def parse_meeting_date(text: str) -> date | None:
    """The first full date (day, month and year) in a header line."""
    for mention in find_dates(text, None):
        if mention.precision == "day":
            return date.fromisoformat(mention.iso)
    return None
