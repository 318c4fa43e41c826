"""Boards, dates and "the last meeting" read from questions, against the sample meetings."""

import pytest

from retrieval.query_filters import MeetingRef, board_acronyms, parse_filters

MEETINGS = [
    MeetingRef("004", "Safer Essex", None, "2008-10-02"),
    MeetingRef("002", "Business Coordination Board", "Cambridgeshire Police & Crime Commissioner", "2015-11-26"),
    MeetingRef("001", "Joint Performance and Resources Scrutiny Meeting", None, "2016-11-07"),
    MeetingRef("003", "Dorset Police and Crime Panel", "Dorset County Council", "2017-09-22"),
    MeetingRef("000", "Essex Police Performance and Resources Board", "Office of the Police, Fire and Crime Commissioner for Essex", "2018-07-26"),
]


@pytest.mark.parametrize("question, sources", [
    ("What did the Cambridgeshire board decide about restorative justice?", {"002"}),
    ("What can Dorset's digital dogs do?", {"003"}),
    ("What did Safer Essex agree about the alcohol strategy?", {"004"}),  # not every board saying "Essex"
    ("What was the forecast underspend reported in November 2016?", {"001"}),
    ("What happened at the last meeting of the P&R board?", {"000"}),
    ("What did the first P&R board discuss?", {"001"}),
    ("What was agreed between 2015 and 2016?", {"002", "001"}),
    ("What has been decided since March 2017?", {"003", "000"}),
    ("What was decided before 2010?", {"004"}),
    ("Who sent apologies to the Cambridgeshire Business Coordination Board in November 2015?", {"002"}),
    ("What was the forecast revenue overspend at quarter 1 of 2018/19?", None),  # a financial year, not a filter
    ("Which police station leases were ended?", None),  # "police" names no board in particular
])
def test_questions_name_meetings(question, sources):
    assert parse_filters(question, MEETINGS).sources(MEETINGS) == sources


def test_a_date_with_no_meeting_keeps_the_board_when_dates_are_dropped():
    filters = parse_filters("When is the next Safer Essex meeting after October 2008?", MEETINGS)
    assert filters.date_from == "2008-11-01"
    assert filters.sources(MEETINGS) == set()
    assert filters.sources(MEETINGS, use_dates=False) == {"004"}


def test_board_acronyms():
    assert {"P&R", "PR"} <= board_acronyms("Essex Police Performance and Resources Board")
    assert "EPPRB" in board_acronyms("Essex Police Performance and Resources Board")
