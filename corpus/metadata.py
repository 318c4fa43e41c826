"""Meeting metadata: board, organisation, date, time and place, from wherever the
minutes state them.

In order of trust: labelled header fields and header tables ("Date: ...", a
"Title of Meeting | ..." row), the title lines, the document's first lines when it has
no header, the front matter of a Markdown page (`start:`, then `date:`, which is often
the posting date, so it comes after the text; `title:`), and the file name as the last
resort. Minutes that print only a year get that year (`Meeting.date_precision`).
Where the meeting was held is read by `corpus.meeting_place`, the next meeting (from the
whole document) by `corpus.next_meeting`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

from corpus.dates import find_dates, parse_meeting_date
from corpus.meeting_place import TIME_PHRASE, meeting_place
from corpus.models import Meeting
from corpus.next_meeting import next_meeting

_BOARD_WORDS = re.compile(
    r"\b(board|committee|panel|meeting|partnership|group|forum|council|cabinet|executive|"
    r"commission|authority|steering|scrutiny|safer|trustees|directors|teleconference|telcon|agm|assembly)\b",
    re.IGNORECASE,
)
# The bodies that hold meetings; "X of ORG" names the organisation ("Trustees of The Friends of ...").
_BODY = r"(?:board(?:\s+of\s+(?:directors|trustees))?|trustees|council|committee|panel|group|agm|general\s+meeting)"
_GENERIC_NAME = re.compile(
    r"^(?:(?:the|open|full|main|ordinary|extraordinary|special|annual|general|meeting|minutes|notes|of|"
    r"board|trustees|council|committee|panel|group|agm|directors)\b\s*)+$",
    re.IGNORECASE,
)
_BODY_OF_ORGANISATION = re.compile(rf"^(?P<body>.*?\b{_BODY})\s+of\s+(?P<org>(?:the\s+)?[A-Z].+)$", re.IGNORECASE)
# What a title says about this meeting rather than the body: its kind and status.
_MEETING_KIND = re.compile(
    r"(?:\s+(?:ordinary|extraordinary|special|open|annual|general|regular|monthly|sync))*\s+"
    r"(?:meeting|minutes|notes)(?:\s+(?:no\.?\s*)?\d+)?(?:\s+(?:minutes|notes))?\s*(?:\bof|\bon|\bheld)?$",
    re.IGNORECASE,
)
_TITLE_PHRASES = re.compile(
    r"\b(?:draft|approved|unconfirmed|confirmed)?\s*minutes\s+subject\s+to\s+(?:the\s+)?approval\s+at\s+the\s+next\s+meeting\b"
    r"|\bdraft\s+until\s+signed\b.*$"
    r"|\s+held\s+(?:at|in|on)\b.*$"
    r"|\b(?:ordinary|extraordinary|special|annual)?\s*meeting\s+of\s+the\s+(?:parish\s+|town\s+)?council\b",
    re.IGNORECASE,
)
_FIELD_LABELS = {
    "date": "date", "dateheld": "date", "meetingdate": "date", "meetingdatetime": "date", "dateofmeeting": "date",
    "datetime": "date", "when": "date", "time": "time", "venue": "venue", "location": "location",
    "place": "place", "where": "where", "titleofmeeting": "title", "meeting": "title", "title": "title",
}
# A body's name ends in the body: "Steering Committee", not "Scrutiny" (of "Scrutiny Meeting").
_BODY_END = re.compile(
    r"\b(board|committee|panel|partnership|group|forum|council|cabinet|executive|commission|authority|"
    r"trustees|directors|agm)$",
    re.IGNORECASE,
)
_LABEL_VALUE = re.compile(r"^(?P<label>[A-Za-z][A-Za-z /]{1,24}?)\s*:\s*(?P<value>\S.*)$")
_YEAR = re.compile(r"(?<![\d/-])((?:19|20)\d\d)(?![\d/-])")
_FILE_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?([01]\d)[-_.]?([0-3]\d)(?!\d)")
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
    r"^(present|members|in attendance|guests|apologies|those present|attendees|apologies given|name)\b"
    r"|^(?:[A-Za-z]+\s+){1,2}(?:present|in attendance|attendees|attendance|apologies|absent|regrets)\s*:?$",
    re.IGNORECASE,
)
_SECTION_LABEL = re.compile(r"^#*\s*(agenda|links?|contents|attendance|attendees|minutes|notes|summary)\s*:?$", re.I)
_CLOCK = re.compile(r"\b[012]?\d[.:][0-5]\d\s*(?:am|pm)?(?!\w)|\b[01]?\d\s*(?:am|pm)\b", re.IGNORECASE)
_SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "to", "a", "an", "at", "&"}


def parse_meeting_header(
    lines: list[str],
    front_matter: dict[str, str] | None = None,
    source_name: str | None = None,
    document_lines: list[str] | None = None,
) -> Meeting:
    """Board, organisation, date, time and location of a meeting.

    `lines` are the header lines (before the first item); `document_lines` the
    document's lines (its first ones are used when the header has no title or date; all
    of them for the next meeting's date);
    `front_matter` a Markdown page's front matter; `source_name` the file name.
    """
    front_matter = front_matter or {}
    document_lines = document_lines or []
    meeting = _from_lines(lines, _file_date(source_name) if source_name else None, document_lines[:_OPENING_LINES])
    fields = _fields([*lines, *document_lines[:40]])
    if meeting.date is None:
        meeting.date = _first_date([fields.get("date", ""), front_matter.get("start", "")])
    if meeting.date is None:
        # The document's opening lines; further down only a line that says it is the
        # meeting's date ("held on ..."), not a date the minutes discuss.
        meeting.date = _first_date(document_lines[:_OPENING_LINES]) or _first_date(
            [line for line in document_lines[_OPENING_LINES:40] if _MEETING_DATE_CUE.search(line)]
        )
    if meeting.date is None:
        # A page's `date:` is often when it was posted, so it comes after the text.
        meeting.date = _first_date([front_matter.get("date", "")])
    if meeting.date is None and source_name:
        meeting.date = _file_date(source_name)
    if meeting.date is None:
        year = _printed_year(lines or document_lines[:10])
        if year:
            meeting.date, meeting.date_precision = date(year, 1, 1), "year"
    meeting.time = meeting.time or _time(fields.get("time") or "") or _time_on_date_line(
        [*_title_lines(lines), *document_lines[:_PLACE_LINES]], meeting.date)
    # The title lines of the header and of the document's opening (the header may start later,
    # or end before the title's date and place lines).
    title = list(dict.fromkeys([*_title_lines(lines), *_title_lines(document_lines[:_PLACE_LINES])]))
    meeting.location = meeting_place(title, document_lines[:_PLACE_LINES], fields, front_matter)
    # The next meeting is usually stated in the last item: all the document's lines.
    stated = next_meeting([*lines, *document_lines] if len(document_lines) < len(lines) else document_lines,
                          meeting.date if meeting.date_precision == "day" else None)
    if stated is not None:
        meeting.next_meeting, meeting.next_meeting_text, meeting.next_meeting_place = stated.date, stated.text, stated.place
    board, organisation = _best_board(meeting, fields, front_matter, lines, document_lines, source_name)
    board, organisation = _body_and_organisation(board, organisation)
    if organisation is None and source_name:
        organisation = _organisation_from_file(source_name, board)
    meeting.board, meeting.organisation = board, organisation
    return meeting


def _best_board(
    meeting: Meeting, fields: dict[str, str], front_matter: dict[str, str], lines: list[str],
    document_lines: list[str], source_name: str | None,
) -> tuple[str, str | None]:
    """The first name that names a body ("... Committee", "... Council", "... Board"), from
    the header, a labelled title, the front matter's title, the first lines, the file name;
    failing that, the first name with a body word in it."""
    proposals = [] if fields.get("title") else [(meeting.board, meeting.organisation)]
    for title in (fields.get("title"), front_matter.get("title")):
        if title and _BOARD_WORDS.search(title) and not _is_sentence(title):
            board, organisation = _board_and_organisation([_NOISE.sub("", _clean_title(title)).strip(" #:")], None)
            proposals.append((board, organisation or meeting.organisation))
    if fields.get("title"):
        proposals.append((meeting.board, meeting.organisation))
    if not any(line.strip() for line in lines):  # no header: the document's first lines
        first = _from_lines(document_lines[:12])
        proposals.append((first.board, first.organisation or meeting.organisation))
    if source_name and (name := _name_from_file(source_name)):
        proposals.append((name, meeting.organisation))
    proposals = [(board, organisation) for board, organisation in proposals if board != "Unknown board"]
    for specific in (True, False):  # "Suffolk Libraries IPS - Board" before a bare "Board"
        for board, organisation in proposals:
            named = re.search(rf"\b{_BODY}\b", board, re.I) or _names_organisation(board, organisation)
            if named and (not specific or not _GENERIC_NAME.match(board) or organisation):
                return board, organisation
    for board, organisation in proposals:
        if _BOARD_WORDS.search(board) and not re.fullmatch(r"(?:(?:meeting|minutes|notes)\s*)+", board, re.I):
            return board, organisation
    return proposals[0] if proposals else ("Unknown board", meeting.organisation)


def _names_organisation(board: str, organisation: str | None) -> bool:
    """A "board" that only says a meeting took place ("Meeting 8pm") under an organisation's name."""
    return bool(organisation) and bool(
        re.fullmatch(r"(?:(?:ordinary|extraordinary|special|annual|general|open)\s+)*(?:meeting|minutes)\b[\s\d.:apm]*", board, re.I)
    )


def _from_lines(lines: list[str], file_date: date | None = None, opening: list[str] | None = None) -> Meeting:
    """The header's own statement of the meeting (title lines and labelled lines); `file_date`
    the date in the file's name, if any; `opening` the document's first lines (a date there
    may outweigh the header's, see `_meeting_date_line`)."""
    raw = [" ".join(l.replace("\t", "  ").split()) for l in _title_lines(lines)]
    lines = [_NOISE.sub("", _clean_title(l)).strip(" #:") for l in raw]
    lines = [l for l in lines if l]
    labelled = {m.group("label").lower(): m.group("value").strip() for l in lines if (m := _LABELLED.match(l))}
    beyond = [l for l in (_NOISE.sub("", _clean_title(" ".join(o.split()))).strip(" #:") for o in opening or [])
              if l and l not in lines]
    meeting_date, date_line = _meeting_date_line(lines, labelled.get("date", ""), file_date, beyond)
    if meeting_date is None:
        # "... MEETING HELD AT THE VILLAGE HALL Tuesday 4th October 2016" loses its date with the
        # "held at" phrase the title is cleaned of: read it from the line as printed.
        meeting_date = next((found for line in raw if (found := parse_meeting_date(line))), None)
    board, organisation = _board_and_organisation(lines, date_line)
    time = _time(labelled.get("time") or "") or _time(_after_date(date_line or "")) or _time(labelled.get("date", ""))
    return Meeting(board=board, organisation=organisation, date=meeting_date, time=time)


def _meeting_date_line(
    lines: list[str], labelled: str, file_date: date | None, beyond: list[str],
) -> tuple[date | None, str | None]:
    """The meeting's date and the line giving it, among the title lines with a full date and
    the document's opening lines `beyond` the header (which start at a disadvantage).

    Usually there is one. When several disagree (a wiki page's "# 2020-10-02" stamp above
    "02 October 2018 / 18:30 / Manchester Central Library"), each line's evidence adds up: a
    "Date:" label, a clock time beside the date, the same date in the file's name; a line about
    another meeting ("Next meeting: ...") counts against. ("Meeting date:" is no evidence: it
    is where a copied template's stale year is found.)
    The first line wins a tie, as it did alone.
    """
    best: tuple[float, date, str] | None = None
    header = len(lines) + 1
    for order, line in enumerate([labelled, *lines, *beyond]):
        found = parse_meeting_date(line)
        if found is None or best is None and order >= header:
            continue  # with no date in the header, the fields and front matter come first (the caller's)
        evidence = 2.0 * (order == 0) + 2.0 * (found == file_date) + 1.0 * _has_clock(line)
        # Below the header a date is more often one the minutes discuss: only the file's name
        # agreeing with it can outweigh the header's.
        evidence -= 3.0 * bool(_OTHER_MEETING.search(line)) + 1.5 * (order >= header)
        if best is None or evidence > best[0]:
            best = (evidence, found, line)
    return (best[1], best[2]) if best else (None, None)


def _has_clock(line: str) -> bool:
    """A time of day on the line besides its dates ("02 October 2018 / 18:30 /")."""
    for mention in reversed(find_dates(line, None)):
        line = line[: mention.start] + " " + line[mention.end:]
    return bool(TIME_PHRASE.search(line) or _CLOCK.search(line))


def _title_lines(lines: list[str]) -> list[str]:
    """The lines before the attendance lists start."""
    kept: list[str] = []
    for line in lines:
        if _ATTENDANCE.match(line.strip()) or line.count("\t") >= 1 and kept:
            break
        kept.append(line)
    return kept[:12]


def _clean_title(line: str) -> str:
    return " ".join(_TITLE_PHRASES.sub(" ", line).split())


def _fields(lines: list[str]) -> dict[str, str]:
    """Labelled fields: "Date: ...", "Meeting Date/Time: ...", header-table rows
    ("Title of Meeting | Suffolk Libraries IPS - Board Meeting"). First one wins."""
    fields: dict[str, str] = {}
    for line in lines:
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if len(cells) >= 2:
            label, value = cells[0], " ".join(cells[1:])
        else:
            match = _LABEL_VALUE.match(line.strip())
            if not match:
                continue
            label, value = match.group("label"), match.group("value")
        key = _FIELD_LABELS.get(re.sub(r"[^a-z]", "", label.lower()))
        if key and key not in fields:
            fields[key] = value
    return fields


def _is_field(line: str) -> bool:
    """A labelled field ("Meeting date: April 12, 2019", "Meeting time: 9:00"), which names no board."""
    match = _LABEL_VALUE.match(line.strip())
    return bool(match) and bool(re.search(
        r"\b(date|time|venue|location|place|where|when|chair|scribe|moderator|notes?|duration|minute[- ]?taker)\b",
        match.group("label"), re.I))


# PDF text layers can space the digits of a date apart: "1 0th September 201 5".
_SPLIT_ORDINAL = re.compile(r"\b(\d) (\d(?:st|nd|rd|th)\b)")
_SPLIT_YEAR = re.compile(r"\b((?:19|20)\d?\d?) (\d{1,2})\b(?!\s*(?:st|nd|rd|th|am|pm))")


def _rejoined_digits(text: str) -> str:
    text = _SPLIT_ORDINAL.sub(r"\1\2", text)
    return _SPLIT_YEAR.sub(lambda m: m.group(1) + m.group(2) if len(m.group(1) + m.group(2)) == 4 else m.group(0), text)


def _first_date(texts: list[str]) -> date | None:
    for text in texts:
        found = parse_meeting_date(_rejoined_digits(text or ""))
        if found:
            return found
    return None


_OPENING_LINES = 8
_PLACE_LINES = 15  # the opening lines that may say where the meeting was held
_OTHER_MEETING = re.compile(r"\b(?:next|future|previous|last|following)\b", re.IGNORECASE)
_MEETING_DATE_CUE = re.compile(r"\b(?:held|meeting|date|dated|minutes of|took place)\b", re.IGNORECASE)


def _time_on_date_line(lines: list[str], meeting_date: date | None) -> str | None:
    """The time on a line that gives the meeting's date ("MEETING HELD AT THE VILLAGE HALL ...
    Tuesday 4th October 2016 at 7.30pm", "10:00- 11:30, 14 February 2014", "held on Friday 17th
    January 2014, between 7:30pm and 10pm"), dates taken out first so a year is not read as a time."""
    if meeting_date is None:
        return None
    for line in lines:
        mentions = find_dates(line, None)
        if not any(m.iso == meeting_date.isoformat() for m in mentions):
            continue
        for mention in reversed(mentions):
            line = line[: mention.start] + " " + line[mention.end:]
        span = TIME_PHRASE.search(line)
        if span:
            return _time(span.group(0))
    return None


def _printed_year(lines: list[str]) -> int | None:
    """A year printed in the title lines, for minutes that give no full date."""
    for line in _title_lines(lines):
        match = _YEAR.search(line)
        if match:
            return int(match.group(1))
    return None


def _file_date(name: str) -> date | None:
    match = _FILE_DATE.search(name)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _is_sentence(line: str) -> bool:
    """A line of running text ("This is what will be discussed"), not a name."""
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    lower = [w for w in words if w[0].islower() and w.lower() not in _SMALL_WORDS]
    return len(lower) >= 2 and not line.isupper()


def _body_and_organisation(board: str, organisation: str | None) -> tuple[str, str | None]:
    """Drop what the title says about this meeting ("Extraordinary ... Meeting", "Minutes")
    and read "Trustees of ORG" and "ORG - Board" as a body of an organisation."""
    name = board
    split = re.match(r"^(?P<org>.+?)\s+[-–]\s+(?P<body>.+)$", name)
    if split and _BOARD_WORDS.search(split.group("body")) and not _BOARD_WORDS.search(split.group("org")):
        organisation = organisation or split.group("org").strip()
        body = _strip_kind(split.group("body"))
        name = f"{organisation} {body}" if body and body.lower() != "meeting" else organisation
    else:
        name = _strip_kind(name)
        of = _BODY_OF_ORGANISATION.match(name)
        if of and organisation is None and not _BOARD_WORDS.search(of.group("org")):
            organisation = of.group("org").strip()
    # "Extraordinary Parish Council Meeting" of Wereham Parish Council is that council's
    # meeting; "Meeting 8pm" names no body.
    kindless = re.sub(r"^(?:(?:ordinary|extraordinary|special|open|annual|regular)\s+)+", "", name, flags=re.I)
    if organisation and (
        organisation.lower().endswith(kindless.lower()) or _names_organisation(name, organisation)
    ):
        name = organisation
    name = re.sub(r"\s+(?:minutes|notes)$", "", name, flags=re.I) or name
    if organisation is None and re.search(r"\b(?:parish|town|community|county|city|district|borough) council$", name, re.I):
        organisation = name  # a council is its own organisation
    return name, organisation


def _strip_kind(name: str) -> str:
    stripped = _MEETING_KIND.sub("", name).strip(" ,:-–")
    return stripped if re.search(rf"\b{_BODY}\b", stripped, re.I) else name


def _name_from_file(source_name: str) -> str | None:
    """A board name from the file name ("rust_leadership_council_2023_10_27.md")."""
    words = _file_words(source_name)
    if not any(_BOARD_WORDS.fullmatch(w) for w in words):
        return None
    return " ".join(_word_case(w) for w in words)


def _organisation_from_file(source_name: str, board: str) -> str | None:
    """The words a file name puts before the board's own ("yorkshire_imaging_collaborative_chest_group"
    for the "Chest Group"), when the board's name does not already say them."""
    words = _file_words(source_name)
    body = {w.lower() for w in re.findall(r"[A-Za-z]+", board)}
    index = next((i for i, word in enumerate(words) if word in body), None)
    if not index:
        return None
    return " ".join(_word_case(w) for w in words[:index])


def _file_words(source_name: str) -> list[str]:
    stem = PurePath(source_name).stem
    stem = _FILE_DATE.sub(" ", stem)
    return [w.lower() for w in re.split(r"[\W_]+", stem) if w and not w.isdigit()]


def _word_case(word: str) -> str:
    return word.upper() if len(word) <= 3 and word not in _SMALL_WORDS else word.capitalize()


def _board_and_organisation(lines: list[str], date_line: str | None) -> tuple[str, str | None]:
    board = organisation = None
    for line in lines:
        if _LABELLED.match(line) or line.lower().startswith("contact") or _is_field(line):
            continue
        name = _strip_date(line)
        if not name or len(name.split()) > 14 or _is_sentence(name):
            continue
        name = _CLOCK.sub("", name).strip(" ,:-–") or name  # "General Meeting 17:00"
        if board is None and _ORGANISATION.match(name) and not re.search(r"\b(board|committee|panel|meeting)\b", name, re.I):
            organisation = organisation or _natural_case(name)
            continue
        if board is None and (_BOARD_WORDS.search(name) or line == date_line):
            board = name
    if board is None:
        board = next(
            (_strip_date(l) for l in lines
             if _strip_date(l) and not _is_sentence(l) and not _is_field(l) and not _SECTION_LABEL.match(l)),
            "Unknown board",
        )
    # "Dorset County Council Dorset Police and Crime Panel": the council is the organisation.
    split = re.match(r"^(?P<org>.+?\b(?:County Council|Borough Council|City Council|District Council|Council))\s+(?P<board>.+)$", board)
    if split and _BOARD_WORDS.search(split.group("board")):
        organisation = organisation or split.group("org")
        board = split.group("board")
    return _natural_case(board), organisation


def _strip_date(line: str) -> str:
    mentions = find_dates(line, None)
    if mentions:
        after = line[mentions[0].end :].strip(" ,:-–")
        if not line[: mentions[0].start].strip() and _BOARD_WORDS.search(after):
            return after  # "2017-08-25 : Board meeting"
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
