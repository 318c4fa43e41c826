"""Each action's history in the store: what later meetings of its body said about it.

Runs inside the ingest (or remove) transaction for the board that changed:

* ref links are rebuilt for the whole board from the action-log updates (cheap, no model);
* meaning links (`index.action_continuity`) are rebuilt for the meetings whose candidates
  changed: the changed meeting and the next `WINDOW_MEETINGS` after it;
* statuses are recomputed: the last later meeting that settles an action decides (a "done"
  closes it, "carried forward" keeps or reopens it), as action logs always did.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from index import schema
from index.action_continuity import (
    CARRIED_FORWARD, DONE, OPEN, WINDOW_MEETINGS, Embedder, FollowedAction, link_by_meaning, report_paragraphs,
    within_window,
)

_LOG_STATUS = {"closed": DONE, "open": CARRIED_FORWARD, None: OPEN}


def refresh_board(session: Session, key: str, since: date | None, embedder: Callable[[], Embedder],
                  one_change: bool = True) -> None:
    """Rebuild the board's links (meaning links from meetings on or after `since`; all when None) and statuses.

    `one_change`: only the meeting at `since` changed, so only it and the next
    `WINDOW_MEETINGS` are relinked; a batch that changed several passes False (all after `since`).
    """
    # Items are read only for the meetings relinked below: loading every item of a long
    # series on each ingest made a 358-meeting batch quadratic.
    meetings = {m.id: m for m in session.scalars(select(schema.Meeting).where(schema.Meeting.board_key == key))}
    if not meetings:
        return
    order = {mid: (m.date or datetime.min.date(), mid) for mid, m in meetings.items()}
    actions = list(session.scalars(
        select(schema.Action).where(schema.Action.meeting_id.in_(meetings)).options(selectinload(schema.Action.owners))))
    action_ids = [a.id for a in actions]
    updates = list(session.scalars(select(schema.ActionUpdate).where(schema.ActionUpdate.meeting_id.in_(meetings))))

    session.execute(delete(schema.ActionProgress).where(
        schema.ActionProgress.action_id.in_(action_ids), schema.ActionProgress.method == "ref"))
    for action in actions:
        if not action.ref:
            continue
        for update in updates:
            if update.ref == action.ref and order[update.meeting_id] > order[action.meeting_id]:
                session.add(schema.ActionProgress(
                    action_id=action.id, meeting_id=update.meeting_id, item_number=update.item_number,
                    quote=update.text, status=_LOG_STATUS.get(update.status, OPEN), method="ref", score=None))

    dated = sorted((m for m in meetings.values() if m.date is not None), key=lambda m: order[m.id])
    affected = [m for m in dated if since is None or m.date >= since]
    if since is not None and one_change:
        affected = affected[: WINDOW_MEETINGS + 1]
    session.execute(delete(schema.ActionProgress).where(
        schema.ActionProgress.action_id.in_(action_ids), schema.ActionProgress.method == "meaning",
        schema.ActionProgress.meeting_id.in_([m.id for m in affected])))
    if affected:
        session.scalars(select(schema.Meeting).where(schema.Meeting.id.in_([m.id for m in affected]))
                        .options(selectinload(schema.Meeting.items))).all()
    session.flush()
    kept = list(session.scalars(select(schema.ActionProgress).where(schema.ActionProgress.action_id.in_(action_ids))))
    settled: dict[int, list[tuple[tuple, str, str]]] = {}  # action id -> (meeting order, status, method)
    for link in kept:
        settled.setdefault(link.action_id, []).append((order[link.meeting_id], link.status, link.method))
    logged = {(u.meeting_id, u.ref) for u in updates}

    positions = {m.id: i for i, m in enumerate(dated)}
    for later in affected:
        position = positions[later.id]
        earlier = {m.id for m in dated[max(0, position - WINDOW_MEETINGS):position] if within_window(m.date, later.date)}
        candidates = [
            a for a in actions
            if a.meeting_id in earlier and not a.from_log and a.description.strip()
            and (later.id, a.ref) not in logged
            and not any(when < order[later.id] and status == DONE for when, status, _ in settled.get(a.id, []))
        ]
        if not candidates:
            continue
        paragraphs = [p for item in later.items for p in report_paragraphs(item.number, item.text)]
        followed = [FollowedAction(a.id, a.description, _owner_names(a), a.ref) for a in candidates]
        for link in link_by_meaning(followed, paragraphs, embedder()):
            session.add(schema.ActionProgress(
                action_id=link.action_key, meeting_id=later.id, item_number=link.item_number, quote=link.quote,
                status=link.status, method="meaning", score=link.score))
            settled.setdefault(link.action_key, []).append((order[later.id], link.status, "meaning"))
    session.flush()
    _recompute_statuses(session, actions, updates, order, settled)


def _owner_names(action: schema.Action) -> tuple[str, ...]:
    names: list[str] = []
    for owner in action.owners:
        names += [n for n in (owner.initials, owner.name, owner.as_written) if n]
    return tuple(dict.fromkeys(names))


def _recompute_statuses(session: Session, actions: list[schema.Action], updates: list[schema.ActionUpdate],
                        order: dict[int, tuple], settled: dict[int, list[tuple[tuple, str, str]]]) -> None:
    """The last later word on an action decides: a log update (same or later meeting, as ever) or a report."""
    for action in actions:
        events: list[tuple[tuple, int, str]] = []
        if action.ref:
            events += [(order[u.meeting_id], 0, u.status) for u in updates
                       if u.status and u.ref == action.ref and order[u.meeting_id] >= order[action.meeting_id]]
        events += [(when, 1, "closed" if status == DONE else "open") for when, status, method in settled.get(action.id, [])
                   if method == "meaning" and status in (DONE, CARRIED_FORWARD) and when > order[action.meeting_id]]
        # Sorting is stable: within a meeting the log's last entry wins, as it always did.
        action.status = sorted(events, key=lambda e: (e[0], e[1]))[-1][2] if events else action.parsed_status
