"""The header vocabulary of action tables ("Item | Action | Owner | Date for Completion").

Shared by the text reader (to find flattened tables) and the action extractor (to know
which column holds what).
"""

from __future__ import annotations

import enum
import re


class Column(str, enum.Enum):
    ITEM = "item"
    ACTION = "action"
    OWNER = "owner"
    DUE = "due"
    STATUS = "status"
    OTHER = "other"


_PATTERNS: list[tuple[Column, re.Pattern[str]]] = [
    (Column.OWNER, re.compile(r"^(owners?|lead( officer)?|leads?|responsib(le|ility)( officer| persons?)?|by whom|who|action by|actioned by|persons? responsible)$")),
    (Column.DUE, re.compile(r"^((target |due |completion )?date( for completion| due| required)?|due|deadline|by when|when|timescale|timescales|target|due by|completion date|action date|date for action|by date)$")),
    (Column.ACTION, re.compile(r"^(actions?( required| agreed| points?)?|agreed actions?|action description)$")),
    (Column.STATUS, re.compile(r"^(status|progress|update|rag( status)?|open/closed)$")),
    (Column.ITEM, re.compile(r"^(item( no\.?| number)?|no\.?|ref\.?|reference|minute( no\.?| ref\.?)?|agenda item|#|subject|issue|topic|discussion|notes?|minutes?)$")),
]


def header_column(label: str) -> Column | None:
    """What a header cell names, or None when it is not a header label."""
    key = " ".join(label.lower().replace(":", " ").split())
    for column, pattern in _PATTERNS:
        if pattern.match(key):
            return column
    return None


def is_header_label(label: str) -> bool:
    """True for a short text that can head an action-table column."""
    return len(label) <= 40 and header_column(label) is not None


def looks_like_header_row(cells: list[str]) -> bool:
    """An action table's header: an Action column and an Owner or Date column."""
    columns = {header_column(c) for c in cells if c.strip()}
    return Column.ACTION in columns and bool(columns & {Column.OWNER, Column.DUE}) or {Column.OWNER, Column.DUE} <= columns


def is_label_row(cells: list[str]) -> bool:
    """A row of column labels only ("Item | Notes | Action", "ITEM | | BY WHOM | BY WHEN"):
    two or more filled cells, each a header label. Weaker than `looks_like_header_row`,
    which needs the labels of an action table; this tells where one table's header
    starts another table."""
    filled = [c.strip() for c in cells if c.strip()]
    return len(filled) >= 2 and all("\n" not in c and is_header_label(c) for c in filled)
