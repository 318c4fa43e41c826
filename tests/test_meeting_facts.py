"""Meeting facts read from the text: where the meeting was held and when (and where) the next
one is, stored with the meeting and used in answers.

Real minutes of the shared corpus (skipped when it is absent), small documents made here, a
store round trip on SQLite and PostgreSQL (including a database made before the columns
existed), and the answers built from what was stored.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from corpus.meeting_place import place_phrase
from corpus.metadata import parse_meeting_header
from corpus.minutes import parse_minutes
from corpus.next_meeting import next_meeting
from index.store import Store
from retrieval.meeting_answers import meeting_details, next_meeting_answer
from retrieval.meeting_catalog import MeetingRef
from tests.real_corpus import SHARED

CORPUS = SHARED / "corpus"

# Places as the minutes state them, read from each document by hand; None: the minutes give none.
REAL_PLACES = [
    ("real/northwold_whittington_parish_council_2016_10_04.md", "The Village Hall, Northwold"),
    ("real/stoke_ferry_parish_council_2018_02_07.md", "Stoke Ferry Village Hall"),
    ("real/wereham_parish_council_extraordinary_2016_04_12.md", "Wereham Village Hall"),
    ("real/suffolk_libraries_ips_board_2012_09_11.pdf", "SALC, Claydon"),
    ("real/uk_python_association_general_meeting_2018_09_15.rst", "City Hall, Cardiff"),
    ("real/osm_belgium_board_2017_08_25.md", None),  # "2017-08-25 : Board meeting" names no place
    ("real/ethereum_allcoredevs_088_2020_05_29.md", None),  # "14:00 UTC" is a time zone
    ("real-b/srcf_executive_2014_01_17.html", "The Castle, Castle St, Cambridge"),
    ("real-b/govan_community_council_2024_06_03.docx", "the Board Room, Elderpark Workspace"),
    ("real-b/hackerspacesg_plenum_2021_01_19.md", "Zoom"),  # a "Venue" line over "Zoom"
    ("real-b/manordeilo_salem_community_council_2020_11_11.html", "Zoom"),
    ("real-b/psf_board_2004_06_15.rst", "Internet Relay Chat"),
    ("real-b/local_public_data_panel_2013_10_17.pdf", "Open Data Institute, 65 Clifton Street, London EC2A 4JE"),
    ("real-b/hackspace_manchester_board_2018_10_02.md", "Manchester Central Library"),
    ("real-b/decoy_primary_bm_committee_2022_05_16.pdf", None),  # the school's name is not the venue
    ("real-b/transparency_senior_officials_group_2012_04_26.md", None),
]

# The next meeting as the minutes state it: ISO day and place.
REAL_NEXT = [
    ("minutes/002_4f17c99a753820d4.txt", "2015-12-16", "Cambourne"),
    ("real/northwold_whittington_parish_council_2016_10_04.md", "2016-11-01", "Northwold Village Hall"),
    ("real/rse_aunz_steering_committee_2020_04_28.markdown", "2020-05-26", None),  # under a "Next Meeting" heading
    ("real/suffolk_libraries_ips_open_board_2016_10_27.pdf", "2016-12-15",
     "Riverside Community Centre, Stratford St. Andrew"),
    ("real/stoke_ferry_parish_council_2018_02_07.md", "2018-03-07", None),  # not its own date in the title
    ("real-b/hyperledger_tsc_2016_12_15.md", "2017-01-05", None),  # "January 5th" after a December meeting
    ("real-b/crime_justice_transparency_panel_2014_02_14.pdf", "2014-05-02", None),
    ("real-b/hackerspacesg_plenum_2021_01_19.md", "2021-02-16", None),  # not "Chinese New Year ... 2021-02-12"
    ("real-b/govan_community_council_2024_06_03.docx", "2024-07-08", "Elderpark Workspace"),
    ("real-b/decoy_primary_bm_committee_2022_05_16.pdf", "2022-07-04", None),
    ("real-b/osgeo_uk_agm_2023_11_20.md", None, None),  # "at similar date next year, to be decided"
    ("real/rust_leadership_council_2023_10_27.md", None, None),  # only "by next meeting" deadlines
]


def _real(relative: str) -> Path:
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(f"the shared corpus is not beside the project ({path} is absent)")
    return path


@pytest.mark.parametrize("relative, place", REAL_PLACES)
def test_the_place_real_minutes_state(relative, place):
    assert parse_minutes(_real(relative)).meeting.location == place


@pytest.mark.parametrize("relative, day, place", REAL_NEXT)
def test_the_next_meeting_real_minutes_state(relative, day, place):
    meeting = parse_minutes(_real(relative)).meeting
    assert (meeting.next_meeting, meeting.next_meeting_place) == (day, place)
    if day:
        assert meeting.next_meeting_text and "next" in meeting.next_meeting_text.lower()


@pytest.mark.parametrize("lines, place", [
    (["Finance Committee", "Venue: Council Chamber, Town Hall", "Date: 3 May 2022"], "Council Chamber, Town Hall"),
    (["Steering Group", "Where: Zoom", "When: 3 May 2022"], "Zoom"),
    (["MINUTES OF THE BOARD MEETING HELD AT THE OLD SCHOOL HOUSE, LITTLE WIGTON ON 3 MAY 2022 AT 7PM"],
     "The Old School House, Little Wigton"),
    (["Board of Trustees", "The meeting was held via Microsoft Teams on 3 May 2022 at 10am."], "Microsoft Teams"),
    (["Board meeting", "3 May 2022, 10:00-12:00, Room 4.12, Brunel Building"], "Room 4.12, Brunel Building"),
    (["Parish Council", "3 May 2022 at 7.30 pm", "St Mary's Church Hall"], "St Mary's Church Hall"),
    # Not places: a title's "Minutes", a time zone, an organisation's name, an employer in the attendance.
    (["Board meeting 3 May 2022 Minutes"], None),
    (["Community call", "Date: 3 May 2022, 17:00 UTC"], None),
    (["Office of the Police and Crime Commissioner", "Performance Board", "3 May 2022"], None),
    (["Senior Officials' Group", "3 May 2022", "Attendees:", "Helen Smith, Home Office"], None),
])
def test_place_from_small_headers(lines, place):
    assert parse_meeting_header(lines).location == place


@pytest.mark.parametrize("lines, time", [
    (["MINUTES OF THE PARISH COUNCIL MEETING HELD AT THE VILLAGE HALL Tuesday 4th October 2016 at 7.30pm"], "19:30"),
    (["Transparency Panel", "10:00- 11:30, 14 February 2014"], "10:00-11:30"),
    (["The meeting was held on Friday 17th January 2014, between 7:30pm and 10pm, at The Castle."], "19:30"),
    (["Board meeting 3 May 2022", "Room 4.12, Brunel Building"], None),  # a room number, on another line
])
def test_time_on_the_line_that_gives_the_date(lines, time):
    assert parse_meeting_header(lines).time == time


def test_place_phrase_after_a_next_meetings_date():
    assert place_phrase(" at 7.30pm in Northwold Village Hall.") == "Northwold Village Hall"
    assert place_phrase(" at 14.30 at Cambourne.") == "Cambourne"
    assert place_phrase(" at 6.30 pm – Annual Parish Meeting") is None
    assert place_phrase(", 14:00 UTC") is None


MEETING = date(2016, 12, 15)


@pytest.mark.parametrize("lines, day", [
    (["9. Any other business", "None.", "10. Date of next meeting", "Tuesday 14th March 2017 at 7.30pm"], "2017-03-14"),
    (["Next meeting: Jan 5"], "2017-01-05"),  # a day and month without a year: the next such day
    (["The board is due to meet again on 12 January 2017."], "2017-01-12"),
    (["The next meeting will be on 5 January."], "2017-01-05"),
    # Not the next meeting's date: a deadline, the meeting's own date, a date long after, another date.
    (["Clerk to report back at the next meeting on 5 January."], None),
    (["Items for the next meeting: budget papers due 5 January."], None),
    (["Draft minutes subject to approval at the next meeting", "Meeting of 15 December 2016"], None),
    (["Date of next meeting: 3 March 2019"], None),
    (["The minutes of the last meeting held on 17 November 2016 were approved."], None),
    (["Next Meeting", "The budget was set on 20 December 2016 by a vote of 5 to 2 after a long debate about it."], None),
])
def test_next_meeting_from_small_texts(lines, day):
    found = next_meeting(lines, MEETING)
    assert (found.date if found else None) == day


def test_next_meeting_is_stored_and_answered(store, tmp_path):
    first = tmp_path / "harbour_board_2016_12_15.md"
    first.write_text(
        "Harbour Board\n\nMinutes of the meeting held at the Harbour Master's Office, Quay Street on 15 December 2016\n\n"
        "1. Dredging\n\nThe board agreed the dredging contract.\n\n"
        "2. Date of next meeting\n\nThe next meeting will be held on 12 January at 10.00 in the Lifeboat House.\n")
    stored = store.ingest(parse_minutes(first), first)
    assert stored.outcome == "added"
    [summary] = store.meetings()
    assert (summary.location, summary.next_meeting, summary.next_meeting_place) == (
        "the Harbour Master's Office, Quay Street", "2017-01-12", "the Lifeboat House")
    document = store.document(first.name)
    assert document.next_meeting == "2017-01-12" and "12 January" in document.next_meeting_text

    meetings = {first.name: MeetingRef(first.name, summary.board, None, "2016-12-15")}
    answer = next_meeting_answer(meetings[first.name], meetings, store)
    assert answer.source == first.name
    assert "12 January 2017" in answer.text and "Lifeboat House" in answer.text
    assert "Harbour Master's Office" in meeting_details(meetings[first.name], store)

    # A later stored meeting of the board that states no next meeting: the answer falls back to it.
    later = tmp_path / "harbour_board_2017_01_12.md"
    later.write_text("Harbour Board\n\nMinutes of 12 January 2017\n\n1. Dredging\n\nWork has started.\n")
    store.ingest(parse_minutes(later), later)
    meetings[later.name] = MeetingRef(later.name, summary.board, None, "2017-01-12")
    assert next_meeting_answer(meetings[later.name], meetings, store) is None
    assert "12 January 2017" in next_meeting_answer(meetings[first.name], meetings, store).text


def test_a_database_from_before_the_columns_opens_and_is_filled_again(store, tmp_path):
    with store.engine.begin() as connection:
        for column in ("next_meeting", "next_meeting_text", "next_meeting_place"):
            connection.execute(text(f"ALTER TABLE meetings DROP COLUMN {column}"))
    assert "next_meeting" not in {c["name"] for c in inspect(store.engine).get_columns("meetings")}
    reopened = Store(store.engine)  # what `Store.open` does for an older database
    assert {"next_meeting", "next_meeting_text", "next_meeting_place"} <= {
        c["name"] for c in inspect(reopened.engine).get_columns("meetings")}
    path = tmp_path / "board_2020_03_03.md"
    path.write_text("Board\n\nMinutes of 3 March 2020\n\n1. Next meeting\n\nNext meeting: 7 April 2020\n")
    reopened.ingest(parse_minutes(path), path)
    assert reopened.meetings()[0].next_meeting == "2020-04-07"
