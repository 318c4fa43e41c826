"""Every sample's items (number and title as printed), meeting metadata and attendance."""

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from corpus.minutes import parse_minutes
from tests.conftest import SAMPLES

EXPECTED_ITEMS = {
    "000": [("1i", "Minutes of last meeting on 26 June 2018"), ("1ii", "Action Log"), ("1iii", "Forward Plan"),
            ("2", "Digital Forensics"), ("3", "HR Sickness and attendance management, staff performance reports"),
            ("4", "Anti-Social Behaviour"), ("5", "Wider Volunteering Programme"), ("6", "IT Quarterly report"),
            ("7", "Hate Crime"), ("8", "Collaboration"), ("9", "Body Worn Video Update"),
            ("10", "19/20 Investment Supporting the Police and Crime Plan"),
            ("11i", "Finance – Efficiency and Investments Plan (Transformation Savings)"),
            ("11ii", "Finance – Quarterly Report"), ("12", "Monthly Performance Report"), ("13", "Any Other Business")],
    "001": [("1", "Apologies"), ("2", "Attendance Report"), ("3", ""), ("4", "Performance Reports"),
            ("5", "Modern Day Slavery Independent Review"), ("6", "HMIC Tracker"), ("7", "Transformation Savings"),
            ("8", "Quarterly Finance Report (underspend)"), ("9", "Deployment of Resources"), ("12", "AOB"),
            ("13", "Date of next meeting – 24 th November 2016")],
    "002": [("1", "Welcome and Apologies"), ("2", "Declarations of Interest"),
            ("3", "Approval of the minutes from the last meeting held on the 27th October 2015"),
            ("4", "Restorative Justice Provision in Cambridgeshire"), ("5", "Operational Update"),
            ("6", "Performance Working Group"), ("7", "Performance Update – 12 months to September 2015"),
            ("8", "Domestic Abuse Update"),
            ("9", "Section 22A Collaboration Agreements under the Police Act 1996 for Firearms and Explosive Licensing, "
                  "Public Contact, and Human Resources and Learning and Development"),
            ("10", "Medium Term Financial Plan 2016/17 Budget Update"), ("11", "Strategic Risk Management"),
            ("12", "Operation of the Road Casualty Reduction and Support Fund"), ("13", "Annual Equality and Diversity Update"),
            ("14", "Melbourn and Bretton Police Stations"), ("15", "Police and Crime Commissioners Decisions and Forward Plan"),
            ("16", "Finance Sub-Group"), ("17", "Force Executive Board minutes"), ("18", "Any Other Business"),
            ("19", "Date of Next Meeting")],
    "003": [("77", "Apologies for Absence"), ("78", "Code of Conduct"), ("79", "Minutes"), ("80", "Public Participation"),
            ("81", "Police and Crime Plan Monitoring Report"), ("82", "Grants and Commissioning Update"),
            ("83", "Strategic Alliance"), ("84", "Protecting Vulnerable People"),
            ("85", "Police Response Investigation and Safeguarding Model (PRISM) and the Transformation Programme"),
            ("86", "Work Programme"), ("87", "Questions from Panel Members")],
    "004": [("2", "Declarations of Pecuniary or other Interests"), ("3", "Minutes of Previous Meeting"),
            ("4", "Review of Terms of reference and Hallmarks of Good practice"),
            ("5", "Performance Report and Score Card summary"), ("6", "LAA 2"), ("7", "LAA 2 and related Action Plans"),
            ("8", "Information Sharing Project"), ("9", "Current Development Issues"), ("10", "EDAAT issues"), ("11", "AOB")],
}

EXPECTED_MEETINGS = {
    "000": ("Essex Police Performance and Resources Board", "Office of the Police, Fire and Crime Commissioner for Essex",
            date(2018, 7, 26), "09:30-12:30", "GF01, Kelvedon Park", {"present": 6, "guest": 8, "apologies": 7}),
    "001": ("Joint Performance and Resources Scrutiny Meeting", None, date(2016, 11, 7), "15:00",
            "Conference Room, Hoffmanns Way", {"present": 13}),
    "002": ("Business Coordination Board", "Cambridgeshire Police & Crime Commissioner", date(2015, 11, 26), "14:30",
            "Swansley A Room, Cambourne", {"present": 6, "in_attendance": 10, "apologies": 1}),
    "003": ("Dorset Police and Crime Panel", "Dorset County Council", date(2017, 9, 22), "10:00", "Committee Room 1",
            {"present": 1, "apologies": 3}),
    "004": ("Safer Essex", None, date(2008, 10, 2), None, None, {"present": 30, "apologies": 7}),
}


def sample(prefix: str) -> Path:
    return next(p for p in SAMPLES.glob(f"{prefix}_*.txt"))


@pytest.mark.parametrize("prefix", sorted(EXPECTED_ITEMS))
def test_every_agenda_item_has_its_printed_number_and_title(prefix):
    parsed = parse_minutes(sample(prefix))
    assert [(i.number, i.title) for i in parsed.items] == EXPECTED_ITEMS[prefix]


@pytest.mark.parametrize("prefix", sorted(EXPECTED_MEETINGS))
def test_meeting_metadata_and_attendance(prefix):
    board, organisation, day, time, location, counts = EXPECTED_MEETINGS[prefix]
    parsed = parse_minutes(sample(prefix))
    m = parsed.meeting
    assert (m.board, m.organisation, m.date, m.time, m.location) == (board, organisation, day, time, location)
    assert dict(Counter(a.role.value for a in parsed.attendees)) == counts


def test_numbered_paragraphs_and_trailing_text_belong_to_their_item():
    items = {i.number: i for i in parse_minutes(sample("002")).items}
    assert "4.3 The Commissioner commented" in items["4"].text
    assert "Sir Graham Bright" in items["19"].text  # the signature after the last item


def test_people_resolution_per_meeting():
    first = parse_minutes(sample("000"))
    stephen = next(a for a in first.attendees if a.name == "Stephen Kavanagh")
    assert stephen.initials == "SK" and not stephen.initials_printed
    assert next(a for a in first.attendees if a.name == "B-J Harrington").initials == "BJH"
    second = {a.ref: a for a in parse_minutes(sample("001")).actions}
    assert [(o.name, o.kind.value) for o in second["68/16"].owners][-1] == ("SD", "initials")
    assert ("CG", "initials") in [(o.name, o.kind.value) for o in second["71/16"].owners]
    essex = {a.ref: a for a in parse_minutes(sample("004")).actions}
    assert [o.name for o in essex["8"].owners] == ["Peter Lowton"]
    assert [(o.name, o.kind.value, o.initials) for o in essex["10"].owners] == [("Essex County Council", "organisation", "ECC")]
    assert essex["3"].owners[0].kind.value == "organisation"


NODEJS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "scale" / "nodejs-tsc"


@pytest.mark.skipif(not NODEJS.exists(), reason="../shared/corpus/scale/nodejs-tsc is not beside the project")
def test_markdown_notes_of_another_genre_parse_generally():
    files = sorted(NODEJS.glob("*.md"))
    dated = with_items = with_present = 0
    for path in files:
        parsed = parse_minutes(path)
        dated += parsed.meeting.date is not None and parsed.meeting.date.isoformat() == path.stem
        with_items += len(parsed.items) >= 2
        with_present += any(a.role.value == "present" for a in parsed.attendees)
    assert dated / len(files) >= 0.95
    assert with_items / len(files) >= 0.95
    assert with_present / len(files) >= 0.8
    parsed = parse_minutes(NODEJS / "2018-09-05.md")
    assert "Technical Steering Committee" in parsed.meeting.board
    owners = {o.name for a in parsed.actions for o in a.owners}
    assert "Rich Trott" in owners


# --- items from headings: numbers printed in headings, parts every item repeats ------------


def test_numbers_printed_in_headings_are_item_numbers(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("""# July 31, 2014 Meeting Notes

## Notes from secretariat

The secretariat reported on the schedule.

## 9.1-8 Date and place of the next meeting(s)

DH: January 27-29, 2015 at Mozilla.

#### Conclusion/Resolution

- John Neumann will update the agenda and schedule.

## 4.4 Follow up: Instantiation Reform (@@create)

AWB: You could imagine a splat that indicates no allocation.

#### Conclusion/Resolution

- Agreement to MM proposal: Allen to be the champion and work out the details remaining

## 5.1 Math.TAU

Discussion of the proposal.

#### Conclusion/Resolution

Rejected.
""")
    items = parse_minutes(path).items
    assert [(i.number, i.title) for i in items] == [
        (None, "Notes from secretariat"), ("9.1-8", "Date and place of the next meeting(s)"),
        ("4.4", "Follow up: Instantiation Reform (@@create)"), ("5.1", "Math.TAU")]
    # The heading each topic repeats is a part of the topic, with its words.
    assert "Allen to be the champion" in items[2].text
    assert "Rejected." in items[3].text


def test_dates_and_times_opening_headings_are_not_item_numbers(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("""# Board meeting

## 02 October 2018 / 18:30 / Manchester Central Library

Present: the board.

## 20:06 Open

The meeting opened.

## 3 Things to review

Budget, roads and the website.
""")
    assert [(i.number, i.title) for i in parse_minutes(path).items] == [
        (None, "02 October 2018 / 18:30 / Manchester Central Library"), (None, "20:06 Open"),
        ("3", "Things to review")]


def test_a_heading_repeated_under_one_heading_only_is_an_item(tmp_path):
    # A document that repeats itself (the same notes pasted twice) repeats its headings under
    # the same parent: they stay items.
    section = """## April 3

Notes of the day.

### March 27

Notes of the earlier week.

"""
    path = tmp_path / "archive.md"
    path.write_text("# Archive\n\n" + section + section)
    assert [i.title for i in parse_minutes(path).items] == ["April 3", "March 27", "April 3", "March 27"]


# --- the header read like any item ---------------------------------------------------------


def test_actions_in_the_header_are_found_and_have_no_item(tmp_path):
    # Bold pseudo-headings (read as plain lines) and one real heading at the end: everything
    # above "## Recording" is header.
    path = tmp_path / "tsc.md"
    path.write_text("""# 2016 12 15 TSC Minutes

**Action Item Review**

- Cello and Explorer teams to connect
- ACTION: Chris Ferris to start an email vote to approve Cello for incubation.
- ACTION: Todd to search availability and come back to TSC list with a plan.

**Whitepaper WG Update (Hart Montgomery)**

Plan is to finalize a whitepaper skeleton to be sent out in the next week.

## Recording

The recording is on the wiki.
""")
    parsed = parse_minutes(path)
    found = {a.description: a for a in parsed.actions}
    vote = next(a for d, a in found.items() if "start an email vote" in d)
    assert vote.item_number is None and [o.name for o in vote.owners] == ["Chris Ferris"]
    assert any("search availability" in d for d in found)


def test_attendance_lines_in_the_header_do_not_become_actions(tmp_path):
    # Names with positions and a margin of initials have the shape of an action table's rows.
    path = tmp_path / "scrutiny.txt"
    path.write_text("""Joint Performance and Resources Scrutiny Meeting 7th November 2016 15:00, Conference Room

Roger Hirst, Police and Crime Commissioner, OPCC\tRH
Jane Gardner, Deputy, Police and Crime Commissioner, OPCC\tJG
Vicki Harrington, Director of Strategic Change, EP\tVH
Richard Jones, Management Accounting and Insurance Manager, EP\tRJ

1. Apologies
None.
2. Attendance Report
VH to review how the ranking should be presented to the public.
3. Date of next meeting
24 November 2016.
""")
    parsed = parse_minutes(path)
    assert {a.name for a in parsed.attendees} >= {"Roger Hirst", "Vicki Harrington"}
    assert [a.item_number for a in parsed.actions] == ["2"]


def test_a_summary_of_actions_above_the_items_is_not_a_second_copy(tmp_path):
    path = tmp_path / "call.md"
    path.write_text("""# Call 88 Notes

## Actions Required

- James Hancock to follow up with Open Ethereum, Axic, and Martin to discuss EIP-2315 after this call

# 1. Berlin EIPs

Discussion of the integration.

## Action Items

- James Hancock to follow up with Open Ethereum, Axic, and Martin to discuss EIP-2315 after this call

# 2. Testing Updates

Done.
""")
    actions = parse_minutes(path).actions
    assert [(a.item_number, a.description[:30]) for a in actions] == [("1", "James Hancock to follow up wit")]
