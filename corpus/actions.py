"""Finding the actions minutes record, and the action-log updates on earlier ones.

The forms boards use, each handled by one function below:

* action tables: an Action column with Owner and Date columns beside it, several actions
  to a cell, owners and dates at the same height as their action (`_table_actions`);
* marked paragraphs: "Action 46/18 SK to ...", "Action Point 8: It was agreed that the
  target lead convenes ...", "Action: ... in May 2016", "... Action: JB" (`_marked_actions`);
* action logs: "65/16 – Harm index / Update: complete" under an Action Log or Matters
  Arising heading, which update actions from earlier meetings (`_log_updates`);
* informal notes with no formal actions at all: "Matteo will open an issue" (`_informal_actions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from corpus.action_owners import OwnerFinder
from corpus.action_tables import RowCells
from corpus.blocks import Paragraph
from corpus.assignments import split_sentences
from corpus.dates import find_dates, normalise_due
from corpus.due_dates import due_from_words
from corpus.items import ItemSection
from corpus.models import ActionRecord, ActionStatus, ActionUpdate
from corpus.assignments import AssignmentForm
from corpus.text_actions import ActionCandidate, Evidence, TextActionReader

from corpus.action_markers import LOG_REF
# "Action 46/18", "Action Point 8", "Action point 3 :", "ACTION 2 -", "Action No. 4"
_MARKER = re.compile(
    rf"^\s*actions?(?:\s+points?)?(?:\s+no\.?)?\s*(?P<ref>{LOG_REF}|\d{{1,3}}(?![\d/]))?\s*[:.\-–—]?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# A table's action cell: "65/16 – SH/VH to discuss ...", several to a line.
_CELL_REF = re.compile(rf"(?:(?<=\s)|^)(?:action\s+)?(?P<ref>{LOG_REF})\b\s*[:.\-–—]?\s*", re.IGNORECASE)
# "... and the paper circulated. Action: JB/SK" at the end of a paragraph.
_TRAILING_MARKER = re.compile(
    r"^(?P<text>.+?[.;)])\s*[(\[]?\s*actions?\s*(?:by)?\s*[:\-–]\s*"
    r"(?P<owners>[A-Z][A-Za-z]{1,3}(?:\s*(?:/|,|&|and)\s*[A-Z][A-Za-z]{1,3})*)\s*[)\]]?\s*\.?$"
)
_LIST_ITEM = re.compile(r"^\s*(?:\(?\d{1,2}\)|\(?[a-z]\)|\(?[ivx]{1,4}\)|[a-z]\.|[ivx]{1,4}\.|\d{1,2}\.(?!\d))\s")
_LOG_ENTRY = re.compile(rf"(?:(?<=\s)|^)(?P<ref>{LOG_REF})\s*[–—-]\s+(?=\S)")
_LOG_CONTEXT = re.compile(
    r"action log|actions? log|matters arising|outstanding actions|actions? (?:from|arising)|"
    r"(?:previous|last) (?:meeting|minutes)|action tracker|review of actions",
    re.IGNORECASE,
)
_UPDATE_PREFIX = re.compile(r"^\s*(?:update|progress|status)\s*[:\-–]\s*", re.IGNORECASE)
_CLOSED = re.compile(r"\b(complete[d]?|closed?|discharged|done|finished|resolved|achieved)\b", re.IGNORECASE)
_KEPT_OPEN = re.compile(
    r"\b(leave open|left open|remains? open|keep open|kept open|still open|ongoing|on-going|"
    r"carried forward|c/f|outstanding|not (?:yet )?(?:complete|closed|done)|in progress)\b",
    re.IGNORECASE,
)


@dataclass
class ExtractedActions:
    actions: list[ActionRecord]
    updates: list[ActionUpdate]


def extract_actions(items: list[ItemSection], owners: OwnerFinder, meeting_date: date | None) -> ExtractedActions:
    """All actions and action-log updates in a meeting's items, in document order."""
    actions: list[ActionRecord] = []
    updates: list[ActionUpdate] = []
    reader = TextActionReader(owners)
    per_item = [(item, reader.candidates(item)) for item in items]
    # Minutes that keep a formal action register (action tables, numbered actions) record
    # every action there; sentences like "the Treasurer to discuss ..." are then narrative.
    formal = any(_table_actions(item, owners, meeting_date) for item in items) or sum(
        1 for _, found in per_item for c in found if c.ref and c.evidence is Evidence.MARKER
    ) >= 2
    # Minutes that mark actions explicitly ("ACTION:", action sections) still record some in
    # minute-writers' imperative ("HR to chase Andy"); their other prose is narrative.
    marked = formal or any(c.evidence is not Evidence.PROSE for _, found in per_item for c in found)
    for item, found in per_item:
        actions.extend(_table_actions(item, owners, meeting_date))
        if formal:
            found = [c for c in found if c.evidence is not Evidence.PROSE]
        elif marked:
            found = [c for c in found if c.evidence is not Evidence.PROSE or c.form in _IMPERATIVE_FORMS]
        actions.extend(_record(candidate, item, meeting_date) for candidate in resolve_candidates(found))
        updates.extend(_log_updates(item))
    actions = _merge_same_ref(actions)
    actions.extend(_carried_forward(actions, updates))
    # A bare marker with nothing to do ("Action Point 3" and no text) is not an action.
    actions = [a for a in actions if a.description.strip()]
    return ExtractedActions(actions=actions, updates=updates)


def update_status(text: str) -> ActionStatus | None:
    """What an action-log update says of the action's status, if anything."""
    if _KEPT_OPEN.search(text):
        return ActionStatus.OPEN
    if _CLOSED.search(text):
        return ActionStatus.CLOSED
    return None


# --- action tables ---------------------------------------------------------------------


@dataclass
class _CellAction:
    ref: str | None
    line: int  # where the action starts in its cell
    text: str


def _table_actions(item: ItemSection, owners: OwnerFinder, meeting_date: date | None) -> list[ActionRecord]:
    records: list[ActionRecord] = []
    previous_row_had_action = False
    for part in item.parts:
        if not isinstance(part, RowCells):
            previous_row_had_action = False
            continue
        entries = _split_action_cell(part.action)
        if not entries:
            previous_row_had_action = False
            if part.has_owner_column and not part.has_action_column and part.owner.strip():
                records.extend(_owner_column_actions(part, item, owners, meeting_date))
            continue
        # An action cell that breaks across a page continues in the next row's cell.
        if (
            records
            and previous_row_had_action
            and entries[0].ref is None
            and not part.owner.strip()
            and not part.due.strip()
        ):
            records[-1].description = f"{records[-1].description} {entries[0].text}".strip()
            entries = entries[1:]
        owner_texts = _align(entries, part.owner)
        due_texts = _align(entries, part.due, dates=meeting_date)
        for entry, owner_text, due_text in zip(entries, owner_texts, due_texts):
            found = owners.from_owner_cell(owner_text) if owner_text else []
            if not found:
                found = owners.from_description(entry.text)
            due = normalise_due(due_text, meeting_date) if part.has_due_column else normalise_due(entry.text, meeting_date)
            records.append(
                ActionRecord(
                    ref=entry.ref,
                    description=entry.text,
                    owners=found,
                    due=due,
                    due_text=(due_text or None) if part.has_due_column else _due_text(entry.text, meeting_date),
                    item_number=item.number,
                    item_position=item.position,
                )
            )
        previous_row_had_action = True
    return records


def _split_action_cell(cell: str) -> list[_CellAction]:
    """Actions in one cell: each starts at a ref ("Action 46/18", "65/16 –") or a blank line."""
    entries: list[_CellAction] = []
    current: _CellAction | None = None
    blank_before = True
    for index, line in enumerate(cell.split("\n")):
        text = " ".join(line.split())
        if not text:
            blank_before = True
            continue
        starts = list(_CELL_REF.finditer(text))
        marker = _MARKER.match(text)
        if marker and marker.group("ref") and text.lower().startswith("action"):
            current = _CellAction(marker.group("ref"), index, marker.group("rest").strip())
            entries.append(current)
        elif starts and starts[0].start() == 0:
            for start, end in zip(starts, starts[1:] + [None]):
                chunk = text[start.end() : end.start() if end else None].strip()
                current = _CellAction(start.group("ref"), index, chunk)
                entries.append(current)
        elif current is None or (blank_before and current.text):
            current = _CellAction(None, index, text)
            entries.append(current)
        else:
            current.text = f"{current.text} {text}".strip()
        blank_before = False
    return [e for e in entries if e.text or e.ref]


def _align(entries: list[_CellAction], cell: str, dates: date | None = None) -> list[str]:
    """The text of a neighbouring cell (owner or date) that belongs to each action.

    Each non-empty line goes to the action whose lines it sits beside; several values on
    one line beside several actions on one line ("VH SH/VH", "22 nd December 27 th
    January 2017") are shared out in order.
    """
    result = [""] * len(entries)
    lines = [(i, " ".join(line.split())) for i, line in enumerate(cell.split("\n")) if line.strip()]
    if not lines or not entries:
        return result
    if len(entries) > 1 and len({e.line for e in entries}) == 1 and len(lines) == 1:
        pieces = _split_values(lines[0][1], len(entries), dates)
        if len(pieces) == len(entries):
            return pieces
    starts = [e.line for e in entries]
    for line_index, text in lines:
        target = 0
        for position, start in enumerate(starts):
            if start <= line_index:
                target = position
        result[target] = f"{result[target]} {text}".strip()
    return result


def _split_values(text: str, count: int, reference: date | None) -> list[str]:
    mentions = find_dates(text, reference)
    if len(mentions) == count:
        return [m.text for m in mentions]
    tokens = text.split()
    return tokens if len(tokens) == count else [text]


def _owner_column_actions(part: RowCells, item: ItemSection, owners: OwnerFinder, meeting_date: date | None) -> list[ActionRecord]:
    """Actions marked only by owners in a margin column, each beside the sentence it owns.

    The reader keeps the owner on the line it stands beside; the action is the sentence of
    the minutes that runs through that line. Owners side by side ("RH AW") are separate
    actions, owners joined ("AW/IB") share one.
    """
    text_lines = part.text.split("\n")
    owner_lines = part.owner.split("\n")
    if len(owner_lines) < len(text_lines) - 1:
        return _owners_in_order(part, item, owners, meeting_date)
    # The item's title line may have been taken off the text above its owners.
    offset = max(0, len(owner_lines) - len(text_lines))
    joined, starts = "", []
    for line in text_lines:
        starts.append(len(joined))
        joined += " ".join(line.split()) + " "
    sentences = [(start, start + len(sentence)) for start, sentence in split_sentences(joined)]
    used: set[int] = set()
    records: list[ActionRecord] = []
    for index, owner_line in enumerate(owner_lines):
        for group in owner_line.split():
            found = owners.from_owner_cell(group)
            if not found or not sentences:
                continue
            line = min(max(0, index - offset), len(text_lines) - 1)
            middle = starts[line] + len(" ".join(text_lines[line].split())) // 2
            position = next((i for i, (a, b) in enumerate(sentences) if a <= middle <= b + 1), len(sentences) - 1)
            # A line can hold the end of one sentence and the start of the next: the one
            # that names the owner is theirs.
            span_end = starts[min(line + 1, len(starts) - 1)] + len(text_lines[min(line + 1, len(text_lines) - 1)])
            near = [i for i, (a, b) in enumerate(sentences) if a <= span_end and b >= starts[line] and i not in used]
            naming = [i for i in near if _names_any(joined[sentences[i][0] : sentences[i][1]], found)]
            if naming:
                position = naming[0]
            while position in used and position + 1 < len(sentences):
                position += 1
            used.add(position)
            sentence = " ".join(joined[sentences[position][0] : sentences[position][1]].split()).lstrip("\uf0b7•- ")
            due_cell = _due_beside(part, index)
            records.append(
                ActionRecord(
                    ref=None,
                    description=sentence,
                    owners=found,
                    due=normalise_due(due_cell, meeting_date) if due_cell else due_from_words(sentence, meeting_date)[0],
                    due_text=due_cell or due_from_words(sentence, meeting_date)[1],
                    item_number=item.number,
                    item_position=item.position,
                )
            )
    return records


def _due_beside(part: RowCells, line: int) -> str:
    """The date cell's words beside an owner's line (or its only words)."""
    if not part.has_due_column or not part.due.strip():
        return ""
    lines = part.due.split("\n")
    if line < len(lines) and lines[line].strip():
        return lines[line].strip()
    filled = [l.strip() for l in lines if l.strip()]
    return filled[0] if len(filled) == 1 else ""


_ACTION_WORDING = re.compile(
    r"\b(?:will|would|to be|agreed|requested|asked|need(?:s|ed)? to|should|must|to (?:get|send|write|contact|issue|"
    r"arrange|compose|provide|finali[sz]e|sign|check|confirm|review))\b",
    re.IGNORECASE,
)


def _owners_in_order(part: RowCells, item: ItemSection, owners: OwnerFinder, meeting_date: date | None) -> list[ActionRecord]:
    """Owners beside a cell whose lines do not line up with them (a table rebuilt from text):
    each owner takes, in order, the next sentence that names them, or else the next one
    that gives work; the owner's date is the date cell's line of the same rank."""
    groups = [g for line in part.owner.split("\n") for g in line.split()]
    dues = [line.strip() for line in part.due.split("\n") if line.strip()] if part.has_due_column else []
    sentences = [s for _, s in split_sentences(" ".join(part.text.split()))]
    records: list[ActionRecord] = []
    after = -1
    for rank, group in enumerate(groups):
        found = owners.from_owner_cell(group)
        if not found or not sentences:
            continue
        later = range(after + 1, len(sentences))
        position = next((i for i in later if _names_any(sentences[i], found) and _ACTION_WORDING.search(sentences[i])), None)
        if position is None:
            position = next((i for i in later if _ACTION_WORDING.search(sentences[i])), None)
        if position is None:
            continue
        after = position
        due_text = dues[rank] if rank < len(dues) else (dues[-1] if len(dues) == 1 else "")
        records.append(
            ActionRecord(
                ref=None,
                description=sentences[position],
                owners=found,
                due=normalise_due(due_text, meeting_date) if due_text else due_from_words(sentences[position], meeting_date)[0],
                due_text=due_text or due_from_words(sentences[position], meeting_date)[1],
                item_number=item.number,
                item_position=item.position,
            )
        )
    return records


def _names_any(sentence: str, owners: list) -> bool:
    for owner in owners:
        names = [owner.initials, owner.as_written, owner.name, owner.name.split()[-1] if owner.name else None]
        for name in filter(None, names):
            if len(name) >= 2 and re.search(rf"\b{re.escape(name)}\b", sentence):
                return True
    return False


# --- action logs -----------------------------------------------------------------------


def _log_updates(item: ItemSection) -> list[ActionUpdate]:
    """Updates on earlier actions, from an item that reviews the action log."""
    updates: list[ActionUpdate] = []
    in_log = bool(_LOG_CONTEXT.search(item.title))
    current: ActionUpdate | None = None
    for line in _log_lines(item):
        if not in_log and _LOG_CONTEXT.search(line):
            in_log = True
        if not in_log:
            continue
        entries = list(_LOG_ENTRY.finditer(line))
        if not entries:
            if current is not None and (_UPDATE_PREFIX.match(line) or not _starts_new_topic(line)):
                current.text = f"{current.text}\n{line}"
                current.status = update_status(current.text)
            continue
        if entries[0].start() > 0 and current is not None:
            current.text = f"{current.text} {line[: entries[0].start()].strip()}"
        for entry, following in zip(entries, entries[1:] + [None]):
            body = line[entry.end() : following.start() if following else None].strip()
            current = ActionUpdate(ref=entry.group("ref"), text=body, status=update_status(body), item_number=item.number)
            updates.append(current)
    return updates


def _log_lines(item: ItemSection) -> list[str]:
    """The item's minutes text (not its action column), one paragraph a line."""
    lines: list[str] = []
    for part in item.parts:
        text = part.text
        lines.extend(" ".join(line.split()) for line in text.split("\n") if line.strip())
    return lines


def _starts_new_topic(line: str) -> bool:
    # Within a log, a line with no ref continues the entry unless it is a new heading.
    return len(line.split()) <= 6 and not line.endswith(".")


def _carried_forward(actions: list[ActionRecord], updates: list[ActionUpdate]) -> list[ActionRecord]:
    """Records for log entries whose action was set at a meeting we may not have."""
    known = {a.ref for a in actions if a.ref}
    records: list[ActionRecord] = []
    for update in updates:
        if update.ref in known:
            continue
        known.add(update.ref)
        records.append(
            ActionRecord(
                ref=update.ref,
                description=" ".join(update.text.split()),
                item_number=update.item_number,
                status=update.status or ActionStatus.OPEN,
                from_log=True,
            )
        )
    return records


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


def _due_text(text: str, meeting_date: date | None) -> str | None:
    due = normalise_due(text, meeting_date)
    if due is None:
        return None
    for mention in find_dates(text, meeting_date):
        if mention.iso == due:
            return mention.text
    return None


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
