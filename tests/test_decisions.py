"""A meeting's decisions, read from the sample minutes: decided, agreed, approved or resolved
sentences and the points under a "Resolved" heading; not what may be approved later, nor the
routine approval of the last minutes."""

from corpus.minutes import parse_minutes
from index.views import ItemView
from retrieval.decisions import decisions
from tests.conftest import SAMPLES


def _decisions(name: str) -> list[str]:
    parsed = parse_minutes(SAMPLES / name)
    return [d.text for d in decisions([ItemView(parsed.source, i.number, i.title, i.text, i.position) for i in parsed.items])]


def test_decided_and_approved_sentences_are_decisions_and_conditions_are_not():
    found = _decisions("002_4f17c99a753820d4.txt")  # Business Coordination Board, 26 November 2015
    assert "14.3 The Board approved the action regarding the two leases and the Commissioner signed the Decision Notices." in found
    assert any(t.startswith("4.4 The Board agreed to the 12 month extension of the delivery partnership") for t in found)
    essex = _decisions("004_b54d0e956782b075.txt")  # Safer Essex, 2 October 2008
    assert "It was agreed that Trading Standards be invited to become members of Safer Essex" in essex
    assert not any("may be approved" in t or "can only be approved" in t or "could only be approved" in t for t in essex)
    assert not any("minutes of the meeting held on" in t.casefold() for t in _decisions("002_4f17c99a753820d4.txt"))


def test_the_points_under_a_resolved_heading_are_decisions():
    dorset = _decisions("003_f866e752f7698948.txt")  # Dorset Police and Crime Panel: "Resolved" then the points
    assert "That the report be noted." in dorset and "That the work programme be updated accordingly." in dorset
