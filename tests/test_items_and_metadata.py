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
