"""Are two files the same minutes? Text similarity over normalised words.

Two files claiming one board and date are the same minutes (a PDF of a DOCX, a corrected
version) only when their text nearly matches; a weekly meeting whose heading repeats last
week's date shares the board's template words but little else. Similarity is the Jaccard
index of word 3-gram shingles: the order of words counts, so two meetings of one board
(same names, same headings) stay far apart, while a re-export's line breaks, hyphenation
and table layout do not matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"\w+")
_SHINGLE = 3
# Measured (README, "Adding the same minutes twice"): DOCX, PDF and HTML twins of the sample
# minutes score 0.999-1.0; consecutive Node.js TSC meetings (one template, many of the same
# names) at most 0.18, the two that claim 2018-12-05 0.11. The threshold leaves room for a
# corrected version on one side and a shared template on the other.
TWIN_SIMILARITY = 0.6


def shingles(text: str, size: int = _SHINGLE) -> set[tuple[str, ...]]:
    """The set of `size`-word runs of the casefolded words of `text` (the words themselves when shorter)."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def similarity(first: str, second: str) -> float:
    """Jaccard index of the two texts' word shingles, 0 (nothing shared) to 1 (the same words in the same order)."""
    a, b = shingles(first), shingles(second)
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def minutes_text(header: str, items: Iterable[tuple[str | None, str, str]]) -> str:
    """What two files of minutes are compared on: the header, then each item's number, title and text."""
    return "\n".join([header, *(f"{number or ''} {title}\n{text}" for number, title, text in items)])


def same_minutes(first: str, second: str, threshold: float = TWIN_SIMILARITY) -> bool:
    """True when the two texts are the same minutes (nearly the same words in the same order)."""
    return similarity(first, second) >= threshold
