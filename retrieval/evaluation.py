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
    kind: str | None = None  # what is asked (action_owner, fact, …); "none": the minutes do not answer it
    file: str = ""  # the question file it came from

    @property
    def unanswerable(self) -> bool:
        return self.kind == "none"


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
    unanswerable: int = 0  # questions whose answer is not in the minutes
    false_found: int = 0  # of those, how many came back found


def read_questions(path: Path) -> list[EvalQuestion]:
    """Questions from a JSONL file; a line without `id` or `question` is an error naming the line."""
    questions: list[EvalQuestion] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            gold_keys = {"gold", "answer_any", "answer_all", "action_refs", "kind"} & set(row)
            questions.append(EvalQuestion(
                id=str(row["id"]), question=str(row["question"]),
                gold=[(g["source"], g.get("item")) for g in row.get("gold") or []],
                answer_any=list(row.get("answer_any") or []), answer_all=list(row.get("answer_all") or []),
                action_refs=list(row.get("action_refs") or []), has_gold=bool(gold_keys),
                kind=row.get("kind"), file=path.name,
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
    if question.unanswerable:
        return QuestionScore(question, None, not answer.found)  # "answered" right means saying the minutes don't
    answered = (
        answer.found
        and (not question.answer_any or any(s.casefold() in text for s in question.answer_any))
        and all(s.casefold() in text for s in question.answer_all)
        and set(question.action_refs) <= refs
    )
    return QuestionScore(question, rank, answered)


def summarise(mode: str, scores: list[QuestionScore], answers: list[Answer]) -> RunMetrics:
    """recall@1/5/10, MRR, answered and found rates over the answerable questions that carry gold;
    `false_found` counts questions marked unanswerable ("kind": "none") that came back found."""
    graded = [s for s in scores if s.question.has_gold and not s.question.unanswerable]
    nones = [s for s in scores if s.question.unanswerable]
    n = len(graded) or 1
    return RunMetrics(
        mode=mode, questions=len(graded),
        recall={k: sum(1 for s in graded if s.rank is not None and s.rank <= k) / n for k in KS},
        mrr=sum(1 / s.rank for s in graded if s.rank) / n,
        answered=sum(1 for s in graded if s.answered) / n,
        found=sum(1 for a in answers if a.found) / (len(answers) or 1),
        unanswerable=len(nones), false_found=sum(1 for s in nones if not s.answered),
    )


@dataclass(frozen=True)
class GroupRow:
    """One line of a per-kind or per-file report."""

    group: str
    questions: int
    recall5: float
    answered: float
    unanswerable: int
    false_found: int


def by_group(scores: list[QuestionScore], answers: list[Answer], key) -> list[GroupRow]:
    """Figures per group of questions: `key(question, answer)` names the group (a kind, a file)."""
    groups: dict[str, list[QuestionScore]] = {}
    for s, a in zip(scores, answers):
        groups.setdefault(key(s.question, a), []).append(s)
    rows = []
    for name, members in sorted(groups.items()):
        graded = [s for s in members if not s.question.unanswerable]
        nones = [s for s in members if s.question.unanswerable]
        n = len(graded) or 1
        rows.append(GroupRow(
            name, len(graded), sum(1 for s in graded if s.rank is not None and s.rank <= 5) / n,
            sum(1 for s in graded if s.answered) / n, len(nones), sum(1 for s in nones if not s.answered),
        ))
    return rows


def kind_of(question: EvalQuestion, answer: Answer) -> str:
    """The gold kind when the file gives one, else the intent the question was read as."""
    return question.kind or answer.intent.value


def file_of(question: EvalQuestion, answer: Answer) -> str:
    """The minutes a question is about (its first gold passage's file), or its question file when it has none."""
    return question.gold[0][0] if question.gold else f"({question.file})"


def split_halves(questions: list[EvalQuestion]) -> tuple[list[int], list[int]]:
    """Positions of two halves, by a stable hash of each id, so the split does not depend on file order."""
    import hashlib

    fit, held = [], []
    for i, q in enumerate(questions):
        digest = hashlib.sha1(f"{q.file}:{q.id}".encode()).digest()[0]
        (fit if digest % 2 == 0 else held).append(i)
    return fit, held


def merit(scores: list[QuestionScore]) -> float:
    """What a threshold setting is fitted for: answers right, minus unanswerable questions answered anyway."""
    answered = sum(1 for s in scores if s.answered and not s.question.unanswerable)
    false = sum(1 for s in scores if s.question.unanswerable and not s.answered)
    return answered - false


THRESHOLD_GRID = {
    "min_passage_coverage": (0.5, 0.6, 0.7),
    "focus_ratio": (0.6, 0.7, 0.75, 0.8, 0.9),
    "min_sentence_score": (0.4, 0.45, 0.5),
}


@dataclass(frozen=True)
class SplitReport:
    fitted: dict[str, float]  # the thresholds that did best on the fitting half
    fit: RunMetrics  # the fitting half, with them
    held_out: RunMetrics  # the other half, with them: the honest figure
    held_out_default: RunMetrics  # the other half with the shipped thresholds


def split_fit(engine, questions: list[EvalQuestion], k: int = 10, mode: str = "hybrid") -> SplitReport:
    """Fit the "found" thresholds on one half of the questions and report the other half with them.

    A change tuned to a few questions shows up as a gap between the two halves.
    """
    from dataclasses import replace
    from itertools import product

    fit_positions, held_positions = split_halves(questions)
    shipped = engine.thresholds
    engine.reuse_contexts = {}
    try:
        def run(positions: list[int], thresholds) -> tuple[RunMetrics, list[QuestionScore]]:
            engine.thresholds = thresholds
            chosen = [questions[i] for i in positions]
            answers = [engine.ask(q.question, k=k, mode=mode) for q in chosen]
            scores = [score(q, a) for q, a in zip(chosen, answers)]
            return summarise(mode, scores, answers), scores

        best, best_merit = shipped, None
        names = list(THRESHOLD_GRID)
        for values in product(*(THRESHOLD_GRID[n] for n in names)):
            candidate = replace(shipped, **dict(zip(names, values)))
            _, scores = run(fit_positions, candidate)
            value = merit(scores)
            if best_merit is None or value > best_merit:
                best, best_merit = candidate, value
        fit_metrics, _ = run(fit_positions, best)
        held_metrics, _ = run(held_positions, best)
        default_metrics, _ = run(held_positions, shipped)
    finally:
        engine.thresholds = shipped
        engine.reuse_contexts = None
    return SplitReport({n: getattr(best, n) for n in names}, fit_metrics, held_metrics, default_metrics)
