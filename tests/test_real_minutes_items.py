"""On the shared real minutes (`../shared/corpus/real`, 15 organisations): every gold item
of real-actions.jsonl and real-questions.jsonl exists as an item, and each meeting is
dated as real-SOURCES.md gives it (the year only where the minutes print only a year).

Skipped with a message when the shared corpus is not beside the project; a file whose
converter (LibreOffice, OCR) is not installed here is skipped, naming the package.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from corpus.minutes import parse_minutes
from corpus.models import ParsedMinutes
from tests.converters import missing_converter
from tests.real_corpus import REAL, expected_dates, gold_items, item_found

pytestmark = pytest.mark.skipif(not REAL.exists(), reason=f"the shared real minutes are not at {REAL}")

SOURCES = sorted(expected_dates()) if REAL.exists() else []


@lru_cache(maxsize=None)
def _parse(name: str) -> ParsedMinutes:
    return parse_minutes(REAL / name)


def parsed(name: str) -> ParsedMinutes:
    """The file's minutes; skips when its converter is missing here. Any other read error fails."""
    missing = missing_converter(REAL / name)
    if missing:
        pytest.skip(f"{name}: {missing}")
    return _parse(name)


def test_the_sources_table_lists_every_real_file():
    assert sorted(p.name for p in REAL.iterdir()) == SOURCES


@pytest.mark.parametrize("name", SOURCES)
def test_every_gold_item_exists(name):
    numbers = [item.number for item in parsed(name).items]
    missing = sorted(g for g in gold_items().get(name, set()) if not item_found(g, numbers))
    assert not missing, f"items found: {numbers}"


@pytest.mark.parametrize("name", SOURCES)
def test_meeting_is_dated_as_the_sources_give_it(name):
    expected = expected_dates()[name]
    meeting = parsed(name).meeting
    if expected.year_only:
        assert (meeting.date_precision, meeting.date.year) == ("year", int(expected.iso[:4]))
    else:
        assert (meeting.date_precision, str(meeting.date)) == ("day", expected.iso)


@pytest.mark.parametrize("name", SOURCES)
def test_board_is_a_name_not_a_line_of_the_page(name):
    meeting = parsed(name).meeting
    assert meeting.board != "Unknown board"
    assert len(meeting.board.split()) <= 10
    for junk in ("subject to", "title:", "present", "minutes", "draft", '"'):
        assert junk not in meeting.board.lower()
