"""Answers from action records: who owns X, a person's actions, and one action by its ref.

"Who owns X" is matched by topic against every action of the index version (its item
title and description): IDF-weighted term coverage, MiniLM cosine, and whether its item
is among the passages retrieved for the question. An action answers only when its topic
really matches (coverage ≥ 0.5 or a close cosine); otherwise the caller falls back to
the minutes' sentences, and then to "not found".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np

from index.passage_table import passage_column
from index.search_index import SearchIndex, action_text
from index.store import Store
from index.views import ActionView
from retrieval.answer_types import QueryContext
from retrieval.hybrid import RankedPassage
from retrieval.due_filter import due_window
from retrieval.intents import ACTION_REF
from retrieval.topic_terms import TermWeights

MIN_COVERAGE = 0.5
MIN_COSINE = 0.6


@dataclass(frozen=True)
class ActionMatch:
    action: ActionView
    score: float
    coverage: float
    cosine: float

    @property
    def convincing(self) -> bool:
        return self.coverage >= MIN_COVERAGE or self.cosine >= MIN_COSINE


def match_actions(
    context: QueryContext, index: SearchIndex, weights: TermWeights, action_tokens: list[set[str]],
) -> list[ActionMatch]:
    """Actions ranked by how well they match the question's topic, best first.

    `action_tokens[i]` is the tokenized `action_text` of `index.actions[i]`.
    """
    if not index.actions:
        return []
    cosines = index.action_vectors @ context.vector
    item_rank = {}
    for rank, ranked in enumerate(context.passages):
        item_rank.setdefault((ranked.passage.source, ranked.passage.item), rank)
    matches: list[ActionMatch] = []
    for action, tokens, cosine in zip(index.actions, action_tokens, cosines):
        if context.sources is not None and action.source not in context.sources:
            continue
        coverage = weights.coverage(context.terms, tokens, context.aliases)
        rank = item_rank.get((action.source, action.item))
        prior = 0.0 if rank is None else 0.2 / (1 + rank)
        matches.append(ActionMatch(action, coverage + float(cosine) + prior, coverage, float(cosine)))
    matches.sort(key=lambda m: -m.score)
    return matches


def wanted_status(question: str) -> str:
    """Open by default; "all", "closed" or "completed" when the question says so."""
    q = question.lower()
    if re.search(r"\b(closed|completed|complete|done|finished|discharged)\b", q):
        return "closed"
    if re.search(r"\b(all|every|ever|any|history)\b", q):
        return "all"
    return "open"


def person_actions(
    context: QueryContext, store: Store, weights: TermWeights, today: date | None = None,
) -> tuple[list[ActionView], str]:
    """The actions of the people the question names (open by default, within a due window if
    the question gives one), and the status used."""
    status = wanted_status(context.question)
    found: list[ActionView] = []
    for name in context.people:
        for action in store.actions(person=name, status=status):
            if context.sources is not None and action.source not in context.sources:
                continue
            if action not in found:
                found.append(action)
    window = due_window(context.question, today)
    if window is not None:
        found = [a for a in found if window.holds(a)]
    if context.terms and found:
        # "What is Anna Hook doing about hate crime?": keep the actions on that topic, if any are.
        on_topic = [a for a in found if weights.coverage(context.terms, action_text(a), context.aliases) >= MIN_COVERAGE]
        found = on_topic or found
    return found, status


def actions_by_ref(question: str, index: SearchIndex, sources: set[str] | None) -> list[ActionView]:
    """Actions whose ref the question quotes ("action 46/18", "action point 8"); none for "2018/19"."""
    refs = {(m.group(1) or m.group(2)).lower() for m in ACTION_REF.finditer(question)}
    if not refs:
        return []
    return [a for a in index.actions
            if a.ref and a.ref.lower() in refs and (sources is None or a.source in sources)]


def cite_items_first(passages: list[RankedPassage], actions: list[ActionView], index: SearchIndex) -> list[RankedPassage]:
    """The passages of the actions' items first (in the actions' order), then the rest."""
    wanted = [(a.source, a.item) for a in actions]
    by_item: dict[tuple[str, str | None], list[RankedPassage]] = {}
    for ranked in passages:
        by_item.setdefault((ranked.passage.source, ranked.passage.item), []).append(ranked)
    first: list[RankedPassage] = []
    keys = list(zip(passage_column(index.passages, "source"), passage_column(index.passages, "item")))
    for key in dict.fromkeys(wanted):
        position = next((i for i, k in enumerate(keys) if k == key), None) if key not in by_item else None
        chunks = by_item.get(key) or ([RankedPassage(index.passages[position], 0.0)] if position is not None else [])
        first.extend(chunks[:1])
    seen = {id(r.passage) for r in first}
    return first + [r for r in passages if id(r.passage) not in seen]


def best_owner_matches(matches: list[ActionMatch]) -> list[ActionMatch]:
    """The best match, and any others as good (several actions on the same topic)."""
    if not matches or not matches[0].convincing:
        return []
    top = matches[0]
    return [m for m in matches[:5] if m.convincing and m.score >= top.score - 0.05 and np.isfinite(m.score)]
