"""On the shared second set of real minutes (`../shared/corpus/real-b`, minutes of
organisations the first set does not have): every gold item of real-b-actions.jsonl and
real-b-questions.jsonl exists as an item, and the layouts behind the item failures of that
set (nested lists, numbers in headings, numbered one-row tables, actions in the header)
read as their authors laid them out.

Skipped with a message when the shared corpus is not beside the project.
"""

from __future__ import annotations

import json
from functools import lru_cache

import pytest

from corpus.minutes import parse_minutes
from corpus.models import ParsedMinutes
from tests.real_corpus import EVAL, SHARED, item_found

REAL_B = SHARED / "corpus" / "real-b"
pytestmark = pytest.mark.skipif(not REAL_B.exists(), reason=f"the shared real-b minutes are not at {REAL_B}")

def gold_items() -> dict[str, set[str]]:
    """Gold item names per source file ("*" left out), from the real-b actions and questions."""
    items: dict[str, set[str]] = {}
    for name in ("real-b-actions.jsonl", "real-b-questions.jsonl"):
        for line in (EVAL / name).read_text().splitlines():
            record = json.loads(line)
            for ref in record.get("gold") or [record]:
                if ref.get("item") not in (None, "*"):
                    items.setdefault(ref["source"], set()).add(ref["item"])
    return items


@lru_cache(maxsize=None)
def parsed(name: str) -> ParsedMinutes:
    return parse_minutes(REAL_B / name)


def item(name: str, number: str):
    return next(i for i in parsed(name).items if i.number == number)


@pytest.mark.parametrize("name", sorted(gold_items()) if REAL_B.exists() else [])
def test_every_gold_item_exists(name):
    numbers = [i.number for i in parsed(name).items]
    missing = sorted(g for g in gold_items()[name] if not item_found(g, numbers))
    assert not missing, f"items found: {numbers}"


def test_an_outline_sub_sub_list_stays_in_its_item():
    name = "hacksoc_york_committee_2021_04_17.pdf"
    assert [(i.number, i.title) for i in parsed(name).items] == [
        ("1", "Actions from previous meeting"), ("2", "Appendices to the constitution"),
        ("3", "Events for next term"), ("4", "COVID yusu regs"), ("5", "Code of conduct"),
        ("6", "Agenda Other Business")]
    events = item(name, "3").text
    assert "Manual automatic yeet of old films" in events and "CL to ask MR" in events
    assert any("scream productively" in a.description and a.item_number == "3" for a in parsed(name).actions)


def test_numbered_one_row_tables_are_the_items():
    name = "cssuob_committee_2025_03_11.pdf"
    items = parsed(name).items
    assert [i.number for i in items] == [str(n) for n in range(1, 11)]
    assert items[0].title == "Apologies" and "Joseph Adams" in items[0].text
    assert "Action GB: Buy popcorn" in item(name, "5").text
    assert "Actual Working Balance" in item(name, "7").text


def test_heading_numbers_and_repeated_conclusions():
    name = "tc39_2014_07_31.md"
    numbered = [(i.number, i.title) for i in parsed(name).items if i.number]
    assert numbered == [("9.1-8", "Date and place of the next meeting(s)"),
                        ("4.4", "Follow up: Instantiation Reform (@@create)"),
                        ("5.7", "Array.prototype.contains"), ("5.1", "Math.TAU")]
    assert "Allen to be the champion" in item(name, "4.4").text
    assert "John Neumann will update the agenda" in item(name, "9.1-8").text
    assert not any(i.title == "Conclusion/Resolution" for i in parsed(name).items)


def test_actions_above_the_only_heading_are_read():
    name = "hyperledger_tsc_2016_12_15.md"
    actions = parsed(name).actions
    vote = [a for a in actions if "start an email vote" in a.description]
    assert len(vote) == 1 and [o.name for o in vote[0].owners] == ["Chris Ferris"]
    # The summary above the minutes words it 'collect volunteers', the minutes 'suggest volunteers'.
    assert len([a for a in actions if "finalize draft doc for TWGC" in a.description]) == 1
    assert any("search availability" in a.description for a in actions)
    # The TSC members table in the header names people; none of them is an action.
    assert not any(a.description.startswith(("Arnaud Le Hors", "Binh Nguyen")) for a in actions)
