"""Word .docx minutes: paragraphs and real tables, in document order.

Automatic list numbers ("6.1", "8.3.2", "a)") are not in a paragraph's text: Word draws
them from `numbering.xml`. Minutes name their items by those numbers, so they are
rendered here as printed. Paragraphs laid out with tab stops ("Grants:<TAB><TAB>£33,000")
are rows of a table, like the tab-separated lines of plain-text exports.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from corpus.blocks import Block, DocumentText, Paragraph, Table
from corpus.errors import MinutesReadError
from corpus.readers.inline_runs import Run, join_runs

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
    numbering = _Numbering(document)
    tab_rows: list[list[str]] = []

    def flush_tab_rows() -> None:
        if len(tab_rows) == 1:  # one tabbed line is a paragraph laid out with a tab stop
            blocks.append(Paragraph(text=" ".join(tab_rows[0])))
        elif tab_rows:
            blocks.append(Table(rows=list(tab_rows)))
        tab_rows.clear()

    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = DocxParagraph(child, document)
            label = numbering.label(paragraph)
            cells = [" ".join(part.split()) for part in _TAB_RUN.split(paragraph.text.strip())]
            if len(cells) >= 2 and all(cells) and not label and not _LIST_LABEL.match(cells[0]):
                if tab_rows and len(tab_rows[-1]) != len(cells):
                    flush_tab_rows()
                tab_rows.append(cells)
                continue
            flush_tab_rows()
            text = " ".join(f"{label} {paragraph.text}".split())
            if text:
                depth, marker = numbering.entry(paragraph, label)
                blocks.append(Paragraph(text=text, heading=_heading_level(paragraph), list_depth=depth,
                                        list_marker=marker, emphasis=_emphasis(paragraph, label, text)))
        elif child.tag == f"{_W}tbl":
            flush_tab_rows()
            blocks.append(Table(rows=_rows(DocxTable(child, document))))
    flush_tab_rows()
    return DocumentText(path=Path(path), format="docx", blocks=blocks)


_TAB_RUN = re.compile(r"\t+")
# "1.<TAB>Apologies", "(a)<TAB>…", "•<TAB>…": a typed list label, not a table cell.
_LIST_LABEL = re.compile(r"^(?:\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivxlc]{1,6})[.):]?|[-•*▪·o§])$", re.IGNORECASE)
_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": lambda n: _letters(n).lower(),
    "upperLetter": lambda n: _letters(n),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": lambda n: _roman(n),
}


def _letters(n: int) -> str:
    # Word repeats the letter past z: a..z, aa..zz
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


class _Numbering:
    """Word's list counters, advanced paragraph by paragraph in document order."""

    def __init__(self, document) -> None:
        self._levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstractNumId -> ilvl -> (start, fmt, text)
        self._abstract_of: dict[str, str] = {}  # numId -> abstractNumId
        self._overrides: dict[str, dict[int, int]] = {}  # numId -> ilvl -> start
        self._counters: dict[str, dict[int, int]] = {}
        self._seen_num: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.findall(f"{_W}abstractNum"):
            levels: dict[int, tuple[int, str, str]] = {}
            for level in abstract.findall(f"{_W}lvl"):
                levels[int(level.get(f"{_W}ilvl", "0"))] = (
                    int(_val(level, "start") or 1),
                    _val(level, "numFmt") or "decimal",
                    _val(level, "lvlText") or "",
                )
            self._levels[abstract.get(f"{_W}abstractNumId")] = levels
        for num in root.findall(f"{_W}num"):
            num_id = num.get(f"{_W}numId")
            self._abstract_of[num_id] = _val(num, "abstractNumId")
            for override in num.findall(f"{_W}lvlOverride"):
                start = _val(override, "startOverride")
                if start is not None:
                    self._overrides.setdefault(num_id, {})[int(override.get(f"{_W}ilvl", "0"))] = int(start)

    def entry(self, paragraph, label: str) -> tuple[int, str]:
        """List depth and marker of a paragraph: (0, "") when it is not a list entry.

        Depth is Word's list level (ilvl) plus one, or the number in a "List Bullet 2"
        style's name; the marker is the printed number (`label`, also kept in the text)
        or the level's bullet glyph.
        """
        name = ((paragraph.style.name if paragraph.style is not None else "") or "").lower()
        own = paragraph._p.pPr is not None and paragraph._p.pPr.find(f"{_W}numPr") is not None
        if name.startswith(("list bullet", "list number")) and not own:
            # "List Bullet 2" is the second level whatever list its style points to.
            digits = "".join(ch for ch in name if ch.isdigit())
            return int(digits) if digits else 1, label or "•"
        num_id, ilvl = _num_properties(paragraph)
        if num_id is not None and num_id != "0" and num_id in self._abstract_of:
            if label:
                return ilvl + 1, label
            levels = self._levels.get(self._abstract_of[num_id], {})
            _, fmt, text = levels.get(ilvl, (1, "bullet", "•"))
            if fmt == "none":
                return 0, ""
            return ilvl + 1, text.strip().translate(_SYMBOL_GLYPHS) or "•"
        return 0, ""

    def label(self, paragraph) -> str:
        """The number Word prints before this paragraph ("", for none or a bullet)."""
        num_id, ilvl = _num_properties(paragraph)
        if num_id is None or num_id == "0" or num_id not in self._abstract_of:
            return ""
        abstract = self._abstract_of[num_id]
        levels = self._levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counters = self._counters.setdefault(abstract, {})
        if num_id not in self._seen_num:
            self._seen_num.add(num_id)
            for level, start in self._overrides.get(num_id, {}).items():
                counters[level] = start - 1
        start = levels[ilvl][0]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > ilvl]:
            del counters[deeper]  # a new parent number restarts its sub-numbers
        _, fmt, text = levels[ilvl]
        if fmt not in _FORMATS:
            return ""  # bullets and unnumbered levels
        for level in range(9):
            if f"%{level + 1}" in text:
                level_start, level_fmt, _ = levels.get(level, (1, "decimal", ""))
                value = counters.get(level, level_start)
                text = text.replace(f"%{level + 1}", _FORMATS.get(level_fmt, str)(value))
        return text.strip()


# Word's bullets in the Symbol and Wingdings fonts are private-use code points.
_SYMBOL_GLYPHS = str.maketrans({"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓", "\uf06f": "○", "\uf0a8": "□", "o": "○"})


def _emphasis(paragraph, label: str, text: str) -> tuple[tuple[int, int], ...]:
    """Spans of `text` set in bold or italics by the paragraph's runs (heading styles aside)."""
    from docx.text.hyperlink import Hyperlink

    runs = [Run(f"{label} " if label else "")]
    for part in paragraph.iter_inner_content():
        for run in part.runs if isinstance(part, Hyperlink) else [part]:
            runs.append(Run(run.text, _is_emphasised(run)))
    joined, spans = join_runs(runs)
    return spans if joined == text else ()  # fields and the like the runs do not show


def _is_emphasised(run) -> bool:
    for value in (run.bold, run.italic):
        if value:
            return True
    style = run.style
    if run.bold is None and run.italic is None and style is not None and style.type is not None:
        font = style.font
        return bool(font.bold or font.italic)
    return False


def _val(element, tag: str) -> str | None:
    found = element.find(f"{_W}{tag}")
    return None if found is None else found.get(f"{_W}val")


def _num_properties(paragraph) -> tuple[str | None, int]:
    """numId and level of a paragraph: its own, else its style's (following basedOn)."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.find(f"{_W}numPr") if p_pr is not None else None
    style = paragraph.style
    ilvl = None
    while num_pr is None and style is not None:
        style_pr = style.element.pPr
        num_pr = style_pr.find(f"{_W}numPr") if style_pr is not None else None
        style = style.base_style
    if num_pr is None:
        return None, 0
    num_id = _val(num_pr, "numId")
    ilvl = _val(num_pr, "ilvl")
    return num_id, int(ilvl or 0)


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
