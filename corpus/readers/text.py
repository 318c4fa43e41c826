"""Plain-text and markdown minutes, including tables that converters flattened into text.

Two flattened-table layouts are common in minutes exported from Word:

* one row per line, cells separated by tabs (``1.\\tApologies\\t\\t\\t``);
* a *cell stream*, where every cell starts with a tab and runs over several lines
  (``\\tItem\\n\\tAction\\n\\tOwner\\n\\tDate for Completion``): rows can only be rebuilt by
  counting cells, using the header row's width, which repeats on every page.

Both become `Table` blocks, as do Markdown pipe tables (``a | b`` over a ``--|--`` line);
everything else becomes one `Paragraph` per line, with its list depth and marker (from
indentation) and its emphasis spans. Markdown front matter (``---`` YAML or ``+++`` TOML)
is kept apart as the document's `front_matter` (see `corpus.readers.front_matter`), and
raw HTML blocks in Markdown are read by the HTML reader (`corpus.readers.markdown_html`).
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

from corpus.blocks import Block, DocumentText, Paragraph, Table
from corpus.errors import MinutesReadError
from corpus.readers.front_matter import split_front_matter
from corpus.readers.html import html_fragment_blocks
from corpus.readers.inline_runs import Run, join_runs
from corpus.readers.markdown_html import split_html_blocks
from corpus.table_headers import is_header_label, looks_like_header_row

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_ANGLE_URL = re.compile(r"<(https?://[^>\s]+)>")
_BOLD = re.compile(r"\*\*|__")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+•▪◦§·]|\u2022)\s+")
# A bold item heading glued to the end of the previous line: "Commissioner**1. Welcome**".
_GLUED_HEADING = re.compile(r"(?<=\S)\*\*(?=\d{1,3}[a-z]{0,4}\.\s)")
# Zero-width characters and soft hyphens (a regex: str.translate with a dict was ~5% of reading).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\ufeff\u00ad]")
# Markdown backslash escapes: "1\\. Apologies" is "1. Apologies" as printed.
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_THEMATIC_BREAK = re.compile(r"^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
# Lines that start a Markdown block of their own rather than continue a paragraph.
_MD_BLOCK_START = re.compile(
    r"^\s*(?:#{1,6}\s|[-*+•]\s|\d{1,3}[.)]\s|>|\||<(?!(?:a|span|img|font|b|i|em|strong|code)\b)|(?:-\s*){3,}$|(?:\*\s*){3,}$|(?:_\s*){3,}$|=+\s*$|-+\s*$)"
)
# A labelled line ("ACTION: ...", "Sangwhan: ...", "**Decision**: ...") is a statement of
# its own in minutes, even where Markdown would run it into the paragraph above.
_LABEL_START = re.compile(r"^[*_]*[A-Z][\w.'’()/ -]{0,30}?[*_]*:(?:\s|$)")
# Lines after which no paragraph text continues (headings, table rows, breaks).
_MD_NOT_PARAGRAPH = re.compile(r"^\s*(?:#{1,6}\s|\||(?:-\s*){3,}$|(?:\*\s*){3,}$|<(?!(?:a|span|img|font|b|i|em|strong|code)\b))|.*\|\s*$")
_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")


def read_text(path: Path, data: bytes) -> DocumentText:
    """Read a .txt/.md file of minutes into blocks."""
    text = decode_text(path, data)
    front, body = split_front_matter(text)
    if not body.strip() and front.texts:
        # The minutes live inside the front matter ("minutes: >-" then Markdown).
        body = "\n\n".join(f"## {key.replace('_', ' ').capitalize()}\n\n{value}" for key, value in front.texts)
    if Path(path).suffix.lower() not in _MARKDOWN_SUFFIXES:
        return DocumentText(path=Path(path), format="text", blocks=text_to_blocks(body), front_matter=front.fields)
    blocks: list[Block] = []
    body = _BROKEN_TAG.sub(lambda m: " ".join(m.group().split()), body)
    for part in split_html_blocks(body):
        if part.html:
            blocks.extend(html_fragment_blocks(part.text))
        elif part.text.strip():
            blocks.extend(text_to_blocks(join_soft_wraps(part.text)))
    return DocumentText(path=Path(path), format="text", blocks=blocks, front_matter=front.fields)


def join_soft_wraps(text: str) -> str:
    """Markdown paragraphs as one line each: a line that continues the paragraph above
    (hard-wrapped text, a list item's continuation) joins it, as Markdown renders it.
    Blocks (headings, list items, tables, quotes, fences) and hard breaks (two trailing
    spaces, a trailing backslash) start new lines; a plain-text file keeps its lines."""
    out: list[str] = []
    joinable = False  # whether the last output line is paragraph text that may continue
    fenced = False
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            out.append(raw)
            joinable = False
            continue
        if fenced or not stripped:
            out.append(raw)
            joinable = False
            continue
        cells = "\t" in raw or "|" in raw  # table rows, with or without a separator line
        if joinable and not _MD_BLOCK_START.match(raw) and not cells and not _LABEL_START.match(stripped):
            out[-1] = out[-1].rstrip() + " " + stripped
        else:
            out.append(raw)
        hard_break = raw.endswith("  ") or raw.rstrip().endswith("\\")
        joinable = not (hard_break or _MD_NOT_PARAGRAPH.match(raw) or cells)
    return "\n".join(out)


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text with line endings normalised; binary or other encodings are refused."""
    if b"\x00" in data[:8192]:
        raise MinutesReadError(path, "this looks like a binary file, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise MinutesReadError(
            path,
            f"not valid UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "save the file as UTF-8",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return _INVISIBLE.sub("", text)


def text_to_blocks(text: str) -> list[Block]:
    """Split text into paragraphs and tables (see the module docstring for the layouts)."""
    text = _BOOKMARK.sub("", text)
    region = _find_cell_stream(text)
    if region is None:
        return _line_blocks(text)
    start_offset, width = region
    blocks = _line_blocks(text[:start_offset])
    cells = text[start_offset:].split("\t")[1:]  # region starts at a tab
    rows = [cells[i : i + width] for i in range(0, len(cells), width)]
    rows[-1] += [""] * (width - len(rows[-1]))
    blocks.append(Table(rows=[[_clean_cell(c) for c in row] for row in rows]))
    return blocks


def _clean_cell(cell: str) -> str:
    # Keep the cell's line structure (owners and dates align with actions by line),
    # only dropping markup and trailing blank lines.
    lines = [_strip_markup(line).rstrip() for line in cell.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _find_cell_stream(text: str) -> tuple[int, int] | None:
    """Where a cell-stream table starts (offset of its header row's first tab) and its width.

    Width comes from the header row repeating on every page (the gcd of the distances
    between repeats), or, with one header, its labels plus the empty cells before them.
    """
    cells = text.split("\t")
    if len(cells) < 8:
        return None
    label_runs: list[tuple[int, int]] = []  # (first cell index, run length)
    i = 1
    while i < len(cells):
        j = i
        while j < len(cells) and _is_stream_label(cells[j]):
            j += 1
        if j - i >= 3 and looks_like_header_row([c.strip() for c in cells[i:j]]):
            label_runs.append((i, j - i))
            i = j
        else:
            i += 1
    if not label_runs:
        return None
    first, labels = label_runs[0]
    leading_empty = 0
    while first - leading_empty - 1 >= 1 and not cells[first - leading_empty - 1].strip():
        leading_empty += 1
    width = labels + min(leading_empty, 1)
    if len(label_runs) > 1:
        gaps = [b[0] - a[0] for a, b in zip(label_runs, label_runs[1:])]
        period = math.gcd(*gaps)
        if period >= labels:
            width = period
    row_start = first - (width - labels)
    # Offset of the tab that opens cell `row_start`.
    offset = sum(len(c) + 1 for c in cells[:row_start]) - 1
    return offset, width


def _is_stream_label(cell: str) -> bool:
    # In a cell stream a header cell is one short label followed by its line break.
    stripped = cell.strip()
    return (
        bool(stripped)
        and cell.rstrip(" ").endswith("\n")
        and "\n" not in stripped
        and is_header_label(stripped)
    )


def _line_blocks(text: str) -> list[Block]:
    """Paragraph per line; runs of tab-separated lines with the same width become tables."""
    blocks: list[Block] = []
    table_rows: list[list[str]] = []

    def flush_table() -> None:
        if table_rows:
            blocks.append(Table(rows=list(table_rows)))
            table_rows.clear()

    text = _GLUED_HEADING.sub("\n**", text)
    lines = text.split("\n")
    depths = _ListDepths()
    index = 0
    while index < len(lines):
        raw = lines[index]
        index += 1
        if _starts_pipe_table(lines, index - 1):
            flush_table()
            rows = [_pipe_cells(raw)]
            index += 1  # the separator line
            while index < len(lines) and "|" in lines[index] and lines[index].strip():
                rows.append(_pipe_cells(lines[index]))
                index += 1
            blocks.append(Table(rows=rows))
            continue
        if _is_tab_row(raw):
            cells = [_strip_markup(c).strip() for c in raw.rstrip("\n").split("\t")]
            if table_rows and len(table_rows[-1]) != len(cells):
                flush_table()
            table_rows.append(cells)
            continue
        line = raw.strip()
        if not line or _THEMATIC_BREAK.match(line):
            continue  # blank lines separate paragraphs; they do not end a table
        flush_table()
        blocks.append(_paragraph(line, depths, _indent(raw)))
    flush_table()
    return blocks


class _ListDepths:
    """Depth of list entries from their indentation: a deeper indent than the entry above
    opens a nested list, a shallower one returns to the list it matches. A paragraph at the
    left margin ends the list."""

    def __init__(self) -> None:
        self._indents: list[int] = []

    def entry(self, indent: int) -> int:
        while self._indents and self._indents[-1] > indent:
            self._indents.pop()
        if not self._indents or self._indents[-1] < indent:
            self._indents.append(indent)
        return len(self._indents)

    def other(self, indent: int) -> int:
        """A paragraph that is not an entry: at the list's margin it ends the list; indented,
        it is text inside the list (a wrapped line of plain text, an entry's second
        paragraph) and keeps the list open. Either way it is not itself an entry (0)."""
        if not self._indents or indent <= self._indents[0]:
            self._indents.clear()
        return 0


def _indent(raw: str) -> int:
    prefix = raw[: len(raw) - len(raw.lstrip())]
    return sum(4 if ch == "\t" else 1 for ch in prefix)


def _starts_pipe_table(lines: list[str], index: int) -> bool:
    """A Markdown pipe table: a header line with pipes, then a `--|--` separator line."""
    return (
        "|" in lines[index]
        and index + 1 < len(lines)
        and "|" in lines[index + 1]
        and bool(_PIPE_SEPARATOR.match(lines[index + 1].strip()))
    )


def _pipe_cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells = re.split(r"(?<!\\)\|", line)
    return [" ".join(_strip_markup(cell).split()) for cell in cells]


def _is_tab_row(line: str) -> bool:
    if "\t" not in line:
        return False
    parts = line.split("\t")
    filled = [p for p in parts if p.strip()]
    if not filled:
        return False
    return len(filled) >= 2 or len(parts) >= 3


def _paragraph(line: str, depths: _ListDepths | None = None, indent: int = 0) -> Paragraph:
    heading = _HEADING.match(line)
    if heading:
        if depths is not None:
            depths.other(0)
        text, spans = _marked_up(heading.group(2).strip())
        return Paragraph(text=text, heading=len(heading.group(1)), emphasis=spans)
    entry = _LIST_ITEM.match(line)
    if entry is None:
        depth = depths.other(indent) if depths is not None else 0
        text, spans = _marked_up(line)
        return Paragraph(text=text, list_depth=depth, emphasis=spans)
    marker = entry.group("marker")
    depth = depths.entry(indent) if depths is not None else 1
    if marker[0].isalnum() or marker[0] == "(":
        # Numbers, letters and numerals stay in the text as printed (items are named by
        # them); the marker says the line is a list entry.
        text, spans = _marked_up(line)
        marker = marker.replace("\\", "")
    else:
        text, spans = _marked_up(line[entry.end() :])
    return Paragraph(text=text, list_depth=depth, list_marker=marker, emphasis=spans)


# A list entry's marker: a bullet, or a number, letter or numeral with "." or ")".
# Capital letters and one-letter capital numerals take ")" only: "J. Smith" is an initial.
# An escaped "\\-" or "1\\." is not a marker (Markdown prints it as typed).
_LIST_ITEM = re.compile(
    r"^(?P<marker>[-*+•▪◦§·○●■]|\d{1,3}(?:\.\d{1,3})*[.)]|\(\w{1,4}\)|[a-z][.)]|[A-Z]\)|[ivx]{1,5}[.)]|[IVX]{2,5}[.)]|[IVX]\))\s+(?=\S)"
)
_STRONG = re.compile(r"(?<![\\*_])(\*\*|__)(?=\S)(.+?)(?<=[^\s\\])\1(?![*_])")
_EM_STAR = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]+?)(?<=[^\s\\*])\*(?![\w*])")
_EM_UNDERSCORE = re.compile(r"(?<![\w\\])_(?=[^\s_])([^_\n]+?)(?<=[^\s\\_])_(?!\w)")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def _marked_up(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Markdown inline markup removed, as one line, with the spans the markup emphasised.

    Emphasis is paired as CommonMark pairs it (`**bold**`, `__bold__`, `*it*`, `_it_`, not
    inside words for `_`); escaped characters ("\\*") are never delimiters. A stray `**`
    left unpaired is dropped, as before.
    """
    text = _MD_LINK.sub(r"\1", text)
    text = _ANGLE_URL.sub(r"\1", text)
    if "<" in text:
        text = _inline_html(text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    emphasised = [False] * len(text)
    dropped = [False] * len(text)
    for pattern in (_STRONG, _EM_STAR, _EM_UNDERSCORE):
        # Delimiters already paired are blanked, so "***x***" pairs its inner "*" too.
        work = "".join("\0" if gone else ch for ch, gone in zip(text, dropped))
        for match in pattern.finditer(work):
            open_at, close_at = match.start(), match.end() - (match.end(1) - match.start(1) if pattern is _STRONG else 1)
            width = match.end(1) - match.start(1) if pattern is _STRONG else 1
            if any(dropped[open_at : open_at + width]) or any(dropped[close_at : close_at + width]):
                continue
            for k in range(open_at, open_at + width):
                dropped[k] = True
            for k in range(close_at, close_at + width):
                dropped[k] = True
            for k in range(open_at + width, close_at):
                emphasised[k] = True
    for match in _BOLD.finditer(text):  # unpaired "**" / "__"
        for k in range(match.start(), match.end()):
            dropped[k] = True
    runs: list[Run] = []
    k = 0
    while k < len(text):
        if dropped[k]:
            k += 1
            continue
        if text[k] == "\\" and k + 1 < len(text) and _ESCAPED.match(text, k):
            runs.append(Run(text[k + 1], emphasised[k + 1]))
            k += 2
            continue
        runs.append(Run(text[k], emphasised[k]))
        k += 1
    return join_runs(runs)


# Inline HTML in Markdown text (Confluence and Word conversions): links and spans give
# their text, bold and italic tags their emphasis, a line break a space.
_INLINE_TAG = re.compile(
    r"</?(?P<tag>a|span|font|u|sup|sub|small|big|abbr|del|ins|mark|s|strike|tt|kbd|code|img|br|wbr|strong|b|em|i)\b[^<>]*>",
    re.IGNORECASE,
)
_EMPHASIS_TAGS = {"strong": "**", "b": "**", "em": "*", "i": "*"}
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,5});")


def _inline_html(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        tag = match.group("tag").lower()
        if tag in ("br", "wbr"):
            return " "
        return _EMPHASIS_TAGS.get(tag, "")

    return _INLINE_TAG.sub(replace, text)


# An inline tag broken over lines (`<a href="…"` / `rel="nofollow">text</a>`) is one tag.
_BROKEN_TAG = re.compile(r"<(?:a|span|img|font)\b[^<>\n]*\n[^<>]*>", re.IGNORECASE)


def _strip_markup(text: str) -> str:
    return _marked_up(text)[0]
