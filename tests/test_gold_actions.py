"""The five sample minutes against the hand-written gold actions (targets from issue 2)."""

from pathlib import Path

from corpus.minutes import parse_minutes
from tests.action_scoring import load_gold_actions, score_actions

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"


def test_sample_actions_meet_the_gold_targets():
    gold = load_gold_actions()
    extracted = {p.name: parse_minutes(p).actions for p in sorted(SAMPLES.glob("*.txt"))}
    score = score_actions(extracted, gold)
    report = "\n".join(score.problems)
    assert score.recall >= 0.97, report
    assert score.precision >= 0.95, report
    assert score.owners >= 0.97, report
    assert score.due >= 0.95, report
