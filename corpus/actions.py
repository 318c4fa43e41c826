"""Finding the actions minutes record, and the action-log updates on earlier ones.

Detectors propose actions wherever minutes write them: tables (`corpus.table_actions`,
`corpus.owner_columns`), marker lines, action sections, decision lists and prose
(`corpus.text_actions`), action logs (`corpus.action_logs`). The resolver here keeps one
action per piece of text, explicit evidence before prose, and one record per ref.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from corpus.action_logs import carried_forward, log_updates
from corpus.action_owners import OwnerFinder
from corpus.assignments import AssignmentForm
from corpus.due_dates import due_from_words
from corpus.items import ItemSection
from corpus.action_evidence import Modality, OwnerSupport
from corpus.models import ActionRecord, ActionUpdate, OwnerKind
from corpus.table_actions import table_actions
from corpus.work_verbs import is_work_verb
from corpus.text_actions import ActionCandidate, Evidence, TextActionReader


@dataclass
class ExtractedActions:
    actions: list[ActionRecord]
    updates: list[ActionUpdate]


def extract_actions(items: list[ItemSection], owners: OwnerFinder, meeting_date: date | None) -> ExtractedActions:
    """All actions and action-log updates in a meeting's items, in document order."""
    actions: list[ActionRecord] = []
    updates: list[ActionUpdate] = []
    reader = TextActionReader(owners)
    # The scorer decides which candidates are actions; only those say how the minutes mark theirs.
    per_item = [(item, [c for c in reader.candidates(item) if c.accepted]) for item in items]
    # Minutes that keep a formal action register (action tables, numbered actions) record
    # every action there; sentences like "the Treasurer to discuss ..." are then narrative.
    formal = any(table_actions(item, owners, meeting_date) for item in items) or sum(
        1 for _, found in per_item for c in found if c.ref and c.evidence is Evidence.MARKER
    ) >= 2
    # Minutes that mark actions explicitly ("ACTION:", action sections) still record some in
    # minute-writers' imperative ("HR to chase Andy"); their other prose is narrative.
    marked = formal or any(c.evidence is not Evidence.PROSE for _, found in per_item for c in found)
    listed: set[int] = set()  # records read from an action list, which may summarise the minutes
    marked_records: set[int] = set()  # records of marker lines, which a summary may repeat word for word
    for item, found in per_item:
        actions.extend(table_actions(item, owners, meeting_date))
        if formal:
            found = [c for c in found if c.evidence is not Evidence.PROSE]
        elif marked:
            # Prose beside marked actions is narrative unless it commits a known person
            # ("Dan will draft ..."); what restates a marked action the resolver drops.
            found = [c for c in found if c.evidence is not Evidence.PROSE or c.form in _IMPERATIVE_FORMS or _commits_person(c)]
        for candidate in resolve_candidates(found):
            record = _record(candidate, item, meeting_date)
            if candidate.evidence is Evidence.SECTION:
                listed.add(id(record))
            elif candidate.evidence is Evidence.MARKER:
                marked_records.add(id(record))
            actions.append(record)
        updates.extend(log_updates(item))
    actions = _merge_same_ref(actions)
    actions = _drop_summary_copies(actions, listed, marked_records)
    actions.extend(carried_forward(actions, updates))
    # A bare marker with nothing to do ("Action Point 3" and no text) is not an action.
    actions = [a for a in actions if a.description.strip()]
    return ExtractedActions(actions=actions, updates=updates)


# --- resolving candidates ------------------------------------------------------------

_IMPERATIVE_FORMS = (AssignmentForm.INFINITIVE, AssignmentForm.MANDATE)
_STRENGTH = {Evidence.MARKER: 3, Evidence.SECTION: 3, Evidence.DECISION: 2, Evidence.PROSE: 1}
_CONTENT_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_STOP = frozenset({"that", "with", "this", "from", "they", "will", "would", "should", "agreed", "their", "there", "have", "been", "about", "which", "also", "into"})


def resolve_candidates(candidates: list[ActionCandidate]) -> list[ActionCandidate]:
    """One candidate per action: explicit evidence wins over prose that restates it."""
    kept: list[ActionCandidate] = []
    for candidate in sorted(candidates, key=lambda c: -_STRENGTH[c.evidence]):
        if any(_same_action(candidate, other) for other in kept):
            continue
        kept.append(candidate)
    kept.sort(key=lambda c: c.line)
    return kept


def _same_action(candidate: ActionCandidate, other: ActionCandidate) -> bool:
    if candidate.description == other.description:
        return True
    if candidate.evidence is not Evidence.PROSE:
        return False
    if candidate.line in other.covers and _overlap(candidate.description, other.description) >= 0.5:
        return True
    if other.evidence is Evidence.PROSE:
        return False  # two prose actions of one person are two actions
    same_owners = {o.name.lower() for o in candidate.owners} == {o.name.lower() for o in other.owners}
    return same_owners and _overlap(candidate.description, other.description) >= 0.5


def _commits_person(candidate: ActionCandidate) -> bool:
    features = candidate.features
    return bool(
        features is not None and features.owner in (OwnerSupport.KNOWN, OwnerSupport.NAMED)
        and (features.modality is Modality.FUTURE or features.speaker_label)
        and is_work_verb(candidate.verb)  # "Alan will stand for re-election" is news
        and all(o.kind is OwnerKind.PERSON for o in candidate.owners)
    )


_SUMMARY_OVERLAP = 0.75
_SUMMARY_MIN_WORDS = 3


def _drop_summary_copies(actions: list[ActionRecord], listed: set[int], marked: set[int]) -> list[ActionRecord]:
    """An action restated in an action list of another item ("Actions Summary: Charles —
    Buy one 4TB disk ...") is the action already read, as is a marker line a summary repeats
    word for word; the first reading is kept. Running text repeated under two items is left
    alone: the minutes may mean both."""
    kept: list[ActionRecord] = []
    for action in actions:
        if id(action) in marked:
            text = " ".join(action.description.lower().split())
            owners = {o.name.lower() for o in action.owners}
            if not any(other.item_position != action.item_position and {o.name.lower() for o in other.owners} == owners
                       and " ".join(other.description.lower().split()) == text for other in kept):
                kept.append(action)
            continue
        if id(action) not in listed:
            kept.append(action)
            continue
        owners = {o.name.lower() for o in action.owners}
        names = {w for o in action.owners for w in _summary_words(f"{o.name} {o.as_written}")}
        words = _summary_words(action.description) - names
        text = " ".join(action.description.lower().split())
        copy = action.ref is None and not action.from_log and any(
            other.ref is None and other.item_position != action.item_position
            and {o.name.lower() for o in other.owners} == owners
            and (" ".join(other.description.lower().split()) == text
                 or _restates(words, _summary_words(other.description) - names))
            for other in kept
        )
        if not copy:
            kept.append(action)
    return kept


def _restates(words: set[str], other: set[str]) -> bool:
    # Both long enough to compare ("Niko to comment" restates nothing), and most of the
    # shorter one's words in the longer.
    shorter = min(len(words), len(other))
    if shorter < 2:
        return False
    shared = len(words & other) / shorter
    # Two words both in the longer ("Set an appropriate MOTD" in "... MOTD in response to ..."),
    # or most of three or more.
    return shared == 1.0 or shorter >= _SUMMARY_MIN_WORDS and shared >= _SUMMARY_OVERLAP


_SUMMARY_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_SUMMARY_STOP = _STOP | {"the", "and", "for", "are", "was", "not", "now", "its", "his", "her", "our", "who", "can", "all", "any", "out", "has", "had"}


def _summary_words(text: str) -> set[str]:
    # Short words count here ("put new CoC on website"): summaries are terse.
    return {w for w in _SUMMARY_WORD.findall(text.lower()) if w not in _SUMMARY_STOP}


def _words(text: str) -> set[str]:
    return {w for w in _CONTENT_WORD.findall(text.lower()) if w not in _STOP}


def _overlap(a: str, b: str) -> float:
    first, second = _words(a), _words(b)
    return len(first & second) / max(1, min(len(first), len(second)))


def _record(candidate: ActionCandidate, item: ItemSection, meeting_date: date | None) -> ActionRecord:
    due, due_text = due_from_words(candidate.due_source, meeting_date)
    if due is None and candidate.context and re.search(r"\bby\s+\w", candidate.context, re.IGNORECASE):
        # "By Sept. 8th we want a server running. Jonathan will set up a server": a deadline
        # stated just before the sentence that gives the work.
        due, due_text = due_from_words(candidate.context, meeting_date)
    return ActionRecord(
        ref=candidate.ref,
        description=" ".join(candidate.description.split()),
        owners=candidate.owners,
        due=due,
        due_text=due_text,
        item_number=item.number,
        item_position=item.position,
        status=candidate.status,
    )


def _merge_same_ref(actions: list[ActionRecord]) -> list[ActionRecord]:
    """An action restated under its agenda item ("88.1" in the summary and in item 1) is one."""
    by_ref: dict[str, ActionRecord] = {}
    merged: list[ActionRecord] = []
    for action in actions:
        first = by_ref.get(action.ref) if action.ref else None
        if first is None:
            if action.ref:
                by_ref[action.ref] = action
            merged.append(action)
            continue
        first.owners = first.owners or action.owners
        first.due = first.due or action.due
        first.due_text = first.due_text or action.due_text
    return merged
