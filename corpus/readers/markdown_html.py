"""Raw HTML inside Markdown minutes: where it starts and ends.

Markdown passes HTML blocks through as HTML (CommonMark's "HTML blocks"): sites convert
Word minutes into a body of `<p>`s and `<ul>`s, or close an otherwise Markdown page with
a `<table>` of actions. Those parts are read by the HTML reader, so their paragraphs,
lists, emphasis and tables survive; the rest stays Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Block-level tags that open an HTML block at the start of a line (CommonMark type 6),
# plus comments. Inline tags at a line's start (`<span>`, `<a>`) are left to Markdown.
_BLOCK_TAGS = (
    "address|article|aside|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|"
    "fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|html|li|main|nav|ol|p|pre|section|summary|"
    "table|tbody|td|tfoot|th|thead|tr|ul"
)
_OPENS_BLOCK = re.compile(rf"^\s*(?:<!--|</?(?:{_BLOCK_TAGS})(?=[\s/>]|$))", re.IGNORECASE)
# Containers whose content may run over blank lines: the block lasts until they close.
# (Not `<div>`: sites wrap Markdown in one, with blank lines around the Markdown.)
_CONTAINER = re.compile(r"<(/?)(table|ul|ol|blockquote|dl|pre)\b[^>]*?(/?)>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MAX_BLOCK_LINES = 5000


@dataclass(frozen=True)
class Part:
    """A stretch of a Markdown body: HTML (`html` True) or Markdown text."""

    text: str
    html: bool


def split_html_blocks(text: str) -> list[Part]:
    """The body cut into Markdown and HTML parts, in order (one Markdown part when no HTML).

    An HTML block starts at a line opening with a block-level tag or a comment and ends
    at a blank line once every container it opened (`<table>`, `<ul>`, `<div>` ...) is
    closed again. Fenced code is never HTML.
    """
    lines = text.split("\n")
    parts: list[Part] = []
    markdown: list[str] = []
    fenced = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.strip().startswith(("```", "~~~")):
            fenced = not fenced
        # Lines indented four spaces or more are code in Markdown, never an HTML block.
        if fenced or not _OPENS_BLOCK.match(line) or line.startswith(("    ", "\t")):
            markdown.append(line)
            index += 1
            continue
        block: list[str] = []
        depth = 0
        in_comment = False
        while index < len(lines) and len(block) < _MAX_BLOCK_LINES:
            current = lines[index]
            if not current.strip() and depth <= 0 and not in_comment:
                break
            block.append(current)
            index += 1
            visible = _COMMENT.sub("", current)
            if "<!--" in visible:
                in_comment = True
                visible = visible[: visible.index("<!--")]
            if in_comment and "-->" in current:
                in_comment = False
            for match in _CONTAINER.finditer(visible):
                if match.group(3):
                    continue  # self-closing
                depth += -1 if match.group(1) else 1
        if markdown:
            parts.append(Part("\n".join(markdown), html=False))
            markdown = []
        parts.append(Part("\n".join(block), html=True))
    if markdown or not parts:
        parts.append(Part("\n".join(markdown), html=False))
    return parts

