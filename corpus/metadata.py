"""Meeting metadata from the header of the minutes: board, organisation, date, time, place."""

from __future__ import annotations

import re

from corpus.dates import find_dates, parse_meeting_date
from corpus.models import Meeting

_BOARD_WORDS = re.compile(
    r"\b(board|committee|panel|meeting|partnership|group|forum|council|cabinet|executive|"
    r"commission|authority|steering|scrutiny|safer)\b",
    re.IGNORECASE,
)
_ORGANISATION = re.compile(
    r"^(office of the .+|.+\bcommissioner\b.*|.+\bcouncil\b|.+\bfoundation\b|.+\bpolice\b|.+\bconstabulary\b)$",
    re.IGNORECASE,
)
_NOISE = re.compile(
    r"^(?:approved\s+|draft\s+|confirmed\s+)?minutes(?:\s+of(?:\s+the)?)?\s*[:\-]?\s*|"
    r"^meeting documents$|^agenda and minutes$|^(?:approved|draft)\s+minutes$",
    re.IGNORECASE,
)
_LABELLED = re.compile(r"^(?P<label>date|time|venue|location|place|where|when)\s*:\s*(?P<value>.+)$", re.IGNORECASE)
_TIME = re.compile(
    r"\b(?P<h1>[012]?\d)[.:]?(?P<m1>[0-5]\d)\s*(?P<ap1>am|pm)?(?:\s*(?:to|-|–)\s*(?P<h2>[012]?\d)[.:]?(?P<m2>[0-5]\d)\s*(?P<ap2>am|pm)?)?\b",
    re.IGNORECASE,
)
_ATTENDANCE = re.compile(
    r"^(present|members|in attendance|guests|apologies|those present|attendees|apologies given|name)\b",
    re.IGNORECASE,
)
_SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "to", "a", "an", "at", "&"}


def parse_meeting_header(lines: list[str]) -> Meeting:
    """Board, organisation, date, time and location from the header lines of minutes."""
    lines = [" ".join(l.replace("\t", "  ").split()) for l in _title_lines(lines)]
    lines = [_NOISE.sub("", l).strip(" #:") for l in lines]
    lines = [l for l in lines if l]
    labelled = {m.group("label").lower(): m.group("value").strip() for l in lines if (m := _LABELLED.match(l))}
    meeting_date = None
    date_line = None
    for line in [labelled.get("date", ""), *lines]:
        meeting_date = parse_meeting_date(line)
        if meeting_date:
            date_line = line
            break
    board, organisation = _board_and_organisation(lines, date_line)
    time = _time(labelled.get("time") or "") or _time(_after_date(date_line or "")) or _time(labelled.get("date", ""))
    location = labelled.get("venue") or labelled.get("location") or labelled.get("place") or labelled.get("where")
    if location is None and date_line and not _LABELLED.match(date_line):
        location = _location_after(date_line)
    return Meeting(board=board, organisation=organisation, date=meeting_date, time=time, location=location)


def _title_lines(lines: list[str]) -> list[str]:
    """The lines before the attendance lists start."""
    kept: list[str] = []
    for line in lines:
        if _ATTENDANCE.match(line.strip()) or line.count("\t") >= 1 and kept:
            break
        kept.append(line)
    return kept[:12]


def _board_and_organisation(lines: list[str], date_line: str | None) -> tuple[str, str | None]:
    board = organisation = None
    for line in lines:
        if _LABELLED.match(line) or line.lower().startswith("contact"):
            continue
        name = _strip_date(line)
        if not name or len(name.split()) > 14:
            continue
        if board is None and _ORGANISATION.match(name) and not re.search(r"\b(board|committee|panel|meeting)\b", name, re.I):
            organisation = organisation or _natural_case(name)
            continue
        if board is None and (_BOARD_WORDS.search(name) or line == date_line):
            board = name
    if board is None:
        board = next((_strip_date(l) for l in lines if _strip_date(l)), "Unknown board")
    # "Dorset County Council Dorset Police and Crime Panel": the council is the organisation.
    split = re.match(r"^(?P<org>.+?\b(?:County Council|Borough Council|City Council|District Council|Council))\s+(?P<board>.+)$", board)
    if split and _BOARD_WORDS.search(split.group("board")):
        organisation = organisation or split.group("org")
        board = split.group("board")
    return _natural_case(board), organisation


def _strip_date(line: str) -> str:
    mentions = find_dates(line, None)
    if mentions:
        line = line[: mentions[0].start].rstrip(" ,-–(")
        line = re.sub(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*,?\s*$", "", line, flags=re.I)
    return line.strip(" ,:-–")


def _after_date(line: str) -> str:
    mentions = find_dates(line, None)
    return line[mentions[0].end :] if mentions else ""


def _time(text: str) -> str | None:
    match = _TIME.search(text)
    if not match:
        return None
    start = _clock(match.group("h1"), match.group("m1"), match.group("ap1"))
    if match.group("h2"):
        return f"{start}-{_clock(match.group('h2'), match.group('m2'), match.group('ap2'))}"
    return start


def _clock(hours: str, minutes: str, meridiem: str | None) -> str:
    h = int(hours)
    if meridiem and meridiem.lower() == "pm" and h < 12:
        h += 12
    return f"{h:02d}:{minutes}"


def _location_after(line: str) -> str | None:
    rest = _after_date(line)
    rest = _TIME.sub("", rest, count=1)
    rest = rest.strip(" ,-–")
    return rest or None


def _natural_case(name: str) -> str:
    if not name.isupper():
        return name
    words = []
    for index, word in enumerate(name.split()):
        lower = word.lower()
        if index and lower in _SMALL_WORDS:
            words.append(lower)
        elif not re.search(r"[AEIOU]", word) or "&" in word:
            words.append(word)  # acronyms: P&R, TSC
        else:
            words.append(word.capitalize())
    return " ".join(words)
