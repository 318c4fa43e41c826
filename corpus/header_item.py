"""The meeting header (the text before the first item) read as an item.

Some minutes put their actions above the first item: a summary of actions under the
title, or the whole minutes under bold pseudo-headings with one real heading at the end.
The header is therefore handed to the action detectors as an item with no number, placed
before the first item. Its attendance lines are left out: a list of names with positions
and initials ("Roger Hirst, Police and Crime Commissioner, OPCC | RH") has the shape of an
action table's rows (a name, a margin of initials), and it is the attendance reader's.
"""

from __future__ import annotations

import re

from corpus.action_tables import RowCells
from corpus.blocks import Block, Paragraph
from corpus.items import ItemSection, block_parts
from corpus.models import Attendee

HEADER_POSITION = -1  # the header's place among the items: before the first
_WORD = re.compile(r"[^\W\d_]{2,}")
_MAX_LEFT_OVER = 3  # words besides the people's own (labels, "Chairing", "notes")
_POSITION_WORDS = 8  # a longer "position" swallowed other text: not a position


def header_item(header: list[Block], attendees: list[Attendee]) -> ItemSection:
    """The header as an item with no number, without the lines that list attendees."""
    parts = [part for block in header for part in block_parts(block)]
    kept = [part for part in parts if not is_attendance_line(_part_text(part), attendees)]
    return ItemSection(number=None, title="", position=HEADER_POSITION, parts=kept)


def is_attendance_line(text: str, attendees: list[Attendee]) -> bool:
    """The line lists attendees: it names at least one of them, and once their names,
    initials, positions and organisations are taken out, few words are left."""
    words = len(_WORD.findall(text))
    rest, named = text, False
    for person in attendees:
        pattern = _as_words(person.name)
        if pattern.search(rest):
            named = True
            rest = pattern.sub(" ", rest)
    if not named:
        return False
    phrases = {said for person in attendees for said in (person.title, person.position, person.organisation, person.initials)
               if said and len(said.split()) <= _POSITION_WORDS}
    for said in sorted(phrases, key=len, reverse=True):  # "Head of HR, EP" before "EP"
        rest = _as_words(said).sub(" ", rest)
    left = len(_WORD.findall(rest))
    return left <= max(_MAX_LEFT_OVER, words // 4)


def _as_words(text: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in text.split()) + r"(?!\w)", re.IGNORECASE)


def _part_text(part: Paragraph | RowCells) -> str:
    if isinstance(part, Paragraph):
        return part.text
    return " ".join(cell for cell in (part.number or "", part.text, part.action, part.owner, part.due) if cell)
