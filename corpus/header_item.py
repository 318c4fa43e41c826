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
from corpus.models import ActionRecord, Attendee

HEADER_POSITION = -1  # the header's place among the items: before the first
_WORD = re.compile(r"[^\W\d_]{2,}")
_MAX_LEFT_OVER = 3  # words besides the people's own (labels, "Chairing", "notes")
_POSITION_WORDS = 8  # a longer "position" swallowed other text: not a position
_CONTENT_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_SAME_WORDS = 0.8  # share of the shorter description's words an item's action repeats


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


def without_restatements(actions: list[ActionRecord]) -> list[ActionRecord]:
    """The actions without header actions that restate an item's action: a summary of
    actions above the first item repeats the ones minuted under the items (wholly, or a
    part of one: "Martin to discuss EIP-2315" out of "James to follow up with … and Martin
    to discuss EIP-2315")."""
    minuted = [a for a in actions if a.item_position != HEADER_POSITION]
    return [a for a in actions if a.item_position != HEADER_POSITION or not any(_restates(a, b) for b in minuted)]


def header_first(actions: list[ActionRecord]) -> list[ActionRecord]:
    """Actions in document order: the header's before the items'."""
    return sorted(actions, key=lambda a: a.item_position != HEADER_POSITION)


def _restates(summary: ActionRecord, minuted: ActionRecord) -> bool:
    first, second = _flat(summary.description), _flat(minuted.description)
    if first and (first in second or second in first):
        return True
    ours, theirs = _content_words(first), _content_words(second)
    same_owners = {o.name.lower() for o in summary.owners} == {o.name.lower() for o in minuted.owners}
    return same_owners and bool(ours) and len(ours & theirs) >= _SAME_WORDS * min(len(ours), len(theirs))


def _flat(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _content_words(text: str) -> set[str]:
    return set(_CONTENT_WORD.findall(text))
