"""Meeting metadata from wherever minutes state it: header tables, labelled lines,
front matter (`start:`, `date:`, `title:`, minutes kept inside the front matter), a
printed year only, the file name as the last resort."""

from __future__ import annotations

from datetime import date

import pytest

from corpus.metadata import parse_meeting_header
from corpus.minutes import parse_minutes


def test_header_table_rows_give_title_and_date():
    meeting = parse_meeting_header(
        ["OPEN BOARD MEETING MINUTES", "Title of Meeting\t\tSuffolk Libraries IPS - Board Meeting",
         "Date\t\t27th October 2016", "Place\t\tBury Library", "Attendees\t\tTony Brown, Sylvia Knights"]
    )
    assert (meeting.board, meeting.organisation, meeting.date, meeting.location) == (
        "Suffolk Libraries IPS Board", "Suffolk Libraries IPS", date(2016, 10, 27), "Bury Library")


def test_body_of_an_organisation():
    meeting = parse_meeting_header(
        ["Minutes of Trustees of The Friends of Halesworth County Library Meeting of 26th January 2016"])
    assert (meeting.board, meeting.organisation, meeting.date) == (
        "Trustees of The Friends of Halesworth County Library", "The Friends of Halesworth County Library",
        date(2016, 1, 26))


def test_labelled_date_in_a_heading_and_month_day_year():
    meeting = parse_meeting_header(
        [], document_lines=["All Core Devs Meeting 88 Notes", "Meeting Date/Time: Friday, May 29 2020, 14:00 UTC"])
    assert meeting.date == date(2020, 5, 29)


@pytest.mark.parametrize(("name", "expected"), [
    ("hackspace_board_2018_10_02.md", date(2018, 10, 2)),  # the file's name agrees with the line below
    ("hackspace_board.md", date(2020, 10, 2)),  # nothing outweighs the header's own date
])
def test_a_date_below_the_header_outweighs_its_stamp_only_with_evidence(tmp_path, name, expected):
    # A wiki page's date stamp above the title; the meeting's date, time and place on the
    # line below it, which the item splitter already reads as the first section.
    path = tmp_path / name
    path.write_text("# 2020-10-02\n\n## Hackspace Board Meeting Minutes\n\n"
                    "## 02 October 2018 / 18:30 / Central Library /\n\nPresent: Mike Bratt, Ellen Pearce\n\n"
                    "### Finance\n\nThe accounts were approved.\n")
    assert parse_minutes(path).meeting.date == expected


def test_a_header_line_about_another_meeting_does_not_date_this_one():
    meeting = parse_meeting_header(
        ["SIG Node Meeting Notes", "Dec [all dates] - meetings canceled, next meeting Jan 2nd 2024", "Dec 5, 2023"])
    assert meeting.date == date(2023, 12, 5)


def test_front_matter_start_and_minutes_inside_the_front_matter(tmp_path):
    path = tmp_path / "autumn-chest-group-meeting.md"
    path.write_text("""---
title: Autumn Chest Group Meeting
start: 2021-09-28T13:00:19.304Z
location: MS Teams
agenda: >-
  This is what will be discussed in the meeting:


  * Actions from Previous Meeting (19 May 21)

  * Pricing Matrix
minutes: >-
  ### Attendance


  *Hesh Panditaratne, James Farrah*


  ### Actions


  1. Trusts to provide competencies \\[closed]

  2. To set up a December meeting \\[new for Helen Jeffrey]


  ### Key Discussion Points


  * Some Trusts competencies had been received.
---
""")
    parsed = parse_minutes(path)
    assert parsed.meeting.date == date(2021, 9, 28)
    assert parsed.meeting.board == "Autumn Chest Group"
    assert [i.title for i in parsed.items] == ["Actions", "Key Discussion Points"]
    assert "To set up a December meeting [new for Helen Jeffrey]" in parsed.items[0].text


def test_front_matter_date_when_the_text_has_none(tmp_path):
    path = tmp_path / "2020-04-28-Minutes-of-SCM-05.markdown"
    path.write_text("""---
layout: post
title:  "Minutes of Steering Committee Meeting No.5"
date:   2020-04-28 14:00:00 +1000
---

## Attendees
- [DC] Daniel Collins

### 1. Approval of Previous Minutes
Passed unanimously.

### 2. Website
The website was discussed.
""")
    parsed = parse_minutes(path)
    assert (parsed.meeting.board, parsed.meeting.date) == ("Steering Committee", date(2020, 4, 28))
    assert [(i.number, i.title) for i in parsed.items] == [("1", "Approval of Previous Minutes"), ("2", "Website")]


def test_a_printed_year_only_gives_that_year():
    meeting = parse_meeting_header(["No2ID Annual General Meeting", "1° — 2004"])
    assert (meeting.date, meeting.date_precision) == (date(2004, 1, 1), "year")
    assert meeting.board == "No2ID Annual General Meeting"


def test_file_name_is_the_last_resort():
    meeting = parse_meeting_header(["Agenda", "Check-in"], source_name="rust_leadership_council_2023_10_27.md")
    assert (meeting.board, meeting.date, meeting.date_precision) == (
        "Rust Leadership Council", date(2023, 10, 27), "day")


def test_date_headings_and_the_opening_title_are_not_items(tmp_path):
    path = tmp_path / "03-20-minutes.md"
    path.write_text("""## TAG Teleconference
##### 20 March 2018

Present: Peter, Dan, David

---

## Agenda:

### Web Share Target API - David

ACTION: Bumped to next teleconference.

### Img decoding attribute - David, Sangwhan

David: Don't have anything better at the moment.
""")
    parsed = parse_minutes(path)
    assert parsed.meeting.date == date(2018, 3, 20)
    assert parsed.meeting.board == "TAG Teleconference"
    assert [i.title for i in parsed.items] == ["Web Share Target API - David", "Img decoding attribute - David, Sangwhan"]
