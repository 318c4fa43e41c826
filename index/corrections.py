"""Admins' corrections of action records: which record each one corrects, and the record corrected.

A correction names its action by what survives re-reading the minutes: the meeting (board
and date, which a DOCX/PDF twin of the same minutes shares; the file for undated minutes)
and the action's ref, else its description. Descriptions are matched tolerantly (word
overlap), so a re-read that changes a line break or a word still finds the record; a
correction that finds no record is an orphan, reported, never dropped. The pure part here
works on plain records; `index.store.Store.actions` applies it, so every consumer (answers,
`/actions`, the Home tab, reminders, `minutes actions`) sees corrected records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from index.views import ActionView, OwnerView, follow_up_state

CHANGE, NOT_ACTION, ADD = "change", "not_action", "add"
STATUSES = ("open", "closed")
# Share of the longer description's words the other must hold to be the same action. Two
# actions of one item rarely share more than half their words; a re-read differs by a few.
MIN_WORD_OVERLAP = 0.6
_WORD = re.compile(r"\w+")
_DUE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


class CorrectionError(ValueError):
    """A correction that cannot be made, with the reason in words."""


@dataclass(frozen=True)
class ActionKey:
    """What identifies an action across re-readings (see the module docstring)."""

    board_key: str
    meeting_date: str | None
    source: str
    ref: str | None
    item: str | None
    description: str

    def same_meeting(self, other: "ActionKey") -> bool:
        if self.meeting_date and other.meeting_date:
            return self.board_key == other.board_key and self.meeting_date == other.meeting_date
        return self.source == other.source


@dataclass(frozen=True)
class CorrectionView:
    """One stored correction, and where it applies now (`applied_to`: None when orphaned)."""

    id: int
    kind: str  # change, not_action or add
    key: ActionKey
    owner: str | None
    owner_initials: str | None
    due: str | None
    status: str | None
    original: dict  # {"owners": [...], "due": ..., "status": ...} as the reader had them
    corrected_by: str
    corrected_at: datetime
    orphan_notified_at: datetime | None = None
    applied_to: str | None = None  # the file whose action it corrects now

    @property
    def orphaned(self) -> bool:
        return self.applied_to is None

    def describe(self) -> str:
        """"46/18 (Essex board 2018-07-27, 000_x.txt): owner → Anna Hook, by UADMIN 2026-12-04 20:10"."""
        what = self.key.ref or f"“{_clip(self.key.description, 60)}”"
        where = f"{self.key.meeting_date or 'undated'}, {self.key.source}" + (
            f", item {self.key.item}" if self.key.item else "")
        changes = changed_fields(self)
        return f"{what} ({where}): {changes}, by {self.corrected_by} {self.corrected_at:%Y-%m-%d %H:%M} UTC"


def changed_fields(correction: CorrectionView) -> str:
    """The correction in words: "owner → Anna Hook, status → closed"."""
    if correction.kind == NOT_ACTION:
        return "not an action"
    parts = [f"{label} → {value}" for label, value in
             (("owner", correction.owner), ("due", correction.due), ("status", correction.status)) if value]
    if correction.kind == ADD:
        return "added" + (f" ({', '.join(parts)})" if parts else "")
    return ", ".join(parts) or "no change"


def check_values(owner: str | None, due: str | None, status: str | None) -> tuple[str | None, str | None, str | None]:
    """The values cleaned, or CorrectionError saying which one is wrong."""
    owner = " ".join(owner.split()) if owner else None
    if owner and len(owner) > 200:
        raise CorrectionError("the owner's name is longer than 200 characters")
    due = due.strip() if due else None
    if due and not _DUE.match(due):
        raise CorrectionError(f"due {due!r} is not a date (YYYY-MM-DD, or YYYY-MM for a month)")
    if due:
        try:
            datetime.strptime(due if len(due) == 10 else due + "-01", "%Y-%m-%d")
        except ValueError as error:
            raise CorrectionError(f"due {due!r} is not a real date") from error
    status = status.strip().casefold() if status else None
    if status and status not in STATUSES:
        raise CorrectionError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    return owner, due, status


def words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def word_overlap(first: str, second: str) -> float:
    """Shared words over the longer text's words: 1 for the same words, 0 for none shared."""
    a, b = words(first), words(second)
    if not a or not b:
        return 0.0
    return len(a & b) / max(len(a), len(b))


def _norm_ref(ref: str | None) -> str | None:
    return " ".join(ref.casefold().split()) if ref else None


def match_corrections(corrections: list[CorrectionView], actions: list[ActionKey]) -> dict[int, CorrectionView]:
    """{position in `actions`: the correction of that action}, for the "change" and "not_action" ones.

    Each action takes at most one correction and each correction one action: by ref in the
    same meeting first, else the description with most word overlap (≥ MIN_WORD_OVERLAP),
    an action of the same item preferred.
    """
    by_meeting: dict[tuple, list[int]] = {}
    for position, key in enumerate(actions):
        by_meeting.setdefault((key.board_key, key.meeting_date) if key.meeting_date else ("", key.source), []).append(position)
    scored: list[tuple[float, int, int]] = []  # (score, correction index, action position)
    for index, correction in enumerate(corrections):
        if correction.kind == ADD:
            continue
        key = correction.key
        meeting = (key.board_key, key.meeting_date) if key.meeting_date else ("", key.source)
        for position in by_meeting.get(meeting, []):
            action = actions[position]
            if key.ref and _norm_ref(key.ref) == _norm_ref(action.ref):
                scored.append((3.0, index, position))
                continue
            overlap = word_overlap(key.description, action.description)
            if overlap >= MIN_WORD_OVERLAP:
                scored.append((overlap + (1.0 if key.item == action.item else 0.0), index, position))
    matched: dict[int, CorrectionView] = {}
    taken: set[int] = set()
    for _, index, position in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if index in taken or position in matched:
            continue
        matched[position] = corrections[index]
        taken.add(index)
    return matched


def corrected(view: ActionView, correction: CorrectionView) -> ActionView:
    """The record with the correction's owner, due and status put over what was read."""
    owners = view.owners
    if correction.owner:
        owners = [OwnerView(correction.owner, correction.owner_initials, "person")]
    status = correction.status or view.status
    return replace(
        view, owners=owners, status=status,
        due=correction.due or view.due, due_text=None if correction.due else view.due_text,
        state=follow_up_state(status, view.history),
        corrected_by=correction.corrected_by, corrected_at=correction.corrected_at.isoformat(timespec="seconds"),
    )


def gold_line(action: ActionView) -> dict:
    """A corrected record as a line of `../shared/eval/*-actions.jsonl` (what the reader is scored on)."""
    owners = [[o.name] + ([o.initials] if o.initials and o.initials != o.name else []) for o in action.owners]
    return {
        "source": action.source, "ref": action.ref, "item": action.item, "owners": owners or None,
        "due": action.due, "text_contains": " ".join(action.description.split()[:8]), "optional": False,
    }


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
