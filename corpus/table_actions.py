"""Action tables: an Action column with Owner and Date columns beside it, several actions
to a cell, owners and dates at the same height as their action; and tables whose only
action evidence is a column of owners (`corpus.owner_columns`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from corpus.action_markers import LOG_REF
from corpus.action_owners import OwnerFinder
from corpus.action_tables import RowCells
from corpus.dates import find_dates, normalise_due
from corpus.due_dates import due_from_words
from corpus.items import ItemSection
from corpus.models import ActionRecord
from corpus.owner_columns import owner_column_actions

# "Action 46/18", "Action Point 8", "Action point 3 :", "ACTION 2 -", "Action No. 4"
_MARKER = re.compile(
    rf"^\s*actions?(?:\s+points?)?(?:\s+no\.?)?\s*(?P<ref>{LOG_REF}|\d{{1,3}}(?![\d/]))?\s*[:.\-–—]?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# A table's action cell: "65/16 – SH/VH to discuss ...", several to a line.
_CELL_REF = re.compile(rf"(?:(?<=\s)|^)(?:action\s+)?(?P<ref>{LOG_REF})\b\s*[:.\-–—]?\s*", re.IGNORECASE)


@dataclass
class _CellAction:
    ref: str | None
    line: int  # where the action starts in its cell
    text: str


def table_actions(item: ItemSection, owners: OwnerFinder, meeting_date: date | None, day_known: bool = True) -> list[ActionRecord]:
    records: list[ActionRecord] = []
    previous_row_had_action = False
    for part in item.parts:
        if not isinstance(part, RowCells):
            previous_row_had_action = False
            continue
        entries = _split_action_cell(part.action)
        if not entries:
            previous_row_had_action = False
            if part.has_owner_column and not part.has_action_column and part.owner.strip():
                records.extend(owner_column_actions(part, item, owners, meeting_date, day_known))
            continue
        # An action cell that breaks across a page continues in the next row's cell.
        if (
            records
            and previous_row_had_action
            and entries[0].ref is None
            and not part.owner.strip()
            and not part.due.strip()
        ):
            records[-1].description = f"{records[-1].description} {entries[0].text}".strip()
            entries = entries[1:]
        owner_texts = _align(entries, part.owner)
        due_texts = _align(entries, part.due, dates=meeting_date)
        for entry, owner_text, due_text in zip(entries, owner_texts, due_texts):
            found = owners.from_owner_cell(owner_text) if owner_text else []
            if not found:
                found = owners.from_description(entry.text)
            due, due_words = _due(entry.text, due_text, part.has_due_column, meeting_date, day_known)
            records.append(
                ActionRecord(
                    ref=entry.ref or (part.ref if len(entries) == 1 else None),
                    description=entry.text,
                    owners=found,
                    due=due,
                    due_text=due_words,
                    item_number=item.number,
                    item_position=item.position,
                )
            )
        previous_row_had_action = True
    return records


def _split_action_cell(cell: str) -> list[_CellAction]:
    """Actions in one cell: each starts at a ref ("Action 46/18", "65/16 –") or a blank line."""
    entries: list[_CellAction] = []
    current: _CellAction | None = None
    blank_before = True
    for index, line in enumerate(cell.split("\n")):
        text = " ".join(line.split())
        if not text:
            blank_before = True
            continue
        starts = list(_CELL_REF.finditer(text))
        marker = _MARKER.match(text)
        if marker and marker.group("ref") and text.lower().startswith("action"):
            current = _CellAction(marker.group("ref"), index, marker.group("rest").strip())
            entries.append(current)
        elif starts and starts[0].start() == 0:
            for start, end in zip(starts, starts[1:] + [None]):
                chunk = text[start.end() : end.start() if end else None].strip()
                current = _CellAction(start.group("ref"), index, chunk)
                entries.append(current)
        elif current is None or (blank_before and current.text):
            current = _CellAction(None, index, text)
            entries.append(current)
        else:
            current.text = f"{current.text} {text}".strip()
        blank_before = False
    return [e for e in entries if e.text or e.ref]


def _align(entries: list[_CellAction], cell: str, dates: date | None = None) -> list[str]:
    """The text of a neighbouring cell (owner or date) that belongs to each action.

    Each non-empty line goes to the action whose lines it sits beside; several values on
    one line beside several actions on one line ("VH SH/VH", "22 nd December 27 th
    January 2017") are shared out in order.
    """
    result = [""] * len(entries)
    lines = [(i, " ".join(line.split())) for i, line in enumerate(cell.split("\n")) if line.strip()]
    if not lines or not entries:
        return result
    if len(entries) > 1 and len({e.line for e in entries}) == 1 and len(lines) == 1:
        pieces = _split_values(lines[0][1], len(entries), dates)
        if len(pieces) == len(entries):
            return pieces
    starts = [e.line for e in entries]
    for line_index, text in lines:
        target = 0
        for position, start in enumerate(starts):
            if start <= line_index:
                target = position
        result[target] = f"{result[target]} {text}".strip()
    return result


def _split_values(text: str, count: int, reference: date | None) -> list[str]:
    mentions = find_dates(text, reference)
    if len(mentions) == count:
        return [m.text for m in mentions]
    tokens = text.split()
    return tokens if len(tokens) == count else [text]


def _due(
    text: str, due_cell: str, has_due_column: bool, meeting_date: date | None, day_known: bool,
) -> tuple[str | None, str | None]:
    """An action row's due date and the words it was read from: its due cell's, else its own."""
    if not has_due_column:
        return normalise_due(text, meeting_date), _due_text(text, meeting_date)
    due = normalise_due(due_cell, meeting_date)
    if due is None and due_cell.strip() and text:
        # "ASAP" or "ongoing" in the column says soon; a date in the action's words says when
        # ("Progress the caretaker's pay for submission to the FGB on 23 May 2022"). An empty
        # cell is the author's "no date", whatever meeting the words mention.
        from_words, words = due_from_words(text, meeting_date, day_known)
        if from_words is not None:
            return from_words, words
    return due, due_cell or None


def _due_text(text: str, meeting_date: date | None) -> str | None:
    """The words the due date of an action cell was read from."""
    due = normalise_due(text, meeting_date)
    if due is None:
        return None
    for mention in find_dates(text, meeting_date):
        if mention.iso == due:
            return mention.text
    return None
