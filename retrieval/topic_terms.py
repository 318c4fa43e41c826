"""The topic of a question and how much of it a text covers.

"Who owns the drone procurement action?" is about {drone, procur}; the framing words
("who", "owns", "action") say what kind of answer is wanted, not what it is about.
Coverage weighs each topic term by its IDF in the indexed minutes, so a text that
shares only the common word of a question ("budget") does not count as answering it,
while a term the minutes never use ("drone", "2031") weighs most of all.
"""

from __future__ import annotations

import math
import re

from index.bm25 import BM25Index, tokenize

_FRAMING = frozenset(tokenize(
    "own owns owned owner owners responsible responsibility action actions task tasks decide decided decision decisions "
    "agree agreed board boards committee panel meeting meetings minutes say said says tell told know happen happened "
    "discuss discussed regarding anything something much many whether person people someone somebody anyone "
    "lead leading leads going doing done make made get got give given update status next last latest recent far currently now yet "
    "still outstanding hook chasing chase sorting sort owe owes plate supposed tasked todo "
    "proportion percentage fraction amount number total figure "
    "open closed completed pending overdue"
))


# "per year", "a month", "annually": the unit an amount is asked in, not its topic.
_RATE_UNIT = re.compile(r"\b(?:per|a|each|every)\s+(?:year|annum|month|week|day|head|person)\b|\bannually\b|\bmonthly\b", re.I)


def topic_terms(question: str, drop: tuple[str, ...] = ()) -> list[str]:
    """Stemmed content terms of `question`, without framing words or the filter phrases in `drop`."""
    for phrase in drop:
        question = re.sub(rf"{re.escape(phrase)}(?:['’]s)?", " ", question, flags=re.I)
    question = _RATE_UNIT.sub(" ", question)
    question = re.sub(r"(?<=[A-Za-z])['’](?:s|re|d|ll|ve|m)\b", "", question)  # "who's" is "who"
    seen: list[str] = []
    for term in tokenize(question):
        if term not in _FRAMING and term not in seen and (len(term) > 1 or term.isdigit()):
            seen.append(term)
    return seen


class TermWeights:
    """IDF of terms in the indexed passages (BM25's own IDF, never negative)."""

    def __init__(self, bm25: BM25Index) -> None:
        self._bm25 = bm25
        self._cache: dict[str, float] = {}

    def idf(self, term: str) -> float:
        if term not in self._cache:
            n = max(self._bm25.size, 1)
            df = self._bm25.document_frequencies([term])[0]
            self._cache[term] = math.log(1 + (n - df + 0.5) / (df + 0.5))
        return self._cache[term]

    def known(self, term: str) -> bool:
        """Whether any indexed passage uses `term`."""
        return self._bm25.document_frequencies([term])[0] > 0

    def coverage(self, terms: list[str], text: str | set[str], aliases: dict[str, list[str]] | None = None) -> float:
        """IDF-weighted share of `terms` that occur in `text` (0 when there are no terms).

        `aliases` maps an acronym to the terms it stands for: the text saying "ccg" covers
        "clinical commissioning groups".
        """
        if not terms:
            return 0.0
        tokens = set(text) if isinstance(text, set) else set(tokenize(text))
        for acronym, meaning in (aliases or {}).items():
            if acronym in tokens:
                tokens.update(meaning)
        total = sum(self.idf(t) for t in terms)
        return sum(self.idf(t) for t in terms if t in tokens) / total if total else 0.0
