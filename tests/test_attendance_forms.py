"""Attendance lists in the forms minutes write them, and resolving the names minutes use
against them: small texts of each form, and the shared real minutes (skipped when absent)."""

from __future__ import annotations

import pytest

from corpus.attendance_lists import initials_spell, labelled_attendees
from corpus.minutes import parse_minutes
from corpus.models import AttendanceRole
from corpus.people import PeopleDirectory, spelled_alike
from corpus.presence_labels import read_label
from tests.real_corpus import SHARED

REAL_B = SHARED / "corpus" / "real-b"


def _read(text: str) -> list[tuple[str, str]]:
    return [(a.name, a.role.value) for a in labelled_attendees([text.split("\n")])]


@pytest.mark.parametrize(
    "line, role",
    [
        ("Board members in attendance were:", AttendanceRole.PRESENT),
        ("### Officers and Trustees Present", AttendanceRole.PRESENT),
        ("Panel:", AttendanceRole.PRESENT),
        ("Other Attendees:", AttendanceRole.IN_ATTENDANCE),
        ("# Members", AttendanceRole.PRESENT),
        ("Also in attendance were:", AttendanceRole.IN_ATTENDANCE),
        ("Apologies for absence", AttendanceRole.APOLOGIES),
        ("Regrets", AttendanceRole.APOLOGIES),
        ("Attendance (please add yourself)", AttendanceRole.PRESENT),
        ("The following members of the Board of Directors were present at the meeting: A B", AttendanceRole.PRESENT),
    ],
)
def test_labels_are_told_by_their_vocabulary_of_presence(line, role):
    label = read_label(line)
    assert label is not None and label.role is role


@pytest.mark.parametrize(
    "line",
    [
        "The Treasurer presented a summary of the accounts",
        "Members were reminded that: the deadline is Friday",
        "Panel/job discussions",
        "Dave Horkan (DHO) Clerk Apologies: Peter Agate (PAG)",  # a name, not a label
        "Anna can't attend the next meeting",
    ],
)
def test_sentences_and_names_are_not_labels(line):
    assert read_label(line) is None


def test_bullets_under_a_label_with_a_verb():
    text = "Board members in attendance were:\nThibaud Colas\nJacob Kaplan-Moss\n\nAlso in attendance were:\nCatherine Holmes (Assistant to Treasurer)"
    assert _read(text) == [("Thibaud Colas", "present"), ("Jacob Kaplan-Moss", "present"),
                           ("Catherine Holmes", "in_attendance")]


def test_comma_list_with_roles_under_a_heading():
    people = labelled_attendees([["### Officers and Trustees Present", "Nick Smith (Chair), Ant Brown (Treasurer), Tom Green"]])
    assert [(p.name, p.position) for p in people] == [("Nick Smith", "Chair"), ("Ant Brown", "Treasurer"), ("Tom Green", None)]


def test_sentence_form_list_runs_into_further_sentences():
    text = ("Those present at the meeting: David Goodger, Tim Peters, Martin v. L?wis, and Andrew Kuchling. "
            "Also in attendance was Kurt Kaiser (Treasurer). Neal Norwitz also attended the meeting. Martin was taking minutes.")
    assert _read(text) == [("David Goodger", "present"), ("Tim Peters", "present"), ("Martin v. L?wis", "present"),
                           ("Andrew Kuchling", "present"), ("Kurt Kaiser", "in_attendance"), ("Neal Norwitz", "in_attendance")]


def test_a_second_label_run_into_the_line():
    text = "Other Attendees: Shehla Husain, Nick Bagshaw and Anthony Karabinas (DCLG) Apologies: Dominic Campbell (FutureGov)"
    people = labelled_attendees([[text]])
    assert [(p.name, p.role.value) for p in people] == [("Shehla Husain", "in_attendance"), ("Nick Bagshaw", "in_attendance"),
                                                        ("Anthony Karabinas", "in_attendance"), ("Dominic Campbell", "apologies")]
    # "(DCLG)" does not spell Anthony Karabinas: an affiliation, not printed initials.
    assert not people[2].initials_printed


def test_unlabelled_line_of_names_with_initials():
    people = labelled_attendees([["Allen Wirfs-Brock (AWB), John Neumann (JN), Sam Tobin-Hochstadt (STH), Mark S. Miller (MM)"]])
    assert [(p.name, p.initials, p.initials_printed) for p in people] == [
        ("Allen Wirfs-Brock", "AWB", True), ("John Neumann", "JN", True), ("Sam Tobin-Hochstadt", "STH", True), ("Mark S. Miller", "MM", True)]


def test_initials_first_lines_print_initials():
    people = labelled_attendees([["(AH) Ash Holland", "(MP) Marks Polakovs", "(CL) C Lloyd"]])
    assert [(p.name, p.initials, p.initials_printed) for p in people] == [
        ("Ash Holland", "AH", True), ("Marks Polakovs", "MP", True), ("C Lloyd", "CL", True)]


def test_a_list_beside_its_label_ends_at_the_minutes():
    lines = ["Secretariat: Ashley Pottier and Padma Juggapah (DCLG) .", "Welcome",
             "Professor Sir Nigel Shadbolt welcomed Baroness Stowell of Beeston, newly appointed Minister at the Department."]
    assert [p.name for p in labelled_attendees([lines])] == ["Ashley Pottier", "Padma Juggapah"]


def test_name_then_organisation_lines():
    people = labelled_attendees([["## Panel members attending", "Anthea Seles, The National Archives", "Graham Peek, Parliament",
                                  "Nicholas Oughtibridge (chair), Health and Social Care Information Centre"]])
    assert [(p.name, p.organisation) for p in people] == [
        ("Anthea Seles", "The National Archives"), ("Graham Peek", "Parliament"),
        ("Nicholas Oughtibridge", "Health and Social Care Information Centre")]


def test_initials_that_spell_a_name():
    assert initials_spell("FRE", "Frank Reid") and initials_spell("JMC", "John McCutchan") and initials_spell("AHop", "Anna Hopkins")
    assert not initials_spell("DCLG", "Anthony Karabinas") and not initials_spell("SCC", "Stephen Taylor")


def test_names_resolve_by_initial_fuzzy_spelling_and_organisation_prefixed_roles():
    attendees = labelled_attendees([["Present: David Goodger, Andre Videla, Kurt Kaiser (Treasurer), Dan Lorenc, Tim Peters"]])
    people = PeopleDirectory(attendees, "")
    assert people.resolve("D. Goodger").name == "David Goodger"
    assert people.resolve("Dan").name == "Dan Lorenc"
    assert people.resolve("Andre Vidola").name == "Andre Videla"
    assert people.resolve("the Society's Treasurer").name == "Kurt Kaiser"
    assert people.resolve("the PSF chairman").name == "chairman"  # nobody is listed as chairman: the role stays
    # Bounded: another first name, or a surname two letters off, is somebody else.
    assert people.resolve("Andrew Videla") is None
    assert people.resolve("Tim Potters") is None
    assert not spelled_alike("Jo Lee", "Jo Lea")  # surnames too short to tell apart


def test_initials_first_list_is_no_organisation():
    attendees = labelled_attendees([["Attendees", "(AH) Ash Holland", "(MP) Marks Polakovs", "(AB) Adam Birtles"]])
    people = PeopleDirectory(attendees, "Attendees\n(AH) Ash Holland\n(MP) Marks Polakovs\n(AB) Adam Birtles")
    assert [people.resolve(i).name for i in ("AH", "MP", "AB")] == ["Ash Holland", "Marks Polakovs", "Adam Birtles"]


def _names(file: str) -> set[str]:
    path = REAL_B / file
    if not path.exists():
        pytest.skip(f"the shared real-b minutes are absent ({path})")
    return {a.name for a in parse_minutes(path).attendees}


@pytest.mark.parametrize(
    "file, expected",
    [
        ("dsf_board_2025_03_13.md", {"Thibaud Colas", "Jacob Kaplan-Moss", "Abigail Afi Gbadago", "Catherine Holmes"}),
        ("psf_board_2007_08_13.html", {"David Goodger", "Andrew Kuchling", "Kurt Kaiser", "Martin von L?wis"}),
        ("psf_board_2004_06_15.rst", {"Jeremy Hylton", "Guido van Rossum", "Neal Norwitz"}),
        ("osgeo_uk_agm_2023_11_20.md", {"Nick Bearman", "Matt Travis", "Robert Berry", "Mike Saunt"}),
        ("tc39_2014_07_31.md", {"Allen Wirfs-Brock", "John Neumann", "Ben Newman"}),
        ("local_public_data_panel_2013_10_17.pdf", {"Nigel Shadbolt", "Olivia Burman", "Shehla Husain", "Dominic Campbell"}),
        ("python_sverige_board_2020_10_22.md", {"Steven", "Helio", "Nuo", "Tine", "Anna"}),
    ],
)
def test_real_minutes_attendance(file, expected):
    names = _names(file)
    assert expected <= names
    # No section headings, sentences or bodies read as people.
    assert not names & {"Welcome", "The Minister", "Secretary", "Approvers", "Local Government", "Finances"}


def test_hacksoc_initials_resolve_to_their_own_people():
    path = REAL_B / "hacksoc_york_committee_2021_04_17.pdf"
    if not path.exists():
        pytest.skip(f"the shared real-b minutes are absent ({path})")
    parsed = parse_minutes(path)
    # "Action AB: make B exist", "Action AH: make C exist", "Action MP: change settings": the owner
    # is the marker's initials, resolved through the "(AH) Ash Holland" list, not shifted by one.
    owners = {a.description: [o.name for o in a.owners] for a in parsed.actions}
    assert owners["make B exist"] == ["Adam Birtles"]
    assert owners["make C exist"] == ["Ash Holland"]
    assert owners["change settings"] == ["Marks Polakovs"]


def test_a_name_then_its_body_on_one_line():
    people = labelled_attendees([["Attendees:", "Kieron O’Hara Southampton University", "Matthew Brown Cabinet Office",
                                  "Jo May HMCTS", "Professor Allan Brimicombe University of East London"]])
    assert [(p.name, p.organisation) for p in people] == [
        ("Kieron O’Hara", "Southampton University"), ("Matthew Brown", "Cabinet Office"), ("Jo May", "HMCTS"),
        ("Allan Brimicombe", "University of East London")]


def test_bodies_and_headings_are_not_people():
    assert labelled_attendees([["Present:", "Government Digital Service", "Essex Police", "Matters Arising"]]) == []


def test_initials_the_minutes_give_where_they_name_someone():
    people = PeopleDirectory([], "1.1 Kieron O’Hara (KO) welcomed attendees.\nDave Horkan (DHO) Clerk\nEssex County Council (ECC)")
    assert people.resolve("KO").name == "Kieron O’Hara"
    assert people.resolve("DHO").name == "Dave Horkan"
    assert people.resolve("ECC").name == "Essex County Council"
    # An acronym that does not spell the words before it defines nothing: "Baroness Stowell (DCLG)".
    assert PeopleDirectory([], "Panel: Baroness Stowell (DCLG), Chris Taggart").resolve("DCLG").name == "DCLG"


def test_lists_the_header_layouts_miss_are_added():
    path = REAL_B / "scala_center_advisory_board_2023_07_26.md"
    if not path.exists():
        pytest.skip(f"the shared real-b minutes are absent ({path})")
    names = {a.name for a in parse_minutes(path).attendees}
    assert {"Chris Kipp", "Seth Tisue", "James Belsey", "Lukas Rytz", "Eugene Yokota"} <= names
    assert "VirtusLab" not in names


def test_user_names_after_a_label():
    lines = ["Attending: aidanhs, alexcrichton, kennytm, Mark-Simulacrum, pietroalbini,", "shepmaster", "[Start of the conversation](https://x)"]
    assert [p.name for p in labelled_attendees([lines])] == ["aidanhs", "alexcrichton", "kennytm", "Mark-Simulacrum", "pietroalbini", "shepmaster"]
    # Template placeholders and "none" are nobody.
    assert labelled_attendees([["Note Taker: who"], ["Regrets: none"]]) == []


def test_nickname_inside_a_name_and_first_names_with_affiliations():
    assert [(p.name, p.position) for p in labelled_attendees([["Attendance", "VM (Vicky) Brasseur (Wipro)"]])] == [("VM Brasseur", "Vicky, Wipro")]
    people = labelled_attendees([["**Present:** Tyler, Matti, Sasha (Intel), Stefan, Hameer (Quansight)"]])
    assert [p.name for p in people] == ["Tyler", "Matti", "Sasha", "Stefan", "Hameer"]


def test_names_cut_short_resolve_when_one_attendee_fits():
    attendees = labelled_attendees([["Present:", "Matthew Setter", "Matthew Weier O'Phinney", "Martin von Löwis"]])
    people = PeopleDirectory(attendees, "")
    assert people.resolve("Matthew W O'P").name == "Matthew Weier O'Phinney"
    assert people.resolve("Matthew W").name == "Matthew Weier O'Phinney"
    assert people.resolve("Martin v. Löwis").name == "Martin von Löwis"
    assert people.resolve("Matthew") is None  # two Matthews: nobody in particular


def test_one_person_written_shorter_in_another_list_is_one_attendee():
    attendees = labelled_attendees([["Attendees: Bob Killen, Alison Dowdney, Laura Santamaria"], ["Attendees: Bob, Alison D, Laura, Josh"]])
    from corpus.attendance import _without_short_forms
    assert [a.name for a in _without_short_forms(attendees)] == ["Bob Killen", "Alison Dowdney", "Laura Santamaria", "Josh"]


def test_a_register_of_presence_codes_is_not_part_of_the_names():
    # A school governors' attendance register: a row per governor, a column per meeting.
    people = labelled_attendees([["GOVERNOR ATTENDANCE", "Heather Poustie\tP\tP\tL\tP", "Kay Dicken\tP\tP\tP\tS",
                                  "Mary J Blige\tP\tA"]])
    assert [p.name for p in people] == ["Heather Poustie", "Kay Dicken", "Mary J Blige"]


def test_a_role_next_to_a_co_owner_or_in_the_next_table_row_is_not_apposition():
    attendees = labelled_attendees([["Present: Kay Dicken, Heather Poustie, Ruth Shoare"]])
    text = ("72/2122\tSigned minutes to Headteacher\tClerk\tasap\n75b/2122\tIncrease the pay\tKay Dicken\tasap\n"
            "Continue to obtain a copy of the food policy.\nKay Dicken/Clerk\n"
            "The Clerk, Ruth Shoare, will circulate the papers.")
    assert PeopleDirectory(attendees, text).resolve("Clerk").name == "Ruth Shoare"


def test_organisation_lines_under_a_label_name_members_and_alternates():
    people = labelled_attendees([[
        "Attendees:",
        "Fujitsu: Kenji Kazumura (NP) (Mike DeNicola)",
        "Red Hat: Scott Stark (John Clingan)",
        "Eclipse: Paul White (Wayne Beaton)",
        "Meeting minutes are being posted again to the following location:",
    ]])
    names = {p.name: p.organisation for p in people}
    assert names == {"Kenji Kazumura": "Fujitsu", "Mike DeNicola": "Fujitsu", "Scott Stark": "Red Hat",
                     "John Clingan": "Red Hat", "Paul White": "Eclipse", "Wayne Beaton": "Eclipse"}


def test_a_late_arrival_is_present():
    from corpus.attendance import extract_attendees

    people = extract_attendees([], ["Reports\nMartin reported.", "Budget\nDavid Ascher joined the meeting for the remaining agenda items."])
    assert [(p.name, p.role) for p in people] == [("David Ascher", AttendanceRole.PRESENT)]
