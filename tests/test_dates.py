"""Due dates as minutes write them, normalised against the meeting date."""

from datetime import date

import pytest

from corpus.dates import find_dates, normalise_due, parse_meeting_date


@pytest.mark.parametrize(
    "text, meeting, expected",
    [
        ("22 nd December", date(2016, 11, 7), "2016-12-22"),
        ("27 th January 2017", date(2016, 11, 7), "2017-01-27"),
        ("30 th November", date(2016, 11, 7), "2016-11-30"),
        ("November 2018", date(2018, 7, 26), "2018-11"),
        ("27 July 2018", date(2018, 7, 26), "2018-07-27"),
        ("Safer Essex consider the issues pertinent to Refresh at the January 2009 meeting.", date(2008, 10, 2), "2009-01"),
        ("endorsed subject to final sign off by the end of October 2008. Out by the end of November 2008.", date(2008, 10, 2), "2008-10"),
        ("Equality and Diversity update paper to Board in May 2016.", date(2015, 11, 26), "2016-05"),
        ("the minutes of 26 June 2018 were approved", date(2018, 7, 26), None),
        ("TBC", date(2018, 7, 26), None),
        ("", date(2018, 7, 26), None),
    ],
)
def test_normalise_due(text, meeting, expected):
    assert normalise_due(text, meeting) == expected


def test_numbers_that_are_not_dates():
    text = "the 2018/19 budget may be met; JB joined at 10.20am; see 4.1 and Quarter 1; we march on"
    assert find_dates(text, date(2018, 7, 26)) == []


@pytest.mark.parametrize(
    "line, expected",
    [
        ("26 July 2018, 0930 to 1230, GF01, Kelvedon Park", date(2018, 7, 26)),
        ("Joint Performance and Resources Scrutiny Meeting 7th November 2016 15:00", date(2016, 11, 7)),
        ("Friday, 22nd September, 2017 10.00 am", date(2017, 9, 22)),
        ("Node.js Foundation TSC Meeting 2018-09-05", date(2018, 9, 5)),
        ("Tuesday 03/03/2020", date(2020, 3, 3)),
        ("No date here", None),
    ],
)
def test_meeting_dates(line, expected):
    assert parse_meeting_date(line) == expected
