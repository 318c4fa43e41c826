"""What an answer is: its words, whether the minutes answered at all, and what it cites."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from index.views import ActionView
from retrieval.hybrid import RankedPassage
from retrieval.intents import Intent
from retrieval.query_filters import QueryFilters
from retrieval.question_shape import QuestionShape


@dataclass
class Answer:
    """An extractive answer. When `found` is False, `passages` are only "possibly related"."""

    question: str
    intent: Intent
    found: bool
    text: str
    passages: list[RankedPassage]
    actions: list[ActionView] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    filters: QueryFilters = field(default_factory=QueryFilters)
    asked: str = ""  # the question as answered: a follow-up carries its earlier question's words
    evidence: dict[str, float] = field(default_factory=dict)  # the figures "found" was decided on (for calibration)
    supporting: int = 1  # the first `supporting` passages are what the answer rests on; the rest are only related

    @property
    def sources(self) -> list[RankedPassage]:
        """The passages the answer rests on (none when nothing was found)."""
        return self.passages[: self.supporting] if self.found else []

    def related(self, limit: int = 2) -> list[RankedPassage]:
        """A few more passages, shown as related (all of them "possibly related" when nothing was found)."""
        start = self.supporting if self.found else 0
        return self.passages[start:start + limit]


@dataclass
class QueryContext:
    """Everything read from a question once, shared by the answerers."""

    question: str
    intent: Intent
    vector: np.ndarray
    terms: list[str]  # topic terms, stemmed
    filters: QueryFilters
    sources: set[str] | None  # meetings the filters allow (None: all)
    people: list[str]  # registry names the question mentions
    passages: list[RankedPassage]  # hybrid results for the question, filters applied
    mode: str = "hybrid"
    aliases: dict[str, list[str]] = field(default_factory=dict)  # acronym -> the terms it stands for
    shape: QuestionShape | None = None  # what the question asks for
    restricted: bool = False  # whether the filters restricted the passages (else they only boosted)
