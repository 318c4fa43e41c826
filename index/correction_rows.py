"""The `action_corrections` table read and written inside a store session (`index.store.Store` calls these)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from corpus.people import normalise_name
from index import schema
from index.corrections import ActionKey, CorrectionView


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def load_corrections(session: Session) -> list[CorrectionView]:
    """Every stored correction, oldest first (`applied_to` not yet known)."""
    return [as_view(row) for row in session.scalars(select(schema.ActionCorrection).order_by(schema.ActionCorrection.id))]


def as_view(row: schema.ActionCorrection, applied_to: str | None = None) -> CorrectionView:
    key = ActionKey(row.board_key, row.meeting_date.isoformat() if row.meeting_date else None, row.source, row.ref,
                    row.item, row.description)
    return CorrectionView(row.id, row.kind, key, row.owner, row.owner_initials, row.due, row.status,
                          json.loads(row.original or "{}"), row.corrected_by, row.corrected_at, row.orphan_notified_at,
                          applied_to)


def action_key(action: schema.Action, meeting: schema.Meeting) -> ActionKey:
    return ActionKey(meeting.board_key, meeting.date.isoformat() if meeting.date else None, meeting.document.source,
                     action.ref, action.item.number if action.item else None, action.description)


def as_read(action: schema.Action) -> str:
    """The record's owners, due date and status before the correction (JSON)."""
    return json.dumps({"owners": [o.name for o in action.owners], "due": action.due, "due_text": action.due_text,
                       "status": action.status})


def owner_in_meeting(session: Session, meeting: schema.Meeting, owner: str) -> tuple[str, str | None]:
    """(name, initials) of the meeting's person the admin named (by full name or initials), else (owner, None)."""
    people: list[tuple[str, str | None]] = [
        (a.person.name, a.initials) for a in session.scalars(
            select(schema.Attendance).where(schema.Attendance.meeting_id == meeting.id))]
    for action in meeting.actions:
        people += [(o.name, o.initials) for o in action.owners if o.kind == "person"]
    wanted = normalise_name(owner)
    for name, initials in people:
        if normalise_name(name) == wanted:
            return name, initials if initials and initials != name else None
    for name, initials in people:
        if initials and initials.casefold() == owner.strip().casefold() and initials != name:
            return name, initials
    return owner, None


def meeting_people(session: Session, meeting: schema.Meeting) -> list[str]:
    """The people of a meeting (attendance, then owners of its actions), each once."""
    names = [a.person.name for a in session.scalars(
        select(schema.Attendance).where(schema.Attendance.meeting_id == meeting.id).order_by(schema.Attendance.id))]
    names += [o.name for action in meeting.actions for o in action.owners if o.kind == "person"]
    return list(dict.fromkeys(names))
