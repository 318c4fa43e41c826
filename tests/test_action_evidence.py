"""Actions as scored candidates (issue 18 parts 4 and 5): one marker grammar with an owner
slot, owners at the edge of list entries, owner-grouped lists, narrative commitments.

Each case is a few lines in a form some genre of minutes uses, parsed through the whole corpus
pipeline; the last tests read the shared real minutes where the forms were found.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from corpus.action_evidence import ActionFeatures, DocumentMarking, Marking, Modality, OwnerSupport, opens_with_work
from corpus.action_scorer import action_score, is_action
from corpus.blocks import DocumentText, Paragraph
from corpus.minutes import parse_document, parse_minutes
from corpus.models import ActionStatus
from tests.real_corpus import SHARED

REAL_B = SHARED / "corpus" / "real-b"


def parse(*paragraphs: Paragraph | str):
    blocks = [p if isinstance(p, Paragraph) else Paragraph(p.lstrip("#").strip(), heading=len(p) - len(p.lstrip("#")))
              for p in paragraphs]
    return parse_document(DocumentText(path=Path("minutes.md"), format="text", blocks=blocks))


def found(parsed) -> list[tuple[str, list[str]]]:
    return [(a.description, sorted(o.name for o in a.owners)) for a in parsed.actions]


# --- one marker grammar with an owner slot ----------------------------------------------

def test_marker_owner_slots_in_every_spelling_even_without_an_attendance_list():
    parsed = parse(
        "## Servers",
        "The disks are old.",
        "Action (Daniel): Email CUER to see if they are happy.",
        "Action (Souradip & Andrew C): Try and make the news server work.",
        "Action Mark: start on the new draft of the header spec.",
        "i. Action AB: make B exist",
        "○ Action GB: Buy popcorn for the film night",
        "ACTION – Greg to update the procurement list",
    )
    assert found(parsed) == [
        ("Email CUER to see if they are happy.", ["Daniel"]),
        ("Try and make the news server work.", ["Andrew C", "Souradip"]),
        ("start on the new draft of the header spec.", ["Mark"]),
        ("make B exist", ["AB"]),
        ("Buy popcorn for the film night", ["GB"]),
        ("Greg to update the procurement list", ["Greg"]),
    ]


def test_several_markers_in_one_line_are_several_actions():
    parsed = parse(
        "Present: C Lloyd (CL), Jamie Quigley (JQ), Chester Wringe (CW), Marks Polakovs (MP), Ezekiel Bethel (EB)",
        "## Events",
        "v. Actions: CL to sort out database, JQ to figure out filmnight, CW to update calendar",
        "d. Action MP: find the server hosts' AUPs. Action EB: ditto for server homepages. e. Action MP: put new CoC on website",
        "e. CoC should become an appendix, but that will require an amendment. Action CW: propose this when they can.",
    )
    assert found(parsed) == [
        ("CL to sort out database", ["C Lloyd"]),
        ("JQ to figure out filmnight", ["Jamie Quigley"]),
        ("CW to update calendar", ["Chester Wringe"]),
        ("find the server hosts' AUPs.", ["Marks Polakovs"]),
        ("ditto for server homepages.", ["Ezekiel Bethel"]),
        ("put new CoC on website", ["Marks Polakovs"]),
        ("propose this when they can.", ["Chester Wringe"]),
    ]


def test_a_marker_behind_a_list_numeral_keeps_its_own_owner_and_words():
    parsed = parse("Present: C Lloyd (CL), Mo Rahman (MR)", "## Playtogether", "ii. We did not finish.", "iii. Action: CL to ask MR")
    assert found(parsed) == [("CL to ask MR", ["C Lloyd"])]


def test_action_plan_and_actions_taken_are_no_owner_slots():
    parsed = parse("## Plan", "Action Plan: the council adopted the plan in May.", "Actions taken by the council were noted.")
    assert all(o.name not in ("Plan", "taken") for a in parsed.actions for o in a.owners)


def test_ownerless_reports_under_actions_from_previous_meeting_are_not_actions():
    parsed = parse(
        "## Actions from previous meeting",
        "a. There's about 5,000,000 of them.",
        "b. Old people need to be removed",
        "c. Wiki updates happened",
        "## Other business",
        "Nothing else.",
    )
    assert parsed.actions == []


def test_a_bold_action_run_inside_a_paragraph_is_its_own_line():
    text = "We discussed the purchasing process Action Greg to update procurement list and then moved on."
    start = text.index("Action")
    end = text.index(" and then")
    parsed = parse("## Purchasing", Paragraph(text, emphasis=((start, end),)))
    assert found(parsed) == [("Action Greg to update procurement list", ["Greg"])] or found(parsed) == [
        ("Greg to update procurement list", ["Greg"])]


def test_an_emphasised_owner_closing_a_paragraph_owns_it_but_a_status_does_not():
    felling = "Tree surgeons have quoted for the felling of the two ash trees by the path. Clerk"
    noted = "The report on the bus shelter was received. Noted"
    parsed = parse(
        "In attendance: Ms Lindsay Goward - Clerk",
        "## Trees",
        Paragraph(felling, emphasis=((felling.index("Clerk"), len(felling)),)),
        Paragraph(noted, emphasis=((noted.index("Noted"), len(noted)),)),
    )
    assert found(parsed) == [("Tree surgeons have quoted for the felling of the two ash trees by the path.", ["Lindsay Goward"])]


# --- owners at the edge of a list entry -------------------------------------------------

def test_bracketed_owners_before_a_task_but_not_before_a_topic():
    parsed = parse(
        "Present: Valentine, Bob, Roland, Jen",
        "## Membership",
        Paragraph("(Bob) Update on new members (if any).", list_depth=1, list_marker="1."),
        Paragraph("(Valentine) Updates if any.", list_depth=1, list_marker="-"),
        Paragraph("(Roland) Draft notice and provide to Valentine.", list_depth=1, list_marker="-"),
        Paragraph("(Jen and/or Valentine) Send notice to community members.", list_depth=1, list_marker="-"),
        Paragraph("(Valentine) Seeking clarification on our policy for large groups.", list_depth=1, list_marker="-"),
    )
    assert found(parsed) == [
        ("Draft notice and provide to Valentine.", ["Roland"]),
        ("Send notice to community members.", ["Jen", "Valentine"]),
    ]


def test_trailing_owners_after_a_dash_with_a_done_status():
    parsed = parse(
        "## Minutes of Meeting",
        "Steven and Helio discussed the talks.",
        Paragraph("contact keynotes regarding time - Tine", list_depth=1, list_marker="-"),
        Paragraph("send final mails to speakers - Steven - done", list_depth=1, list_marker="-"),
        Paragraph("Data Science - Helio", list_depth=2, list_marker="-"),
        Paragraph("Tine and Steven joined late.", list_depth=0),
    )
    actions = {(a.description, tuple(o.name for o in a.owners), a.status) for a in parsed.actions}
    assert ("contact keynotes regarding time", ("Tine",), ActionStatus.OPEN) in actions
    assert ("send final mails to speakers", ("Steven",), ActionStatus.CLOSED) in actions
    assert not any("Data Science" in a.description for a in parsed.actions)


def test_action_items_with_two_name_owners_and_no_attendance_list():
    parsed = parse(
        "## Action items",
        Paragraph("Jacob Kaplan-Moss: Create github repo for bylaws", list_depth=1, list_marker="-"),
        Paragraph("Jacob Kaplan-Moss and Jeff Triplett: Write forum post for proposed bylaws changes", list_depth=1, list_marker="-"),
    )
    assert found(parsed) == [
        ("Create github repo for bylaws", ["Jacob Kaplan-Moss"]),
        ("Write forum post for proposed bylaws changes", ["Jacob Kaplan-Moss", "Jeff Triplett"]),
    ]


def test_a_bracketed_owner_closing_a_marked_action():
    parsed = parse("Panel: Olivia Burman, Tim Davies", "## Data", "Action: Confirm whether the G8 Action Plan is public (Olivia Burman)")
    assert found(parsed) == [("Confirm whether the G8 Action Plan is public", ["Olivia Burman"])]


def test_an_owner_grouped_summary_gives_each_entry_its_owner_and_is_not_read_twice():
    parsed = parse(
        "Present: Charles Board, Daniel Richman, Malcolm Scott",
        "## Hard drives",
        "Action (Charles): Buy one 4TB disk as a spare for when the next disk fails.",
        "## Actions Summary",
        Paragraph("Charles", list_depth=1, list_marker="-"),
        Paragraph("Buy one 4TB disk as a spare for when the next disk fails.", list_depth=2, list_marker="○"),
        Paragraph("Daniel", list_depth=1, list_marker="-"),
        Paragraph("Investigate booking a room for the AGM.", list_depth=2, list_marker="○"),
        Paragraph("Email CUER to see if they are happy.", list_depth=2, list_marker="○"),
    )
    assert found(parsed) == [
        ("Buy one 4TB disk as a spare for when the next disk fails.", ["Charles Board"]),
        ("Investigate booking a room for the AGM.", ["Daniel Richman"]),
        ("Email CUER to see if they are happy.", ["Daniel Richman"]),
    ]


def test_a_nested_action_list_ends_at_the_next_shallower_entry():
    parsed = parse(
        "Present: Carol, Josh, Jonathan, Mara",
        "## Old business",
        Paragraph("Growing moderation team?", list_depth=1, list_marker="-"),
        Paragraph("Mara: I can help", list_depth=2, list_marker="-"),
        Paragraph("Action items:", list_depth=2, list_marker="-", emphasis=((0, 12),)),
        Paragraph("Josh to draft email to all@", list_depth=3, list_marker="-"),
        Paragraph("Regular meeting cadence - does this time work?", list_depth=1, list_marker="-"),
        Paragraph("Carol: Proposal - could we make this slot work every other week?", list_depth=2, list_marker="-"),
        Paragraph("Jonathan: Yes, but need to clarify timezone.", list_depth=2, list_marker="-"),
    )
    assert found(parsed) == [("Josh to draft email to all@", ["Josh"])]


def test_list_entries_under_an_action_heading_need_work_or_an_owner():
    parsed = parse(
        "## Action points",
        Paragraph("Transparency Team to circulate the draft of the White Paper.", list_depth=1, list_marker="-"),
        Paragraph("kelly to continue working with Open Ethereum on EIP-2565", list_depth=1, list_marker="-"),
        Paragraph("Simon French provided an update on the progress of the White Paper.", list_depth=1, list_marker="-"),
        Paragraph("Right to Data White Paper (taken as first item)", list_depth=1, list_marker="-"),
    )
    descriptions = [a.description for a in parsed.actions]
    assert descriptions == [
        "Transparency Team to circulate the draft of the White Paper.",
        "kelly to continue working with Open Ethereum on EIP-2565",
    ]


# --- narrative commitments --------------------------------------------------------------

def test_reported_undertakings_agreed_decisions_and_speaker_first_person():
    parsed = parse(
        "Present: Imran Alam, Gordon Mackay, Hervé Ruellan, Mark Nottingham",
        "## Matters arising",
        "Gordon was congratulated. Cllr Alam said he would seek a letter of support from our councillors.",
        "It was reported that the notice board was obscured. It was AGREED to raise with Ms McAlinden the need for a board.",
        "Gordon would probably be away in July.",
        "## Header compression",
        "Hervé: I will try to update the draft by next week.",
        "Mark: I think that is fine.",
    )
    got = found(parsed)
    assert ("Cllr Alam said he would seek a letter of support from our councillors.", ["Imran Alam"]) in got
    assert any("raise with Ms McAlinden" in d and owners == [] for d, owners in got)
    assert any("update the draft" in d and owners == ["Hervé Ruellan"] for d, owners in got)
    assert not any("away in July" in d or "is fine" in d for d, _ in got)


def test_future_prose_with_a_person_is_kept_beside_marked_actions():
    parsed = parse(
        "Present: Dan Lorenc, David Wheeler",
        "## Scorecards",
        "**ACTION**: David to send the proposal to the list.",
        "Dan will draft a note on the signing roadmap.",
        "The group will meet again in June.",
    )
    assert found(parsed) == [
        ("David to send the proposal to the list.", ["David Wheeler"]),
        ("Dan will draft a note on the signing roadmap.", ["Dan Lorenc"]),
    ]


# --- the scorer ----------------------------------------------------------------------------

def test_no_missing_signal_rejects_alone_and_prose_needs_the_most_evidence():
    marker = ActionFeatures(Marking.MARKER, OwnerSupport.NONE, Modality.NONE, work_verb=False)
    assert is_action(marker)  # "ACTION: Poster for the notice boards"
    shaped = ActionFeatures(Marking.SECTION, OwnerSupport.SHAPED, Modality.IMPERATIVE, work_verb=True, list_entry=True)
    assert is_action(shaped)  # "Jacob Kaplan-Moss: Create github repo" with no attendance read
    news = ActionFeatures(Marking.PROSE, OwnerSupport.GROUP, Modality.FUTURE, work_verb=True)
    assert not is_action(news)  # "Highways Rangers will attend ..."
    reported = ActionFeatures(Marking.PROSE, OwnerSupport.KNOWN, Modality.REPORTED, work_verb=True)
    assert not is_action(reported)  # "HR would investigate ..." said in passing
    presenter = ActionFeatures(Marking.EDGE, OwnerSupport.KNOWN, Modality.NONE, work_verb=False, list_entry=True, presenter_like=True)
    assert not is_action(presenter)


def test_a_document_that_marks_its_actions_weighs_against_its_prose_without_vetoing_it():
    # "Dan will draft the email": a known person commits beside marked actions and stays.
    commits = ActionFeatures(Marking.PROSE, OwnerSupport.KNOWN, Modality.FUTURE, work_verb=True,
                             document_marking=DocumentMarking.MARKED)
    assert is_action(commits)
    # "It was agreed to put a notice in the village pump": nobody named, beside marked actions.
    unowned = ActionFeatures(Marking.DECISION, OwnerSupport.NONE, Modality.AGREED, work_verb=True)
    assert is_action(unowned)
    assert not is_action(replace(unowned, document_marking=DocumentMarking.MARKED))
    # Beside an action register prose needs more: a committing "will" no longer suffices,
    # an undertaking with a speaker's own words still does.
    assert not is_action(replace(commits, document_marking=DocumentMarking.REGISTER))
    undertaking = ActionFeatures(Marking.PROSE, OwnerSupport.KNOWN, Modality.UNDERTAKING, work_verb=True, speaker_label=True,
                                 document_marking=DocumentMarking.REGISTER)
    assert is_action(undertaking)
    assert action_score(replace(commits, document_marking=DocumentMarking.REGISTER)) < action_score(commits)


@pytest.mark.parametrize(("text", "work"), [
    ("Draft notice and provide to Valentine.", True), ("Update the website", True), ("Update on new members", False),
    ("Updates if any.", False), ("To set up a December meeting", True), ("import.meta.url and import.meta", False),
    ("Finances", False), ("Review of the budget", False),
])
def test_an_entry_opens_with_work_or_with_a_topic(text, work):
    assert opens_with_work(text) is work


# --- the real minutes where these forms were found --------------------------------------

def _real_b(name: str):
    path = REAL_B / name
    if not path.is_file():
        pytest.skip(f"the shared real-b minutes are not beside the project ({REAL_B})")
    return parse_minutes(path)


def test_srcf_owner_slots_are_read_and_the_summary_is_not_read_twice():
    parsed = _real_b("srcf_executive_2014_01_17.html")
    by_text = {a.description: sorted(o.name for o in a.owners) for a in parsed.actions}
    assert by_text.get("Email CUER to see if they’re happy.") and "Daniel" in by_text["Email CUER to see if they’re happy."][0]
    assert sum("Buy one 4TB disk" in a.description for a in parsed.actions) == 1
    assert any("work (fully)" in a.description and len(a.owners) == 2 for a in parsed.actions)


def test_hacksoc_list_numbered_markers_and_no_reports_as_actions():
    parsed = _real_b("hacksoc_york_committee_2021_04_17.pdf")
    descriptions = [a.description for a in parsed.actions]
    assert any(d == "make B exist" for d in descriptions)
    assert any("ask MR" in d for d in descriptions)
    assert not any("5,000,000" in d or d in ("v.", "iii.") for d in descriptions)


def test_dsf_action_items_without_an_attendance_list():
    parsed = _real_b("dsf_board_2025_03_13.md")
    owners = [sorted(o.name for o in a.owners) for a in parsed.actions if "bylaws" in a.description]
    assert ["Jacob Kaplan-Moss", "Jeff Triplett"] in owners


def test_hackerspacesg_bracket_owners_not_presenters():
    parsed = _real_b("hackerspacesg_plenum_2021_01_19.md")
    descriptions = [a.description for a in parsed.actions]
    assert any(d.startswith("Draft notice and provide") for d in descriptions)
    assert not any(d.startswith(("Update on", "Updates if any")) for d in descriptions)


def test_one_marked_line_does_not_silence_the_prose_actions_of_the_document(tmp_path):
    # Minutes that mark one action explicitly and record the others in prose.
    path = tmp_path / "garden_club_2024_05_02.md"
    path.write_text(
        "# Garden Club Committee Minutes\n\n2 May 2024\n\nPresent: Dan Reed, Alan Holt, Mia Park\n\n"
        "## 1. Spring show\n\nACTION: Mia to book the hall for the show.\n\n"
        "## 2. Newsletter\n\nDan volunteered to draft the summer newsletter and circulate it to the committee.\n\n"
        "## 3. Officers\n\nAlan will stand for re-election as treasurer.\n"
    )
    texts = [a.description for a in parse_minutes(path).actions]
    assert any(t.startswith("Mia to book the hall") for t in texts)
    assert any("draft the summer newsletter" in t for t in texts)  # prose beside a marked action still counts
    assert not any("re-election" in t for t in texts)  # news: standing for office is no work
