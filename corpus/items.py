"""Splitting minutes into agenda items.

An item starts at its number as printed: a heading paragraph ("4. Restorative Justice",
"3.. Minutes of Previous Meeting", "11. AOB : There was no other business"), a number on
its own followed by the title (web-page exports: "77." then "Apologies for Absence"), or a
table row whose first cell is the number (Word action tables: "1ii" | "Action Log ...").
Numbers must increase through the document, which is what tells an item from a numbered
list inside one ("Resolved: 1. That the report be noted."). Numbered paragraphs ("4.3")
belong to their item. Minutes with no numbered items (markdown notes) use their headings
as items. Text before the first item is the meeting header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.action_tables import ITEM_NUMBER, RowCells, is_header_row, table_columns
from corpus.blocks import Block, Paragraph, Table

# "4. Title", "3.. Title", "2: Title", "5.Title" — never "1.0 will not" (a decimal).
_HEADING = re.compile(rf"^(?:item\s+)?({ITEM_NUMBER})\s*(?:\.{{1,2}}|:)(?:\s+|(?=[A-Z]))(\S.*)$", re.IGNORECASE)
_NUMBER_ONLY = re.compile(rf"^(?:item\s+)?({ITEM_NUMBER})\s*\.{{0,2}}$", re.IGNORECASE)
_ROMAN = re.compile(r"^[ivx]+$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}
# Web-page exports put file links in titles: "Minutes pdf icon PDF 322 KB".
_TITLE_NOISE = re.compile(r"\s*(?:\bpdf\s+icon\s+)?\bPDF\s+[\d.,]+\s*[KMG]B\b", re.IGNORECASE)
# An initials-led sentence starts the minutes proper ("Attendance Report DC noted that").
_INITIALS_SENTENCE = re.compile(r"\b[A-Z]{2,4}\s+[a-z]")
_TITLE_SEPARATOR = re.compile(r"\s+:\s*|:\s+")
_MAX_JUMP = 30  # a numbered list far ahead of the items is not an item
_LONG_TITLE_WORDS = 14
# Sections of a markdown note that are part of its header, not agenda items.
_HEADER_SECTIONS = re.compile(
    r"^(links?|present|attendees|attendance|in attendance|apologies|absent|agenda|minutes|"
    r"observers?|guests?)\s*:?$",
    re.IGNORECASE,
)
_ATTENDANCE_SECTIONS = re.compile(
    r"^(present|attendees|attendance|in attendance|apologies|absent|observers?|guests?)\s*:?$",
    re.IGNORECASE,
)


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


def item_sort_key(number: str) -> tuple[int, int]:
    """Order of printed item numbers: 1 < 1i < 1ii < 1iii < 2 < 11i < 11ii < 12."""
    digits = re.match(r"\d+", number)
    assert digits, number
    suffix = number[digits.end() :].lower()
    if not suffix:
        rank = 0
    elif _ROMAN.match(suffix):
        rank = _roman_value(suffix)
    else:
        rank = ord(suffix[0]) - ord("a") + 1
    return int(digits.group()), rank


def split_items(blocks: list[Block]) -> SplitMinutes:
    """Split a document's blocks into the header and its agenda items."""
    units = list(_units(blocks))
    starts = _numbered_starts(units)
    if starts:
        return _split_at(units, starts)
    return _split_at_headings(blocks)


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


def _candidate(unit: _Unit, following: _Unit | None) -> tuple[str, str, str] | None:
    """(number, title, rest of the line) when the unit can open an item."""
    block = unit.block
    if isinstance(block, RowCells):
        if block.number is None:
            return None
        title, rest = _title_and_rest(block.text, in_cell=True)
        return block.number, title, rest
    match = _HEADING.match(block.text)
    if match:
        rest_of_line = match.group(2)
        if not (rest_of_line[0].isupper() or rest_of_line[0].isdigit() or rest_of_line[0] in "'\"‘“("):
            return None
        title, rest = _title_and_rest(rest_of_line, in_cell=False)
        return match.group(1), title, rest
    match = _NUMBER_ONLY.match(block.text)
    if match and following is not None and isinstance(following.block, Paragraph):
        return match.group(1), "", ""
    return None


def _numbered_starts(units: list[_Unit]) -> dict[int, tuple[str, str, str]]:
    """Unit indexes that open items, keeping only numbers that increase."""
    starts: dict[int, tuple[str, str, str]] = {}
    previous: tuple[int, int] | None = None
    for index, unit in enumerate(units):
        following = units[index + 1] if index + 1 < len(units) else None
        candidate = _candidate(unit, following)
        if candidate is None:
            continue
        key = item_sort_key(candidate[0])
        if previous is not None and (key <= previous or key[0] > previous[0] + _MAX_JUMP):
            continue
        starts[index] = candidate
        previous = key
    return starts if len(starts) >= 2 else {}


def _split_at(units: list[_Unit], starts: dict[int, tuple[str, str, str]]) -> SplitMinutes:
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
    for table_index, rows in header_rows.items():
        header.append(Table(rows=rows))
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
    if len(line.split()) <= _LONG_TITLE_WORDS:
        return line, ""
    # A long first line runs the title into the minutes: "Attendance Report DC noted that".
    sentence = _INITIALS_SENTENCE.search(line)
    if sentence:
        return line[: sentence.start()].strip(), line[sentence.start() :].strip()
    return ("", line) if in_cell else (line, "")


def _clean_title(title: str) -> str:
    return _TITLE_NOISE.sub("", title).strip(" .:-–")


def _split_at_headings(blocks: list[Block]) -> SplitMinutes:
    """Items from headings, for minutes whose agenda items are not numbered."""
    header: list[Block] = []
    items: list[ItemSection] = []
    in_header_section = False
    for block in blocks:
        if isinstance(block, Paragraph) and block.heading >= 2:
            in_header_section = bool(_HEADER_SECTIONS.match(block.text))
            if not in_header_section:
                items.append(ItemSection(number=None, title=_clean_title(block.text), position=len(items)))
            elif _ATTENDANCE_SECTIONS.match(block.text):
                header.append(block)
            continue
        if in_header_section or not items:
            # Attendance sections may come after the agenda; they belong to the header.
            if not (in_header_section and items and not _attendance_context(header)):
                header.append(block)
            continue
        items[-1].parts.extend(_block_parts(block))
    if not items:
        body = [part for block in blocks for part in _block_parts(block)]
        return SplitMinutes(header=[], items=[ItemSection(None, "", 0, body)])
    return SplitMinutes(header=header, items=items)


def _attendance_context(header: list[Block]) -> bool:
    for block in reversed(header):
        if isinstance(block, Paragraph) and block.heading:
            return bool(_ATTENDANCE_SECTIONS.match(block.text))
    return False


def _block_parts(block: Block) -> list[Paragraph | RowCells]:
    if isinstance(block, Paragraph):
        return [block]
    columns = table_columns(block)
    return [columns.split_row(row) for row in block.rows if not is_header_row(row)]


def _roman_value(numeral: str) -> int:
    total = 0
    for char, following in zip(numeral, numeral[1:] + " "):
        value = _ROMAN_VALUES[char]
        total += -value if _ROMAN_VALUES.get(following, 0) > value else value
    return total
