"""The SQL store of meetings, people, items and actions (SQLite by default, or PostgreSQL).

Ingest is idempotent by content hash; a changed file replaces its meeting's rows in one
transaction, so a failure leaves what was stored before.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import Engine, create_engine, delete, event, func, insert, inspect, or_, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session, selectinload

from corpus.models import OwnerKind, ParsedMinutes
from corpus.people import normalise_name
from index import schema
from index.config import database_url
from index.action_continuity import Embedder
from index.action_history import refresh_board
from index import digest_outbox
from index.correction_rows import action_key, as_read, as_view, load_corrections, meeting_people, now, owner_in_meeting
from index.corrections import (
    ADD, CHANGE, NOT_ACTION, ActionKey, CorrectionError, CorrectionView, check_values, corrected, match_corrections,
)
from index.views import (
    HEADER_TITLE, ActionView, AttendeeView, DocumentView, IndexableItem, IngestResult, ItemView, MeetingSummary, OwnerView,
    ProgressView, follow_up_state,
)
from index.twins import minutes_text, same_minutes


def board_key(board: str) -> str:
    """Boards are grouped by name, ignoring case and punctuation."""
    return " ".join(re.sub(r"[^\w&]+", " ", board.casefold()).split())


class Store:
    """Typed access to the minutes database."""

    def __init__(self, engine: Engine, embedder: Callable[[], Embedder] | None = None) -> None:
        self.engine = engine
        # The model is loaded only when a later meeting has earlier actions to follow.
        self._embedder = embedder or _default_embedder
        schema.Base.metadata.create_all(engine)
        add_missing_columns(engine)

    @classmethod
    def open(cls, url: str | None = None) -> "Store":
        """Open (creating tables if needed) the store at `url` or the configured one."""
        url = url or database_url()
        engine = create_engine(url, future=True)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        return cls(engine)

    # --- writing ---------------------------------------------------------------------

    def ingest(self, parsed: ParsedMinutes, path: Path | str, force: bool = False, defer_history: bool = False,
               digest: bool = False) -> IngestResult:
        """Store one parsed file: added, updated (replaced) or skipped (unchanged; `force` re-stores it).

        The board's action history is refreshed in the same transaction, or with
        `defer_history` noted as owed, for `refresh_pending_history` to do once a batch.

        The same bytes under another file name are a "duplicate" and change nothing. A file of
        the same minutes as another stored file (same board and date, and nearly the same text:
        a re-export, the PDF of a DOCX, a corrected version) replaces that file, so a meeting is
        never counted twice; `replaced` names the file it replaced. Different minutes that claim
        the same board and date are both kept; `conflicts` names the other files.

        With `digest`, a new meeting ("added") is queued for the new-minutes digest in the same
        transaction (index/digest_outbox.py); a twin takes over its predecessor's queued digest.
        """
        path = Path(path)
        with Session(self.engine) as session, session.begin():
            existing = session.scalar(select(schema.Document).where(schema.Document.source == parsed.source))
            if existing is not None and existing.content_hash == parsed.content_hash and not force:
                return IngestResult(parsed.source, "skipped")
            twin = session.scalar(select(schema.Document.source).where(
                schema.Document.content_hash == parsed.content_hash, schema.Document.source != parsed.source).limit(1))
            if twin is not None:
                return IngestResult(parsed.source, "duplicate", duplicate_of=twin)
            same_date = self._same_board_and_date(session, parsed)
            same_meeting = next((d for d in same_date if _same_minutes(d, parsed)), None)
            conflicts = tuple(sorted(d.source for d in same_date if d is not same_meeting))
            outcome = "updated" if existing is not None or same_meeting is not None else "added"
            old_boards = {d.meeting.board_key for d in (existing, same_meeting) if d is not None and d.meeting}
            dates = [d.meeting.date for d in (existing, same_meeting) if d is not None and d.meeting] + [parsed.meeting.date]
            since = None if any(d is None for d in dates) else min(dates)
            for old in (existing, same_meeting):
                if old is not None:
                    session.delete(old)
                    session.flush()
            self._write(session, parsed, path)
            session.flush()
            if same_meeting is not None:
                digest_outbox.follow_twin(session, same_meeting.source, parsed.source)
            if digest and outcome == "added":
                digest_outbox.queue_new_meeting(session, parsed.source, parsed.meeting.board, parsed.meeting.date)
            for key in {board_key(parsed.meeting.board)} | old_boards:
                if defer_history:
                    session.add(schema.HistoryRefresh(board_key=key, since=since))
                else:
                    refresh_board(session, key, since, self._embedder)
        return IngestResult(parsed.source, outcome, items=len(parsed.items), actions=len(parsed.actions),
                            replaced=same_meeting.source if same_meeting is not None else None, conflicts=conflicts)

    @staticmethod
    def _same_board_and_date(session: Session, parsed: ParsedMinutes) -> list[schema.Document]:
        """Other stored files whose meeting has this board and date."""
        if parsed.meeting.date is None:
            return []  # undated minutes cannot be matched safely
        return list(session.scalars(
            select(schema.Document).join(schema.Meeting)
            .where(schema.Meeting.board_key == board_key(parsed.meeting.board), schema.Meeting.date == parsed.meeting.date,
                   schema.Document.source != parsed.source)
            .options(selectinload(schema.Document.meeting).selectinload(schema.Meeting.items))
            .order_by(schema.Document.source)
        ))

    def _write(self, session: Session, parsed: ParsedMinutes, path: Path) -> None:
        # Rows go in as one multi-row INSERT a table (ids returned in order where later rows
        # point at them), not as ORM objects flushed by the unit of work: storing the 363
        # samples + TSC files took 3.7-4.3 s of CPU that way, 1.9-2.3 s this way.
        # People first: the owners and attendance rows need their ids.
        people = _people(session, [a.name for a in parsed.attendees]
                         + [o.name for a in parsed.actions for o in a.owners if o.kind is OwnerKind.PERSON])
        [document_id] = _insert(session, schema.Document, [dict(
            source=parsed.source, path=str(path), format=parsed.format, content_hash=parsed.content_hash,
            url=parsed.url, size=path.stat().st_size if path.exists() else 0,
            ingested_at=datetime.now(timezone.utc).replace(tzinfo=None),
        )], ids=True)
        m = parsed.meeting
        [meeting_id] = _insert(session, schema.Meeting, [dict(
            document_id=document_id, board=m.board, board_key=board_key(m.board), organisation=m.organisation,
            date=m.date, time=m.time, location=m.location, header_text=parsed.header_text,
            next_meeting=date.fromisoformat(m.next_meeting) if m.next_meeting else None,
            next_meeting_text=m.next_meeting_text, next_meeting_place=m.next_meeting_place,
        )], ids=True)
        _insert(session, schema.Attendance, [dict(
            meeting_id=meeting_id, person_id=people[_name_key(a.name)].id, role=a.role.value, position=a.position,
            organisation=a.organisation, initials=a.initials, title=a.title,
        ) for a in parsed.attendees])
        item_ids = _insert(session, schema.Item, [dict(
            meeting_id=meeting_id, position=item.position, number=item.number, title=item.title, text=item.text,
        ) for item in parsed.items], ids=True)
        by_number: dict[str | None, int] = {}
        by_position: dict[int, int] = {}
        for item, item_id in zip(parsed.items, item_ids):
            by_number.setdefault(item.number, item_id)
            by_position[item.position] = item_id
        action_ids = _insert(session, schema.Action, [dict(
            meeting_id=meeting_id, position=position, ref=action.ref, description=action.description, due=action.due,
            due_text=action.due_text, status=action.status.value, parsed_status=action.status.value,
            from_log=action.from_log,
            # Unnumbered items are told apart by position, not by a shared "no number".
            item_id=by_position.get(action.item_position) if action.item_position is not None
            else by_number.get(action.item_number),
        ) for position, action in enumerate(parsed.actions)], ids=True)
        _insert(session, schema.ActionOwner, [dict(
            action_id=action_id, position=index, kind=owner.kind.value, name=owner.name, initials=owner.initials,
            as_written=owner.as_written,
            person_id=people[_name_key(owner.name)].id if owner.kind is OwnerKind.PERSON else None,
        ) for action, action_id in zip(parsed.actions, action_ids) for index, owner in enumerate(action.owners)])
        _insert(session, schema.ActionUpdate, [dict(
            meeting_id=meeting_id, ref=update.ref, text=update.text,
            status=update.status.value if update.status else None, item_number=update.item_number,
        ) for update in parsed.updates])

    def refresh_pending_history(self) -> int:
        """Refresh every board owed a history refresh (`ingest(defer_history=True)`), once each;
        the number of boards refreshed."""
        with Session(self.engine) as session, session.begin():
            # Locked rows, skipped by another process refreshing at the same time (PostgreSQL;
            # SQLite lets one writer in at a time anyway).
            owed = list(session.scalars(select(schema.HistoryRefresh).with_for_update(skip_locked=True)))
            if not owed:
                return 0
            boards: dict[str, list[date | None]] = {}
            for row in owed:
                boards.setdefault(row.board_key, []).append(row.since)
            for key, dates in sorted(boards.items()):
                since = None if any(d is None for d in dates) else min(dates)
                refresh_board(session, key, since, self._embedder, one_change=False)
            session.execute(delete(schema.HistoryRefresh).where(schema.HistoryRefresh.id.in_([row.id for row in owed])))
        return len(boards)

    def remove(self, source: str) -> bool:
        """Delete a document and everything read from it; False when it is not stored."""
        with Session(self.engine) as session, session.begin():
            document = session.scalar(select(schema.Document).where(schema.Document.source == source))
            if document is None:
                return False
            key = document.meeting.board_key if document.meeting else None
            since = document.meeting.date if document.meeting else None
            session.delete(document)
            session.flush()
            digest_outbox.drop_pending(session, source)
            if key:
                refresh_board(session, key, since, self._embedder)
        return True

    # --- reading ---------------------------------------------------------------------

    def meetings(self) -> list[MeetingSummary]:
        """Every stored meeting, oldest first."""
        with Session(self.engine) as session:
            rows = session.scalars(
                select(schema.Meeting)
                .options(selectinload(schema.Meeting.attendance), selectinload(schema.Meeting.items),
                         selectinload(schema.Meeting.actions), selectinload(schema.Meeting.document))
                .order_by(schema.Meeting.date, schema.Meeting.id)
            ).all()
            return [
                MeetingSummary(
                    source=m.document.source, board=m.board, organisation=m.organisation,
                    date=m.date.isoformat() if m.date else None, time=m.time, location=m.location,
                    present=sum(a.role == "present" for a in m.attendance),
                    in_attendance=sum(a.role == "in_attendance" for a in m.attendance),
                    guests=sum(a.role == "guest" for a in m.attendance),
                    apologies=sum(a.role == "apologies" for a in m.attendance),
                    items=len(m.items), actions=len(m.actions),
                    next_meeting=m.next_meeting.isoformat() if m.next_meeting else None,
                    next_meeting_text=m.next_meeting_text, next_meeting_place=m.next_meeting_place,
                )
                for m in rows
            ]

    def actions(self, person: str | None = None, status: str = "open") -> list[ActionView]:
        """Actions (open by default), one row per action; `person` matches name, surname or initials.

        Admins' corrections (index/corrections.py) are applied here, before filtering, so every
        consumer sees the corrected record: a new owner, due date or status, "not an action"
        records left out, added actions in their meeting.
        """
        with Session(self.engine) as session:
            chosen, meetings, corrections, fixes, all_updates = self._corrected_actions(session)
            people = {p.id: p for p in session.scalars(select(schema.Person))}
            updates: dict[tuple[str, str], list[str]] = {}
            for update in all_updates:
                meeting = meetings[update.meeting_id]
                stamp = meeting.date.isoformat() if meeting.date else "?"
                updates.setdefault((meeting.board_key, update.ref), []).append(f"{stamp}: {update.text}")
            history = _history(session, [a.id for a in chosen], meetings)
            ranked: list[tuple[tuple, ActionView]] = []
            for position, action in enumerate(chosen):
                fix = fixes.get(position)
                if fix is not None and fix.kind == NOT_ACTION:
                    continue
                if status != "all" and ((fix.status if fix else None) or action.status) != status:
                    continue
                if person and not (_named(fix.owner, fix.owner_initials, person) if fix and fix.owner
                                   else _owned_by(action, person, people)):
                    continue
                meeting = meetings[action.meeting_id]
                view = ActionView(
                    ref=action.ref, description=action.description,
                    owners=[OwnerView(o.name, o.initials, o.kind) for o in action.owners],
                    due=action.due, due_text=action.due_text, status=action.status,
                    source=meeting.document.source, board=meeting.board,
                    meeting_date=meeting.date.isoformat() if meeting.date else None,
                    item=action.item.number if action.item else None,
                    item_title=action.item.title if action.item else None,
                    from_log=action.from_log,
                    updates=updates.get((meeting.board_key, action.ref), []) if action.ref else [],
                    history=history.get(action.id, []),
                    state=follow_up_state(action.status, history.get(action.id, [])),
                )
                ranked.append(((meeting.date or date.min, meeting.id, action.position), corrected(view, fix) if fix else view))
            for meeting, view in self._added_actions(session, corrections, meetings):
                if status != "all" and view.status != status:
                    continue
                if person and not any(_named(o.name, o.initials, person) for o in view.owners):
                    continue
                ranked.append(((meeting.date or date.min, meeting.id, 10**6), view))
            return [view for _, view in sorted(ranked, key=lambda r: r[0])]

    def _corrected_actions(self, session: Session) -> tuple[
            list[schema.Action], dict[int, schema.Meeting], list[CorrectionView], dict[int, CorrectionView],
            list[schema.ActionUpdate]]:
        """(actions shown, {meeting id: meeting}, corrections, {position in the actions: its correction}, action-log updates)."""
        rows = session.scalars(
            select(schema.Action)
            .join(schema.Meeting)
            .options(selectinload(schema.Action.owners), selectinload(schema.Action.item))
            .order_by(schema.Meeting.date, schema.Meeting.id, schema.Action.position)
        ).all()
        all_updates = session.scalars(select(schema.ActionUpdate)).all()
        corrections = load_corrections(session)
        # Only the meetings actions, updates, progress rows and corrections refer to: a large
        # store holds tens of thousands of meetings, and every index build reads the actions.
        wanted = ({a.meeting_id for a in rows} | {u.meeting_id for u in all_updates}
                  | set(session.scalars(select(schema.ActionProgress.meeting_id).distinct())))
        if corrections:
            boards = {c.key.board_key for c in corrections}
            sources = {c.key.source for c in corrections}
            wanted |= set(session.scalars(
                select(schema.Meeting.id).join(schema.Document)
                .where(or_(schema.Meeting.board_key.in_(boards), schema.Document.source.in_(sources)))))
        meetings = _meetings_by_id(session, wanted)
        chosen = _one_per_ref(rows, meetings)
        fixes = match_corrections(corrections, [action_key(a, meetings[a.meeting_id]) for a in chosen]) if corrections else {}
        return chosen, meetings, corrections, fixes, all_updates

    @staticmethod
    def _added_actions(session: Session, corrections: list[CorrectionView],
                       meetings: dict[int, schema.Meeting]) -> list[tuple[schema.Meeting, ActionView]]:
        """(meeting, record) of each added action whose meeting is stored (found again by board and date)."""
        added = [c for c in corrections if c.kind == ADD]
        if not added:
            return []
        found = [(c, _meeting_of(c.key, meetings.values())) for c in added]
        ids = {m.id for _, m in found if m is not None}
        titles = {(i.meeting_id, i.number): i.title for i in session.execute(
            select(schema.Item.meeting_id, schema.Item.number, schema.Item.title).where(schema.Item.meeting_id.in_(ids)))}
        out = []
        for c, meeting in found:
            if meeting is None:
                continue
            state = c.status or "open"
            out.append((meeting, ActionView(
                ref=None, description=c.key.description,
                owners=[OwnerView(c.owner, c.owner_initials, "person")] if c.owner else [],
                due=c.due, due_text=None, status=state, source=meeting.document.source, board=meeting.board,
                meeting_date=meeting.date.isoformat() if meeting.date else None, item=c.key.item,
                item_title=titles.get((meeting.id, c.key.item)), from_log=False,
                state=follow_up_state(state, []), corrected_by=c.corrected_by,
                corrected_at=c.corrected_at.isoformat(timespec="seconds"),
            )))
        return out

    # --- corrections -------------------------------------------------------------------

    def corrections(self) -> list[CorrectionView]:
        """Every correction, oldest first, with the file whose record it corrects now (`applied_to`;
        None: orphaned, the re-read minutes no longer hold that action)."""
        with Session(self.engine) as session:
            chosen, meetings, corrections, fixes, _ = self._corrected_actions(session)
            applied = {fix.id: meetings[chosen[position].meeting_id].document.source for position, fix in fixes.items()}
            for c in corrections:
                if c.kind == ADD and (meeting := _meeting_of(c.key, meetings.values())) is not None:
                    applied[c.id] = meeting.document.source
            return [replace(c, applied_to=applied.get(c.id)) for c in corrections]

    def correct_action(self, source: str, ref: str | None, description: str, by: str, owner: str | None = None,
                       due: str | None = None, status: str | None = None, not_action: bool = False) -> CorrectionView:
        """Correct the action of `source` with this ref and description (its opening is enough):
        owner, due date (YYYY-MM-DD or YYYY-MM), status (open/closed), or not an action.

        Stored apart from what was read, with who (`by`) and when; a second correction of the
        same action updates the first (the values read are kept). CorrectionError says what is wrong.
        """
        owner, due, status = check_values(owner, due, status)
        if not (owner or due or status or not_action):
            raise CorrectionError("nothing to correct: give an owner, a due date, a status or not an action")
        with Session(self.engine) as session, session.begin():
            meeting = self._meeting_by_source(session, source)
            corrections = load_corrections(session)
            keys = [action_key(a, meeting) for a in meeting.actions]
            wanted = [i for i, a in enumerate(meeting.actions) if a.ref == ref and a.description.startswith(description)]
            if wanted:
                position = min(wanted, key=lambda i: meeting.actions[i].from_log)  # its own record, not a log entry
                existing = match_corrections([c for c in corrections if c.kind != ADD], keys).get(position)
                row = session.get(schema.ActionCorrection, existing.id) if existing else None
                if row is None:
                    key = keys[position]
                    row = schema.ActionCorrection(
                        kind=CHANGE, board_key=key.board_key, meeting_date=meeting.date, source=source, ref=key.ref,
                        item=key.item, description=key.description, original=as_read(meeting.actions[position]),
                        corrected_by=by[:64], corrected_at=now())
                    session.add(row)
            else:  # an action an admin added: that record itself changes
                here = _key_of(meeting)
                added = next((c for c in corrections if c.kind == ADD and ref is None and c.key.same_meeting(here)
                              and c.key.description.startswith(description)), None)
                if added is None:
                    raise CorrectionError(f"{source} has no action {ref + ' ' if ref else ''}“{description[:60]}”")
                row = session.get(schema.ActionCorrection, added.id)
            if not_action:
                if row.kind == ADD:
                    raise CorrectionError("an added action is not read from the minutes; remove it with `minutes corrections drop`")
                row.kind = NOT_ACTION
            if owner:
                row.owner, row.owner_initials = owner_in_meeting(session, meeting, owner)
            row.due = due or row.due
            row.status = status or row.status
            row.corrected_by, row.corrected_at, row.orphan_notified_at = by[:64], now(), None
            session.flush()
            return as_view(row, applied_to=source)

    def add_action(self, source: str, item: str | None, text: str, by: str, owner: str | None = None,
                   due: str | None = None, status: str | None = None) -> CorrectionView:
        """Add an action the reader missed, in item `item` of `source` (stored as a correction of kind "add")."""
        owner, due, status = check_values(owner, due, status)
        text = " ".join((text or "").split())
        if not text:
            raise CorrectionError("an added action needs its text")
        with Session(self.engine) as session, session.begin():
            meeting = self._meeting_by_source(session, source)
            number = item.rstrip(". ") if item else None
            if number and number not in {i.number for i in meeting.items}:
                raise CorrectionError(f"{source} has no item {item!r}")
            name, initials = owner_in_meeting(session, meeting, owner) if owner else (None, None)
            row = schema.ActionCorrection(
                kind=ADD, board_key=meeting.board_key, meeting_date=meeting.date, source=source, ref=None, item=number,
                description=text, owner=name, owner_initials=initials, due=due, status=status or "open",
                original=json.dumps({}), corrected_by=by[:64], corrected_at=now())
            session.add(row)
            session.flush()
            return as_view(row, applied_to=source)

    def meeting_people(self, source: str) -> list[str]:
        """The people of a document's meeting (attendance, then action owners), for the owner picker."""
        with Session(self.engine) as session:
            return meeting_people(session, self._meeting_by_source(session, source))

    def drop_correction(self, correction_id: int) -> bool:
        """Delete one correction (an admin's explicit choice); False when there is none with that id."""
        with Session(self.engine) as session, session.begin():
            return session.execute(delete(schema.ActionCorrection).where(
                schema.ActionCorrection.id == correction_id)).rowcount > 0

    def mark_orphans_notified(self, ids: list[int]) -> None:
        """Remember that these orphaned corrections' authors were told (so they are told once)."""
        if not ids:
            return
        with Session(self.engine) as session, session.begin():
            for row in session.scalars(select(schema.ActionCorrection).where(schema.ActionCorrection.id.in_(ids))):
                row.orphan_notified_at = now()

    @staticmethod
    def _meeting_by_source(session: Session, source: str) -> schema.Meeting:
        meeting = session.scalar(
            select(schema.Meeting).join(schema.Document).where(schema.Document.source == source)
            .options(selectinload(schema.Meeting.actions).selectinload(schema.Action.owners),
                     selectinload(schema.Meeting.actions).selectinload(schema.Action.item),
                     selectinload(schema.Meeting.document), selectinload(schema.Meeting.items)))
        if meeting is None:
            raise CorrectionError(f"no minutes called {source!r} in the store; see `minutes meetings`")
        return meeting

    def attendance(self, source: str) -> list[AttendeeView]:
        """Who was present, in attendance, a guest or sent apologies at a document's meeting."""
        with Session(self.engine) as session:
            rows = session.scalars(
                select(schema.Attendance).join(schema.Meeting).join(schema.Document)
                .where(schema.Document.source == source).options(selectinload(schema.Attendance.person))
                .order_by(schema.Attendance.id)
            ).all()
            return [AttendeeView(a.person.name, a.role, a.initials, a.position) for a in rows]

    def document(self, source: str) -> DocumentView | None:
        """A stored document's metadata, by file name."""
        with Session(self.engine) as session:
            doc = session.scalar(select(schema.Document).where(schema.Document.source == source))
            if doc is None:
                return None
            m = doc.meeting
            return DocumentView(
                source=doc.source, format=doc.format, content_hash=doc.content_hash, url=doc.url,
                board=m.board, organisation=m.organisation, meeting_date=m.date.isoformat() if m.date else None,
                time=m.time, location=m.location,
                next_meeting=m.next_meeting.isoformat() if m.next_meeting else None,
                next_meeting_text=m.next_meeting_text, next_meeting_place=m.next_meeting_place,
            )

    def has_content(self, content_hash: str) -> bool:
        """True when a file with these exact bytes is already stored."""
        with Session(self.engine) as session:
            return session.scalar(select(schema.Document.id).where(schema.Document.content_hash == content_hash).limit(1)) is not None

    def people_names(self) -> list[str]:
        """Every person's name in the registry."""
        with Session(self.engine) as session:
            return list(session.scalars(select(schema.Person.name).order_by(schema.Person.name)))

    def document_hashes(self) -> dict[str, str]:
        """{source: content hash} of every stored document (what an incremental re-index compares)."""
        with Session(self.engine) as session:
            return dict(session.execute(select(schema.Document.source, schema.Document.content_hash)).all())

    def document_paths(self) -> dict[str, str]:
        """{source: the path it was read from}."""
        with Session(self.engine) as session:
            return dict(session.execute(select(schema.Document.source, schema.Document.path)).all())

    def record_index_version(self, version: int, passages: int, documents: int) -> None:
        """Record a version as live, so every process sharing this database can load it."""
        with Session(self.engine) as session, session.begin():
            session.merge(schema.IndexVersion(
                version=version, built_at=datetime.now(timezone.utc).replace(tzinfo=None),
                passages=passages, documents=documents,
            ))

    def live_index_version(self) -> int | None:
        """The newest recorded index version, or None."""
        with Session(self.engine) as session:
            return session.scalar(select(func.max(schema.IndexVersion.version)))

    def indexable_items(self, sources: set[str] | None = None) -> list[IndexableItem]:
        """Meetings' headers and items with their meeting metadata, for the search index (all, or of `sources`)."""
        if sources is not None and not sources:
            return []
        # Plain rows, not ORM objects: this runs once per stored file during an ingest.
        meetings_query = (
            select(schema.Meeting.id, schema.Document.source, schema.Document.url, schema.Meeting.board,
                   schema.Meeting.organisation, schema.Meeting.date, schema.Meeting.header_text)
            .join(schema.Document, schema.Meeting.document_id == schema.Document.id)
            .order_by(schema.Meeting.date, schema.Meeting.id))
        items_query = (
            select(schema.Item.meeting_id, schema.Item.number, schema.Item.title, schema.Item.text, schema.Item.position)
            .order_by(schema.Item.meeting_id, schema.Item.position))
        if sources is not None:
            wanted = schema.Document.source.in_(sorted(sources))
            meetings_query = meetings_query.where(wanted)
            items_query = (items_query.join(schema.Meeting, schema.Item.meeting_id == schema.Meeting.id)
                           .join(schema.Document, schema.Meeting.document_id == schema.Document.id).where(wanted))
        with Session(self.engine) as session:
            meetings = session.execute(meetings_query).all()
            items: dict[int, list] = {}
            for row in session.execute(items_query):
                items.setdefault(row.meeting_id, []).append(row)
        rows: list[IndexableItem] = []
        for m in meetings:
            stamp = m.date.isoformat() if m.date else None
            common = dict(source=m.source, url=m.url, board=m.board, organisation=m.organisation, meeting_date=stamp)
            rows.append(IndexableItem(**common, number=None, title=HEADER_TITLE, text=m.header_text, position=-1))
            rows.extend(IndexableItem(**common, number=i.number, title=i.title, text=i.text, position=i.position)
                        for i in items.get(m.id, []))
        return rows

    def items(self, source: str, number: str | None = None) -> list[ItemView]:
        """A document's items in order, or only item `number`."""
        with Session(self.engine) as session:
            query = (
                select(schema.Item).join(schema.Meeting).join(schema.Document)
                .where(schema.Document.source == source).order_by(schema.Item.position)
            )
            if number is not None:
                query = query.where(schema.Item.number == number.rstrip(". "))
            return [ItemView(source, i.number, i.title, i.text, i.position) for i in session.scalars(query)]


def add_missing_columns(engine: Engine) -> list[str]:
    """Add the columns a newer release gave existing tables (nullable ones only), so a database
    made by an older release opens; the names added, as "table.column".

    `create_all` makes missing tables but leaves existing ones as they are. The new columns
    start empty: `minutes reindex --full` reads them from the files again.
    """
    present = inspect(engine)
    tables = set(present.get_table_names())
    added: list[str] = []
    for table in schema.Base.metadata.sorted_tables:
        if table.name not in tables:
            continue
        have = {column["name"] for column in present.get_columns(table.name)}
        for column in table.columns:
            if column.name in have or not column.nullable:
                continue
            kind = column.type.compile(dialect=engine.dialect)
            with engine.begin() as connection:
                connection.execute(sql_text(f'ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}'))
            added.append(f"{table.name}.{column.name}")
    return added


def _same_minutes(stored: schema.Document, parsed: ParsedMinutes) -> bool:
    """A stored file and a new one are the same minutes when their text nearly matches (index/twins.py)."""
    meeting = stored.meeting
    if meeting is None:
        return False
    return same_minutes(minutes_text(meeting.header_text, [(i.number, i.title, i.text) for i in meeting.items]),
                        minutes_text(parsed.header_text, [(i.number, i.title, i.text) for i in parsed.items]))


def _name_key(name: str) -> str:
    return normalise_name(name)[:255]


def _insert(session: Session, model: type[schema.Base], rows: list[dict], ids: bool = False) -> list[int]:
    """Insert `rows` into `model`'s table in one statement; with `ids`, their new ids in the rows' order."""
    if not rows:
        return []
    table = model.__table__  # Core, not the ORM's bulk path: no per-row ORM bookkeeping
    if not ids:
        session.execute(insert(table), rows)
        return []
    return list(session.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows))


def _people(session: Session, names: list[str]) -> dict[str, schema.Person]:
    """{name key: Person} for every name, the missing ones created: one query and one flush a file."""
    wanted = {_name_key(n): n for n in reversed(names)}  # the first spelling of a name names a new person
    people = {p.name_key: p for p in session.scalars(select(schema.Person).where(schema.Person.name_key.in_(wanted)))} \
        if wanted else {}
    new = [schema.Person(name=name, name_key=key) for key, name in wanted.items() if key not in people]
    if new:
        session.add_all(new)
        session.flush()  # ids, for the owners' person_id
        people.update((p.name_key, p) for p in new)
    return people


def _meetings_by_id(session: Session, ids: set[int]) -> dict[int, schema.Meeting]:
    """{meeting id: meeting with its document} for `ids`, in chunks (SQLite caps bound parameters)."""
    ordered, meetings = sorted(ids), {}
    for start in range(0, len(ordered), 900):
        query = (select(schema.Meeting).where(schema.Meeting.id.in_(ordered[start:start + 900]))
                 .options(selectinload(schema.Meeting.document)))
        meetings.update((m.id, m) for m in session.scalars(query))
    return meetings


def _history(session: Session, action_ids: list[int], meetings: dict[int, schema.Meeting]) -> dict[int, list[ProgressView]]:
    """{action id: what later meetings said of it, oldest first}."""
    history: dict[int, list[ProgressView]] = {}
    if not action_ids:
        return history
    wanted = set(action_ids)
    query = select(schema.ActionProgress)
    if len(wanted) <= 1000:  # beyond that, one scan beats a huge IN list (SQLite caps bound parameters)
        query = query.where(schema.ActionProgress.action_id.in_(wanted))
    rows = [r for r in session.scalars(query) if r.action_id in wanted]
    for row in sorted(rows, key=lambda r: (meetings[r.meeting_id].date or datetime.min.date(), r.meeting_id, r.id)):
        meeting = meetings[row.meeting_id]
        history.setdefault(row.action_id, []).append(ProgressView(
            meeting_date=meeting.date.isoformat() if meeting.date else None, source=meeting.document.source,
            item=row.item_number, quote=row.quote, status=row.status, method=row.method, score=row.score))
    return history


def _default_embedder():
    from index.embeddings import default_embedder

    return default_embedder()


def _one_per_ref(rows: list[schema.Action], meetings: dict[int, schema.Meeting]) -> list[schema.Action]:
    """An action carried through several meetings' logs is shown once: its own record first."""
    best: dict[tuple[str, str], schema.Action] = {}
    for action in rows:
        if not action.ref or not re.search(r"/", action.ref):
            continue
        key = (meetings[action.meeting_id].board_key, action.ref)
        current = best.get(key)
        if current is None or (current.from_log and not action.from_log):
            best[key] = action
    keep = {id(a) for a in best.values()}
    return [a for a in rows if not a.ref or "/" not in a.ref or id(a) in keep]


def _meeting_of(key: ActionKey, meetings) -> schema.Meeting | None:
    """The stored meeting a correction was made on: same board and date (a twin shares them), or same file;
    the same file first, when different minutes claim one board and date."""
    same = [m for m in meetings if key.same_meeting(_key_of(m))]
    return next((m for m in same if m.document.source == key.source), same[0] if same else None)


def _key_of(meeting: schema.Meeting) -> ActionKey:
    return ActionKey(meeting.board_key, meeting.date.isoformat() if meeting.date else None, meeting.document.source,
                     None, None, "")


def _named(name: str | None, initials: str | None, query: str) -> bool:
    """A corrected owner's name or initials answer `query` (full name, surname or initials)."""
    wanted, key = normalise_name(query), normalise_name(name or "")
    return bool(key) and (key == wanted or (bool(initials) and initials.casefold() == wanted)
                          or (" " not in wanted and wanted in key.split()))


def _owned_by(action: schema.Action, query: str, people: dict[int, schema.Person]) -> bool:
    wanted = normalise_name(query)
    for owner in action.owners:
        names = [owner.name, owner.as_written] + ([people[owner.person_id].name] if owner.person_id in people else [])
        for name in names:
            key = normalise_name(name)
            if key == wanted or (owner.initials and owner.initials.casefold() == wanted):
                return True
            if " " not in wanted and wanted in key.split():
                return True
    return False


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # With WAL, NORMAL syncs at checkpoints, not every commit: a crashed process loses no
    # committed file, a power cut at worst the last few, and the database stays whole.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()

