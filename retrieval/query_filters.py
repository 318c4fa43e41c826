"""Board and date filters read from a question.

"the Cambridgeshire board", "Safer Essex", "the P&R board" name boards or organisations;
"in 2016", "November 2015", "since March 2017", "between 2015 and 2016" name dates;
"the last meeting of the P&R board" asks for the latest meeting. Each becomes a set of
meetings (sources) the answer must come from. A board is named by the distinctive words of
its board or organisation name (words most boards share, like "police" or "board", do not
count) or by its acronym ("P&R" for "Performance and Resources").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from corpus.dates import MONTH_NAME
from retrieval.meeting_catalog import MeetingCatalog, MeetingRef, meeting_board_key


@dataclass(frozen=True)
class QueryFilters:
    """What a question restricts its answer to; `phrases` are the words that said so."""

    boards: frozenset[str] = frozenset()  # board keys
    date_from: str | None = None  # ISO day, inclusive
    date_to: str | None = None  # ISO day, inclusive
    latest: bool = False
    earliest: bool = False
    phrases: tuple[str, ...] = field(default=())

    @property
    def active(self) -> bool:
        return bool(self.boards or self.date_from or self.date_to or self.latest or self.earliest)

    @property
    def names_a_month_or_day(self) -> bool:
        """Whether the dates are one month or one day ("on 20 March 2018"), not an open range."""
        if not (self.date_from and self.date_to):
            return False
        return (date.fromisoformat(self.date_to) - date.fromisoformat(self.date_from)).days <= 31

    def sources(self, meetings: MeetingCatalog | list[MeetingRef], use_dates: bool = True,
                use_boards: bool = True) -> set[str] | None:
        """The meetings that pass, or None when the question sets no filter (pass a catalog built
        once per index: a list is catalogued on each call)."""
        catalog = meetings if isinstance(meetings, MeetingCatalog) else MeetingCatalog(meetings)
        return catalog.select(self, use_dates, use_boards)


# Words that name no board in particular: most boards' names are made of them.
_GENERIC = frozenset(
    "the of and for board boards committee committees panel panels meeting meetings group groups joint police crime "
    "commissioner commissioners office council county city fire rescue authority public service services scrutiny "
    "sub forum partnership partnerships session minutes pcc opcc constabulary".split()
)
_SMALL = frozenset({"and", "of", "the", "for", "&", "on", "in"})
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH = MONTH_NAME
_PERIOD = rf"(?:(?:{_MONTH})\s+(?:19|20)\d\d|(?:19|20)\d\d)"
_RANGE = re.compile(rf"\bbetween\s+({_PERIOD})\s+and\s+({_PERIOD})\b", re.I)
_BOUND = re.compile(rf"\b(since|after|from|before|until|by)\s+({_PERIOD})\b", re.I)
_DURING = re.compile(rf"\b(?:(?:in|during|on|at|of|for)\s+)?({_MONTH})\s+((?:19|20)\d\d)\b|\b(?:in|during)\s+((?:19|20)\d\d)\b(?![/-])", re.I)
_DAY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?,?\s+((?:19|20)\d\d)\b", re.I)
_LATEST = re.compile(r"\b(last|latest|most recent|previous)\s+(?:\S+\s+){0,4}?(meeting|board|minutes|session)\b", re.I)
_EARLIEST = re.compile(r"\b(first|earliest)\s+(?:\S+\s+){0,4}?(meeting|board|minutes|session)\b", re.I)


def _period(text: str) -> tuple[date, date]:
    parts = text.lower().split()
    if len(parts) == 2:
        month, year = _MONTHS[parts[0][:3] if parts[0][:3] in _MONTHS else parts[0]], int(parts[1])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    year = int(parts[0])
    return date(year, 1, 1), date(year, 12, 31)


def board_acronyms(name: str) -> set[str]:
    """Acronyms a board may be called by: "Performance and Resources Board" -> P&R, PRB, P&RB."""
    words = [w for w in re.findall(r"[A-Za-z&]+", name)]
    capitals = [w for w in words if w[0].isupper() and w.lower() not in _SMALL]
    found: set[str] = set()
    if len(capitals) >= 2:
        found.add("".join(w[0] for w in capitals).upper())
    for i in range(len(words) - 2):
        if words[i + 1].lower() in {"and", "&"} and words[i][0].isupper() and words[i + 2][0].isupper():
            found.add(f"{words[i][0]}&{words[i + 2][0]}".upper())
            found.add(f"{words[i][0]}{words[i + 2][0]}".upper())
    return {a for a in found if len(a) >= 2}


def _board_words(meetings: list[MeetingRef]) -> dict[str, set[str]]:
    """Distinctive words and acronyms -> the board keys they name."""
    per_board: dict[str, set[str]] = {}
    # Once per distinct board and organisation: 1M passages are ~80k meetings of a few boards.
    for m in {(m.board, m.organisation): m for m in meetings}.values():
        key = meeting_board_key(m)
        names = [m.board] + ([m.organisation] if m.organisation else [])
        words = {w.lower() for name in names for w in re.findall(r"[A-Za-z]{3,}", name)} - _GENERIC
        per_board.setdefault(key, set()).update(words)
        per_board[key].update(a for a in board_acronyms(m.board))
    boards = len(per_board)
    counts: dict[str, int] = {}
    for words in per_board.values():
        for w in words:
            counts[w] = counts.get(w, 0) + 1
    index: dict[str, set[str]] = {}
    for key, words in per_board.items():
        for w in words:
            # A word shared by most boards (the organisation's name in a one-council corpus) names none.
            if boards <= 2 or counts[w] <= max(1, boards // 2):
                index.setdefault(w, set()).add(key)
    return index


def board_vocabulary(meetings: list[MeetingRef]) -> dict[str, set[str]]:
    """The words and acronyms that name each board: built once per index, not per question."""
    return _board_words(meetings)


def parse_filters(question: str, meetings: list[MeetingRef], vocabulary: dict[str, set[str]] | None = None) -> QueryFilters:
    """Board, date and latest/earliest filters stated in `question` (`vocabulary` from board_vocabulary)."""
    phrases: list[str] = []
    words = vocabulary if vocabulary is not None else _board_words(meetings)
    votes: dict[str, int] = {}
    for token in re.findall(r"[A-Za-z][A-Za-z&]+", question):
        if not token[0].isupper():
            continue  # boards are named by proper names ("the Cambridgeshire board", "P&R"), never by "next" or "approval"
        hits = words.get(token.upper()) if token.isupper() and len(token) <= 5 else None
        hits = hits or words.get(token.lower())
        if hits:
            phrases.append(token)
            for key in hits:
                votes[key] = votes.get(key, 0) + 1
    # "Safer Essex" names the board matching both words, not every board that says "Essex".
    boards = {key for key, n in votes.items() if n == max(votes.values())} if votes else set()
    date_from = date_to = None
    if match := _RANGE.search(question):
        date_from, date_to = _period(match.group(1))[0], _period(match.group(2))[1]
        phrases.append(match.group(0))
    else:
        for match in _BOUND.finditer(question):
            start, end = _period(match.group(2))
            if match.group(1).lower() in {"since", "from"}:
                date_from = start
            elif match.group(1).lower() == "after":
                date_from = date.fromordinal(end.toordinal() + 1)
            else:
                date_to = end if match.group(1).lower() == "by" else date.fromordinal(start.toordinal() - 1)
            phrases.append(match.group(0))
        if date_from is None and date_to is None and (match := _DAY.search(question)):
            # "on 20 March 2018": that day's meeting.
            month = _MONTHS[match.group(2).lower()[:3]]
            try:
                date_from = date_to = date(int(match.group(3)), month, int(match.group(1)))
                phrases.append(match.group(0))
            except ValueError:
                date_from = date_to = None
        if date_from is None and date_to is None and (match := _DURING.search(question)):
            period = f"{match.group(1)} {match.group(2)}" if match.group(1) else match.group(3)
            date_from, date_to = _period(period)
            phrases.append(match.group(0))
    latest = bool(_LATEST.search(question)) and not re.search(r"\blast\s+(year|month|week)\b", question, re.I)
    return QueryFilters(
        boards=frozenset(boards), date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None, latest=latest,
        earliest=bool(_EARLIEST.search(question)), phrases=tuple(phrases),
    )


_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")


def date_from_name(source: str) -> str | None:
    """The date a file's own name gives ("w3c_tag_telcon_2018_03_20.md" -> 2018-03-20), for minutes whose text gave none."""
    match = _NAME_DATE.search(source)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None
