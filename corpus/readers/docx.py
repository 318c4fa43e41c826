"""Word .docx minutes: paragraphs and real tables, in document order."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from corpus.blocks import Block, DocumentText, Paragraph, Table
from corpus.errors import MinutesReadError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: Path, data: bytes) -> DocumentText:
    """Read a .docx; a cell keeps its paragraphs (blank ones too) as lines."""
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise MinutesReadError(path, "this is an encrypted or old binary Word file, not a .docx")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise MinutesReadError(path, "not a Word .docx file (it is not a zip package)")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises several types for broken packages
        raise MinutesReadError(path, f"damaged Word file: {err}") from None
    blocks: list[Block] = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = DocxParagraph(child, document)
            text = " ".join(paragraph.text.split())
            if text:
                blocks.append(Paragraph(text=text, heading=_heading_level(paragraph)))
        elif child.tag == f"{_W}tbl":
            blocks.append(Table(rows=_rows(DocxTable(child, document))))
    return DocumentText(path=Path(path), format="docx", blocks=blocks)


def _heading_level(paragraph) -> int:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name.lower().startswith("heading"):
        digits = "".join(ch for ch in name if ch.isdigit())
        return int(digits) if digits else 1
    return 0


def _rows(table) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        seen = None
        for cell in row.cells:
            if cell._tc is seen:
                continue  # a merged cell repeats once per grid column it spans
            seen = cell._tc
            lines = [" ".join(p.text.split()) for p in cell.paragraphs]
            for nested in cell.tables:
                lines.extend("\t".join(r) for r in _rows(nested))
            cells.append("\n".join(lines).rstrip("\n"))
        rows.append(cells)
    return rows
