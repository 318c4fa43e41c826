"""Actions listed twice: once where they were minuted, once in a summary of actions above
the first item (the header).

The detectors read each item on its own, so a summary's copy of an action is a second
record. A header action that restates an action minuted in an item (wholly, or a part of
one: "Martin to discuss EIP-2315" out of "James to follow up with … and Martin to discuss
EIP-2315") is dropped; the minuted copy keeps its item.

Among the items, only one whose title names actions ("Actions/On-going", "Summary of
actions") above the minutes is taken for a summary, and only for actions restated in a
later item: two lists of actions among the items may hold two actions worded alike (the
same task for two topics), and telling a recap from them needs more than the wording.
"""

from __future__ import annotations

import re

from corpus.header_item import HEADER_POSITION
from corpus.models import ActionRecord

_CONTENT_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_MIN_WORDS = 4  # shorter descriptions ("Clerk to write to the council") recur as separate actions
_SAME_WORDS = 0.8  # share of the shorter description's words the other repeats


def without_restatements(actions: list[ActionRecord], summary_items: frozenset[int] = frozenset()) -> list[ActionRecord]:
    """The actions without the header's copies of actions minuted in the items, nor the
    copies in `summary_items` (positions of items titled as lists of actions) of actions
    minuted in a later item."""
    minuted = [a for a in actions if a.item_position != HEADER_POSITION]
    kept = [a for a in actions if a.item_position != HEADER_POSITION or not any(_restates(a, b) for b in minuted)]
    return [a for a in kept if a.item_position not in summary_items or not any(
        b.item_position is not None and a.item_position is not None and b.item_position > a.item_position
        and _restates(a, b) for b in kept)]


_ACTIONS_TITLE = re.compile(r"\bactions?\b", re.IGNORECASE)


def is_actions_title(title: str) -> bool:
    """An item title naming a list of actions: "Actions/On-going", "Summary of Actions"."""
    return bool(_ACTIONS_TITLE.search(title))


def header_first(actions: list[ActionRecord]) -> list[ActionRecord]:
    """Actions in document order: the header's before the items'."""
    return sorted(actions, key=lambda a: a.item_position != HEADER_POSITION)


def _restates(summary: ActionRecord, minuted: ActionRecord) -> bool:
    first, second = _flat(summary.description), _flat(minuted.description)
    ours, theirs = _content_words(first), _content_words(second)
    if min(len(ours), len(theirs)) < _MIN_WORDS:
        return first == second
    if first in second or second in first:
        return True
    same_owners = {o.name.lower() for o in summary.owners} == {o.name.lower() for o in minuted.owners}
    return same_owners and len(ours & theirs) >= _SAME_WORDS * min(len(ours), len(theirs))


def _flat(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _content_words(text: str) -> set[str]:
    return set(_CONTENT_WORD.findall(text))
