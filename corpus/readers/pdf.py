"""PDF minutes: wrapped lines rejoined into paragraphs, ruled tables kept as tables."""

from __future__ import annotations

import io
import re
from pathlib import Path

from corpus.action_tables import is_header_row, owner_initials_column
from corpus.blocks import Block, DocumentText, Paragraph, Table
from corpus.errors import MinutesReadError

# A line that starts a numbered heading, a numbered paragraph or a list point.
_STARTS_BLOCK = re.compile(r"^\s*(?:\d{1,3}[a-z]{0,4}\.{1,2}\s|\d{1,3}\.\d+\s|\(?\d{1,2}\)\s|\(?[a-z]\)\s|[ivx]{1,4}[.)]\s|[-•*▪]\s|action\b)", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d+(?:\s+of\s+\d+)?\s*$", re.IGNORECASE)
_GAP_FACTOR = 0.6  # a gap wider than this many line heights is a blank line in the source


def read_pdf(path: Path, data: bytes) -> DocumentText:
    """Read a PDF with a text layer; encrypted, damaged or scanned PDFs are refused."""
    import pdfplumber
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise MinutesReadError(path, "the PDF is encrypted")
    except MinutesReadError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError, TypeError) as err:
        raise MinutesReadError(path, f"the PDF is damaged or truncated: {err}") from None
    blocks: list[Block] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                blocks.extend(_page_blocks(page))
    except MinutesReadError:
        raise
    except Exception as err:  # pdfminer raises many types on damaged files
        raise MinutesReadError(path, f"the PDF is damaged or truncated: {err}") from None
    if not blocks:
        raise MinutesReadError(path, "the PDF has no text layer (a scanned image?); run OCR first")
    return DocumentText(path=Path(path), format="pdf", blocks=_merge_tables(blocks))


def _page_blocks(page) -> list[Block]:
    placed: list[tuple[float, Block]] = []
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    for table in tables:
        rows, owner_column = _table_rows(page, table)
        if rows:
            placed.append((table.bbox[1], Table(rows=rows, owner_column=owner_column)))

    def outside(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    text_page = page.filter(outside) if boxes else page
    paragraph: list[str] = []
    start = previous_bottom = 0.0
    previous_size = None
    for line in text_page.extract_text_lines():
        text = line["text"].strip()
        if not text or _PAGE_NUMBER.match(text):
            continue
        height = line["bottom"] - line["top"]
        size = round(line["chars"][0].get("size", 0)) if line.get("chars") else None
        gap = line["top"] - previous_bottom
        new_block = (
            not paragraph
            or gap > _GAP_FACTOR * height
            or size != previous_size
            or _STARTS_BLOCK.match(text)
        )
        if new_block and paragraph:
            placed.append((start, Paragraph(" ".join(paragraph))))
            paragraph = []
        if not paragraph:
            start = line["top"]
        paragraph.append(text)
        previous_bottom, previous_size = line["bottom"], size
    if paragraph:
        placed.append((start, Paragraph(" ".join(paragraph))))
    placed.sort(key=lambda pair: pair[0])
    return [block for _, block in placed]


def _table_rows(page, table) -> tuple[list[list[str]], int | None]:
    """A ruled table's rows.

    Line breaks inside a PDF cell are wraps, not the author's paragraphs, so cells are
    joined into one line; except in layouts with a narrow column of owner initials beside
    the minutes ("... need to be redacted ..." | "AW"), where the initials say which
    sentence they own only by their height on the page: there the text cell keeps its
    lines and each owner is put on the line it stands beside.
    """
    raw = [[cell or "" for cell in row] for row in table.extract()]
    owner_column = owner_initials_column(raw, narrow=_narrow_columns(table))
    if owner_column is None or any(is_header_row(row) for row in raw):
        rows = [[" ".join(cell.split()) for cell in row] for row in raw]
        return [r for r in rows if any(r)], None
    rows = []
    for row in table.rows:
        cells = [_cell_lines(page, bbox) for bbox in row.cells]
        text_index = max(range(len(cells)), key=lambda i: len(cells[i]))
        reference = cells[text_index]
        aligned: list[str] = []
        for index, lines in enumerate(cells):
            if index == text_index or index != owner_column or not reference:
                aligned.append("\n".join(text for _, text in lines))
                continue
            slots = [""] * len(reference)
            for top, text in lines:
                slot = min(range(len(reference)), key=lambda i: abs(reference[i][0] - top))
                slots[slot] = f"{slots[slot]} {text}".strip()
            aligned.append("\n".join(slots))
        if any(c.strip() for c in aligned):
            rows.append(aligned)
    return rows, owner_column


_NARROW = 0.15  # a column this share of the table's width is a margin column


def _narrow_columns(table) -> set[int]:
    width = table.bbox[2] - table.bbox[0]
    narrow: set[int] = set()
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            if cell is not None and width > 0 and (cell[2] - cell[0]) <= _NARROW * width:
                narrow.add(index)
    return narrow


def _cell_lines(page, bbox) -> list[tuple[float, str]]:
    if bbox is None:
        return []
    try:
        lines = page.crop(bbox).extract_text_lines()
    except ValueError:  # a cell box outside the page
        return []
    return [(line["top"], " ".join(line["text"].split())) for line in lines if line["text"].strip()]


def _merge_tables(blocks: list[Block]) -> list[Block]:
    """A table that runs over a page break is one table."""
    merged: list[Block] = []
    for block in blocks:
        if isinstance(block, Table) and merged and isinstance(merged[-1], Table) and len(merged[-1].rows[0]) == len(block.rows[0]):
            merged[-1].rows.extend(block.rows)
            if merged[-1].owner_column is None and block.owner_column is not None:
                merged[-1] = Table(rows=merged[-1].rows, owner_column=block.owner_column)
        else:
            merged.append(block)
    return merged
