"""What an answer is: its words, whether the minutes answered at all, and what it cites."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from index.views import ActionView
from retrieval.hybrid import RankedPassage
from retrieval.intents import Intent
from retrieval.query_filters import QueryFilters


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
