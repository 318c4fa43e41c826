"""HTML minutes, including council web-page exports (ModernGov "Agenda and minutes")."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from corpus.blocks import Block, DocumentText, Paragraph, Table
from corpus.errors import MinutesReadError
from corpus.readers.inline_runs import LEADING_BULLET, Run, join_runs, shift_spans

_DROP = ("script", "style", "noscript", "template", "iframe", "svg", "nav", "header", "footer", "aside", "form", "button", "head")
_BLOCK = {"p", "div", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section", "article", "main", "td", "th", "tr", "ul", "ol", "dl", "body", "html", "caption"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


_EMPHASIS = {"strong", "b", "em", "i"}
_LISTS = {"ul", "ol"}


def read_html(path: Path, data: bytes) -> DocumentText:
    """Read an HTML page: its main content as paragraphs, its tables as tables."""
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception as err:
        raise MinutesReadError(path, f"cannot be parsed as HTML: {err}") from None
    url = None
    canonical = soup.find("link", rel="canonical") or soup.find("meta", property="og:url")
    if canonical is not None:
        url = canonical.get("href") or canonical.get("content")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    root = soup.find(id="modgov") or soup.find(class_="mgContent") or soup.find("main") or soup.body or soup
    blocks: list[Block] = []
    _walk(root, blocks)
    if not blocks:
        raise MinutesReadError(path, "no readable text in the page")
    return DocumentText(path=Path(path), format="html", blocks=blocks, url=url)


def html_fragment_blocks(markup: str, list_depth: int = 0) -> list[Block]:
    """Blocks of a piece of HTML inside another document (raw HTML in Markdown).

    `list_depth` is the depth of the list the fragment sits in, if any.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "lxml")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    blocks: list[Block] = []
    _walk(soup.body or soup, blocks, base_depth=list_depth)
    return blocks


@dataclass
class _ListEntry:
    depth: int
    marker: str
    used: bool = False


def _walk(root, blocks: list[Block], base_depth: int = 0) -> None:
    """Document-order walk without Python recursion (pages can nest thousands deep).

    Inline runs keep whether they are emphasised; `<ul>`/`<ol>` nesting gives each
    `<li>` its depth and its marker ("•" for a bullet list, "1.", "a.", "iv." for an
    ordered one: not added to the text, which keeps its words as the page shows them).
    """
    from bs4 import NavigableString, Tag

    runs: list[Run] = []
    heading = 0
    emphasis = 0  # how many emphasis tags the walk is inside
    lists: list[list] = []  # open <ul>/<ol>: [tag name, next number, type]
    entries: list[_ListEntry] = []  # open <li>s

    def flush() -> None:
        nonlocal heading
        text, spans = join_runs(runs, keep_tab_before_tail=True)
        runs.clear()
        if text:
            depth, marker = 0, ""
            if entries:
                depth = entries[-1].depth
                marker = "" if entries[-1].used else entries[-1].marker
                entries[-1].used = True
            elif not heading:
                typed = LEADING_BULLET.match(text)
                if typed and len(text) > typed.end():
                    # A bullet typed into the text ("<p>- Transparency Team to …", Word's "·").
                    marker, cut = typed.group("marker"), typed.end()
                    text = text[cut:]
                    spans = shift_spans(spans, cut, len(text))
                    depth = base_depth + 1
            blocks.append(Paragraph(text=text, heading=heading, list_depth=depth, list_marker=marker, emphasis=spans))
        heading = 0

    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):
            if node == "__flush__":
                flush()
            elif node == "__emphasis_end__":
                emphasis -= 1
            elif node == "__list_end__":
                lists.pop()
            elif node == "__entry_end__":
                flush()
                entries.pop()
            continue
        if isinstance(node, NavigableString):
            if type(node).__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction"):
                continue
            runs.append(Run(str(node), emphasis > 0))
            continue
        if not isinstance(node, Tag):
            continue
        if node.name == "table" and node is not root:
            flush()
            rows = _table_rows(node)
            if rows:  # an empty layout table is nothing to read
                blocks.append(Table(rows=rows))
            continue
        if node.name == "br":
            flush()
            continue
        if node.name in _EMPHASIS:
            emphasis += 1
            stack.append("__emphasis_end__")
        elif node.name in _LISTS:
            flush()
            lists.append([node.name, _start(node), (node.get("type") or "1")])
            stack.append("__list_end__")
        elif node.name == "li":
            flush()
            marker = "•"
            if lists and lists[-1][0] == "ol":
                marker = _ordinal(lists[-1][1], lists[-1][2])
                lists[-1][1] += 1
            entries.append(_ListEntry(base_depth + max(1, len(lists)), marker))
            stack.append("__entry_end__")
            stack.extend(reversed(list(node.children)))
            continue
        if node.name in _BLOCK:
            flush()
            heading = _HEADINGS.get(node.name, 0)
            stack.append("__flush__")
        stack.extend(reversed(list(node.children)))
    flush()


def _start(ordered) -> int:
    try:
        return int(ordered.get("start", 1))
    except (TypeError, ValueError):
        return 1


def _ordinal(number: int, kind: str) -> str:
    if kind in ("a", "A"):
        letter = chr(ord("a") + (number - 1) % 26)
        return f"{letter.upper() if kind == 'A' else letter}."
    if kind in ("i", "I"):
        numeral = _roman(number)
        return f"{numeral.upper() if kind == 'I' else numeral}."
    return f"{number}."


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out += letters
            number -= value
    return out


def _table_rows(table) -> list[list[str]]:
    rows: list[list[str]] = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        cells: list[str] = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            inner: list[Block] = []
            _walk(cell, inner)
            lines: list[str] = []
            for block in inner:
                if isinstance(block, Paragraph):
                    lines.append(block.text)
                else:
                    lines.extend("\t".join(r) for r in block.rows)
            cells.append("\n".join(lines))
        if any(c.strip() for c in cells):
            rows.append(cells)
    return rows
