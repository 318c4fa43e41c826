"""How a document numbers its agenda items, found from the document itself.

Detectors read each line (paragraph or table row) and propose *candidates*: places
where an item might start, with the number as printed and the scheme it belongs to
(`1.` / `2 Title` / `Item 5` / a numbered table row; `1)`; `22/18`, `1/16`,
`16/10/6/1`; roman numerals; headings; bare topic lines). Numbered lists, references
to other minutes ("Item 3 of the last minutes"), sub-points and planning-application
numbers propose candidates too: the resolver tells them apart by keeping, for each
scheme, the best run of candidates whose numbers increase with few gaps, and choosing
the scheme whose run best explains the document (many items, strong presentation,
text spread over the items rather than all in one). Sub-numbers (`6.3`, `8.3.2`,
`(1)`, `a.`) never start an item: they belong to the item they are in.

Nesting is evidence too: a numbered list deeper than others (its list depth as read), or
one that restarts at 1 under a sub-point ("iv." then "1. 2. 3.") or inside a run that
resumes after it, weighs less as items, so the run it sits in wins. Lines set wholly in
bold stand for headings in documents without heading markup.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

ITEM_NUMBER = r"\d{1,3}(?:x{0,3}(?:ix|iv|v?i{0,3})|[a-z])?"
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}

# "4. Title", "3.. Title", "2: Title", "5.Title", "2 Title", "Item 5 Title", "4) Title"
# ("Items 2: Minutes" is a slip of "Item 2").
# Never "1.0 will not" or "6.3 MS stated" (a decimal or a sub-number).
_NUMBERED_LINE = re.compile(
    rf"^(?P<keyword>(?:agenda\s+)?items?\s+|minute\s+)?(?P<number>{ITEM_NUMBER})"
    r"(?P<separator>\s*(?:\.{1,2}|:|\))(?!\d)|(?=\s))\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)
# "02 October 2018", "7th March": a date, not "2 Title".
_DATE_LED = re.compile(
    r"^\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?=[\s,/]|$)",
    re.IGNORECASE,
)
_NUMBER_ONLY = re.compile(rf"^(?:(?:agenda\s+)?item\s+)?(?P<number>{ITEM_NUMBER})\s*\.{{0,2}}$", re.IGNORECASE)
# Minute numbers with a year or meeting part: "22/18", "1/16", "16/10/6/1". Components of
# one to three digits, so planning applications ("16/00501/OM") are not numbers.
_SLASH_LINE = re.compile(
    r"^(?P<keyword>(?:agenda\s+)?item\s+|minute\s+)?(?P<number>\d{1,3}(?:/\d{1,3}){1,3})(?![\d/])"
    r"\s*[.:]?\s+(?P<title>\S.*)$",
    re.IGNORECASE,
)
_ROMAN_LINE = re.compile(r"^(?P<number>[ivxlc]{1,7}|[IVXLC]{1,7})\s*[.)]\s+(?P<title>\S.*)$")
# "Exclusion of Press and Public Item 16/10/6/17. To consider ...": an explicit "Item"
# keyword inside a line starts an item only if it continues the run exactly.
_INLINE_ITEM = re.compile(
    rf"(?<=[\s.;:)])(?P<keyword>Item\s+)(?P<number>\d{{1,3}}(?:/\d{{1,3}}){{1,3}}(?![\d/])|{ITEM_NUMBER})"
    r"\.?\s+(?=[A-Z])"
)
# A table printed as literal pipe text: "| | 5. | Councillors/Clerk Reports | | |".
_PIPE_CELL_NUMBER = re.compile(rf"(?:^|\|)\s*(?P<number>{ITEM_NUMBER})\s*\.?\s*\|(?=\s*[^|\s])")
_TITLE_START = re.compile(r"^[A-Z0-9'\"‘“(\[]")
_TOPIC_END_PUNCTUATION = re.compile(r"[.,;:!]$")
_HEADER_LABEL = re.compile(
    r"^(present|attendees|attendance|in attendance|apologies|absent|regrets|members|guests|observers|"
    r"also present|also in attendance|chair|scribe|minutes|agenda|signed|date|time|venue|place)\b",
    re.IGNORECASE,
)

MAX_JUMP = 30  # a numbered list far ahead of the items is not an item
_GAP_PENALTY = 0.35  # per missing number between two consecutive items
_LOOKBACK = 300  # candidates a run may skip back over (bounds the run search on long documents)
_TOPIC_MAX_WORDS = 8
_SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "to", "a", "an", "at", "by", "from", "with", "or", "as"}


_ORDINAL_MARKER = re.compile(rf"^\(?(?:{ITEM_NUMBER}|[a-z]|[ivxlc]{{1,7}})[.):]?$", re.IGNORECASE)
# A lettered or roman sub-point as printed: "a. ...", "iv. ...", "(b) ...", "ii) ...".
_SUB_POINT_LINE = re.compile(r"^\(?(?:[a-z]|[ivx]{1,5})[.)]\s+\S")
_SUB_POINT_MARKER = re.compile(r"^\(?(?:[a-z]|[ivx]{1,5})[.)]$")


@dataclass(frozen=True)
class Line:
    """What the detectors see of one unit: its text and how it is presented."""

    text: str
    heading: int = 0  # heading level, 0 for body text
    row_number: str | None = None  # a table row's number cell
    is_row: bool = False
    table_rows: int = 0  # for a row: how many rows its table has
    depth: int = 0  # list depth as read (0: not a list entry, 1: top level, 2: nested ...)
    marker: str = ""  # the list marker as printed, when it is not part of `text`
    bold: bool = False  # the whole line is set in bold (or other emphasis)

    def numbered_text(self) -> str:
        """The text with an ordinal list marker ("4.", "iv.") the reader kept apart."""
        marker = self.marker.strip()
        if marker and _ORDINAL_MARKER.match(marker) and not _prints_marker(self.text, marker):
            return f"{marker} {self.text}"
        return self.text


def _prints_marker(text: str, marker: str) -> bool:
    """The text opens with the marker itself, however spaced ("1 . Actions" for "1.")."""
    spaced = r"\s*".join(re.escape(char) for char in marker)
    return bool(re.match(rf"\s*{spaced}(?![\w])", text))


@dataclass(frozen=True)
class Candidate:
    """A place where an item may start."""

    unit: int
    offset: int  # where in the unit's text the item starts (0: at its start)
    family: str  # numbering family: "num", "paren", "roman", "slash2", "slash4", "heading", "topic", "bold"
    presentation: str  # "heading", "line", "row", "inline"
    number: str | None  # as printed, trailing dots removed
    title: str  # the rest of the line after the number ("" when the title is on the next line)
    weight: float


def detect(lines: list[Line]) -> list[Candidate]:
    """Every candidate item start the detectors find, in document order."""
    found: list[Candidate] = []
    # Bare topic lines stand for headings only where the document has no heading markup;
    # bold lines only where it has fewer than two headings below its title.
    marked_up = sum(1 for line in lines if line.heading) >= 2
    bold_headings = sum(1 for line in lines if line.heading >= 2) < 2
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        previous = lines[index - 1] if index else None
        numbered = _numbered(index, line, following)
        found.extend(numbered)
        found.extend(_inline(index, line))
        pseudo = _bold_heading(index, line, following) if bold_headings and not numbered else None
        if pseudo is None and not marked_up:
            pseudo = _topic(index, line, previous, following)
        if pseudo:
            found.append(pseudo)
    return found


def _numbered(index: int, line: Line, following: Line | None) -> list[Candidate]:
    if line.is_row:
        if line.row_number is not None:
            return [Candidate(index, 0, "num", "row", line.row_number, line.text, 1.0)]
        return _numbered_row_text(index, line)
    text = line.numbered_text()
    presentation = "heading" if line.heading else "line"
    # A heading is the strongest presentation of an item; a line set in bold comes next.
    bonus = 0.4 if line.heading else 0.2 if line.bold else 0.0
    match = _SLASH_LINE.match(text)
    if match and _TITLE_START.match(match.group("title")) and not _is_date(match.group("number")):
        family = f"slash{match.group('number').count('/') + 1}"
        return [Candidate(index, 0, family, presentation, match.group("number"), match.group("title"),
                          _title_weight(match.group("title")) + bonus + (0.2 if match.group("keyword") else 0))]
    match = _NUMBERED_LINE.match(text)
    if match:
        title, separator = match.group("title"), match.group("separator").strip()
        bare = not separator
        dated = bare and bool(_DATE_LED.match(text))
        if _TITLE_START.match(title) and not dated and not (bare and not title[0].isupper() and not title[0] in "'\"‘“("):
            family = "paren" if separator == ")" else "num"
            weight = _title_weight(title) + bonus + (0.2 if match.group("keyword") else 0)
            if (bare or separator == ")") and not match.group("keyword"):
                # "2 Minutes of ..." and "2) ..." are weaker signs than "2. Minutes of ...":
                # bare numbers start ordinary lines, and "1)" mostly numbers sub-points.
                weight -= 0.1
            return [Candidate(index, 0, family, presentation, match.group("number"), title, weight)]
    match = _NUMBER_ONLY.match(text)
    if match and following is not None and not following.is_row and following.text:
        return [Candidate(index, 0, "num", presentation, match.group("number"), "", 0.9 + bonus)]
    match = _ROMAN_LINE.match(text)
    if match and _TITLE_START.match(match.group("title")) and _roman_value(match.group("number")):
        return [Candidate(index, 0, "roman", presentation, match.group("number"), match.group("title"),
                          _title_weight(match.group("title")) - 0.1 + bonus)]
    if line.heading >= 2:  # a level-1 heading is the document's title
        return [Candidate(index, 0, "heading", "heading", None, text, 0.6)]
    return []


def _numbered_row_text(index: int, line: Line) -> list[Candidate]:
    """A table row with no number cell whose first cell opens with an item number:
    "5 Future Events" in a one-row table (the presenter in the next cell)."""
    first = line.text.strip().split("\n", 1)[0].strip()
    match = _NUMBERED_LINE.match(first)
    if not match or match.group("separator").strip() == ")" or not _TITLE_START.match(match.group("title")) or (
            _DATE_LED.match(first)):
        return []
    title = match.group("title")
    if not title[0].isupper() and title[0] not in "'\"‘“(":
        return []
    # A one-row table is a boxed item heading; a row of a longer table with a number typed
    # in its text is more often a numbered entry of a list (payments, applications).
    weight = _title_weight(title) - (0.1 if line.table_rows <= 1 else 0.6)
    return [Candidate(index, 0, "num", "row", match.group("number"), title, weight)]


def _bold_heading(index: int, line: Line, following: Line | None) -> Candidate | None:
    """A short line set wholly in bold, without end punctuation, followed by text: a
    heading written as bold ("**Recording**"), in documents with no heading markup."""
    text = line.text.strip()
    if not line.bold or line.is_row or line.heading or line.depth or following is None:
        return None
    words = text.split()
    if not words or len(words) > 10 or len(text) > 80 or re.search(r"[.,;!?]$", text):
        return None
    if not re.match(r"[A-Z(]", text) or _HEADER_LABEL.match(text):
        return None  # "cluster-level representation" in bold is a stressed phrase, not a heading
    return Candidate(index, 0, "bold", "line", None, text.rstrip(":").strip(), 0.6)


def _inline(index: int, line: Line) -> list[Candidate]:
    if line.is_row:
        return []
    found: list[Candidate] = []
    for match in _INLINE_ITEM.finditer(line.text):
        number = match.group("number")
        family = f"slash{number.count('/') + 1}" if "/" in number else "num"
        found.append(Candidate(index, match.start(), family, "inline", number, line.text[match.end():], 0.5))
    if "|" in line.text:
        for match in _PIPE_CELL_NUMBER.finditer(line.text):
            start = match.start("number")
            found.append(Candidate(index, start, "num", "row", match.group("number"), line.text[match.end():], 0.9))
    return found


def _topic(index: int, line: Line, previous: Line | None, following: Line | None) -> Candidate | None:
    """A bare topic line: short, unpunctuated, between paragraphs of running text."""
    text = line.text
    if line.is_row or line.heading or previous is None or following is None:
        return None
    words = text.split()
    if not words or len(words) > _TOPIC_MAX_WORDS or len(text) > 70:
        return None
    if _TOPIC_END_PUNCTUATION.search(text) or _HEADER_LABEL.match(text) or not re.match(r"[A-Za-z]", text):
        return None
    if re.search(r"\w:\s", text) or "?" in text:  # "Carol: any objections?" is a speaker's line
        return None
    running = [w for w in words if w.isalpha() and w.islower() and w not in _SMALL_WORDS]
    if len(running) >= 3 or words[-1].lower() in _SMALL_WORDS:
        return None  # a line of running text, or one cut from a wrapped paragraph
    if "_" in text or re.search(r"\d{3,}", text):
        return None
    if _is_short(previous) or _is_short(following):
        return None
    # An all-capitals line ("FINANCE") is a plainer sign of a heading than a short line.
    weight = 0.5 if text.isupper() and len(text) > 3 else 0.4
    return Candidate(index, 0, "topic", "line", None, text, weight)


def _is_short(line: Line) -> bool:
    return not line.is_row and len(line.text.split()) <= _TOPIC_MAX_WORDS and not _TOPIC_END_PUNCTUATION.search(line.text)


def _title_weight(title: str) -> float:
    # A number followed by a short title is a heading; a number running into a long
    # paragraph may be a heading run into its text (Stoke Ferry) or a numbered point.
    words = len(title.split())
    return 1.0 if words <= 14 else 0.75


def _is_date(number: str) -> bool:
    parts = [int(p) for p in number.split("/")]
    return len(parts) == 3 and 1 <= parts[0] <= 31 and 1 <= parts[1] <= 12


# --- the resolver -------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """The chosen scheme's item starts and how well they explain the document."""

    family: str
    starts: list[Candidate]
    score: float


def resolve(candidates: list[Candidate], sizes: list[int], lines: list[Line] | None = None) -> Run | None:
    """The scheme whose best run of candidates best explains the document, or None.

    `sizes` are the units' text lengths, used to prefer runs that spread the text
    over their items to runs that leave it all in one (a numbered list at the end).
    """
    runs: list[Run] = []
    for family, group in _schemes(candidates):
        if lines is not None and family in _COUNTED_FAMILIES:
            group = _weighed_for_nesting(family, group, lines)
        ties = _list_entries(group) if family in _COUNTED_FAMILIES else set()
        for keyed in _keyings(family, group):
            chain = _best_chain(keyed, ties) if keyed[0][1] is not None else [c for c, _ in keyed]
            if len(chain) >= _MIN_STARTS.get(family, 2):
                runs.append(Run(family=family, starts=chain, score=_score(chain, keyed, sizes)))
    if not runs:
        return None
    if lines is not None:
        # A list (short lines one after another) is a weaker sign of items than
        # numbers with the minutes' text between them.
        runs = [Run(r.family, r.starts, r.score * 0.6) if _list_like(r.starts, lines, short=True) else r for r in runs]
        runs = _bold_lines_under_numbered_bold(runs, lines)
    best = max(runs, key=lambda run: run.score)
    if best.starts[0].presentation != "heading" and best.family not in _PSEUDO_HEADINGS:
        # A numbered list inside one section of the headings (or topic or bold lines) is
        # that section's list: the sections are the items. Only sections presented more
        # strongly than the numbered lines hold them: numbered lines set in bold are not a
        # list under unnumbered bold lines, they are the headings themselves.
        inner_bold = lines is not None and _mostly_bold(best.starts, lines)
        outer_runs = [run for run in runs if run.starts[0].presentation == "heading" or (
            run.family in _PSEUDO_HEADINGS and not inner_bold)]
        for run in sorted(outer_runs, key=lambda run: -run.score):
            if _within_one_section(best.starts, run.starts) and (
                len(run.starts) >= 3 or (lines is not None and _list_like(best.starts, lines))
            ):
                return run
    return best


_COUNTED_FAMILIES = ("num", "paren", "roman")
_PSEUDO_HEADINGS = ("topic", "bold")  # unnumbered lines that stand for headings
# Two bold lines in a long document are stressed sentences more often than its sections.
_MIN_STARTS = {"bold": 3}
_DEPTH_PENALTY = 0.45  # per list level deeper than the scheme's shallowest
_SUB_POINT_PENALTY = 0.3  # a list restarting at 1 right under a sub-point ("iv." then "1.")
_RESUMED_PENALTY = 0.3  # a list restarting at 1 inside a run that resumes after it
_SUB_HEADING_FACTOR = 0.4  # a bold-line run where numbered lines are set in bold too
_LIST_ENTRY_TIE = 0.05  # breaks ties against a list of the numbers (not counted in a run's score)


def _mostly_bold(starts: list[Candidate], lines: list[Line]) -> bool:
    return sum(1 for c in starts if lines[c.unit].bold) > len(starts) / 2


def _bold_lines_under_numbered_bold(runs: list[Run], lines: list[Line]) -> list[Run]:
    """Runs of unnumbered bold lines weigh less where the author also sets a run of
    numbered lines in bold ("**3. Programme Update**" then "**Delivery of Commitments**"):
    the numbered bold lines are the headings, the unnumbered ones the sub-headings of
    their items."""
    numbered_bold = max((len(r.starts) for r in runs
                         if r.family in _COUNTED_FAMILIES and len(r.starts) >= 3 and _mostly_bold(r.starts, lines)),
                        default=0)
    if not numbered_bold:
        return runs
    return [Run(r.family, r.starts, r.score * _SUB_HEADING_FACTOR) if r.family == "bold" else r for r in runs]


def _weighed_for_nesting(family: str, group: list[Candidate], lines: list[Line]) -> list[Candidate]:
    """The scheme's candidates, each weighing less by the evidence that it numbers a list
    nested inside an item rather than the items: a deeper list depth; a run of numbers
    restarting at 1 just under a lettered or roman sub-point; a restarted run that sits
    inside another run which resumes after it ("3. Events / 1. 2. 3. / 4. COVID").
    Each sign lowers the weight; none removes a candidate."""
    penalties = [0.0] * len(group)
    depths = [max(1, lines[c.unit].depth) for c in group]
    shallowest = min(depths)
    for index, depth in enumerate(depths):
        penalties[index] += _DEPTH_PENALTY * (depth - shallowest)
    runs = _local_runs(family, group)
    resumed = _resumed_around(family, group, runs)
    for position, run in enumerate(runs):
        first = group[run[0]]
        if position == 0 or _count_key(family, first) != (1, 0):
            continue  # only a restart at 1 after other numbers can be nested
        tight = _tight(group, run)
        under_sub_point = first.unit > 0 and _is_sub_point(lines[first.unit - 1])
        penalty = (_SUB_POINT_PENALTY if under_sub_point and tight else 0.0) + (
            _RESUMED_PENALTY * (1.0 if tight else 0.5) if resumed[position] else 0.0)
        for index in run:
            penalties[index] += penalty
    return [_reweighted(c, max(0.05, c.weight - penalty)) if penalty else c for c, penalty in zip(group, penalties)]


def _count_key(family: str, candidate: Candidate) -> tuple[int, int]:
    if family == "roman":
        return _roman_value(candidate.number or ""), 0
    return item_sort_key(candidate.number or "0")


def _local_runs(family: str, group: list[Candidate]) -> list[list[int]]:
    """The scheme's candidates cut into runs of numbers that count on one by one, in
    document order: 1 2 3 | 1 2 3 | 1 2 3 4 5 | 4 5 6."""
    runs: list[list[int]] = []
    previous: tuple[int, int] | None = None
    for index, candidate in enumerate(group):
        key = _count_key(family, candidate)
        follows = previous is not None and (key[0] == previous[0] + 1 or (key[0] == previous[0] and key[1] > previous[1]))
        if follows:
            runs[-1].append(index)
        else:
            runs.append([index])
        previous = key
    return runs


def _tight(group: list[Candidate], run: list[int]) -> bool:
    """A run on lines one after another: a list."""
    pairs = list(zip(run, run[1:]))
    if not pairs:
        return True
    adjacent = sum(1 for a, b in pairs if group[b].unit == group[a].unit + 1)
    return adjacent >= 0.6 * len(pairs)


def _is_sub_point(line: Line) -> bool:
    return bool(_SUB_POINT_MARKER.match(line.marker.strip()) or _SUB_POINT_LINE.match(line.text))


def _resumed_around(family: str, group: list[Candidate], runs: list[list[int]]) -> list[bool]:
    """For each run, whether an earlier run resumes after it: a later run starts with the
    number that follows an earlier run's last ("3." ... this run ... "4.")."""
    first_ending: dict[int, int] = {}  # number -> the first run that ends with it
    resumes_from: list[int | None] = []  # for each run: the earliest run it continues
    for position, run in enumerate(runs):
        start = _count_key(family, group[run[0]])[0]
        resumes_from.append(first_ending.get(start - 1) if start > 1 else None)
        first_ending.setdefault(_count_key(family, group[run[-1]])[0], position)
    resumed = [False] * len(runs)
    earliest_later: int | None = None  # the smallest resumes_from among the runs after this one
    for position in range(len(runs) - 1, -1, -1):
        resumed[position] = earliest_later is not None and earliest_later < position
        if resumes_from[position] is not None:
            earliest_later = resumes_from[position] if earliest_later is None else min(earliest_later, resumes_from[position])
    return resumed


def _list_like(starts: list[Candidate], lines: list[Line], short: bool = False) -> bool:
    """Most starts are single lines directly followed by the next: a list, not items.
    With `short`, only lines of a list's length count (minutes whose items are one long
    paragraph each are not a list)."""
    pairs = list(zip(starts, starts[1:]))
    adjacent = sum(
        1 for a, b in pairs
        if b.unit == a.unit + 1 and "\n" not in lines[a.unit].text.strip()
        and (not short or len(lines[a.unit].text.split()) <= 15)
    )
    return adjacent >= 0.6 * len(pairs)


def _within_one_section(inner: list[Candidate], outer: list[Candidate]) -> bool:
    def section(candidate: Candidate) -> int:
        return sum(1 for start in outer if (start.unit, start.offset) <= (candidate.unit, candidate.offset))

    return len({section(candidate) for candidate in inner}) == 1


def _schemes(candidates: list[Candidate]):
    """Candidates grouped by family, headings apart from body lines (a numbered list
    in the text is not the numbered headings' scheme)."""
    groups: dict[tuple[str, str], list[Candidate]] = {}
    for candidate in candidates:
        group = "heading" if candidate.presentation == "heading" else "body"
        groups.setdefault((candidate.family, group), []).append(candidate)
    for (family, _), members in groups.items():
        yield family, members


def _keyings(family: str, group: list[Candidate]) -> list[list[tuple[Candidate, tuple[int, ...] | None]]]:
    """The ways to read the group's numbers as an order: one, except for slash numbers,
    where the part that counts items ("22" of "22/18", "6" of "16/10/6/6") is found by
    trying each part, the others being mostly constant (a year, a meeting)."""
    if family in ("heading", *_PSEUDO_HEADINGS):
        return [[(c, None) for c in group]]
    if family == "roman":
        return [[(c, (_roman_value(c.number or ""), 0)) for c in group]]
    if not family.startswith("slash"):
        return [[(c, item_sort_key(c.number or "0")) for c in group]]
    width = int(family[len("slash"):])
    keyings = []
    for position in range(width):
        others = Counter(_other_parts(c, position) for c in group)
        usual, _ = others.most_common(1)[0]
        keyed = []
        for candidate in group:
            parts = (candidate.number or "").split("/")
            weight = candidate.weight if _other_parts(candidate, position) == usual else candidate.weight * 0.6
            keyed.append((_reweighted(candidate, weight), (int(parts[position]), 0)))
        keyings.append(keyed)
    return keyings


def _other_parts(candidate: Candidate, position: int) -> tuple[str, ...]:
    parts = (candidate.number or "").split("/")
    return tuple(p for i, p in enumerate(parts) if i != position)


def _reweighted(candidate: Candidate, weight: float) -> Candidate:
    if weight == candidate.weight:
        return candidate
    return Candidate(candidate.unit, candidate.offset, candidate.family, candidate.presentation,
                     candidate.number, candidate.title, weight)


def _list_entries(group: list[Candidate]) -> set[tuple[int, int]]:
    """Candidates directly followed by the next number of their scheme on the next line:
    entries of a list (an agenda) rather than items with their minutes under them."""
    entries: set[tuple[int, int]] = set()
    for a, b in zip(group, group[1:]):
        if b.unit == a.unit + 1 and b.number and a.number and b.number != a.number:
            entries.add((a.unit, a.offset))
    return entries


def _best_chain(keyed: list[tuple[Candidate, tuple[int, ...] | None]], list_entries: set[tuple[int, int]] = frozenset()) -> list[Candidate]:
    """The heaviest run of candidates whose numbers increase, each gap costing a little.
    Between runs of equal weight, the one whose starts have text under them wins over a
    list of the same numbers (an agenda above the minutes)."""
    count = len(keyed)
    value = [0.0] * count
    back = [-1] * count
    for i, (candidate, key) in enumerate(keyed):
        assert key is not None
        weight = candidate.weight - (_LIST_ENTRY_TIE if (candidate.unit, candidate.offset) in list_entries else 0.0)
        value[i] = weight
        for j in range(max(0, i - _LOOKBACK), i):
            previous_key = keyed[j][1]
            assert previous_key is not None
            if not (previous_key < key and key[0] - previous_key[0] <= MAX_JUMP):
                continue
            gap = max(0, key[0] - previous_key[0] - 1)
            total = value[j] + weight - _GAP_PENALTY * gap
            if total > value[i]:
                value[i], back[i] = total, j
    end = max(range(count), key=lambda i: value[i])
    chain: list[Candidate] = []
    while end >= 0:
        chain.append(keyed[end][0])
        end = back[end]
    return chain[::-1]


def _score(chain: list[Candidate], keyed, sizes: list[int]) -> float:
    weights = {(c.unit, c.offset): c.weight for c, _ in keyed}
    total = sum(weights[(c.unit, c.offset)] for c in chain)
    if keyed[0][1] is not None:
        keys = {(c.unit, c.offset): k for c, k in keyed}
        for a, b in zip(chain, chain[1:]):
            total -= _GAP_PENALTY * max(0, keys[(b.unit, b.offset)][0] - keys[(a.unit, a.offset)][0] - 1)
    # How evenly the items share the text after the first one starts.
    starts = [c.unit for c in chain]
    shares = [sum(sizes[a:b]) for a, b in zip(starts, starts[1:] + [len(sizes)])]
    whole = sum(shares) or 1
    return total * (1.5 - max(shares) / whole)


def item_sort_key(number: str) -> tuple[int, int]:
    """Order of printed item numbers: 1 < 1i < 1ii < 1iii < 2 < 11i < 11ii < 12."""
    digits = re.match(r"\d+", number)
    assert digits, number
    suffix = number[digits.end():].lower()
    if not suffix:
        rank = 0
    elif re.fullmatch(r"[ivx]+", suffix):
        rank = _roman_value(suffix)
    else:
        rank = ord(suffix[0]) - ord("a") + 1
    return int(digits.group()), rank


def _roman_value(numeral: str) -> int:
    numeral = numeral.lower()
    if not re.fullmatch(r"c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})", numeral):
        return 0
    total = 0
    for char, following in zip(numeral, numeral[1:] + " "):
        value = _ROMAN_VALUES[char]
        total += -value if _ROMAN_VALUES.get(following, 0) > value else value
    return total
