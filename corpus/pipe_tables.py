"""Tables that reach us as pipe text: a Markdown table whose page was rendered without
it ("| No | Item | Action by | Action date | | --- | --- | ... | | 1. | Apologies | | |"),
its cells spread over paragraphs.

Whatever the format, such a run of paragraphs is one table: its separator row ("--- |
--- | ---") says how many columns there are, and every row then takes that many cells
and the empty boundary between "|" and "|".
"""

from __future__ import annotations

import re

from corpus.blocks import Block, Paragraph, Table

_SEPARATOR = re.compile(r"^\s*:?-{3,}:?\s*$")
_MIN_ROWS = 2


def rebuild_pipe_tables(blocks: list[Block]) -> list[Block]:
    """The blocks with each run of pipe-text paragraphs turned back into a table."""
    result: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if isinstance(block, Paragraph) and block.text.lstrip().startswith("|"):
            end = _run_end(blocks, index)
            table = _parse_run([b.text for b in blocks[index:end] if isinstance(b, Paragraph)])
            if table is not None:
                result.append(table)
                index = end
                continue
        result.append(block)
        index += 1
    return result


def _run_end(blocks: list[Block], start: int) -> int:
    """One past the last paragraph of the run that still holds a pipe."""
    last = start
    for index in range(start, len(blocks)):
        block = blocks[index]
        if not isinstance(block, Paragraph) or block.heading:
            break
        if "|" in block.text:
            last = index
    return last + 1


def _parse_run(texts: list[str]) -> Table | None:
    tokens = "\n".join(texts).split("|")
    separators = [i for i, token in enumerate(tokens) if _SEPARATOR.match(token)]
    if len(separators) < 2 or separators != list(range(separators[0], separators[0] + len(separators))):
        return None
    width = len(separators)
    header = [t.strip() for t in tokens[: separators[0]] if t.strip()]
    if len(header) != width:
        return None
    body = tokens[separators[-1] + 1 :]
    rows: list[list[str]] = [header]
    # Each row is its cells plus the empty boundary between one row's "|" and the next's.
    for start in range(0, len(body) - width, width + 1):
        cells = body[start + 1 : start + 1 + width]
        if len(cells) < width:
            break
        cleaned = ["\n".join(line.strip() for line in cell.strip().split("\n") if line.strip()) for cell in cells]
        if any(cleaned):
            rows.append(cleaned)
    return Table(rows=rows) if len(rows) > _MIN_ROWS else None
