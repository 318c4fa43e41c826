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
        number = None
        filled = [c for c in text_cells if c.strip()]
        if filled:
            match = _NUMBER_CELL.match(filled[0].strip())
            if match:
                number = match.group(1)
                text_cells.remove(filled[0])
        return RowCells(
            number=number,
            text="\n".join(c for c in text_cells if c.strip()),
            action=action,
            owner=owner,
            due=due,
            has_owner_column=Column.OWNER in self.roles,
            has_due_column=Column.DUE in self.roles,
            has_action_column=Column.ACTION in self.roles,
        )


def table_columns(table: Table) -> TableColumns:
    """Column roles from the first header row; without one, a column that holds only
    owner initials ("AW", "AW/IB", "RH AW") is the owner column."""
    for row in table.rows:
        if is_header_row(row):
            return TableColumns(roles=tuple(header_column(c.strip()) for c in row))
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
