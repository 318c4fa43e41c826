"""Scoring extracted actions against the hand-written gold, by the rules in gold/README.md."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from corpus.models import ActionRecord

GOLD_DIR = Path(__file__).parent / "gold"


@dataclass(frozen=True)
class GoldAction:
    source: str
    ref: str | None
    item: str | None
    owners: list[list[str]] | None
    due: str | None
    text_contains: str
    optional: bool


@dataclass
class ActionScore:
    recall: float
    precision: float
    owners: float
    due: float
    problems: list[str] = field(default_factory=list)


def load_gold_actions(path: Path = GOLD_DIR / "seed-actions.jsonl") -> list[GoldAction]:
    """The gold actions, one JSON object a line."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [GoldAction(**row) for row in rows]


def _matches(gold: GoldAction, source: str, action: ActionRecord) -> bool:
    if gold.source != source:
        return False
    if gold.ref is not None:
        return action.ref == gold.ref
    return (
        action.ref is None
        and action.item_number == gold.item
        and gold.text_contains.lower() in action.description.lower()
    )


def _owners_ok(gold: GoldAction, action: ActionRecord) -> bool:
    if not gold.owners:
        return not action.owners
    names = [o.name.lower() for o in action.owners]
    if len(names) != len(gold.owners):
        return False
    return all(any(spelling.lower() in names for spelling in options) for options in gold.owners)


def _due_ok(gold: GoldAction, action: ActionRecord) -> bool:
    if gold.due is None:
        return action.due is None
    return action.due is not None and action.due.startswith(gold.due)


def score_actions(extracted: dict[str, list[ActionRecord]], gold: list[GoldAction]) -> ActionScore:
    """Recall, precision, owner and due accuracy of `extracted` (actions by source file)."""
    problems: list[str] = []
    required = [g for g in gold if not g.optional]
    matched: dict[int, tuple[str, ActionRecord]] = {}
    false_positives = 0
    true_positives = 0
    for source, actions in extracted.items():
        for action in actions:
            hit = next((i for i, g in enumerate(gold) if _matches(g, source, action)), None)
            if hit is None:
                false_positives += 1
                problems.append(f"extra: {source} ref={action.ref} item={action.item_number} {action.description[:60]!r}")
            elif not gold[hit].optional:
                true_positives += 1
                matched.setdefault(hit, (source, action))
    owners_right = due_right = 0
    for index, g in enumerate(gold):
        if g.optional:
            continue
        if index not in matched:
            problems.append(f"missed: {g.source} ref={g.ref} item={g.item} {g.text_contains!r}")
            continue
        _, action = matched[index]
        if _owners_ok(g, action):
            owners_right += 1
        else:
            problems.append(f"owners: {g.source} {g.ref}: want {g.owners} got {[o.name for o in action.owners]}")
        if _due_ok(g, action):
            due_right += 1
        else:
            problems.append(f"due: {g.source} {g.ref}: want {g.due} got {action.due}")
    found = len(matched)
    return ActionScore(
        recall=found / len(required),
        precision=true_positives / max(1, true_positives + false_positives),
        owners=owners_right / max(1, found),
        due=due_right / max(1, found),
        problems=problems,
    )
