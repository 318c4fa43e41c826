"""Boards, dates and "the last meeting" read from questions, against the sample meetings."""

import pytest

from retrieval.meeting_catalog import MeetingCatalog, MeetingRef
from retrieval.query_filters import QueryFilters, board_acronyms, parse_filters

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


def _walked(filters: QueryFilters, meetings: list[MeetingRef], use_dates: bool, use_boards: bool) -> set[str] | None:
    """The selection as a walk over every meeting makes it: what the catalog must agree with."""
    from retrieval.meeting_catalog import meeting_board_key

    if not filters.active:
        return None
    chosen = [m for m in meetings if not use_boards or not filters.boards or meeting_board_key(m) in filters.boards]
    if use_dates and (filters.date_from or filters.date_to):
        chosen = [m for m in chosen if m.date and (filters.date_from or "") <= m.date <= (filters.date_to or "9999")]
    if (filters.latest or filters.earliest) and chosen:
        dated = sorted((m for m in chosen if m.date), key=lambda m: m.date or "")
        if dated:
            chosen = [dated[-1] if filters.latest else dated[0]]
    return {m.source for m in chosen}


def test_the_catalog_selects_what_a_walk_over_every_meeting_selects():
    import random
    from retrieval.meeting_catalog import meeting_board_key

    rng = random.Random(7)
    boards = ["Safer Essex", "Dorset Police and Crime Panel", "Business Coordination Board", "Audit Committee"]
    days = [f"20{y:02d}-{m:02d}-{d:02d}" for y in (15, 16, 17) for m in (1, 6, 11) for d in (3, 20)]
    # Ties on a day, undated meetings and boards with few meetings are the cases a binary search gets wrong.
    meetings = [MeetingRef(f"m{i:03d}", rng.choice(boards), None, rng.choice(days + [None])) for i in range(300)]
    catalog = MeetingCatalog(meetings)
    keys = sorted({meeting_board_key(m) for m in meetings})
    bounds = [None, "2015-06-03", "2016-01-01", "2016-11-20", "2017-12-31", "2019-01-01"]
    checked = 0
    for _ in range(400):
        low, high = rng.choice(bounds), rng.choice(bounds)
        filters = QueryFilters(boards=frozenset(rng.sample(keys + ["no-such-board"], rng.randint(0, 2))),
                               date_from=low, date_to=high, latest=rng.random() < 0.3,
                               earliest=rng.random() < 0.15)
        for use_dates in (True, False):
            for use_boards in (True, False):
                expected = _walked(filters, meetings, use_dates, use_boards)
                assert filters.sources(catalog, use_dates, use_boards) == expected, filters
                checked += bool(expected)
    assert checked > 500  # most draws select something: the comparison is not between empty sets
