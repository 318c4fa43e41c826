"""A summary of actions (closing action table, "Actions" list) reconciled with the actions
the body of the minutes wrote: one record per action, the body's wording kept, the summary
filling in what the body lacks, and what only the summary records kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.action_restatements import ReadAction, Reading, reconcile_summaries
from corpus.minutes import parse_minutes
from corpus.models import ActionRecord, Owner, OwnerKind
from tests.real_corpus import SHARED

REAL_B = SHARED / "corpus" / "real-b"

_ROWS = [("Action", "Responsible Person", "Due"), ("Bank Mandate", "Tom", ""), ("Insurance Quotes", "Priya", "31 March 2024"),
         ("Trough Valves", "Jane", ""), ("Hedge Cutting Rota", "Tom", "")]


def _summary_table_minutes(folder: Path) -> Path:
    rows = "\n".join("  <tr>\n" + "".join(f"   <td>{cell}\n   </td>\n" for cell in row) + "  </tr>" for row in _ROWS)
    text = f"""# Riverside Allotment Society - Committee Meeting Minutes

## 5 March 2024 / 19:00 / Village Hall

Present: Jane Cooper, Tom Hale, Priya Shah

### Finance

Bank Mandate Changes: agreed to add the new treasurer to the account. **Action Tom to get the signed form from the bank**

Insurance: the policy renews in April. **Action Priya to compare three quotes for the renewal**

### Site

Water Troughs - two troughs leak near plot 12. **Action Jane to replace the leaking trough valves**

**ACTIONS**

<table>
{rows}
</table>
"""
    path = folder / "riverside_committee_2024_03_05.md"
    path.write_text(text)
    return path


def test_summary_table_rows_merge_into_the_body_actions_they_name(tmp_path):
    actions = parse_minutes(_summary_table_minutes(tmp_path)).actions
    descriptions = sorted(a.description for a in actions)
    # The topic rows restating body actions are gone; the body's wording stays.
    assert descriptions == sorted([
        "Tom to get the signed form from the bank", "Priya to compare three quotes for the renewal",
        "Jane to replace the leaking trough valves", "Hedge Cutting Rota",
    ])
    # The table's due date reaches the body action that lacked one.
    priya = next(a for a in actions if a.description.startswith("Priya"))
    assert priya.due == "2024-03-31"
    # A row no body action accounts for is an action of its own, with the table's owner.
    hedge = next(a for a in actions if a.description == "Hedge Cutting Rota")
    assert [o.name for o in hedge.owners] == ["Tom Hale"]


def _person(name: str) -> Owner:
    return Owner(name=name, kind=OwnerKind.PERSON, as_written=name.split()[0])


def test_a_summary_entry_of_another_owner_is_not_merged():
    body = ReadAction(ActionRecord(None, "Greg to update the procurement list", [_person("Greg Morris")], item_position=1),
                      Reading.EXPLICIT, paragraph="Budgets: Action Greg to update the procurement list")
    other = ReadAction(ActionRecord(None, "Procurement List", [_person("Ellen Pearce")], item_position=4), Reading.SUMMARY)
    assert len(reconcile_summaries([body, other])) == 2


def test_a_summary_entry_that_gives_work_keeps_its_words_beside_prose():
    # "Create a discussion document" says the work; the prose beside it is the narrative.
    prose = ReadAction(ActionRecord(None, "NM to create a document for the committee to share ideas about:",
                                    [_person("Nicholas May")], item_position=2), Reading.PROSE,
                       item_text="Online events\nNM to create a document for the committee to share ideas about:\n"
                                 "- a discussion of formats")
    entry = ReadAction(ActionRecord(None, "Create a discussion document for online events.", [_person("Nicholas May")],
                                    item_position=5), Reading.SUMMARY)
    kept = reconcile_summaries([prose, entry])
    assert [a.description for a in kept] == ["Create a discussion document for online events."]


def test_prose_restating_a_marked_action_is_dropped():
    marked = ReadAction(ActionRecord(None, "Clerk to put the signed minutes on the website", [_person("Pete Osborne")],
                                     item_position=1), Reading.EXPLICIT)
    prose = ReadAction(ActionRecord(None, "The Clerk will place the minutes on the website", [_person("Pete Osborne")],
                                    item_position=1), Reading.PROSE)
    assert [a.description for a in reconcile_summaries([marked, prose])] == [marked.record.description]


@pytest.mark.skipif(not REAL_B.is_dir(), reason="the shared real-b minutes are not here")
def test_hacksoc_closing_actions_list_restates_the_items():
    actions = parse_minutes(REAL_B / "hacksoc_york_committee_2021_04_17.pdf").actions
    texts = [a.description for a in actions]
    # Body wording stays under its item; the closing list's rewording ("AB to write STV
    # appendix" for "Action AB: make B exist") is the same action.
    assert "make B exist" in texts and "make C exist" in texts
    assert not any("STV appendix" in t or "code of practice appendix" in t for t in texts)
    # What only the closing list records stays.
    assert any("yeet old people" in t for t in texts)


@pytest.mark.skipif(not REAL_B.is_dir(), reason="the shared real-b minutes are not here")
def test_hackspace_action_table_topics_yield_to_the_body_actions():
    actions = parse_minutes(REAL_B / "hackspace_manchester_board_2018_10_02.md").actions
    texts = [a.description for a in actions]
    assert "Bank Mandate" not in texts and "Accountant" not in texts
    assert any(t.startswith("Greg to get completed form") for t in texts)
    assert "Virtual Office" in texts  # no body action reads it: the row is the record


def test_a_marked_action_repeated_under_another_item_is_one_but_short_hand_offs_are_not():
    baohua = _person("Baohua Yang")
    first = ReadAction(ActionRecord(None, "Baohua to finalize draft doc for TWGC and collect volunteers to help resource the WG.",
                                    [baohua], item_position=1), Reading.EXPLICIT)
    again = ReadAction(ActionRecord(None, "Baohua to finalize draft doc for TWGC and suggest volunteers to help resource the WG.",
                                    [baohua], item_position=5), Reading.EXPLICIT)
    assert [a.description for a in reconcile_summaries([first, again])] == [first.record.description]
    # "Travis to follow-up." under one item and "Travis to clean-up and follow-up on this."
    # under another are two actions: the words say only that there is work.
    travis = _person("Travis Leithead")
    short = ReadAction(ActionRecord(None, "Travis to follow-up.", [travis], item_position=2), Reading.EXPLICIT)
    other = ReadAction(ActionRecord(None, "Travis to clean-up and follow-up on this.", [travis], item_position=4), Reading.EXPLICIT)
    assert len(reconcile_summaries([short, other])) == 2
