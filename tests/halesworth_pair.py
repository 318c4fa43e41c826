"""The Halesworth trustees' January and March 2016 minutes (../shared/corpus/real), read for
the continuity tests: January's actions built from their real sentences (the paragraph
before each "ACTION:AHop/MS" line, owners from the Present list), March's paragraphs from
parsing. The action extractor is being rewritten in parallel; once it reads these lines the
tests can take its records instead.
"""

from __future__ import annotations

import re
from pathlib import Path

from corpus.minutes import parse_minutes
from index.action_continuity import FollowedAction, ReportParagraph, report_paragraphs

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
JANUARY = REAL / "friends_of_halesworth_library_trustees_2016_01_26.pdf"
MARCH = REAL / "friends_of_halesworth_library_trustees_2016_03_15.pdf"

# What March says of each January action, read by hand: January paragraph -> (March paragraph, status).
# 2.1 (post the minutes), 10.1 (publicise the charity in the papers) and 14.1 (the TV in the
# window, cycle maps) are not reported on; March has similar-sounding paragraphs about the
# minutes (2.1), an advert in Community News (9.4) and the front window (3.3, 10.5).
EXPECTED = {"3.2": ("10.2", "done"), "6.3": ("5.2", "done"), "9.2": ("8.2", "carried forward"), "13.1": ("3.2", "done")}
JANUARY_ACTIONS = ("2.1", "3.2", "6.3", "9.2", "10.1", "13.1", "14.1")

_ACTION_TAIL = re.compile(r"\bACTION\s*:\s*(?P<owners>[A-Za-z]+(?:\s*/\s*[A-Za-z]+)*)\s*$")
_INITIALS = re.compile(r"(?P<name>[A-Z][a-z]+(?:[ -][A-Z][a-z\-]+)+)(?:,\s*\w+)?\s*\((?P<initials>[A-Za-z]{2,4})\)")


def available() -> bool:
    return JANUARY.exists() and MARCH.exists()


def january_actions() -> dict[str, FollowedAction]:
    """{paragraph number: action} for each paragraph followed by an ACTION line in January."""
    parsed = parse_minutes(JANUARY)
    names = {m.group("initials").casefold(): m.group("name") for m in _INITIALS.finditer(parsed.header_text)}
    actions: dict[str, FollowedAction] = {}
    for item in parsed.items:
        paragraphs = report_paragraphs(item.number, item.text)
        for paragraph in paragraphs:
            marker = _ACTION_TAIL.search(paragraph.text)
            if marker is None:
                continue
            initials = [o.strip() for o in marker.group("owners").split("/")]
            description = paragraph.text[: marker.start()].strip()
            owners = tuple(initials) + tuple(names[i.casefold()] for i in initials if i.casefold() in names)
            actions[paragraph.item_number] = FollowedAction(len(actions), description, owners)
    return actions


def march_paragraphs() -> list[ReportParagraph]:
    """March's items, as parsed, split into paragraphs."""
    parsed = parse_minutes(MARCH)
    return [p for item in parsed.items for p in report_paragraphs(item.number, item.text)]
