"""Property tests: random minutes-like text never crashes the splitters or the action
extractor, and splitting never loses text (header and items together cover the body)."""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.action_tables import is_header_row
from corpus.blocks import Paragraph, Table
from corpus.errors import MinutesReadError
from corpus.minutes import block_lines, parse_document
from corpus.readers import read_document

MINUTES_LINES = [
    "1. Apologies", "2. Minutes of the last meeting", "2.1 The minutes were agreed.", "3ii Finance report", "Present:",
    "Apologies: Anna Hook (AH), Roger Hirst", "Action: JB to circulate the paper by 12 March 2019", "Action Point 3",
    "ACTIONS", "Ref\tAction\tOwner\tDue", "46/18\tSK to raise the paper\tSK\tNov 2018", "## Public questions",
    "* Rich will open an issue", "Minutes of the Police and Crime Panel held on 4 May 2017", "AOB", "a)",
    "Date of next meeting: 5 May 2020", "It was agreed that the Treasurer would report back.", "", "\t\t", "10.",
]
LINE = st.one_of(
    st.sampled_from(MINUTES_LINES),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"), max_size=60),
    st.text(alphabet="ab1.:\t()-*#", max_size=20),
)
WORD = re.compile(r"[^\W_]+")


def words(text: str) -> Counter:
    return Counter(w.casefold() for w in WORD.findall(text))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, min_size=1, max_size=40), st.sampled_from([".txt", ".md"]))
def test_random_minutes_never_crash_and_never_lose_text(lines, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"minutes{suffix}"
        path.write_text("\n".join(lines), encoding="utf-8")
        try:
            document = read_document(path)
        except MinutesReadError as error:  # empty or binary-looking: refused with a reason, never a crash
            assert error.reason and error.path == path
            return
        parsed = parse_document(document)  # splitting, attendance, metadata and actions all run
    # The body is every paragraph and table cell, except action tables' column headings
    # ("Ref | Action | Owner | Due"): structure repeated on each page, not text of the minutes.
    content = [b if isinstance(b, Paragraph) else Table([r for r in b.rows if not is_header_row(r)]) for b in document.blocks]
    body = words("\n".join(block_lines(content)))
    kept = words(parsed.header_text) + sum(
        (words(f"{item.number or ''} {item.title} {item.text}") for item in parsed.items), Counter())
    assert not body - kept, f"lost: {dict(body - kept)}"
    for action in parsed.actions:
        assert action.description.strip()
