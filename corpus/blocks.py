"""What a reader hands to the parsers: the document as paragraphs and tables.

Every reader (text, HTML, DOCX, PDF) produces the same shape, so the layout rules in
`corpus.items` and `corpus.actions` never care which format a file came in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Paragraph:
    """One paragraph (or line, for plain text) of running text, without its line breaks.

    `heading` is the heading level (1-6) when the source marks it as a heading
    (markdown `##`, HTML `<h2>`, a Word "Heading 2" style), else 0.

    The author's layout travels with the words, so that detectors can read it:
    `list_depth` is 1 for a top-level list entry, 2 for one nested in it, ... (0: not a
    list entry); `list_marker` is the entry's marker as printed ("-", "•", "○", "1.",
    "a)", "iv."). Bullets and glyphs are *not* repeated in `text`. Numbers, letters and
    numerals that the source prints as text stay in `text` as printed and are the marker
    too ("1. Apologies" with marker "1."), because items are named by them; HTML `<ol>`
    numbers, which the page does not hold as text, are only the marker. `emphasis` holds
    the character spans of `text` that the source set in bold or italics (Markdown
    `**`/`*`/`_`, HTML `<strong>`/`<em>`, Word and reST runs, a PDF's bold/italic fonts).
    A wide gap before a trailing emphasised run ("… the ash trees.<TAB><em>Clerk</em>") is
    kept in `text` as one tab.

    Depth comes from nesting where the format has it (HTML, Word levels, reST) and from
    indentation otherwise (Markdown and plain text: indent against the entry above; PDF:
    each distinct indent of the document's list starts is a level).
    """

    text: str
    heading: int = 0
    list_depth: int = 0
    list_marker: str = ""
    emphasis: tuple[tuple[int, int], ...] = ()

    def emphasised(self) -> list[str]:
        """The emphasised runs of the text, in order."""
        return [self.text[start:end] for start, end in self.emphasis]


@dataclass(frozen=True)
class Table:
    """A table as rows of cells.

    A cell keeps its own line breaks ("\\n" between its paragraphs, blank lines included):
    action tables put several actions in one cell and their owners and dates at the same
    vertical offsets in the neighbouring cells, and that alignment is how an owner or a
    date is matched to its action.
    """

    rows: list[list[str]]
    # A column the reader saw to be a margin of owner initials (a PDF's narrow "Action"
    # column), when the table has no header row to say so.
    owner_column: int | None = None


Block = Paragraph | Table


@dataclass
class DocumentText:
    """A read document: its blocks in reading order and where it came from."""

    path: Path
    format: str  # "text", "html", "docx", "pdf"
    blocks: list[Block] = field(default_factory=list)
    content_hash: str = ""  # sha256 of the file's bytes
    url: str | None = None  # where the minutes are published, when the file says
    # Front matter of a Markdown file (`title:`, `date:`, `start:` ...) as text values:
    # metadata the file states about itself, read by `corpus.metadata`.
    front_matter: dict[str, str] = field(default_factory=dict)

    def plain_text(self) -> str:
        """The whole document as text: paragraphs one a line, table rows tab-separated."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                lines.append(block.text)
            else:
                for row in block.rows:
                    lines.append("\t".join(" ".join(cell.split()) for cell in row))
        return "\n".join(lines)
