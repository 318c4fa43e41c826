"""Scoring answers against hand-written gold questions (rules from the eval README).

A question is retrieved@k when one of its gold passages (source + item) is among the
first k passages; answered when the answer text holds one of `answer_any` (if any), all
of `answer_all` (case-insensitive), and the linked actions include every `action_refs`.
Only `id` and `question` are needed to run; the gold fields are optional.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.answer_types import Answer

KS = (1, 5, 10)


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    gold: list[tuple[str, str | None]] = field(default_factory=list)
    answer_any: list[str] = field(default_factory=list)
    answer_all: list[str] = field(default_factory=list)
    action_refs: list[str] = field(default_factory=list)
    has_gold: bool = False


@dataclass(frozen=True)
class QuestionScore:
    question: EvalQuestion
    rank: int | None  # 1-based rank of the first gold passage, None when absent
    answered: bool


@dataclass(frozen=True)
class RunMetrics:
    mode: str
    questions: int
    recall: dict[int, float]
    mrr: float
    answered: float
    found: float  # share of questions the pipeline answered at all (not "not found")


def read_questions(path: Path) -> list[EvalQuestion]:
    """Questions from a JSONL file; a line without `id` or `question` is an error naming the line."""
    questions: list[EvalQuestion] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            gold_keys = {"gold", "answer_any", "answer_all", "action_refs"} & set(row)
            questions.append(EvalQuestion(
                id=str(row["id"]), question=str(row["question"]),
                gold=[(g["source"], g.get("item")) for g in row.get("gold") or []],
                answer_any=list(row.get("answer_any") or []), answer_all=list(row.get("answer_all") or []),
                action_refs=list(row.get("action_refs") or []), has_gold=bool(gold_keys),
            ))
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ValueError(f"{path.name}: line {number}: not a question object ({error})") from error
    return questions


def score(question: EvalQuestion, answer: Answer) -> QuestionScore:
    """Where the first gold passage ranks, and whether the answer holds what the gold asks for."""
    gold = set(question.gold)
    rank = next((i for i, r in enumerate(answer.passages, 1) if (r.passage.source, r.passage.item) in gold), None)
    text = answer.text.casefold()
    refs = {a.ref for a in answer.actions if a.ref}
    answered = (
        answer.found
        and (not question.answer_any or any(s.casefold() in text for s in question.answer_any))
        and all(s.casefold() in text for s in question.answer_all)
        and set(question.action_refs) <= refs
    )
    return QuestionScore(question, rank, answered)


def summarise(mode: str, scores: list[QuestionScore], answers: list[Answer]) -> RunMetrics:
    """recall@1/5/10, MRR, answered and found rates over the questions that carry gold."""
    graded = [s for s in scores if s.question.has_gold]
    n = len(graded) or 1
    return RunMetrics(
        mode=mode, questions=len(graded),
        recall={k: sum(1 for s in graded if s.rank is not None and s.rank <= k) / n for k in KS},
        mrr=sum(1 / s.rank for s in graded if s.rank) / n,
        answered=sum(1 for s in graded if s.answered) / n,
        found=sum(1 for a in answers if a.found) / (len(answers) or 1),
    )
