"""HTML minutes, including council web-page exports (ModernGov "Agenda and minutes")."""

from __future__ import annotations

from pathlib import Path

from corpus.blocks import Block, DocumentText, Paragraph, Table
from corpus.errors import MinutesReadError

_DROP = ("script", "style", "noscript", "template", "iframe", "svg", "nav", "header", "footer", "aside", "form", "button", "head")
_BLOCK = {"p", "div", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section", "article", "main", "td", "th", "tr", "ul", "ol", "dl", "body", "html", "caption"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


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


def _walk(root, blocks: list[Block]) -> None:
    """Document-order walk without Python recursion (pages can nest thousands deep)."""
    from bs4 import NavigableString, Tag

    buffer: list[str] = []
    heading = 0

    def flush() -> None:
        nonlocal heading
        text = " ".join(" ".join(buffer).split())
        if text:
            blocks.append(Paragraph(text=text, heading=heading))
        buffer.clear()
        heading = 0

    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if node == "__flush__":
            flush()
            continue
        if isinstance(node, NavigableString):
            if type(node).__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction"):
                continue
            buffer.append(str(node))
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
        if node.name in _BLOCK:
            flush()
            heading = _HEADINGS.get(node.name, 0)
            stack.append("__flush__")
        stack.extend(reversed(list(node.children)))
    flush()


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
