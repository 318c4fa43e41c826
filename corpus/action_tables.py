"""Reading the rows of tables in minutes: which cell is the item number, the minutes text,
the action, its owner and its date.

Minutes tables come in two kinds: action tables, whose header names an Action column and
an Owner or Date column, and layout tables (a web page's item list, an attendance list).
Header rows repeat on every page and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.blocks import Table
from corpus.table_headers import Column, header_column, looks_like_header_row

ITEM_NUMBER = r"\d{1,3}(?:x{0,3}(?:ix|iv|v?i{0,3})|[a-z])?"
_NUMBER_CELL = re.compile(rf"^(?:item\s+)?({ITEM_NUMBER})\s*\.{{0,2}}$", re.IGNORECASE)


@dataclass(frozen=True)
class RowCells:
    """One table row, its cells sorted by what they hold (raw cell text, line breaks kept)."""

    number: str | None
    text: str
    action: str = ""
    ref: str | None = None  # the row's action reference, from a ref column ("75b/2122")
    owner: str = ""
    due: str = ""
    has_owner_column: bool = False
    has_due_column: bool = False
    has_action_column: bool = False

    @property
    def has_action_columns(self) -> bool:
        return bool(self.action.strip() or self.owner.strip() or self.due.strip())


@dataclass(frozen=True)
class TableColumns:
    """What each column of a table holds, from its header row (when it has one)."""

    roles: tuple[Column | None, ...]

    @property
    def is_action_table(self) -> bool:
        return Column.ACTION in self.roles

    def split_row(self, row: list[str]) -> RowCells:
        """Sort one row's cells into number, text, action, owner and due."""
        text_cells: list[str] = []
        action = owner = due = ""
        for index, cell in enumerate(row):
            role = self.roles[index] if index < len(self.roles) else None
            if role is Column.ACTION:
                action = _join(action, cell)
            elif role is Column.OWNER:
                owner = _join(owner, cell)
            elif role is Column.DUE:
                due = _join(due, cell)
            elif role is Column.STATUS:
                text_cells.append(cell)
            else:
                text_cells.append(cell)
        number = ref = None
        filled = [c for c in text_cells if c.strip()]
        if filled:
            match = _NUMBER_CELL.match(filled[0].strip())
            if match:
                number = match.group(1)
                text_cells.remove(filled[0])
            elif Column.ACTION not in self.roles and _MINUTE_NUMBER_CELL.match(filled[0].strip()):
                # A minutes table numbered by minute references ("BM 69/2122", "22/18"):
                # the row's item number, as such numbers are in running text.
                number = re.sub(r"\s+", "", _MINUTE_NUMBER_CELL.match(filled[0].strip()).group("number"))
                text_cells.remove(filled[0])
            elif Column.ACTION in self.roles and _REF_CELL.match(filled[0].strip()):
                # An action table's reference column ("72/2122", "BM 75b/2122"): the
                # action's reference, not an item number (it stays in the row's text).
                ref = _REF_CELL.match(filled[0].strip()).group("ref")
        return RowCells(
            number=number,
            ref=ref,
            text="\n".join(c for c in text_cells if c.strip()),
            action=action,
            owner=owner,
            due=due,
            has_owner_column=Column.OWNER in self.roles,
            has_due_column=Column.DUE in self.roles,
            has_action_column=Column.ACTION in self.roles,
        )


def table_columns(table: Table) -> TableColumns:
    """Column roles from the first header row; without one, from what the columns hold
    (`content_roles`), or a column that holds only owner initials ("AW", "AW/IB", "RH AW")
    is the owner column.

    A header that names who and when but leaves the task's column unlabelled
    ("ITEM | | BY WHOM | BY WHEN") has its unlabelled text column as the Action column.
    """
    for row in table.rows:
        if is_header_row(row):
            roles = [header_column(c.strip()) for c in row]
            if Column.ACTION not in roles:
                _label_action_column(roles, table.rows)
            return TableColumns(roles=tuple(roles))
    by_content = content_roles(table.rows)
    if by_content is not None:
        return TableColumns(roles=by_content)
    owners = table.owner_column if table.owner_column is not None else owner_initials_column(table.rows)
    if owners is not None:
        width = max(len(r) for r in table.rows)
        return TableColumns(roles=tuple(Column.OWNER if i == owners else None for i in range(width)))
    return TableColumns(roles=())


_INITIALS_LIST = re.compile(r"^(?:[A-Z][A-Za-z]{0,2}[A-Z](?:\s*[/&,]\s*|\s+|$))+$")
_MIN_OWNER_CELLS = 3


def owner_initials_column(rows: list[list[str]], narrow: set[int] | None = None) -> int | None:
    """The index of a column whose filled cells are nearly all owner initials, if any.

    The first column is never one (item numbers). It takes three such cells, or one when
    the column is headed by a label ("Action", "By") or is a narrow margin column
    (`narrow`, from a PDF's layout), since a page may hold only one action.
    """
    width = max((len(r) for r in rows), default=0)
    for index in range(1, width):
        cells = [" ".join(r[index].split()) for r in rows if index < len(r) and r[index].strip()]
        initials = [c for c in cells if _INITIALS_LIST.match(c)]
        labels = [c for c in cells if header_column(c) is not None]
        if not initials or len(initials) + len(labels) < 0.8 * len(cells):
            continue
        if len(initials) >= _MIN_OWNER_CELLS or labels or (narrow and index in narrow):
            return index
    return None


def is_header_row(row: list[str]) -> bool:
    """True for an action table's header row (it repeats on every page of a long table)."""
    cells = [c.strip() for c in row]
    return all(len(c) <= 40 and "\n" not in c for c in cells) and looks_like_header_row(cells)


def _join(existing: str, cell: str) -> str:
    return f"{existing}\n{cell}" if existing else cell


# A reference in an action table's first column: "72/2122", "75b/2122", "BM 75b/2122", "A12".
_REF_CELL = re.compile(r"^(?:[A-Z]{1,4}\s*)?(?P<ref>\d{1,3}[a-z]?\s*/\s*\d{2,4}[a-z]?|[A-Z]{1,3}\d{1,4}[a-z]?)$")
# A minute number alone in a cell, with its committee's letters: "BM 69/2122", "71 /2122".
_MINUTE_NUMBER_CELL = re.compile(r"^(?:[A-Z]{1,4}\s*)?(?P<number>\d{1,3}\s?/\s?\d{2,4})\.?$")
_PERSON_CELL = re.compile(
    r"^(?:(?:the\s+)?[A-Z][\w'’.-]*\.?(?:\s+(?:[A-Z][\w'’.-]*\.?|&|and|/|,))*|[A-Z]{2,4}(?:\s*[/&,]\s*[A-Z]{2,4})*)$"
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_DUE_WORD = r"(?:asap|a\.s\.a\.p\.?|immediately|ongoing|on-?going|tbc|tba|next meeting|by next meeting)"
# Dates as action tables print them; "10.30" is a time (an agenda's), not "10/30".
_DUE_CELL = re.compile(
    rf"^(?:{_DUE_WORD}|n/?a|"
    rf"(?:by\s+|end\s+(?:of\s+)?)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}(?:\s+\d{{2,4}})?|"
    rf"\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|\d{{1,2}}[.-]\d{{1,2}}[.-]\d{{2,4}}|(?:\w+\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+\d{{2,4}})?|"
    rf"(?:q[1-4]|week|month|term)\b.*)\.?$",
    re.IGNORECASE,
)
_DUE_WORD_CELL = re.compile(rf"^{_DUE_WORD}\.?$", re.IGNORECASE)
_CONTENT_SHARE = 0.8


def _label_action_column(roles: list[Column | None], rows: list[list[str]]) -> None:
    """Name the unlabelled column with the most text the Action column (in place)."""
    unlabelled = [i for i, role in enumerate(roles) if role is None]
    if not unlabelled or not ({Column.OWNER, Column.DUE} & set(roles)):
        return
    longest = max(unlabelled, key=lambda i: sum(len(r[i]) for r in rows if i < len(r)))
    if any(r[longest].strip() for r in rows if longest < len(r)):
        roles[longest] = Column.ACTION


def content_roles(rows: list[list[str]]) -> tuple[Column | None, ...] | None:
    """Column roles of a header-less action table, read from what its cells hold.

    Evidence adds up: a column of people (names, roles, initials), a column of dates or
    "asap", a first column of references. All three beside a column of longer text make
    that text column the actions; people and dates without references do only when some
    date cell is an action's ("asap", "ongoing", "next meeting"), since a list of papers
    (title, author, date) has people and dates too. Needs two rows or more.
    """
    body = [r for r in rows if any(c.strip() for c in r)]
    width = max((len(r) for r in body), default=0)
    if len(body) < 2 or width < 3:
        return None

    def share(index: int, pattern: re.Pattern[str]) -> float:
        cells = [" ".join(r[index].split()) for r in body if index < len(r) and r[index].strip()]
        if len(cells) < max(2, 0.6 * len(body)):
            return 0.0
        return sum(1 for c in cells if len(c) <= 40 and pattern.match(c)) / len(cells)

    roles: list[Column | None] = [None] * width
    evidence = 0
    if share(0, _REF_CELL) >= _CONTENT_SHARE:
        roles[0] = Column.ITEM
        evidence += 1
    for index in range(1, width):
        if Column.DUE not in roles and share(index, _DUE_CELL) >= _CONTENT_SHARE:
            roles[index] = Column.DUE
            evidence += 1
        elif Column.OWNER not in roles and share(index, _PERSON_CELL) >= _CONTENT_SHARE:
            roles[index] = Column.OWNER
            evidence += 1
    if Column.OWNER not in roles or Column.DUE not in roles:
        return None
    if evidence < 3:
        due = roles.index(Column.DUE)
        if not any(_DUE_WORD_CELL.match(" ".join(r[due].split())) for r in body if due < len(r)):
            return None
    free = [i for i in range(width) if roles[i] is None]
    if not free:
        return None
    lengths = {i: sum(len(r[i]) for r in body if i < len(r)) / len(body) for i in free}
    action = max(free, key=lambda i: lengths[i])
    if lengths[action] < 15:
        return None  # a list of short labels (an attendance grid), not of tasks
    roles[action] = Column.ACTION
    return tuple(roles)
