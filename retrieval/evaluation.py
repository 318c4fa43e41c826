"""Scoring answers against hand-written gold questions (rules from the eval README).

A question is retrieved@k when one of its gold passages (source + item) is among the
first k passages; answered when the answer text holds one of `answer_any` (if any), all
of `answer_all` (case-insensitive), and the linked actions include every `action_refs`.
Only `id` and `question` are needed to run; the gold fields are optional.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from collections.abc import Callable
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
    found_right: float = 1.0  # of all answers given as found (unanswerable questions too), the share that were right


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
        found_right=found_right(scores, answers),
    )


def found_right(scores: list[QuestionScore], answers: list[Answer]) -> float:
    """Of the answers given as found (to unanswerable questions too), the share that were right; 1 when none."""
    found = [s for s, a in zip(scores, answers) if a.found and s.question.has_gold]
    return sum(1 for s in found if s.answered and not s.question.unanswerable) / len(found) if found else 1.0


@dataclass(frozen=True)
class GroupRow:
    """One line of a per-kind or per-file report."""

    group: str
    questions: int
    recall5: float
    answered: float
    unanswerable: int
    false_found: int
    found_right: float = 1.0


def by_group(scores: list[QuestionScore], answers: list[Answer], key) -> list[GroupRow]:
    """Figures per group of questions: `key(question, answer)` names the group (a kind, a file)."""
    groups: dict[str, list[QuestionScore]] = {}
    for s, a in zip(scores, answers):
        groups.setdefault(key(s.question, a), []).append(s)
    rows = []
    given = {id(s): a for s, a in zip(scores, answers)}
    for name, members in sorted(groups.items()):
        graded = [s for s in members if not s.question.unanswerable]
        nones = [s for s in members if s.question.unanswerable]
        n = len(graded) or 1
        rows.append(GroupRow(
            name, len(graded), sum(1 for s in graded if s.rank is not None and s.rank <= 5) / n,
            sum(1 for s in graded if s.answered) / n, len(nones), sum(1 for s in nones if not s.answered),
            found_right(members, [given[id(s)] for s in members]),
        ))
    return rows


def kind_of(question: EvalQuestion, answer: Answer) -> str:
    """The gold kind when the file gives one, else the intent the question was read as."""
    return question.kind or answer.intent.value


def set_of(question: EvalQuestion, answer: Answer) -> str:
    """The question file a question came from (a dev set)."""
    return question.file


def organisation_key(meetings: dict) -> "Callable[[EvalQuestion, Answer | None], str]":
    """A key naming the organisation (else board) of a question's first gold meeting; questions
    without gold (unanswerable ones) are grouped by their file."""
    def key(question: EvalQuestion, answer: Answer | None = None) -> str:
        if not question.gold:
            return f"({question.file})"
        meeting = meetings.get(question.gold[0][0])
        return (meeting.organisation or meeting.board) if meeting is not None else question.gold[0][0]
    return key


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


def merit(scores: list[QuestionScore], answers: list[Answer] | None = None) -> float:
    """What a threshold setting is fitted for: answers right, minus twice the answers given as found
    that are wrong (unanswerable questions answered, wrong answers): a wrong "found" costs more trust
    than a "not found"."""
    right = sum(1 for s in scores if s.answered and not s.question.unanswerable)
    if answers is None:
        wrong = sum(1 for s in scores if s.question.unanswerable and not s.answered)
    else:
        wrong = sum(1 for s, a in zip(scores, answers) if a.found and not (s.answered and not s.question.unanswerable))
    return right - 2 * wrong


THRESHOLD_GRID = {
    "min_passage_coverage": (0.5, 0.6, 0.7),
    "focus_ratio": (0.6, 0.7, 0.75, 0.8, 0.9),
    "min_sentence_score": (0.4, 0.45, 0.5),
}


@dataclass(frozen=True)
class FoldRow:
    """One organisation held out: its questions answered with thresholds fitted on all the others."""

    group: str
    questions: int
    unanswerable: int
    answered: float
    false_found: int
    found_right: float
    fitted: dict[str, float]


@dataclass(frozen=True)
class SplitReport:
    fitted: dict[str, float]  # the thresholds that did best on the fitting half
    fit: RunMetrics  # the fitting half, with them
    held_out: RunMetrics  # the other half, with them: the honest figure
    held_out_default: RunMetrics  # the other half with the shipped thresholds
    by_organisation: list[FoldRow] = field(default_factory=list)  # leave-one-organisation-out
    left_out: RunMetrics | None = None  # all folds together: each question answered with thresholds not fitted on its organisation
    per_set: list[GroupRow] = field(default_factory=list)  # the left-out answers per question file


def split_fit(engine, questions: list[EvalQuestion], k: int = 10, mode: str = "hybrid") -> SplitReport:
    """Fit the "found" thresholds on one half of the questions and report the other half with them;
    then leave one organisation out at a time: fit on the other organisations' questions, answer its own.

    A change tuned to a few questions, or to one organisation's minutes, shows up as a gap between
    the fitted and the held-out figures.
    """
    from dataclasses import replace
    from itertools import product

    shipped = engine.thresholds
    names = list(THRESHOLD_GRID)
    settings = [replace(shipped, **dict(zip(names, values))) for values in product(*(THRESHOLD_GRID[n] for n in names))]
    engine.reuse_contexts = {}
    try:
        # Every question answered once per setting (the question is read once): the folds are arithmetic on these.
        runs: list[tuple[list[Answer], list[QuestionScore]]] = []
        for candidate in [shipped, *settings]:
            engine.thresholds = candidate
            answers = [engine.ask(q.question, k=k, mode=mode) for q in questions]
            runs.append((answers, [score(q, a) for q, a in zip(questions, answers)]))
    finally:
        engine.thresholds = shipped
        engine.reuse_contexts = None

    def best_on(positions: list[int]) -> int:
        values = [merit([runs[r][1][i] for i in positions], [runs[r][0][i] for i in positions])
                  for r in range(1, len(runs))]
        # Ties go to the shipped thresholds: a fit should move them only on evidence.
        return 1 + max(range(len(values)), key=lambda j: (values[j], settings[j] == shipped))

    def metrics(run: int, positions: list[int]) -> RunMetrics:
        answers, scores = runs[run]
        return summarise(mode, [scores[i] for i in positions], [answers[i] for i in positions])

    def fitted(run: int) -> dict[str, float]:
        return {n: getattr(settings[run - 1], n) for n in names}

    fit_positions, held_positions = split_halves(questions)
    chosen = best_on(fit_positions)
    key = organisation_key(getattr(engine, "meetings", {}))
    groups: dict[str, list[int]] = {}
    for i, q in enumerate(questions):
        groups.setdefault(key(q), []).append(i)
    folds: list[FoldRow] = []
    left_answers: list[Answer | None] = [None] * len(questions)
    left_scores: list[QuestionScore | None] = [None] * len(questions)
    for group, members in sorted(groups.items()):
        others = [i for i in range(len(questions)) if i not in set(members)]
        run = best_on(others) if others else 0
        m = metrics(run, members)
        for i in members:
            left_answers[i], left_scores[i] = runs[run][0][i], runs[run][1][i]
        folds.append(FoldRow(group, m.questions, m.unanswerable, m.answered, m.false_found, m.found_right,
                             fitted(run) if run else {}))
    answers_left = [a for a in left_answers if a is not None]
    scores_left = [s for s in left_scores if s is not None]
    return SplitReport(
        fitted(chosen), metrics(chosen, fit_positions), metrics(chosen, held_positions), metrics(0, held_positions),
        folds, summarise(mode, scores_left, answers_left), by_group(scores_left, answers_left, set_of),
    )
