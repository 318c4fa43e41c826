"""What one stored meeting brings that is new: its items, the actions it set, and the earlier
actions it reports done (read from the store for the new-minutes digest)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from index import schema
from index.action_continuity import DONE
from index.views import ItemView, OwnerView


@dataclass(frozen=True)
class NewAction:
    """An action the meeting set (not one restated from an earlier action log)."""

    ref: str | None
    description: str
    owners: list[OwnerView]
    due: str | None
    due_text: str | None
    item: str | None


@dataclass(frozen=True)
class ReportedDone:
    """An earlier meeting's action that this meeting's words report done."""

    ref: str | None
    description: str
    owners: list[OwnerView]
    set_on: str | None  # the earlier meeting's date
    item: str | None  # where this meeting says so
    quote: str


@dataclass(frozen=True)
class MeetingNews:
    source: str
    url: str | None
    board: str
    meeting_date: str | None
    items: list[ItemView]
    actions: list[NewAction]
    reported_done: list[ReportedDone]


def _owners(action: schema.Action) -> list[OwnerView]:
    return [OwnerView(o.name, o.initials, o.kind) for o in action.owners]


def meeting_news(engine: Engine, source: str) -> MeetingNews | None:
    """The news of the meeting stored from `source`, or None when no such file is stored."""
    with Session(engine) as session:
        document = session.scalar(select(schema.Document).where(schema.Document.source == source))
        if document is None or document.meeting is None:
            return None
        meeting = document.meeting
        actions = list(session.scalars(
            select(schema.Action).where(schema.Action.meeting_id == meeting.id, schema.Action.from_log.is_(False))
            .options(selectinload(schema.Action.owners), selectinload(schema.Action.item)).order_by(schema.Action.position)))
        progress = list(session.scalars(
            select(schema.ActionProgress).where(schema.ActionProgress.meeting_id == meeting.id,
                                                schema.ActionProgress.status == DONE)
            .order_by(schema.ActionProgress.id)))
        earlier = {a.id: a for a in session.scalars(
            select(schema.Action).where(schema.Action.id.in_([p.action_id for p in progress]))
            .options(selectinload(schema.Action.owners)))} if progress else {}
        set_on = {m.id: m.date for m in session.scalars(
            select(schema.Meeting).where(schema.Meeting.id.in_({a.meeting_id for a in earlier.values()})))} if earlier else {}
        done: list[ReportedDone] = []
        seen: set[tuple[str | None, str]] = set()
        for p in progress:
            action = earlier[p.action_id]
            key = (action.ref, "" if action.ref else action.description)  # an action carried through logs: once
            if key in seen:
                continue
            seen.add(key)
            when = set_on.get(action.meeting_id)
            done.append(ReportedDone(action.ref, action.description, _owners(action), when.isoformat() if when else None,
                                     p.item_number, p.quote))
        return MeetingNews(
            source=document.source, url=document.url, board=meeting.board,
            meeting_date=meeting.date.isoformat() if meeting.date else None,
            items=[ItemView(document.source, i.number, i.title, i.text, i.position) for i in meeting.items],
            actions=[NewAction(a.ref, a.description, _owners(a), a.due, a.due_text, a.item.number if a.item else None)
                     for a in actions],
            reported_done=done,
        )
