"""PDF minutes: wrapped lines rejoined into paragraphs, ruled tables kept as tables.

Pages are read one at a time with PDFium (pypdfium2, compiled code: ~100x faster than a
pure-Python parser, and each page is closed before the next is opened, so memory stays
bounded by the text, not by the file). What a page keeps is its positioned text lines and
its tables; three things are then decided for the whole document:

* **running headers and footers**: lines at the top or bottom of most pages with the same
  text once digits are ignored (page numbers, dates and versions vary) are dropped;
* **a right-hand column** (e.g. an "Action" column of owner initials beside the minutes):
  short text wholly to the right of where the body's lines end, on several lines. It is
  kept apart from the paragraphs: a paragraph with column text beside it becomes a one-row
  `Table([[paragraph text, column text]])` (`[[number, title, column text]]` when the
  paragraph is a numbered item title set apart from its number by a gap);
* **list depth**: each distinct indent at which the document starts list entries
  (bullet glyphs, numbers, letters) is a level; glyphs become `list_marker`;
* **no text layer at all** (a scan): OCR with Tesseract when it is installed, else an
  error naming the file and saying it has no text.

Ruled tables are found from the page's drawn lines and rectangles with pdfplumber's
table geometry (the same edges -> intersections -> cells steps as its "lines" strategy).
A "cell" the size of the page is a frame (a border, a browser print's page box), not a
table; a line of column labels just above a table's top rule is its header row; a table
that starts with a header row of its own is not merged into the table above it.

Text is taken per PDFium text rectangle; where rectangles overlap (kerned or overprinted
glyphs touch the neighbour's box: "TuTuesday", "fofor") it is taken per character instead.
"""

from __future__ import annotations

import io
import os
import re
import statistics
import threading
from dataclasses import dataclass, field
from pathlib import Path

from corpus.action_tables import owner_initials_column
from corpus.table_headers import is_header_label, is_label_row, looks_like_header_row
from corpus.blocks import Block, DocumentText, Paragraph, Table
from corpus.errors import MinutesReadError
from corpus.readers.inline_runs import Run, join_runs

# A line that starts a numbered heading, a numbered paragraph or a list point.
_STARTS_BLOCK = re.compile(r"^\s*(?:\d{1,3}[a-z]{0,4}\.{1,2}\s|\d{1,3}\.\d+\s|\(?\d{1,2}\)\s|\(?[a-z]\)\s|[ivx]{1,4}[.)]\s|[-•*▪◦○●■□➢✓❖]\s|action\b)", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d+(?:\s+(?:of|/)\s+\d+)?\s*$", re.IGNORECASE)
_GAP_FACTOR = 0.6  # a gap wider than this many line heights is a blank line in the source
# Word's Symbol/Wingdings bullets are private-use code points: the glyph they show.
_BULLETS = str.maketrans({"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓", "\uf06f": "○", "\uf0a8": "□",
                          "\u00ad": "-", "\ufffe": ""})  # PDFium gives a printed hyphen as U+00AD
_GLYPHS = "•▪◦·○●■□➢✓❖"
_LEADING_BULLET = re.compile(rf"^[{_GLYPHS}]\s*")
# A bullet glyph opening an entry: at the start, or after text on the same line when
# several entries were printed (or extracted) as one line: "… venue ■ H P reported …".
_GLYPH_ENTRY = re.compile(rf"(?:^|(?<=\s))(?P<glyph>[{_GLYPHS}])(?:\s+|$)")
# Word's second-level bullet is a Courier "o": a glyph only before a capitalised entry, and
# inside a line only where the paragraph itself opened with one ("…; o Growth - …").
_O_ENTRY = re.compile(r"(?:^|(?<=\s))(?P<glyph>o)\s+(?=[A-Z])")
_DEFAULT_MAX_PAGES = 2000
# Running headers/footers: looked for among this many lines at each end of a page, in
# this share of the page height, and must repeat on at least this share of the pages.
_EDGE_LINES = 3
_EDGE_ZONE = 0.15
_RUNNING_SHARE = 0.5


# PDFium is not thread-safe, and the bot reads shared files in worker threads.
_PDFIUM_LOCK = threading.Lock()


def max_pdf_pages() -> int:
    """The most pages a PDF may have (`MINUTES_MAX_PDF_PAGES`, default 2000)."""
    value = os.environ.get("MINUTES_MAX_PDF_PAGES", str(_DEFAULT_MAX_PAGES))
    try:
        return int(float(value))
    except ValueError:
        raise ValueError(f"MINUTES_MAX_PDF_PAGES must be a number of pages, not {value!r}") from None


@dataclass
class _Segment:
    """A run of text on one line (PDFium's text rectangle), top-down coordinates."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    size: float
    space_after: bool = False
    emphasised: bool = False  # set in a bold or italic font


@dataclass
class _Line:
    segments: list[_Segment]
    column: list[str] = field(default_factory=list)  # right-hand column text beside it

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)

    @property
    def x0(self) -> float:
        return min(s.x0 for s in self.segments)

    @property
    def x1(self) -> float:
        return max(s.x1 for s in self.segments)

    @property
    def text(self) -> str:
        # PDFium splits a line at every change of font or spacing, inside words too
        # ("201" "5"): a space only where the PDF has one or the gap is a word space.
        parts: list[str] = []
        previous: _Segment | None = None
        for segment in sorted(self.segments, key=lambda s: s.x0):
            gap = segment.x0 - previous.x1 if previous is not None else 0.0
            # Digits split at a change of font ("201" "5", "1" "0th") join unless a real gap parts them.
            digits = previous is not None and previous.text[-1:].isdigit() and segment.text[:1].isdigit()
            if previous is not None and (gap > 0.3 * previous.size if digits else (previous.space_after or gap > 0.15 * previous.size)):
                parts.append(" ")
            parts.append(segment.text)
            previous = segment
        return " ".join("".join(parts).split())

    def pieces(self) -> list[Run]:
        """The line as inline runs (its segments, with the spaces `text` puts between them)."""
        pieces: list[Run] = []
        previous: _Segment | None = None
        for segment in sorted(self.segments, key=lambda s: s.x0):
            gap = segment.x0 - previous.x1 if previous is not None else 0.0
            digits = previous is not None and previous.text[-1:].isdigit() and segment.text[:1].isdigit()
            if previous is not None and (gap > 0.3 * previous.size if digits else (previous.space_after or gap > 0.15 * previous.size)):
                pieces.append(Run(" "))
            pieces.append(Run(segment.text, segment.emphasised))
            previous = segment
        return pieces

    def runs(self) -> list[tuple[float, float]]:
        """Horizontal extents of the line's runs of text, split at gaps wider than two ems."""
        runs: list[list[float]] = []
        for segment in sorted(self.segments, key=lambda s: s.x0):
            if runs and segment.x0 - runs[-1][1] <= 2 * segment.size:
                runs[-1][1] = max(runs[-1][1], segment.x1)
            else:
                runs.append([segment.x0, segment.x1])
        return [(x0, x1) for x0, x1 in runs]

    @property
    def size(self) -> float:
        return max(s.size for s in self.segments)


@dataclass
class _Page:
    width: float
    height: float
    lines: list[_Line]
    tables: list[tuple[float, Table]]  # (top, table)


def read_pdf(path: Path, data: bytes) -> DocumentText:
    """Read a PDF page by page; encrypted or damaged PDFs are refused, scans are OCR'd."""
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
    with _PDFIUM_LOCK:
        pages, count = _read_pages(path, data)
    if not any(p.lines or p.tables for p in pages):
        from corpus.readers.ocr import ocr_pdf

        return DocumentText(path=Path(path), format="pdf", blocks=ocr_pdf(path, data, count))
    _drop_running_lines(pages)
    _attach_right_column(pages)
    blocks = _assemble(pages)
    if not blocks:
        raise MinutesReadError(path, "the PDF has no readable text")
    return DocumentText(path=Path(path), format="pdf", blocks=blocks)


def _read_pages(path: Path, data: bytes) -> tuple[list[_Page], int]:
    """Every page's lines and tables, one page open at a time; and the page count."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise MinutesReadError(path, f"the PDF is damaged or truncated: {err}") from None
    try:
        count = len(document)
        limit = max_pdf_pages()
        if count > limit:
            raise MinutesReadError(path, f"the PDF has {count} pages, over the {limit}-page limit (MINUTES_MAX_PDF_PAGES)")
        pages = []
        for index in range(count):
            page = document[index]
            try:
                pages.append(_read_page(page))
            finally:
                page.close()
    except MinutesReadError:
        raise
    except Exception as err:  # PDFium reports damage in several ways
        raise MinutesReadError(path, f"the PDF is damaged or truncated: {err}") from None
    finally:
        document.close()
    return pages, count


def _read_page(page) -> _Page:
    width, height = page.get_size()
    textpage = page.get_textpage()
    segments: list[_Segment] = []
    try:
        rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
        texts = [textpage.get_text_bounded(*rect) for rect in rects]
        if _overlapping(texts, textpage):
            texts = _texts_by_chars(textpage, rects)
        for (left, bottom, right, top), raw_text in zip(rects, texts):
            text = " ".join(raw_text.translate(_BULLETS).split())
            if not text:
                continue
            index = textpage.get_index(left + 0.5, (top + bottom) / 2, 2, 2)
            size = top - bottom
            emphasised = False
            if index is not None and index >= 0:
                emphasised = _emphasised_font(textpage, index)
                # The rectangle hugs the glyphs ("commence." has no ascenders); the font's
                # box (its size through the text matrix, which the nominal size often is
                # not: "1 Tf" scaled by the matrix) gives every line of one size the same
                # height, so gaps and sizes compare.
                _, loose_bottom, _, loose_top = textpage.get_charbox(index, loose=True)
                if loose_top > loose_bottom:
                    size = loose_top - loose_bottom
                    bottom, top = min(bottom, loose_bottom), max(top, loose_top)
            segments.append(_Segment(left, height - top, right, height - bottom, text, size, raw_text.endswith((" ", "\n", "\r")), emphasised))
    finally:
        textpage.close()
    lines = _group_lines(segments)
    tables = _ruled_tables(page, height, lines)
    return _Page(width, height, lines, tables)


def _emphasised_font(textpage, index: int) -> bool:
    """Whether the character's font is bold (weight 600 and up, or named so) or italic."""
    import ctypes

    import pypdfium2.raw as raw

    if raw.FPDFText_GetFontWeight(textpage.raw, index) >= 600:
        return True
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(textpage.raw, index, name, 128, ctypes.byref(flags))
    return bool(flags.value & _ITALIC_FLAG) or bool(_EMPHASIS_FONT.search(name.value.decode("latin-1", "replace")))


_ITALIC_FLAG = 1 << 6  # PDF font descriptor flag "Italic"
_EMPHASIS_FONT = re.compile(r"bold|black|heavy|italic|oblique", re.IGNORECASE)


def _overlapping(texts: list[str], textpage) -> bool:
    """Whether the rectangles' bounded texts hold more glyphs than the page has.

    A rectangle's bounded text takes every glyph that touches it, and a kerned or
    overprinted glyph touches its neighbour's rectangle: "TuTuesday", "fofor", "Survrvey".
    """
    glyphs = sum(len("".join(text.split())) for text in texts)
    count = textpage.count_chars()
    page_glyphs = len("".join(textpage.get_text_range(0, count).split())) if count else 0
    return glyphs > page_glyphs


def _texts_by_chars(textpage, rects: list[tuple[float, float, float, float]]) -> list[str]:
    """Each rectangle's own characters, taken in character order (rectangles follow it)."""
    count = textpage.count_chars()
    whole = textpage.get_text_range(0, count) if count else ""
    # One call for the page's text; character by character only where it does not map
    # one to one (characters outside the Basic Multilingual Plane).
    chars = list(whole) if len(whole) == count else [textpage.get_text_range(k, 1) for k in range(count)]
    centres = []
    for k in range(count):
        left, bottom, right, top = textpage.get_charbox(k)
        centres.append(((left + right) / 2, (bottom + top) / 2))
    texts: list[str] = []
    position = 0
    for left, bottom, right, top in rects:

        def inside(k: int) -> bool:
            x, y = centres[k]
            return left - 0.5 <= x <= right + 0.5 and bottom - 0.5 <= y <= top + 0.5

        k = position
        while k < count and not (inside(k) and chars[k].strip()):
            k += 1
        if k == count:
            texts.append("")
            continue
        taken: list[str] = []
        while k < count and (inside(k) or not chars[k].strip() and not taken[-1:] == [" "]):
            if not inside(k) and chars[k] not in " \r\n":
                break
            taken.append(" " if not chars[k].strip() else chars[k])
            k += 1
            if taken[-1] == " " and (k >= count or not inside(k)):
                break
        texts.append("".join(taken))
        position = k
    return texts


def _group_lines(segments: list[_Segment]) -> list[_Line]:
    """Segments whose vertical middles fall within one another's extent share a line."""
    lines: list[_Line] = []
    for segment in sorted(segments, key=lambda s: (s.top + s.bottom) / 2):
        middle = (segment.top + segment.bottom) / 2
        if lines:
            last = lines[-1]
            if last.top - 1 <= middle <= last.bottom + 1 or segment.top <= (last.top + last.bottom) / 2 <= segment.bottom:
                last.segments.append(segment)
                continue
        lines.append(_Line([segment]))
    return lines


# --- ruled tables -----------------------------------------------------------------------


def _edges(page, height: float) -> list[dict]:
    """Horizontal and vertical edges of the page's drawn lines and rectangles."""
    import pypdfium2.raw as raw

    edges: list[dict] = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=3):
        matrix = obj.get_matrix()
        a, b, c, d, e, f = matrix.get()
        count = raw.FPDFPath_CountSegments(obj.raw)
        if count <= 0 or count > 400:
            continue
        points: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None
        x, y = raw.FS_FLOAT(), raw.FS_FLOAT()
        for i in range(count):
            seg = raw.FPDFPath_GetPathSegment(obj.raw, i)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_MOVETO or not points:
                start = point
            elif kind == raw.FPDF_SEGMENT_LINETO:
                _add_edge(edges, points[-1], point, height)
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                _add_edge(edges, point, start, height)
            points.append(point)
    return edges


def _add_edge(edges: list[dict], p: tuple[float, float], q: tuple[float, float], height: float) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < 1 and abs(x0 - x1) >= 3:
        top = height - (y0 + y1) / 2
        left, right = sorted((x0, x1))
        edges.append({"x0": left, "x1": right, "top": top, "bottom": top, "doctop": top, "width": right - left, "height": 0, "orientation": "h", "object_type": "line"})
    elif abs(x0 - x1) < 1 and abs(y0 - y1) >= 3:
        top, bottom = sorted((height - y0, height - y1))
        xm = (x0 + x1) / 2
        edges.append({"x0": xm, "x1": xm, "top": top, "bottom": bottom, "doctop": top, "width": 0, "height": bottom - top, "orientation": "v", "object_type": "line"})


def _ruled_tables(page, height: float, lines: list[_Line]) -> list[tuple[float, Table]]:
    """Tables drawn with rules; the text inside them is taken out of `lines`."""
    from pdfplumber.table import Table as GeometryTable
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges = _edges(page, height)
    if len([e for e in edges if e["orientation"] == "v"]) < 2 or len([e for e in edges if e["orientation"] == "h"]) < 2:
        return []
    edges = merge_edges(edges, 3, 3, 3, 3)
    cells = intersections_to_cells(edges_to_intersections(edges, 3, 3))
    found: list[tuple[float, Table]] = []
    width = page.get_size()[0]
    for table_cells in cells_to_tables(cells):
        geometry = GeometryTable(None, table_cells)
        x0, top, x1, bottom = geometry.bbox
        if any(_is_frame(cell, width, height) for cell in table_cells):
            continue  # a page border or background box: the page is not a table cell
        texts: dict[tuple, list[_Segment]] = {}
        for line in lines:
            keep = []
            for segment in line.segments:
                mx, my = (segment.x0 + segment.x1) / 2, (segment.top + segment.bottom) / 2
                if x0 <= mx <= x1 and top <= my <= bottom:
                    cell = next((c for c in table_cells if c[0] <= mx <= c[2] and c[1] <= my <= c[3]), None)
                    if cell is not None:
                        texts.setdefault(cell, []).append(segment)
                    continue
                keep.append(segment)
            line.segments = keep
        plain = [[" ".join(t for _, _, t in _paragraphs(_group_lines(texts.get(cell, [])))) if cell else "" for cell in row.cells]
                 for row in geometry.rows]
        owner_column = owner_initials_column(plain, narrow=_narrow_columns(geometry))
        rows = []
        for row in geometry.rows:
            cells = [_paragraphs(_group_lines(texts.get(cell, []))) if cell else [] for cell in row.cells]
            if owner_column is not None:
                # Owner initials in a margin say which sentence they own only by their height:
                # the minutes' cell keeps its lines so that each owner lands beside its line.
                cells = [_line_entries(texts.get(cell, [])) if cell and i != owner_column else cells[i]
                         for i, cell in enumerate(row.cells)]
            cells_text = _aligned_cells(cells, keep_slots=owner_column)
            if any(cells_text):
                rows.append(cells_text)
        if rows:
            header = _detached_header(lines, geometry, top)
            if header is not None and not is_label_row(rows[0]):
                rows.insert(0, header)
            found.append((top, Table(rows=rows, owner_column=owner_column)))
    lines[:] = [line for line in lines if line.segments]
    return found


_NUMBERED_TITLE = re.compile(r"^(?P<printed>(?P<number>\d{1,3}(?:\.\d{1,2})?)\.?) (?P<title>[A-Z].*)$")
_TITLE_WORDS = 10


def _numbered_title(paragraph: list[_Line]) -> str | None:
    """The item number of a one-line numbered title ("5   Future Events (standing item)"):
    a number set apart from a short capitalised title by a gap, as a tab sets it in the
    template the minutes were typed into. None for running text ("12. The board agreed …")."""
    if len(paragraph) != 1:
        return None
    match = _NUMBERED_TITLE.match(paragraph[0].text)
    if match is None:
        return None
    number, title = match.group("number"), match.group("title")
    if len(title.split()) > _TITLE_WORDS or title.endswith("."):
        return None
    # The gap after the number's own glyphs ("1" "0" are two segments of "10").
    ordered = sorted(paragraph[0].segments, key=lambda segment: segment.x0)
    taken = ""
    for index, segment in enumerate(ordered[:-1]):
        taken += segment.text.strip()
        if len(taken) >= len(match.group("printed")):
            gap = ordered[index + 1].x0 - segment.x1
            return number if gap >= 0.5 * segment.size else None
    return None


def _detached_header(lines: list[_Line], geometry, top: float) -> list[str] | None:
    """A header row printed just above a ruled table, outside its rules ("ITEM  BY WHOM
    BY WHEN"): a line of column labels, each over a column of the table. It is taken
    out of `lines` and returned as the table's first row."""
    columns = _column_extents(geometry)
    if len(columns) < 2:
        return None
    above = [line for line in lines if line.segments and line.bottom <= top + 2 and top - line.bottom <= 1.5 * line.size]
    if not above:
        return None
    line = max(above, key=lambda candidate: candidate.bottom)
    runs = _run_texts(line)
    if len(runs) < 2:
        return None
    cells = [""] * len(columns)
    for x0, x1, text in runs:
        middle = (x0 + x1) / 2
        index = next((k for k, (c0, c1) in enumerate(columns) if c0 - 2 <= middle <= c1 + 2), None)
        if index is None or cells[index] or not is_header_label(text):
            return None
        cells[index] = text
    line.segments = []
    return cells


def _column_extents(geometry) -> list[tuple[float, float]]:
    extents: dict[int, list[float]] = {}
    for row in geometry.rows:
        for index, cell in enumerate(row.cells):
            if cell is not None:
                extent = extents.setdefault(index, [cell[0], cell[2]])
                extent[0], extent[1] = min(extent[0], cell[0]), max(extent[1], cell[2])
    return [tuple(extents[k]) for k in sorted(extents)]


def _run_texts(line: _Line) -> list[tuple[float, float, str]]:
    """The line's runs of text (split at gaps wider than two ems) with their extents."""
    texts = []
    for x0, x1 in line.runs():
        run = _Line([segment for segment in line.segments if x0 - 0.1 <= segment.x0 and segment.x1 <= x1 + 0.1])
        texts.append((x0, x1, run.text))
    return texts


def _is_frame(cell: tuple[float, float, float, float], width: float, height: float) -> bool:
    """A "cell" as wide as the page and over half its height frames the page's text
    (a border, a browser print's page box), or lies off the page."""
    x0, top, x1, bottom = cell
    off_page = bottom <= 0 or top >= height or x1 <= 0 or x0 >= width
    return off_page or (x1 - x0 >= 0.85 * width and bottom - top >= 0.5 * height)


_NARROW = 0.15  # a column this share of the table's width is a margin column


def _narrow_columns(geometry) -> set[int]:
    x0, _, x1, _ = geometry.bbox
    narrow: set[int] = set()
    for row in geometry.rows:
        for index, cell in enumerate(row.cells):
            if cell is not None and x1 > x0 and (cell[2] - cell[0]) <= _NARROW * (x1 - x0):
                narrow.add(index)
    return narrow


def _initials_margin(column_text: str) -> int | None:
    """1 when a right-hand column's text beside a paragraph is owner initials ("AW/IB")."""
    return 1 if owner_initials_column([["", line] for line in column_text.split("\n") if line.strip()], narrow={1}) == 1 else None


def _line_entries(segments: list[_Segment]) -> list[tuple[float, float, str]]:
    return [(line.top, line.bottom, _LEADING_BULLET.sub("", line.text)) for line in _group_lines(segments) if line.text.strip()]


def _paragraphs(lines: list[_Line]) -> list[tuple[float, float, str]]:
    """A cell's lines rejoined into paragraphs (line breaks inside a PDF cell are mostly wraps)."""
    found: list[tuple[float, float, str]] = []
    current: list[_Line] = []
    for line in lines:
        if current and not _starts_new(current[-1], line):
            current.append(line)
            continue
        if current:
            found.append((current[0].top, current[-1].bottom, _LEADING_BULLET.sub("", " ".join(x.text for x in current))))
        current = [line]
    if current:
        found.append((current[0].top, current[-1].bottom, _LEADING_BULLET.sub("", " ".join(x.text for x in current))))
    return [p for p in found if p[2]]


def _aligned_cells(cells: list[list[tuple[float, float, str]]], keep_slots: int | None = None) -> list[str]:
    """Cells of one row as lines that line up: line k of every cell is beside line k of the others.

    The cell with the most paragraphs sets the slots; a paragraph of another cell goes to
    the slot it stands beside (an owner's initials beside a minute's last line belong to
    that minute), else to a slot of its own at its height.
    """
    if sum(1 for cell in cells if cell) <= 1:
        return ["\n".join(text for _, _, text in cell) for cell in cells]
    main = max(range(len(cells)), key=lambda i: (len(cells[i]), sum(len(t) for _, _, t in cells[i])))
    slots = [[top, bottom] for top, bottom, _ in cells[main]]
    placed: list[list[tuple[int, str]]] = [[(k, text) for k, (_, _, text) in enumerate(cells[main])] if i == main else [] for i in range(len(cells))]
    for i, cell in enumerate(cells):
        if i == main:
            continue
        for top, bottom, text in cell:
            middle = (top + bottom) / 2
            slot = next((k for k, (s_top, s_bottom) in enumerate(slots) if s_top - 2 <= middle <= s_bottom + 2), None)
            if slot is None:
                slots.append([top, bottom])
                slot = len(slots) - 1
            placed[i].append((slot, text))
    order = sorted(range(len(slots)), key=lambda k: slots[k][0])
    position = {k: n for n, k in enumerate(order)}
    result = []
    for index, entries in enumerate(placed):
        lines = [""] * len(slots)
        for slot, text in entries:
            n = position[slot]
            lines[n] = f"{lines[n]} {text}".strip()
        # With an owner margin every cell keeps one line a slot, so line k of each is beside line k.
        result.append("\n".join(lines) if index == keep_slots else "\n".join(lines).rstrip("\n"))
    return result


def _starts_new(previous: _Line, line: _Line) -> bool:
    height = line.bottom - line.top
    return line.top - previous.bottom > _GAP_FACTOR * height or abs(line.size - previous.size) > 1 or bool(_STARTS_BLOCK.match(line.text))


# --- decisions over the whole document ----------------------------------------------------


def _line_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _edge_lines(page: _Page) -> tuple[list[_Line], list[_Line]]:
    ordered = sorted(page.lines, key=lambda line: line.top)
    top = [line for line in ordered[:_EDGE_LINES] if line.bottom <= page.height * _EDGE_ZONE]
    bottom = [line for line in ordered[-_EDGE_LINES:] if line.top >= page.height * (1 - _EDGE_ZONE)]
    return top, bottom


def _drop_running_lines(pages: list[_Page]) -> None:
    """Drop lines that repeat at the top or bottom of most pages, and bare page numbers."""
    counts: dict[tuple[str, str], int] = {}
    for page in pages:
        top, bottom = _edge_lines(page)
        for where, lines in (("top", top), ("bottom", bottom)):
            for key in {_line_key(line.text) for line in lines}:
                counts[(where, key)] = counts.get((where, key), 0) + 1
    needed = max(2, int(len(pages) * _RUNNING_SHARE + 0.999))
    running = {k for k, n in counts.items() if n >= needed} if len(pages) >= 2 else set()
    for page in pages:
        top, bottom = _edge_lines(page)
        drop = {id(line) for line in top if ("top", _line_key(line.text)) in running}
        drop |= {id(line) for line in bottom if ("bottom", _line_key(line.text)) in running}
        drop |= {id(line) for line in top + bottom if _PAGE_NUMBER.match(line.text)}
        page.lines = [line for line in page.lines if id(line) not in drop]


def _body_right(pages: list[_Page]) -> float | None:
    """Where the body's long lines end (their 95th percentile), or None with too few."""
    long_ends = [x1 for page in pages for line in page.lines for x0, x1 in line.runs() if x1 - x0 > page.width * 0.4]
    if len(long_ends) < 3:
        return None
    return statistics.quantiles(long_ends, n=20)[-1] if len(long_ends) >= 20 else max(long_ends)


def _attach_right_column(pages: list[_Page]) -> None:
    """Move text of a narrow right-hand column out of the lines, onto the line beside it.

    The body's right edge is where most long lines end; a column segment lies wholly to
    the right of it and is short. At least two such segments in the document make a column.
    """
    body_right = _body_right(pages)
    if body_right is None:
        return
    candidates = [
        (page, line, segment)
        for page in pages
        for line in page.lines
        for segment in line.segments
        if segment.x0 > body_right + 4 and segment.x1 - segment.x0 < page.width * 0.2
    ]
    if len(candidates) < 2:
        return
    for page, line, segment in candidates:
        line.segments.remove(segment)
        if not line.segments:
            # Alone on its line: it belongs to the body line beside it, or the one above.
            body = [other for other in page.lines if other.segments and other is not line and other.top <= segment.bottom + 2]
            beside = [other for other in body if other.top - 2 <= (segment.top + segment.bottom) / 2 <= other.bottom + 2]
            target = beside[0] if beside else (max(body, key=lambda other: other.bottom) if body else None)
            if target is None or (not beside and is_header_label(segment.text)):
                continue  # the column's own heading ("Action") above the first minute
            target.column.append(segment.text)
        else:
            line.column.append(segment.text)
    for page in pages:
        page.lines = [line for line in page.lines if line.segments]


def _assemble(pages: list[_Page]) -> list[Block]:
    blocks: list[Block] = []
    column_rows: set[int] = set()  # ids of the one-row tables of a paragraph and its column text
    ends_full = False  # the previous page's last line runs to the right margin (a wrap)
    right = _body_right(pages)
    depths = _ListDepths(pages)
    for page in pages:
        page_blocks = _page_blocks(page, column_rows, right, depths)
        for block in page_blocks:
            previous = blocks[-1] if blocks else None
            if (
                isinstance(block, Table) and isinstance(previous, Table)
                and len(block.rows[0]) == len(previous.rows[0])
                and id(block) not in column_rows and id(previous) not in column_rows
                and not _new_header(previous, block)
            ):
                # A table that runs over a page break is one table; its header, printed
                # again on the new page, is not a row of it.
                first = block.rows[0]
                repeated = (is_label_row(first) or looks_like_header_row(first)) and _row_key(first) == _row_key(previous.rows[0])
                previous.rows.extend(block.rows[1:] if repeated else block.rows)
                if previous.owner_column is None and block.owner_column is not None:
                    blocks[-1] = Table(rows=previous.rows, owner_column=block.owner_column)
            elif ends_full and block is page_blocks[0] and _continues(previous, block):
                # a paragraph running over a page break
                offset = len(previous.text) + 1
                emphasis = previous.emphasis + tuple((a + offset, b + offset) for a, b in block.emphasis)
                blocks[-1] = Paragraph(f"{previous.text} {block.text}", list_depth=previous.list_depth,
                                       list_marker=previous.list_marker, emphasis=emphasis)
            else:
                blocks.append(block)
        if page.lines:
            last = max(page.lines, key=lambda line: line.top)
            ends_full = right is not None and last.x1 >= right - page.width * 0.05
    return blocks


def _row_key(row: list[str]) -> tuple[str, ...]:
    return tuple(" ".join(cell.lower().split()) for cell in row)


def _new_header(previous: Table, block: Table) -> bool:
    """The next table starts with a header row of its own: another table, not the rest of
    this one (an action table above the minutes' table, both four columns wide)."""
    return is_label_row(block.rows[0]) and _row_key(block.rows[0]) != _row_key(previous.rows[0])


def _continues(previous: Block | None, block: Block) -> bool:
    return (
        isinstance(previous, Paragraph) and isinstance(block, Paragraph)
        and not previous.heading and not block.heading
        and not previous.text.rstrip().endswith((".", ":", ";", "!", "?"))
        and block.text[:1].isalpha() and not _STARTS_BLOCK.match(block.text)
    )


# A line that opens a list entry: a bullet glyph, or a number, letter or numeral with "." or ")".
# ("1 ." : PDFium splits a number from its dot when the fonts differ.)
_LIST_START = re.compile(rf"^\s*(?P<marker>[{_GLYPHS}]|o(?=\s+[A-Z])|\(?\d{{1,3}} ?[.)]|\(?[a-z][.)]|\(?[ivx]{{1,4}}[.)])(?=\s)")


_INDENT_DRIFT = 10


class _ListDepths:
    """Depth of list entries from where their markers stand on the page.

    Every distinct indent at which the document starts list entries (glyphs or numbers)
    is one level, the leftmost level 1. A glyph found in the middle of a line (entries run
    together) takes the indent that glyph has where it starts lines.
    """

    def __init__(self, pages: list[_Page]) -> None:
        starts = [(line.x0, _LIST_START.match(line.text)) for page in pages for line in page.lines]
        starts = [(x, match.group("marker")) for x, match in starts if match]
        self._levels: list[float] = []
        for x in sorted(x for x, _ in starts):
            # Indent steps are 18pt and more; pages drift by a few points (105/114 on one,
            # 114 on the next), so starts within 10pt of the last are one level.
            if not self._levels or x - self._levels[-1] > _INDENT_DRIFT:
                self._levels.append(x)
            else:
                self._levels[-1] = x
        by_glyph: dict[str, list[float]] = {}
        for x, marker in starts:
            if marker in _GLYPHS:
                by_glyph.setdefault(marker, []).append(x)
        self._glyph_x = {glyph: statistics.median(xs) for glyph, xs in by_glyph.items()}

    def at(self, x: float) -> int:
        if not self._levels:
            return 1
        return 1 + next((k for k, level in enumerate(self._levels) if x <= level + 1), len(self._levels) - 1)

    def of_glyph(self, glyph: str, fallback: int) -> int:
        x = self._glyph_x.get(glyph)
        return fallback if x is None else self.at(x)


def _entries(text: str) -> list[tuple[str, int, int]]:
    """A paragraph's text cut at its bullet glyphs: (glyph or "", start, end) of each entry's
    text, in order."""
    pieces: list[tuple[str, int, int]] = []
    last, glyph = 0, ""
    pattern = _O_ENTRY if _O_ENTRY.match(text) else _GLYPH_ENTRY
    for match in pattern.finditer(text):
        pieces.append((glyph, last, match.start()))
        glyph, last = match.group("glyph"), match.end()
    pieces.append((glyph, last, len(text)))
    stripped = []
    for glyph, start, end in pieces:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            stripped.append((glyph, start, end))
    return stripped


def _spans_within(spans: tuple[tuple[int, int], ...], start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The spans that fall in text[start:end], measured from `start`."""
    return tuple((max(a, start) - start, min(b, end) - start) for a, b in spans if b > start and a < end)


def _page_blocks(page: _Page, column_rows: set[int], right: float | None, depths: _ListDepths | None = None) -> list[Block]:
    placed: list[tuple[float, Block]] = list(page.tables)
    paragraph: list[_Line] = []

    def flush() -> None:
        if not paragraph:
            return
        joined = " ".join(line.text for line in paragraph)
        column = [part for line in paragraph for part in line.column]
        if column:
            text = _LEADING_BULLET.sub("", joined)
            if text:
                owners = _initials_margin("\n".join(column))
                cells = [text, "\n".join(column)]
                number = _numbered_title(paragraph)
                if number is not None:
                    # An agenda item set as a one-row table ("5 | Future Events | All"): the
                    # number gets a cell of its own, where the item splitter reads it.
                    cells = [number, text[len(number):].lstrip(" ."), cells[1]]
                    owners = None if owners is None else owners + 1
                row = Table(rows=[cells], owner_column=owners)
                column_rows.add(id(row))
                placed.append((paragraph[0].top, row))
            paragraph.clear()
            return
        runs: list[Run] = []
        for line in paragraph:
            if runs:
                runs.append(Run(" "))
            runs.extend(line.pieces())
        measured, spans = join_runs(runs)
        if measured != joined:
            spans = ()
        starts = _LIST_START.match(joined)
        depth = (depths.at(paragraph[0].x0) if depths is not None else 1) if starts else 0
        for index, (glyph, start, end) in enumerate(_entries(joined)):
            if index:  # an entry run into the line above: its glyph's usual indent
                depth = depths.of_glyph(glyph, depth) if depths is not None and glyph else depth
            marker = glyph or (starts.group("marker").replace(" ", "") if starts and index == 0 else "")
            block = Paragraph(joined[start:end], list_depth=depth if marker else 0, list_marker=marker,
                              emphasis=_spans_within(spans, start, end))
            # Paragraphs of one page line have distinct tops, so sorting keeps their order.
            placed.append((paragraph[0].top + index * 1e-3, block))
        paragraph.clear()

    previous: _Line | None = None
    for line in sorted(page.lines, key=lambda line: line.top):
        text = line.text
        if not text:
            continue
        height = line.bottom - line.top
        new_block = (
            previous is None
            or line.top - previous.bottom > _GAP_FACTOR * height
            or abs(line.size - previous.size) > 1
            or _STARTS_BLOCK.match(text)
            # a wrapped line runs to the right margin; one that stops well short ends its paragraph
            or (right is not None and previous.x1 < right - page.width * 0.15)
        )
        if new_block:
            flush()
        paragraph.append(line)
        previous = line
    flush()
    placed.sort(key=lambda pair: pair[0])
    return [block for _, block in placed]
