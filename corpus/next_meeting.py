"""When (and where) the minutes say the body meets next.

Minutes say it anywhere, usually in the last item: "The next meeting will be held on 16th
December 2015 at 14.30 at Cambourne", "Date of next meeting: Wednesday 18th December 2013",
a "Next Meeting" heading over "Scheduled: 2pm (AEST) on Tuesday 26th May", "The Panel were
reminded that the next meeting was scheduled for Friday 2 May 2014", "due to meet again on ...".

Every mention of a next meeting (or of meeting again) with a date after it, on its line or
on the few lines under a heading that says it, is a candidate. Evidence adds up: a label or
heading ("Date of next meeting", "Next Meeting:"), the date right after the words ("will be
held on", "is", "was scheduled for"), a line that is mostly the date, a place near the end of
the minutes; the next meeting used as a deadline ("at the next meeting", "by next meeting")
counts against. The date must fall after the meeting's own (a day and month without a year is
the next such day after the meeting), within a little over a year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from corpus.dates import find_dates
from corpus.meeting_place import place_phrase

_MEETING_WORD = r"(?:meetings?|agm|egm|sessions?|call|plenum|telcon|teleconference|gathering)"
_NEXT = re.compile(
    rf"\bnext\s+(?:[\w&'’()-]+\s+){{0,3}}?{_MEETING_WORD}(?:\s*\(s\))?(?!\w)"
    r"|\b(?:meet|convene|reconvene)\s+again\b"
    r"|\bnext\s+(?:meets|met)\b",
    re.IGNORECASE,
)
# "Date of next meeting", "Date and Venue of Next Meetings", "Time, date and place of the next meeting".
_LABEL_BEFORE = re.compile(r"\b(?:dates?|times?|venues?|places?|details)\b[\w\s,&/]*?\bof\s+(?:the\s+)?$", re.IGNORECASE)
# What may stand between the words and the date when the date is the next meeting's.
_LINK = re.compile(
    r"^(?:[\s:,–—(/-]|\bdate\b|\btime\b|\bvenue\b|\bwill\b|\bis\b|\bwas\b|\bwould\b|\bshall\b|\bto\b|\bbe\b|\bbeen\b|"
    r"\bhas\b|\bheld\b|\bscheduled\b|\barranged\b|\bplanned\b|\bset\b|\bfixed\b|\bagreed\b|\bconfirmed\b|\bprovisionally\b|"
    r"\btentatively\b|\bbooked\b|\bfor\b|\bon\b|\bas\b|\bthe\b|\band\b|\bthen\b|\btake\b|\bplace\b|\bbe\b|\bat\b|"
    r"\bmonday\b|\btuesday\b|\bwednesday\b|\bthursday\b|\bfriday\b|\bsaturday\b|\bsunday\b)*$",
    re.IGNORECASE,
)
# The next meeting as a deadline or an occasion, not as what is being dated.
_DEADLINE_BEFORE = re.compile(
    r"\b(?:at|for|to|before|until|till|by|from|after|prior\s+to|in|ahead\s+of|into|attend(?:s|ing)?)\s+(?:the\s+)?$", re.I)
_MONTH_DAY = re.compile(
    r"\b(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?![:.]\d)"
    r"(?:\s*[-–]\s*[0-3]?\d(?:st|nd|rd|th)?)?(?:,?\s*(?P<year>(?:19|20)\d\d)\b)?",  # "Oct 10-11, 2017"
    re.IGNORECASE,
)
_MONTHS = {name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_YEAR = re.compile(r"(?:19|20)\d\d")
_FILLER = re.compile(
    r"^(?:scheduled|provisional(?:ly)?|tentative(?:ly)?|date|time|venue|on|the|at|is|will|be|next|meeting|tbc|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|am|pm|(?-i:[A-Z]{2,5}))$",
    re.IGNORECASE,
)
_NUMBERING = re.compile(r"^\s*(?:[A-Z]{1,4}\s+)?(?:\d+[\d./]*[a-z]?|[ivx]+|[a-z])[.)]?\s+")
_HEADING_MAX_WORDS = 10
_LINES_UNDER_HEADING = 3
_LATEST = timedelta(days=400)
# A day and month without a year is read as the next such day; one that lands this far off is
# more likely a date of another year (a yearly archive's earlier entry) than the next meeting.
_LATEST_WITHOUT_YEAR = timedelta(days=190)
ACCEPT = 2.5


@dataclass(frozen=True)
class NextMeeting:
    """The next meeting as the minutes state it: ISO day, the words that said so, and its place."""

    date: str
    text: str
    place: str | None = None


@dataclass(frozen=True)
class _Candidate:
    day: date
    text: str
    rest: str  # what follows the date on its line: its time and place
    score: float
    line: int


def next_meeting(lines: list[str], meeting_date: date | None) -> NextMeeting | None:
    """The next meeting the minutes' `lines` state, resolved against `meeting_date`; None when
    no statement is sure enough."""
    candidates = _candidates(lines, meeting_date)
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c.score, c.line))
    if best.score < ACCEPT:
        return None
    return NextMeeting(best.day.isoformat(), best.text, place_phrase(best.rest))


def _candidates(lines: list[str], meeting_date: date | None) -> list[_Candidate]:
    found: list[_Candidate] = []
    last_quarter = len(lines) * 3 // 4
    for index, raw in enumerate(lines):
        line = _plain(raw)
        for cue in _NEXT.finditer(line):
            before, after = line[: cue.start()], line[cue.end():]
            score = 1.0 + (0.5 if index >= last_quarter else 0.0)
            deadline = cue.group(0).lower().startswith("next") and bool(_DEADLINE_BEFORE.search(before))
            if deadline:
                score -= 1.5
            label_before = bool(_LABEL_BEFORE.search(before))
            # "Next meeting: 5 May" is a label; "Items for the next meeting: ..." is not.
            labelled = label_before or not deadline and bool(re.match(r"\s*[:–—-]", after))
            stem = _NUMBERING.sub("", before).strip(" \t.")
            heading = len(_NUMBERING.sub("", line).split()) <= _HEADING_MAX_WORDS and (not stem or label_before)
            if labelled:
                score += 2.0
            dated = _first_date(after, meeting_date)
            if dated is not None:
                day, start, end = dated
                gap = after[:start]
                if _LINK.match(gap):
                    score += 2.0
                elif len(gap) > 60:
                    continue  # a date further on belongs to something else
                found.append(_Candidate(day, _clip(_sentence(line, cue.start(), cue.end() + end)), after[end:], score, index))
                continue
            if not (labelled or heading):
                continue
            # A heading ("Date of next meeting", "Next Meeting") over the date.
            for offset, under in enumerate(lines[index + 1: index + 1 + _LINES_UNDER_HEADING], 1):
                under = _plain(under)
                if _NEXT.search(under):
                    break  # that line is a candidate of its own
                dated = _first_date(under, meeting_date)
                if dated is None:
                    continue
                day, start, end = dated
                lead = [w for w in re.findall(r"[A-Za-z]+", _NUMBERING.sub("", under[:start])) if not _FILLER.match(w)]
                bonus = (2.0 if heading or labelled else 0.0) + (1.0 if len(lead) <= 1 else -0.5 * min(len(lead), 4) / 2)
                text = f"{_NUMBERING.sub('', line, count=1).rstrip(' .:')}: {_NUMBERING.sub('', under, count=1)}"
                found.append(_Candidate(day, _clip(text), under[end:], score + bonus - 0.25 * (offset - 1), index))
    return found


def _first_date(text: str, meeting_date: date | None) -> tuple[date, int, int] | None:
    """The first date in `text` that can be a next meeting's: after `meeting_date`, not long after."""
    mentions = [(m.start, m.end, m.text, m.iso) for m in find_dates(text, meeting_date) if m.precision == "day"]
    for match in _MONTH_DAY.finditer(text):
        if meeting_date is None and not match.group("year") or any(s < match.end() and match.start() < e for s, e, _, _ in mentions):
            continue
        try:
            year = int(match.group("year")) if match.group("year") else meeting_date.year  # type: ignore[union-attr]
            day = date(year, _MONTHS[match.group("month").lower()[:3]], int(match.group("day")))
        except ValueError:
            continue
        mentions.append((match.start(), match.end(), match.group(0), day.isoformat()))
    for start, end, written, iso in sorted(mentions):
        day = date.fromisoformat(iso)
        if meeting_date is not None:
            if day <= meeting_date and not _YEAR.search(written):
                try:
                    day = day.replace(year=day.year + 1)  # "5 January" after a December meeting
                except ValueError:
                    continue
            latest = _LATEST if _YEAR.search(written) else _LATEST_WITHOUT_YEAR
            if not meeting_date < day <= meeting_date + latest:
                continue
        elif not _YEAR.search(written):
            continue
        return day, start, end
    return None


# A full stop after a word (not "p.m.", "St.", "13."), then the next sentence's capital.
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)]{3}[.?!])\s+(?=[A-Z])|(?<=[a-z]{3}[.?!])$")


def _sentence(line: str, start: int, end: int) -> str:
    """The sentence of `line` that holds `start`..`end` (its date), without the sentences around it."""
    ends = [m.end() for m in _SENTENCE_END.finditer(line)]
    opening = max([e for e in ends if e <= start], default=0)
    closing = min([e for e in ends if e > end], default=len(line))
    return line[opening:closing].strip()


def _plain(line: str) -> str:
    """A line without HTML tags and Markdown emphasis, its spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>|[*_`]+", " ", line).split())


def _clip(text: str, limit: int = 300) -> str:
    text = _NUMBERING.sub("", " ".join(text.split()), count=1)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
