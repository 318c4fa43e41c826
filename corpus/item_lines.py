"""An item's text as the action detectors read it: paragraphs and rows of non-action
tables as lines, hard-wrapped plain text rejoined, a title that runs on into the minutes
read as text."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from corpus import action_markers as markers
from corpus.action_tables import RowCells
from corpus.blocks import Paragraph
from corpus.items import ItemSection

_WRAP_MIN = 45  # a plain-text line this long without end punctuation was wrapped by the writer
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TITLE_AS_TEXT_WORDS = 12


@dataclass
class ItemLine:
    """One paragraph or table row of an item, as the action detectors read it."""

    text: str
    heading: int = 0
    from_row: bool = False
    title: bool = False  # an item title that runs on into the text
    # The paragraph's layout (see `corpus.blocks.Paragraph`): list depth and marker as
    # printed, and the emphasised spans of `text`.
    list_depth: int = 0
    list_marker: str = ""
    emphasis: tuple[tuple[int, int], ...] = ()


def item_lines(item: ItemSection) -> list[ItemLine]:
    """The item's text as lines: paragraphs, and rows of tables that are not action tables.

    Hard-wrapped plain text ("Jim will be sending email to all / committers") is rejoined,
    so that a sentence is one unit.
    """
    lines: list[ItemLine] = []
    if item.title and (len(item.title.split()) > _TITLE_AS_TEXT_WORDS or ". " in item.title):
        # A title that runs on into the minutes ("Normandy Close – Establishing Ownership
        # Covered in ... Clerk to write to ...") holds words an action may need.
        lines.append(ItemLine(item.title, title=True))
    for part in item.parts:
        if isinstance(part, Paragraph):
            lines.append(_paragraph_line(part))
        elif isinstance(part, RowCells) and not part.has_action_columns:
            cells = [" ".join(c.split()) for c in part.text.split("\n") if c.strip()]
            if part.number:
                cells.insert(0, f"{part.number}.")
            lines.append(ItemLine(" ".join(cells), from_row=True))
    joined: list[ItemLine] = []
    for line in lines:
        line.text = _MARKDOWN_LINK.sub(lambda m: m.group(1), line.text).strip()
        if not line.text:
            continue
        if joined and _continues(joined[-1], line):
            joined[-1] = replace(joined[-1], text=f"{joined[-1].text} {line.text}", title=False, from_row=False)
        else:
            joined.append(line)
    return joined


def _paragraph_line(part: Paragraph) -> ItemLine:
    text = part.text.strip()
    lead = len(part.text) - len(part.text.lstrip())
    spans = tuple((max(0, a - lead), min(len(text), b - lead)) for a, b in part.emphasis if b - lead > 0 and a - lead < len(text))
    return ItemLine(text, part.heading, list_depth=part.list_depth, list_marker=part.list_marker, emphasis=spans)


def _continues(previous: ItemLine, line: ItemLine) -> bool:
    if previous.title and not previous.text.rstrip().endswith((".", ":", "!", "?", ";")):
        return True  # the title was cut mid-sentence: "... Mowing of Normandy" / "Close amenity areas ..."
    if previous.heading or line.heading or previous.from_row or line.from_row or line.list_depth:
        return False
    if markers.MARKER.match(line.text) and markers.MARKER.match(line.text).group("sep"):
        return False
    if markers.LIST_ENTRY.match(line.text) or markers.section_heading(line.text):
        return False
    ends_open = not previous.text.rstrip().endswith((".", ":", "!", "?", ";"))
    dangling = re.search(r"(?:[,(–-]|\b(?:and|or|to|the|of|a|an|with|for|by|in|on|at|that|will|would|is|are|be))\s*$", previous.text)
    return ends_open and len(previous.text) >= _WRAP_MIN and (line.text[:1].islower() or bool(dangling))
