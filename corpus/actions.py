"""Finding the actions minutes record, and the action-log updates on earlier ones.

Detectors propose actions wherever minutes write them: tables (`corpus.table_actions`,
`corpus.owner_columns`), marker lines, action sections, decision lists and prose
(`corpus.text_actions`), action logs (`corpus.action_logs`). The resolver here keeps one
action per piece of text, explicit evidence before prose, and one record per ref; a summary
of actions (closing table, "Actions" list) is reconciled with the body's actions by
`corpus.action_restatements`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from corpus.action_evidence import DocumentMarking, Modality
from corpus.action_logs import carried_forward, log_updates
from corpus.action_owners import OwnerFinder
from corpus.action_restatements import ReadAction, Reading, reconcile_summaries
from corpus.blocks import Paragraph
from corpus.due_dates import due_from_words
from corpus.items import ItemSection
from corpus.models import ActionRecord, ActionUpdate
from corpus.table_actions import table_actions
from corpus.work_verbs import is_work_verb
from corpus.text_actions import ActionCandidate, Evidence, TextActionReader


@dataclass
class ExtractedActions:
    actions: list[ActionRecord]
    updates: list[ActionUpdate]


def extract_actions(
    items: list[ItemSection], owners: OwnerFinder, meeting_date: date | None, day_known: bool = True,
) -> ExtractedActions:
    """All actions and action-log updates in a meeting's items, in document order."""
    updates: list[ActionUpdate] = []
    reader = TextActionReader(owners)
    tables = [table_actions(item, owners, meeting_date, day_known) for item in items]
    candidates = [reader.candidates(item) for item in items]
    # Minutes that mark their actions (tables, markers, action lists) record most of them
    # so: that is evidence against their prose, weighed by the scorer with the rest.
    marking = _document_marking(tables, candidates)
    read: list[ReadAction] = []
    marked_records: set[int] = set()  # records of marker lines, which a summary may repeat word for word
    for item, rows, found in zip(items, tables, candidates):
        item_text = f"{item.title}\n{item.text}"
        read.extend(ReadAction(row, Reading.SUMMARY, item_text=item_text) for row in rows)
        found = [_beside(c, marking) for c in found]
        for candidate in resolve_candidates([c for c in found if c.accepted]):
            record = _record(candidate, item, meeting_date, day_known)
            if candidate.evidence is Evidence.MARKER:
                marked_records.add(id(record))
            read.append(ReadAction(record, _READING[candidate.evidence], paragraph=_paragraph_of(item, record.description),
                                   item_text=item_text))
        updates.extend(log_updates(item))
    actions = _drop_marker_copies([r.record for r in read], marked_records)
    kept = {id(a) for a in actions}
    actions = reconcile_summaries([r for r in read if id(r.record) in kept])
    actions = _merge_same_ref(actions)
    actions.extend(carried_forward(actions, updates))
    # A bare marker with nothing to do ("Action Point 3" and no text) is not an action.
    actions = [a for a in actions if a.description.strip()]
    return ExtractedActions(actions=actions, updates=updates)


_READING = {Evidence.MARKER: Reading.EXPLICIT, Evidence.DECISION: Reading.EXPLICIT, Evidence.SECTION: Reading.SUMMARY,
            Evidence.PROSE: Reading.PROSE}


def _document_marking(tables: list[list[ActionRecord]], candidates: list[list[ActionCandidate]]) -> DocumentMarking:
    explicit = [c for found in candidates for c in found if c.accepted and c.evidence is not Evidence.PROSE]
    if any(tables) or sum(1 for c in explicit if c.ref and c.evidence is Evidence.MARKER) >= 2:
        return DocumentMarking.REGISTER
    return DocumentMarking.MARKED if explicit else DocumentMarking.NONE


def _beside(candidate: ActionCandidate, marking: DocumentMarking) -> ActionCandidate:
    """A prose candidate, weighed knowing how the rest of its document marks actions."""
    features = candidate.features
    if features is None or candidate.evidence is not Evidence.PROSE or marking is DocumentMarking.NONE:
        return candidate
    # Beside marked actions, what prose reports someone will or would do must be work ("Alan
    # will stand for re-election" is news); the scribe's own "X to prep ..." is an instruction.
    work = features.work_verb and (features.modality is Modality.IMPERATIVE or not candidate.verb or is_work_verb(candidate.verb))
    return replace(candidate, features=replace(features, document_marking=marking, work_verb=work))


def _paragraph_of(item: ItemSection, description: str) -> str:
    """The paragraph of `item` an action's words were read from, for the topic it opens with."""
    words = " ".join(description.split())[:40].lower()
    for part in item.parts:
        if isinstance(part, Paragraph) and words in " ".join(part.text.split()).lower():
            return part.text
    return ""


# --- resolving candidates ------------------------------------------------------------

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


def _drop_marker_copies(actions: list[ActionRecord], marked: set[int]) -> list[ActionRecord]:
    """A marker line a summary repeats word for word under another item is the action
    already read; the first reading is kept."""
    kept: list[ActionRecord] = []
    for action in actions:
        if id(action) in marked:
            text = " ".join(action.description.lower().split())
            owners = {o.name.lower() for o in action.owners}
            if any(other.item_position != action.item_position and {o.name.lower() for o in other.owners} == owners
                   and " ".join(other.description.lower().split()) == text for other in kept):
                continue
        kept.append(action)
    return kept


def _words(text: str) -> set[str]:
    return {w for w in _CONTENT_WORD.findall(text.lower()) if w not in _STOP}


def _overlap(a: str, b: str) -> float:
    first, second = _words(a), _words(b)
    return len(first & second) / max(1, min(len(first), len(second)))


def _record(candidate: ActionCandidate, item: ItemSection, meeting_date: date | None, day_known: bool) -> ActionRecord:
    due, due_text = due_from_words(candidate.due_source, meeting_date, day_known)
    if due is None and candidate.context and re.search(r"\bby\s+\w", candidate.context, re.IGNORECASE):
        # "By Sept. 8th we want a server running. Jonathan will set up a server": a deadline
        # stated just before the sentence that gives the work.
        due, due_text = due_from_words(candidate.context, meeting_date, day_known)
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
