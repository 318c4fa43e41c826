"""Actions marked only by owners in a column beside the minutes: a PDF's margin of
initials, a web page's "Action by" column. Each owner takes the sentence it stands beside,
or, where the text does not line up, the next sentence that names them or gives work."""

from __future__ import annotations

import re
from datetime import date

from corpus.action_owners import OwnerFinder
from corpus.action_tables import RowCells
from corpus.assignments import split_sentences
from corpus.dates import normalise_due
from corpus.due_dates import due_from_words
from corpus.items import ItemSection
from corpus.models import ActionRecord, Owner

def owner_column_actions(
    part: RowCells, item: ItemSection, owners: OwnerFinder, meeting_date: date | None, day_known: bool = True,
) -> list[ActionRecord]:
    """Actions marked only by owners in a margin column, each beside the sentence it owns.

    The reader keeps the owner on the line it stands beside; the action is the sentence of
    the minutes that runs through that line. Owners side by side ("RH AW") are separate
    actions, owners joined ("AW/IB") share one.
    """
    text_lines = part.text.split("\n")
    owner_lines = part.owner.split("\n")
    if len(owner_lines) < len(text_lines) - 1:
        return _owners_in_order(part, item, owners, meeting_date, day_known)
    # The item's title line may have been taken off the text above its owners.
    offset = max(0, len(owner_lines) - len(text_lines))
    joined, starts = "", []
    for line in text_lines:
        starts.append(len(joined))
        joined += " ".join(line.split()) + " "
    sentences = [(start, start + len(sentence)) for start, sentence in split_sentences(joined)]
    used: set[int] = set()
    records: list[ActionRecord] = []
    for index, owner_line in enumerate(owner_lines):
        for group in owner_line.split():
            found = owners.from_owner_cell(group)
            if not found or not sentences:
                continue
            line = min(max(0, index - offset), len(text_lines) - 1)
            middle = starts[line] + len(" ".join(text_lines[line].split())) // 2
            position = next((i for i, (a, b) in enumerate(sentences) if a <= middle <= b + 1), len(sentences) - 1)
            # A line can hold the end of one sentence and the start of the next: the one
            # that names the owner is theirs.
            span_end = starts[min(line + 1, len(starts) - 1)] + len(text_lines[min(line + 1, len(text_lines) - 1)])
            near = [i for i, (a, b) in enumerate(sentences) if a <= span_end and b >= starts[line] and i not in used]
            naming = [i for i in near if _names_any(joined[sentences[i][0] : sentences[i][1]], found)]
            if naming:
                position = naming[0]
            while position in used and position + 1 < len(sentences):
                position += 1
            used.add(position)
            sentence = " ".join(joined[sentences[position][0] : sentences[position][1]].split()).lstrip("\uf0b7•- ")
            due_cell = _due_beside(part, index)
            records.append(
                ActionRecord(
                    ref=None,
                    description=sentence,
                    owners=found,
                    due=normalise_due(due_cell, meeting_date) if due_cell else due_from_words(sentence, meeting_date, day_known)[0],
                    due_text=due_cell or due_from_words(sentence, meeting_date, day_known)[1],
                    item_number=item.number,
                    item_position=item.position,
                )
            )
    return records


def _due_beside(part: RowCells, line: int) -> str:
    """The date cell's words beside an owner's line (or its only words)."""
    if not part.has_due_column or not part.due.strip():
        return ""
    lines = part.due.split("\n")
    if line < len(lines) and lines[line].strip():
        return lines[line].strip()
    filled = [l.strip() for l in lines if l.strip()]
    return filled[0] if len(filled) == 1 else ""


_ACTION_WORDING = re.compile(
    r"\b(?:will|would|to be|agreed|requested|asked|need(?:s|ed)? to|should|must|to (?:get|send|write|contact|issue|"
    r"arrange|compose|provide|finali[sz]e|sign|check|confirm|review))\b",
    re.IGNORECASE,
)


def _owners_in_order(
    part: RowCells, item: ItemSection, owners: OwnerFinder, meeting_date: date | None, day_known: bool,
) -> list[ActionRecord]:
    """Owners beside a cell whose lines do not line up with them (a table rebuilt from text):
    each owner takes, in order, the next sentence that names them, or else the next one
    that gives work; the owner's date is the date cell's line of the same rank."""
    groups = [g for line in part.owner.split("\n") for g in line.split()]
    dues = [line.strip() for line in part.due.split("\n") if line.strip()] if part.has_due_column else []
    sentences = [s for _, s in split_sentences(" ".join(part.text.split()))]
    records: list[ActionRecord] = []
    after = -1
    for rank, group in enumerate(groups):
        found = owners.from_owner_cell(group)
        if not found or not sentences:
            continue
        later = range(after + 1, len(sentences))
        position = next((i for i in later if _names_any(sentences[i], found) and _ACTION_WORDING.search(sentences[i])), None)
        if position is None:
            position = next((i for i in later if _ACTION_WORDING.search(sentences[i])), None)
        if position is None:
            continue
        after = position
        due_text = dues[rank] if rank < len(dues) else (dues[-1] if len(dues) == 1 else "")
        records.append(
            ActionRecord(
                ref=None,
                description=sentences[position],
                owners=found,
                due=normalise_due(due_text, meeting_date) if due_text else due_from_words(sentences[position], meeting_date, day_known)[0],
                due_text=due_text or due_from_words(sentences[position], meeting_date, day_known)[1],
                item_number=item.number,
                item_position=item.position,
            )
        )
    return records


def _names_any(sentence: str, owners: list[Owner]) -> bool:
    for owner in owners:
        names = [owner.initials, owner.as_written, owner.name, owner.name.split()[-1] if owner.name else None]
        for name in filter(None, names):
            if len(name) >= 2 and re.search(rf"\b{re.escape(name)}\b", sentence):
                return True
    return False
