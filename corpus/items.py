"""Splitting minutes into agenda items.

Where items start is found by `corpus.item_numbering`: detectors propose candidate item
starts in every numbering scheme the genre uses (numbered headings and lines, numbered
table rows, minute numbers such as "22/18", roman numerals, headings, bare topic lines)
and a resolver keeps the scheme whose numbers form the best increasing run through the
document. This module cuts the document there: numbered paragraphs ("4.3") and
sub-points belong to their item, text after the last item belongs to it, and text
before the first item is the meeting header. Minutes whose items are unnumbered
headings use their headings as items.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from corpus.action_tables import RowCells, is_header_row, table_columns
from corpus.blocks import Block, Paragraph, Table
from corpus.dates import find_dates
from corpus.item_numbering import Candidate, Line, detect, resolve
from corpus.item_numbering import item_sort_key as item_sort_key  # re-exported: callers order items by it

# Web-page exports put file links in titles: "Minutes pdf icon PDF 322 KB".
_TITLE_NOISE = re.compile(r"\s*(?:\bpdf\s+icon\s+)?\bPDF\s+[\d.,]+\s*[KMG]B\b", re.IGNORECASE)
# An initials-led sentence starts the minutes proper ("Attendance Report DC noted that").
_INITIALS_SENTENCE = re.compile(r"\b[A-Z]{2,4}\s+[a-z]")
_TITLE_SEPARATOR = re.compile(r"\s+:\s*|:\s+")
# An item number opening a heading: "4.4 Follow up", "9.1-8 Date", "3. Budget", "2a) Roads".
_HEADING_NUMBER = re.compile(
    r"^(?P<number>\d{1,3}(?:\.\d{1,3})+(?:-\d{1,3})?|\d{1,3}[a-z]?)(?![\d/:,])(?:[.)]\s*|\s+)(?P<title>\S.*)$"
)
_HEADING_TITLE_START = re.compile(r"^[A-Z'\"‘“(\[@]")
_LONG_TITLE_WORDS = 14
# Words that open the minutes' text after a title run into it.
_SENTENCE_OPENERS = {
    "The", "There", "It", "This", "These", "That", "A", "An", "All", "Cllr", "Councillor", "Councillors",
    "Mr", "Mrs", "Ms", "Dr", "He", "She", "They", "We", "Following", "Members", "Before", "After", "No",
}
_SMALL_TITLE_WORDS = {"and", "of", "the", "for", "in", "on", "to", "a", "an", "at", "&", "by", "from", "with", "or",
                      "st", "nd", "rd", "th", "as", "into", "per"}
_SUB_POINT = re.compile(r"^(?:[a-z]|[ivx]{1,4})[.)]$|^\((?:[a-z]|[ivx]{1,4}|\d{1,2})\)$")
# Sections of a markdown note that are part of its header, not agenda items.
# ("Trustees Present", "Members in attendance": a qualifier of one or two words is allowed.)
_ATTENDANCE_WORDS = r"(?:present|attendees|attendance|in attendance|apologies|absent|observers?|guests?|regrets)"
_HEADER_SECTIONS = re.compile(
    rf"^(?:(?:[A-Za-z]+\s+){{0,2}}{_ATTENDANCE_WORDS}|links?|agenda|minutes|contents|table of contents)\s*:?$",
    re.IGNORECASE,
)
_ATTENDANCE_SECTIONS = re.compile(rf"^(?:[A-Za-z]+\s+){{0,2}}{_ATTENDANCE_WORDS}\s*:?$", re.IGNORECASE)


@dataclass
class ItemSection:
    """An item as split from the blocks: its parts, kept for action extraction.

    `parts` holds the item's paragraphs and table rows (`RowCells`) in reading order.
    """

    number: str | None
    title: str
    position: int
    parts: list[Paragraph | RowCells] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The item's own words (title excluded), one paragraph a line."""
        lines: list[str] = []
        for part in self.parts:
            if isinstance(part, Paragraph):
                lines.append(part.text)
            else:
                row = [" ".join(line.split()) for cell in (part.text, part.action, part.owner, part.due)
                       for line in cell.split("\n") if line.strip()]
                if part.number:  # a row's own number ("4.1", an action's "46/18") stays with its words
                    row = [f"{part.number} {row[0]}" if row else part.number, *row[1:]]
                lines.extend(row)
        return "\n".join(lines)


@dataclass
class SplitMinutes:
    """The header blocks (before the first item) and the items."""

    header: list[Block]
    items: list[ItemSection]


def split_items(blocks: list[Block]) -> SplitMinutes:
    """Split a document's blocks into the header and its agenda items."""
    units = list(_units(blocks))
    table_rows = Counter(unit.table_index for unit in units if unit.table_index is not None)
    lines = [_line(unit, table_rows) for unit in units]
    candidates = [c for c in detect(lines) if not _is_header_section(c)]
    run = resolve(candidates, [len(line.text) for line in lines], lines)
    if run is None or run.family == "heading":
        return _split_at_headings(blocks)
    units, starts = _starts(units, run.starts)
    return _split_at(units, starts)


@dataclass
class _Unit:
    """A paragraph or a table row, with where it came from."""

    block: Paragraph | RowCells
    table_index: int | None = None  # which table a row belongs to
    row: list[str] | None = None


def _units(blocks: list[Block]):
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            yield _Unit(block)
            continue
        columns = table_columns(block)
        for row in block.rows:
            if is_header_row(row):
                continue
            cells = columns.split_row(row)
            if cells.number is None and not cells.text.strip() and not cells.has_action_columns:
                continue
            yield _Unit(cells, table_index=index, row=row)


def _line(unit: _Unit, table_rows: Counter[int]) -> Line:
    block = unit.block
    if isinstance(block, RowCells):
        rows = table_rows[unit.table_index] if unit.table_index is not None else 0
        return Line(text=block.text, row_number=block.number, is_row=True, table_rows=rows)
    return Line(text=block.text, heading=block.heading, depth=block.list_depth, marker=block.list_marker,
                bold=wholly_emphasised(block))


def wholly_emphasised(paragraph: Paragraph) -> bool:
    """Every printed character of the paragraph is inside an emphasised span."""
    covered = [False] * len(paragraph.text)
    for start, end in paragraph.emphasis:
        for index in range(max(0, start), min(len(covered), end)):
            covered[index] = True
    printed = [index for index, char in enumerate(paragraph.text) if not char.isspace()]
    return bool(printed) and all(covered[index] for index in printed)


def _is_header_section(candidate: Candidate) -> bool:
    return candidate.family in ("heading", "topic", "bold") and bool(_HEADER_SECTIONS.match(candidate.title))


def _starts(units: list[_Unit], chosen: list[Candidate]) -> tuple[list[_Unit], dict[int, tuple[str | None, str, str]]]:
    """Units with paragraphs cut where an item starts inside them, and for each unit that
    opens an item: (number, title, rest of the line)."""
    by_unit: dict[int, list[Candidate]] = {}
    for candidate in chosen:
        by_unit.setdefault(candidate.unit, []).append(candidate)
    result: list[_Unit] = []
    starts: dict[int, tuple[str | None, str, str]] = {}
    for index, unit in enumerate(units):
        here = sorted(by_unit.get(index, []), key=lambda c: c.offset)
        if not here:
            result.append(unit)
            continue
        block = unit.block
        if isinstance(block, RowCells):
            text = block.text
            if block.number is None:  # the number was typed in the cell: "5 Future Events"
                text = text.strip()
                text = text[max(0, text.find(here[0].title)):]
            title, rest = _title_and_rest(text, in_cell=True)
            starts[len(result)] = (here[0].number, title, rest)
            result.append(unit)
            continue
        text = block.text
        cuts = [c.offset for c in here] + [len(text)]
        if cuts[0] > 0:
            before = text[: cuts[0]].strip(" |")
            if before:
                result.append(_Unit(Paragraph(before)))
        for candidate, end in zip(here, cuts[1:]):
            piece = text[candidate.offset : end]
            starts[len(result)] = _opening(candidate, piece)
            result.append(_Unit(Paragraph(piece, heading=block.heading)))
    return result, starts


def _opening(candidate: Candidate, piece: str) -> tuple[str | None, str, str]:
    """(number, title, rest) of an item opening with `piece` of a paragraph."""
    number = candidate.number
    if candidate.family in ("topic", "bold"):
        return number, piece.strip(), ""
    if candidate.presentation == "row":  # a number cell of pipe text: "5. | Title | owner | ..."
        cells = [cell.strip() for cell in piece.split("|")[1:]]
        filled = [cell for cell in cells if cell]
        title = filled[0] if filled else ""
        return number, title, " | ".join(filled[1:])
    title_text = candidate.title
    if candidate.presentation == "inline":
        title_text = piece[len(piece) - len(piece.lstrip()):]
        title_text = re.sub(r"^Item\s+\S+?\.?\s+", "", title_text)
    if not title_text:
        return number, "", ""
    if candidate.presentation == "heading":
        return number, " ".join(title_text.split()), ""  # a heading is all title: "1a. EIP-2315: Simple Subroutines"
    title, rest = _title_and_rest(title_text, in_cell=False)
    return number, title, rest


def _split_at(units: list[_Unit], starts: dict[int, tuple[str | None, str, str]]) -> SplitMinutes:
    header: list[Block] = []
    items: list[ItemSection] = []
    header_rows: dict[int, list[list[str]]] = {}
    awaiting_title: ItemSection | None = None
    for index, unit in enumerate(units):
        if index in starts:
            number, title, rest = starts[index]
            section = ItemSection(number=number, title=_clean_title(title), position=len(items))
            items.append(section)
            if isinstance(unit.block, RowCells):
                section.parts.append(_replace_text(unit.block, rest, number=None))  # the number is the item's
            elif rest:
                section.parts.append(Paragraph(rest))
            awaiting_title = section if not title and not rest else None
            continue
        if not items:
            _add_to_header(header, header_rows, unit)
            continue
        section = items[-1]
        if awaiting_title is section and isinstance(unit.block, Paragraph):
            section.title = _clean_title(unit.block.text)
            awaiting_title = None
            continue
        section.parts.append(unit.block)
    return SplitMinutes(header=header, items=items)


def _add_to_header(header: list[Block], header_rows: dict[int, list[list[str]]], unit: _Unit) -> None:
    # Header tables (attendance lists) stay tables so their columns stay apart.
    if unit.table_index is None:
        header.append(unit.block)  # type: ignore[arg-type]
        return
    if unit.table_index not in header_rows:
        header_rows[unit.table_index] = []
        header.append(Table(rows=header_rows[unit.table_index]))
    assert unit.row is not None
    header_rows[unit.table_index].append(unit.row)


def _replace_text(cells: RowCells, text: str, number: str | None) -> RowCells:
    return RowCells(
        number=number,
        text=text,
        action=cells.action,
        owner=cells.owner,
        due=cells.due,
        has_owner_column=cells.has_owner_column,
        has_due_column=cells.has_due_column,
        has_action_column=cells.has_action_column,
    )


def _title_and_rest(text: str, in_cell: bool) -> tuple[str, str]:
    """Split a heading line (or a table cell) into its title and the text after it.

    A heading paragraph is all title however long; a table cell often runs the title
    straight into the minutes ("Attendance Report DC noted that ...").
    """
    lines = text.strip("\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return "", ""
    first, remaining = " ".join(lines[0].split()), "\n".join(lines[1:]).strip("\n")
    title, rest = _split_title_line(first, in_cell)
    rest = "\n".join(part for part in (rest, remaining) if part)
    return title, rest


def _split_title_line(line: str, in_cell: bool) -> tuple[str, str]:
    separator = _TITLE_SEPARATOR.search(line)
    if separator and len(line[: separator.start()].split()) <= 8:
        return line[: separator.start()].strip(), line[separator.end() :].strip()
    start = _sentence_start(line)
    if start is not None:
        return line[:start].strip(), line[start:].strip()
    if len(line.split()) <= _LONG_TITLE_WORDS:
        return line, ""
    # A long first line runs the title into the minutes: "Attendance Report DC noted that".
    sentence = _INITIALS_SENTENCE.search(line)
    if sentence:
        return line[: sentence.start()].strip(), line[sentence.start() :].strip()
    return ("", line) if in_cell else (line, "")


def _sentence_start(line: str) -> int | None:
    """Where the minutes' text starts on a line that runs on from its title:
    "Apologies and Welcome There were no apologies", "Community Emergency Plan The Clerk
    had circulated", "Welcome and Apologies Apologies were received from", "Public
    Participation a) It was agreed". None when the line reads as a title throughout."""
    words = list(re.finditer(r"\S+", line))
    texts = [w.group() for w in words]
    if len(texts) >= 2 and (_INITIALS_SENTENCE.match(line) or texts[0] in _SENTENCE_OPENERS) and any(
        _is_running_word(w) for w in texts[1:3]
    ):
        return None  # the line is a sentence from its start ("SD said that ...")
    for i in range(1, len(words)):
        word, previous, remaining = texts[i], texts[i - 1], len(words) - i
        if previous[-1] in ",;:(&–-/" or previous.lower() in _SMALL_TITLE_WORDS:
            continue  # inside a title: "Chair, Vice Chair", "Finance – Quarterly", "of the"
        if _SUB_POINT.match(word) and remaining >= 3:
            return words[i].start()
        following = texts[i + 1 : i + 4]
        runs_on = any(_is_running_word(w) for w in following)
        if word in _SENTENCE_OPENERS and remaining >= 3 and runs_on:
            return words[i].start()
        # "Chairmans Report AH advised that", "Welcome and Apologies Apologies were received"
        initials = re.fullmatch(r"[A-Z][A-Za-z]{1,3}", word) and sum(c.isupper() for c in word) >= 2
        repeated = word in texts[:i] and word[:1].isupper()
        if (initials or repeated) and remaining >= 5 and following and _is_running_word(following[0]):
            return words[i].start()
    return None


def _is_running_word(word: str) -> bool:
    return word.isalpha() and word.islower() and word not in _SMALL_TITLE_WORDS


def _clean_title(title: str) -> str:
    return _TITLE_NOISE.sub("", title).strip(" .:-–")


def _split_at_headings(blocks: list[Block]) -> SplitMinutes:
    """Items from headings, for minutes whose agenda items are not numbered as a run.

    A number printed at the start of a heading ("4.4 Follow up", "9.1-8 Date and place")
    is the item's number. A deeper heading whose title recurs in the document
    ("Conclusion/Resolution" under each topic) is a part of the item it is in.
    """
    header: list[Block] = []
    items: list[ItemSection] = []
    item_level = 0  # heading level of the item being filled
    in_header_section = False
    titles = _title_headings(blocks)
    recurring = _recurring_headings(blocks)
    for index, block in enumerate(blocks):
        if index in titles:
            header.append(block)
            continue
        if isinstance(block, Paragraph) and block.heading >= 2:
            if items and not in_header_section and block.heading > item_level and _heading_key(block.text) in recurring:
                items[-1].parts.append(block)
                continue
            in_header_section = bool(_HEADER_SECTIONS.match(block.text))
            if not in_header_section:
                number, title = _heading_number(block.text)
                items.append(ItemSection(number=number, title=_clean_title(title), position=len(items)))
                item_level = block.heading
            elif _ATTENDANCE_SECTIONS.match(block.text):
                header.append(block)
            continue
        if in_header_section or not items:
            # Attendance sections may come after the agenda; they belong to the header.
            if not (in_header_section and items and not _attendance_context(header)):
                header.append(block)
            continue
        items[-1].parts.extend(block_parts(block))
    if not items:
        body = [part for block in blocks for part in block_parts(block)]
        return SplitMinutes(header=[], items=[ItemSection(None, "", 0, body)])
    return SplitMinutes(header=header, items=items)


def _heading_number(text: str) -> tuple[str | None, str]:
    """(number, title) of a heading that opens with an item number as printed: "4.4",
    "9.1-8", "3.", "2a)"; (None, text) for one that does not, or opens with a date or a
    time ("02 October 2018", "20:06 Open")."""
    match = _HEADING_NUMBER.match(text.strip())
    if not match or not _HEADING_TITLE_START.match(match.group("title")):
        return None, text
    dates = find_dates(text, None)
    if dates and dates[0].start <= match.end("number"):
        return None, text
    return match.group("number"), match.group("title")


def _heading_key(text: str) -> str:
    return " ".join(text.lower().strip(" :.").split())


def _recurring_headings(blocks: list[Block]) -> set[str]:
    """Heading titles the document repeats under different headings above them: a part
    each item has ("Conclusion/Resolution" under every topic), not an item. (A title
    repeated under the same heading is a document that repeats itself.)"""
    parents: dict[str, set[str]] = {}
    open_headings: list[Paragraph] = []  # the headings above the current one, by level
    for block in blocks:
        if not (isinstance(block, Paragraph) and block.heading):
            continue
        while open_headings and open_headings[-1].heading >= block.heading:
            open_headings.pop()
        if block.heading >= 2 and open_headings:
            parents.setdefault(_heading_key(block.text), set()).add(_heading_key(open_headings[-1].text))
        open_headings.append(block)
    return {title for title, above in parents.items() if len(above) >= 2 and title}


def _title_headings(blocks: list[Block]) -> set[int]:
    """The headings that open the document before any text: its title lines ("TAG
    Teleconference" then "20 March 2018"), not items. The last of them opens the first
    item unless it is only a date."""
    leading: list[int] = []
    for index, block in enumerate(blocks):
        if not (isinstance(block, Paragraph) and block.heading):
            break
        leading.append(index)
    titles = set(leading[:-1])
    if leading and _is_date_line(blocks[leading[-1]].text):  # type: ignore[union-attr]
        titles.add(leading[-1])
    return titles


def _is_date_line(text: str) -> bool:
    mentions = find_dates(text, None)
    if not mentions:
        return False
    rest = text[: mentions[0].start] + text[mentions[0].end :]
    return len(re.findall(r"[A-Za-z]{2,}", rest)) <= 1


def _attendance_context(header: list[Block]) -> bool:
    for block in reversed(header):
        if isinstance(block, Paragraph) and block.heading:
            return bool(_ATTENDANCE_SECTIONS.match(block.text))
    return False


def block_parts(block: Block) -> list[Paragraph | RowCells]:
    """A block as item parts: the paragraph, or the table's rows split into columns."""
    if isinstance(block, Paragraph):
        return [block]
    columns = table_columns(block)
    return [columns.split_row(row) for row in block.rows if not is_header_row(row)]
