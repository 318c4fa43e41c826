"""From a file of minutes to a `ParsedMinutes`: the corpus layer's one entry point."""

from __future__ import annotations

from pathlib import Path

from corpus.action_owners import OwnerFinder
from corpus.action_summaries import header_first, is_actions_title, without_restatements
from corpus.actions import extract_actions
from corpus.attendance import extract_attendees
from corpus.blocks import Block, DocumentText, Paragraph
from corpus.header_item import header_item
from corpus.items import ItemSection, split_items
from corpus.metadata import parse_meeting_header
from corpus.models import Item, ParsedMinutes
from corpus.people import PeopleDirectory
from corpus.pipe_tables import rebuild_pipe_tables
from corpus.readers import read_document


def parse_minutes(path: Path | str) -> ParsedMinutes:
    """Read and parse one file of minutes (.txt, .md, .html, .docx, .pdf).

    Raises `MinutesReadError` naming the file and the reason when it cannot be read.
    """
    return parse_document(read_document(Path(path)))


def parse_document(document: DocumentText) -> ParsedMinutes:
    """Parse an already-read document into meeting, attendees, items and actions."""
    split = split_items(rebuild_pipe_tables(document.blocks))
    header_lines = block_lines(split.header)
    meeting = parse_meeting_header(
        header_lines,
        front_matter=document.front_matter,
        source_name=document.path.name,
        document_lines=block_lines(document.blocks),
    )
    item_texts = [f"{section.title}\n{section.text}" for section in split.items]
    attendees = extract_attendees(split.header, item_texts)
    directory = PeopleDirectory(attendees, "\n".join([*header_lines, *item_texts]), board=meeting.board)
    # The header (before the first item) is read like any item: some minutes put their
    # actions there (a summary above the first heading, pseudo-headings in bold).
    # The header is scanned after the items, so that an action restated in a summary above
    # the first item keeps the item it was minuted under; its own actions come first.
    header = header_item(split.header, attendees)
    scanned = [*split.items, header] if header.parts else split.items
    extracted = extract_actions(scanned, OwnerFinder(directory, board=meeting.board), meeting.date,
                                day_known=meeting.date_precision == "day")
    summaries = _leading_action_lists(split.items)
    actions = header_first(without_restatements(extracted.actions, summaries))
    return ParsedMinutes(
        source=document.path.name,
        content_hash=document.content_hash,
        format=document.format,
        meeting=meeting,
        header_text="\n".join(header_lines),
        attendees=attendees,
        items=[
            Item(number=section.number, title=section.title, text=section.text, position=section.position)
            for section in split.items
        ],
        actions=actions,
        updates=extracted.updates,
        url=document.url,
    )


def _leading_action_lists(items: list[ItemSection]) -> frozenset[int]:
    """Items titled as lists of actions above the minutes (before any item with text of
    its own): a summary, like a header's ("**Actions/On-going**" under the title). An action
    list after minuted text is that topic's own list, however alike its wording."""
    found: set[int] = set()
    for section in items:
        if is_actions_title(section.title):
            found.add(section.position)
        elif section.text.strip():
            break
    return frozenset(found)


def block_lines(blocks: list[Block]) -> list[str]:
    """Blocks as text lines: a paragraph a line, a table row as its tab-joined cells."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
            continue
        for row in block.rows:
            cells = [" ".join(cell.split()) for cell in row]
            if any(cells):
                lines.append("\t".join(cells))
    return lines
