"""reStructuredText minutes, parsed by docutils into a doctree that is walked into blocks.

Section titles become headings; docutils gives them levels in the order the document
first uses each underline style, which is how reST defines them. Enumerated lists keep
their printed labels ("1.", "(a)") because items are named by their numbers; field
lists become "Name: value" lines; grid and simple tables become tables.
"""

from __future__ import annotations

from pathlib import Path

from corpus.blocks import Block, DocumentText, Paragraph, Table
from corpus.errors import MinutesReadError
from corpus.readers.inline_runs import Run, join_runs
from corpus.readers.text import decode_text

# Never read other files or emit raw markup from a document someone uploaded, and never
# stop on a directive docutils does not know (Sphinx roles are common in minutes repos).
_SETTINGS = {
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "report_level": 5,
    "halt_level": 5,
    "warning_stream": False,
    "doctitle_xform": False,  # keep the first title a heading, not document metadata
    "docinfo_xform": False,  # keep a leading field list as written
    "sectsubtitle_xform": False,
    "input_encoding": "unicode",
}
_SKIP = ("comment", "system_message", "substitution_definition", "target", "pending", "raw", "footnote_reference", "image", "figure")


def read_rst(path: Path, data: bytes) -> DocumentText:
    """Read a .rst file into headings, paragraphs, list entries and tables."""
    from docutils.core import publish_doctree

    text = decode_text(path, data)
    try:
        doctree = publish_doctree(text, source_path=str(path), settings_overrides=_SETTINGS)
    except Exception as err:  # docutils raises its own error types on severe markup errors
        raise MinutesReadError(path, f"cannot be parsed as reStructuredText: {err}") from None
    blocks: list[Block] = []
    _walk(doctree, blocks, section_level=0)
    return DocumentText(path=Path(path), format="rst", blocks=blocks)


def _flat(node) -> str:
    return " ".join(node.astext().split())


def _emphasis(node, label: str, text: str) -> tuple[tuple[int, int], ...]:
    """Spans of `text` (the label, then the node's text) that `**strong**`/`*emphasis*` mark."""
    from docutils import nodes

    runs = [Run(f"{label} " if label else "")]
    for leaf in node.findall(nodes.Text):
        parent, emphasised = leaf.parent, False
        while parent is not None and parent is not node:
            if isinstance(parent, (nodes.strong, nodes.emphasis)):
                emphasised = True
                break
            parent = parent.parent
        runs.append(Run(str(leaf), emphasised))
    joined, spans = join_runs(runs)
    return spans if joined == text else ()


def _walk(node, blocks: list[Block], section_level: int, label: str = "", depth: int = 0, marker: str = "") -> None:
    """Append the blocks of `node`'s children; `label` prefixes the first paragraph (a list
    label); `depth` and `marker` are the list entry's the children are in."""
    from docutils import nodes

    for child in node.children:
        name = child.tagname
        if name in _SKIP or isinstance(child, nodes.Invisible):
            continue
        if isinstance(child, nodes.section):
            _walk(child, blocks, section_level + 1)
        elif isinstance(child, nodes.title):
            blocks.append(Paragraph(text=_flat(child), heading=max(1, min(section_level, 6))))
        elif isinstance(child, (nodes.paragraph, nodes.rubric, nodes.attribution)):
            text = _flat(child)
            if text:
                full = f"{label} {text}".strip()
                blocks.append(Paragraph(text=full, list_depth=depth, list_marker=marker, emphasis=_emphasis(child, label, full)))
                label = marker = ""
        elif isinstance(child, nodes.enumerated_list):
            for number, item in enumerate(child.children, start=int(child.get("start", 1))):
                enumerator = _enumerator(child, number)
                if item.astext().strip():
                    _walk(item, blocks, section_level, enumerator, depth + 1, enumerator)
                else:  # a number alone on its line ("77." then the title below)
                    blocks.append(Paragraph(text=enumerator, list_depth=depth + 1, list_marker=enumerator))
        elif isinstance(child, nodes.bullet_list):
            for item in child.children:
                _walk(item, blocks, section_level, depth=depth + 1, marker=child.get("bullet", "-"))
        elif isinstance(child, nodes.field_list):
            for field in child.children:
                name_node, body = field.children[0], field.children[1]
                blocks.append(Paragraph(text=f"{_flat(name_node)}: {_flat(body)}".strip()))
        elif isinstance(child, nodes.definition_list):
            for item in child.children:
                term = " ".join(_flat(c) for c in item.children if not isinstance(c, nodes.definition))
                blocks.append(Paragraph(text=term))
                for definition in item.children:
                    if isinstance(definition, nodes.definition):
                        _walk(definition, blocks, section_level)
        elif isinstance(child, nodes.option_list):
            for item in child.children:
                blocks.append(Paragraph(text=_flat(item)))
        elif isinstance(child, nodes.table):
            rows = _table_rows(child)
            if rows:
                blocks.append(Table(rows=rows))
        elif isinstance(child, (nodes.literal_block, nodes.doctest_block, nodes.line_block)):
            for line in child.astext().splitlines():
                if line.strip():
                    blocks.append(Paragraph(text=" ".join(line.split())))
        elif isinstance(child, nodes.Element):
            # block quotes, admonitions, topics, containers, list items: their content
            _walk(child, blocks, section_level, label, depth, marker)
            label = marker = ""


def _enumerator(enumerated_list, number: int) -> str:
    kind = enumerated_list.get("enumtype", "arabic")
    if kind == "loweralpha":
        text = chr(ord("a") + number - 1)
    elif kind == "upperalpha":
        text = chr(ord("A") + number - 1)
    elif kind in ("lowerroman", "upperroman"):
        text = _roman(number)
        text = text.lower() if kind == "lowerroman" else text
    else:
        text = str(number)
    return f"{enumerated_list.get('prefix', '')}{text}{enumerated_list.get('suffix', '.')}"


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += letters
            number -= value
    return out


def _table_rows(table) -> list[list[str]]:
    from docutils import nodes

    rows: list[list[str]] = []
    for row in table.findall(nodes.row):
        cells = []
        for entry in row.children:
            # A cell keeps its paragraphs as lines (owners and dates align with actions by line).
            lines: list[str] = []
            for part in entry.children:
                if isinstance(part, nodes.line_block):
                    lines.extend(" ".join(line.astext().split()) for line in part.findall(nodes.line))
                else:
                    lines.append(" ".join(part.astext().split()))
            cells.append("\n".join(lines).rstrip("\n") if any(lines) else "")
        if any(cells):
            rows.append(cells)
    return rows
