"""Reconciling a meeting's summary of actions with the actions written in its body.

Minutes often close with a summary: an action table ("Action | Responsible Person") or an
"Actions" list that restates, in fewer or other words, what the items recorded ("Bank
Mandate | Greg" for "... Bank Mandate Changes: ... Action Greg to get completed form").
An entry of the summary that agrees with a body action on its owners and whose topic words
the body action's words (or its paragraph's, or its item's) contain is that action: one
record is kept and the other fills in what it lacks (owners, due). A marked body line
("Action AB: ...") is kept over the summary; beside prose, a summary entry that gives work
("Create a discussion document ...") is kept, one that names only a topic yields. Prose that
repeats a marked action or a summary entry is merged the same way. A summary entry nothing
in the body accounts for stays an action of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from corpus.action_evidence import opens_with_work
from corpus.assignments import find_assignments
from corpus.models import ActionRecord


class Reading(str, Enum):
    """Where a record was read: in a summary of actions, or in the body of the minutes."""

    SUMMARY = "summary"  # an action table row, an entry of an action list
    EXPLICIT = "explicit"  # a marked line in the body: "Action AB: make B exist"
    PROSE = "prose"  # running text in the body


@dataclass
class ReadAction:
    """A record with what the reconciliation compares: where it was read and its surroundings."""

    record: ActionRecord
    reading: Reading
    paragraph: str = ""  # the paragraph the action was read from ("Bank Mandate Changes: ... Action Greg ...")
    item_text: str = ""  # its item's title and words
    topic: set[str] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        owner_words = {w for o in self.record.owners for w in topic_words(f"{o.name} {o.initials or ''} {o.as_written}")}
        self.topic = topic_words(self.record.description) - owner_words


# How much of a summary entry's topic the body action must contain: its own words and
# paragraph most of it; its item (a weaker tie) nearly all of a longer topic.
_NEAR = 0.5
_ITEM = 0.6
_ITEM_MIN_WORDS = 2
_REPEATED = 0.85  # a list or marked line repeating another item's: nearly all of its words
_REPEATED_MIN_WORDS = 5


def reconcile_summaries(read: list[ReadAction]) -> list[ActionRecord]:
    """The records of `read` in order, each restatement merged into the action it restates:
    a summary entry into a body action (see the module docstring), and prose into a marked
    action or summary entry it repeats ("Clerk to place on website" beside the table's
    "Signed minutes to Headteacher for file and to website | Clerk"). Each action absorbs
    one summary entry at most."""
    pairs: list[tuple[float, int, int]] = []  # (strength, restating index, restated index)
    for e_index, entry in enumerate(read):
        if entry.record.from_log or not entry.topic:
            continue
        for h_index, host in enumerate(read):
            if not _may_restate(entry, host) or not _owners_agree(entry.record, host.record):
                continue
            if host.reading is entry.reading and h_index > e_index:
                continue  # of two summaries, the later restates the earlier
            strength = _strength(entry, host)
            if strength:
                pairs.append((strength + (0.1 if host.reading is Reading.EXPLICIT else 0.0), e_index, h_index))
    merged: set[int] = set()
    taken: set[int] = set()  # actions that absorbed a summary entry
    dropped: set[int] = set()
    for _, e_index, h_index in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        entry, host = read[e_index], read[h_index]
        summary = Reading.SUMMARY in (entry.reading, host.reading)
        if e_index in merged or e_index in dropped or h_index in dropped or (summary and h_index in taken):
            continue
        merged.add(e_index)
        if summary:
            taken.add(h_index)
        keep, other = (host, entry) if _keeps_host(entry, host) else (entry, host)
        _fill(keep.record, other.record)
        dropped.add(h_index if keep is entry else e_index)
    return [r.record for index, r in enumerate(read) if index not in dropped]


def _may_restate(entry: ReadAction, host: ReadAction) -> bool:
    # A summary restates the body or another item's summary; prose restates a marked
    # action or a summary entry; a marked line may repeat one of another item.
    if host is entry or host.record.from_log:
        return False
    if host.reading is entry.reading:
        # Two prose actions, or two entries of one list, are two actions.
        return entry.reading is not Reading.PROSE and entry.record.item_position != host.record.item_position
    if entry.reading is Reading.EXPLICIT:
        return False  # prose and summaries restate marked lines, not the other way
    return not (entry.record.ref and host.record.ref)  # two refs are two actions


def _strength(entry: ReadAction, action: ReadAction) -> float:
    """How surely `action` is what `entry` restates: 2 + share of the entry's topic in
    its words and paragraph, 1 + share in its item (for summary entries), or 0."""
    topic = entry.topic
    near = action.topic | topic_words(action.paragraph)
    share = len(topic & near) / len(topic)
    both_owned = bool(entry.record.owners and action.record.owners)
    if entry.reading is action.reading:
        # One list or marked line repeating another's: most of its words, owners on both,
        # and words enough to be content ("Travis to follow-up" under two items is two actions).
        repeated = both_owned and len(topic) >= _REPEATED_MIN_WORDS and share >= _REPEATED
        return 2.0 + share if repeated else 0.0
    # Without owners on both sides only the topic ties them: all of it must be there.
    if share >= (_NEAR if both_owned else 1.0) and (both_owned or len(topic) >= _ITEM_MIN_WORDS):
        return 2.0 + share
    if not both_owned or len(topic) < _ITEM_MIN_WORDS or entry.reading is not Reading.SUMMARY:
        return 0.0
    if entry.record.item_position == action.record.item_position:
        return 0.0  # within one item, the item's words are the entry's own
    share = len(topic & topic_words(action.item_text)) / len(topic)
    return 1.0 + share if share >= _ITEM else 0.0


def _owners_agree(entry: ActionRecord, action: ActionRecord) -> bool:
    names, others = _names(entry), _names(action)
    return not names or not others or names == others


def _names(record: ActionRecord) -> set[str]:
    return {o.name.lower() for o in record.owners}


def _keeps_host(entry: ReadAction, host: ReadAction) -> bool:
    # A ref'd record keeps its ref; a marked body line is the minutes' own record; a summary
    # entry that gives work ("Create a discussion document ...") is explicit beside prose,
    # one that names only a topic ("Bank Mandate") yields to the prose that says the work.
    if entry.record.ref or host.record.ref:
        return bool(host.record.ref)
    if entry.reading is host.reading:
        # The reading among the minutes' own text is where it was minuted; a bare list of
        # actions ("Actions/On-going" above the minutes) restates it. Else the earlier stays.
        return _minuted_lines(host) >= _minuted_lines(entry)
    if Reading.EXPLICIT in (entry.reading, host.reading):
        return host.reading is Reading.EXPLICIT
    summary = entry if entry.reading is Reading.SUMMARY else host
    return (summary is host) == _gives_work(summary.record.description)


def _minuted_lines(read: ReadAction) -> int:
    """Lines of the record's item, title aside, that are not themselves actions."""
    return sum(1 for line in read.item_text.split("\n")[1:] if line.strip() and not _ACTION_WORD.search(line))


def _gives_work(text: str) -> bool:
    return opens_with_work(text) or any(a.start <= 40 for a in find_assignments(text))


def _fill(keep: ActionRecord, other: ActionRecord) -> None:
    keep.owners = keep.owners or other.owners
    if keep.due is None and other.due is not None:
        keep.due, keep.due_text = other.due, other.due_text


_WORD = re.compile(r"[a-z][a-z'’-]{2,}")
_ACTION_WORD = re.compile(r"\bactions?\b", re.IGNORECASE)
_STOP = frozenset({
    "the", "and", "for", "are", "was", "not", "now", "its", "his", "her", "our", "who", "can", "all", "any", "out",
    "has", "had", "that", "with", "this", "from", "they", "will", "would", "should", "agreed", "their", "there",
    "have", "been", "about", "which", "also", "into", "them", "once", "when", "done", "action", "actions",
})


def topic_words(text: str) -> set[str]:
    """The words of `text` that name what it is about (short ones too: summaries are terse),
    folded to a crude stem so that "appendix"/"appendices" and "update"/"updates" meet."""
    return {_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP}


def _stem(word: str) -> str:
    word = word.replace("’", "'").removesuffix("'s")
    for suffix in ("ices", "ix", "ies", "ing", "es", "ed", "s", "e", "y"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word
