"""Joining a paragraph's inline runs into its text, keeping where the emphasised ones are.

Readers see a paragraph as runs of text, some set in bold or italics (HTML `<strong>`,
Word runs, Markdown `**`). The paragraph's `text` has its whitespace collapsed, so the
emphasis spans are measured in that final text, not in the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A run of source whitespace wide enough to be layout, not a word space: a tab, or three
# spaces or more on one line ("... at Caledfwlch.<TAB><TAB><em>Clerk</em>").
_WIDE_GAP = re.compile(r"^[^\S\n]*(?:\t|[^\S\n]{3})[^\S\n]*$")

# A bullet typed into a paragraph's text (HTML `<p>- …`, Word's "·"): a glyph, or a dash
# or star followed by whitespace.
LEADING_BULLET = re.compile(r"^\s*(?P<marker>[•◦○●■□▪▫◆◇►▸‣⁃∙·➢➤✓✔❖§]|[-–*+](?=\s))\s*")


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph's source text, and whether the source emphasises it."""

    text: str
    emphasised: bool = False


def join_runs(runs: list[Run], keep_tab_before_tail: bool = False) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The paragraph's text (whitespace collapsed) and the spans of its emphasised runs.

    Runs split only by a space make one span; whitespace at a span's edges is not in it.
    With `keep_tab_before_tail`, a wide source gap (tabs, several spaces) before a final
    emphasised run is kept as one tab: minutes set an owner apart at the right margin
    ("... the two ash trees.<TAB><TAB>*Clerk*"), and that boundary is evidence.
    """
    runs = [run for run in runs if run.text]
    tail = None  # index of a final emphasised run set apart by a wide gap
    if keep_tab_before_tail:
        filled = [i for i, run in enumerate(runs) if run.text.strip()]
        if len(filled) >= 2 and runs[filled[-1]].emphasised and not runs[filled[-2]].emphasised:
            last = runs[filled[-1]].text
            gap = "".join(run.text for run in runs[filled[-2] + 1 : filled[-1]])
            before = runs[filled[-2]].text
            gap = before[len(before.rstrip()) :] + gap + last[: len(last) - len(last.lstrip())]
            if _WIDE_GAP.match(gap):
                tail = filled[-1]
    text = ""
    spans: list[tuple[int, int]] = []
    space = False  # whitespace seen since the last word
    for index, run in enumerate(runs):
        if not run.text.strip():
            space = True
            continue
        words = run.text.split()
        if text and (space or run.text[:1].isspace()):
            text += "\t" if index == tail else " "
        start = len(text)
        text += " ".join(words)
        if run.emphasised:
            spans.append((start, len(text)))
        space = run.text[-1:].isspace()
    return text, tuple(_merge_spans(spans, text))


def _merge_spans(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and not text[out[-1][1] : start].strip(" "):
            out[-1] = (out[-1][0], end)  # runs split only by a space are one span
        else:
            out.append((start, end))
    return out


def shift_spans(spans: tuple[tuple[int, int], ...], cut: int, length: int) -> tuple[tuple[int, int], ...]:
    """Spans of a text after its first `cut` characters were removed (a stripped marker)."""
    shifted = []
    for start, end in spans:
        start, end = max(0, start - cut), min(length, end - cut)
        if end > start:
            shifted.append((start, end))
    return tuple(shifted)
