"""The outbox of new-minutes digests: queued by the ingest that stores a new meeting, claimed
by one poster before it posts, recorded once posted.

Exactly once per meeting: the row is written in the ingest's own transaction (a crash
leaves both or neither); a poster claims it with a conditional UPDATE, so of several bot
processes one wins; a claim left by a killed poster is taken over after `STALE_CLAIM`, and
the new claimant first looks in the channel for the message the killed one may have posted
(`ClaimedDigest.maybe_posted`). A twin that replaces the file takes over its queued row;
re-ingesting a changed file of the same meeting queues nothing.

Only meetings ingested with `digest=True` (the digest channel configured) are queued, so
configuring the channel on a store that already holds years of minutes posts none of them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from index import schema

STALE_CLAIM = timedelta(minutes=10)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


# --- written by the ingest, in its transaction -------------------------------------------


def queue_new_meeting(session: Session, source: str, board: str, meeting_date: date | None) -> None:
    """Queue the digest of a newly stored meeting (a file stored again after removal is queued
    again only if its digest was never posted)."""
    row = session.scalar(select(schema.MeetingDigest).where(schema.MeetingDigest.source == source))
    if row is None:
        session.add(schema.MeetingDigest(key=uuid.uuid4().hex, source=source, board=board, meeting_date=meeting_date,
                                         state="pending", created_at=_now()))
    elif row.state == "dropped":
        row.state, row.board, row.meeting_date = "pending", board, meeting_date


def follow_twin(session: Session, replaced: str, replacement: str) -> None:
    """A twin replaced `replaced`: its digest, if still queued, is now the replacement's; posted ones stay posted."""
    old = session.scalar(select(schema.MeetingDigest).where(schema.MeetingDigest.source == replaced))
    if old is None:
        return
    taken = session.scalar(select(schema.MeetingDigest.id).where(schema.MeetingDigest.source == replacement))
    if taken is None:
        old.source = replacement  # pending, posting or posted: the meeting's one digest, under its new file
    elif old.state == "pending":
        session.delete(old)


def drop_pending(session: Session, source: str) -> None:
    """The file was removed: a digest not yet claimed is not posted."""
    session.execute(update(schema.MeetingDigest).where(
        schema.MeetingDigest.source == source, schema.MeetingDigest.state == "pending").values(state="dropped"))


# --- used by the poster --------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimedDigest:
    """A digest this poster may post: nobody else will while the claim is fresh."""

    id: int
    key: str  # what the posted message's metadata names, so a later poster can find it
    source: str  # the file at claim time (a twin may take over the row meanwhile: `source_of`)
    token: str
    maybe_posted_since: datetime | None  # a killed poster's claim taken over: look for its message from then

    @property
    def maybe_posted(self) -> bool:
        return self.maybe_posted_since is not None


@dataclass(frozen=True)
class DigestState:
    source: str
    state: str
    channel: str | None
    ts: str | None
    created_at: datetime


class DigestOutbox:
    """Typed access to the `meeting_digests` table (created by `Store`)."""

    def __init__(self, engine: Engine, stale_after: timedelta = STALE_CLAIM) -> None:
        self.engine = engine
        self.stale_after = stale_after
        schema.Base.metadata.create_all(engine, tables=[schema.MeetingDigest.__table__])

    def due(self) -> list[int]:
        """Ids of digests to post now: pending ones, and claims gone stale, oldest first."""
        cutoff = _now() - self.stale_after
        with Session(self.engine) as session:
            return list(session.scalars(select(schema.MeetingDigest.id).where(
                (schema.MeetingDigest.state == "pending")
                | ((schema.MeetingDigest.state == "posting") & (schema.MeetingDigest.claimed_at < cutoff)))
                .order_by(schema.MeetingDigest.created_at, schema.MeetingDigest.id)))

    def claim(self, digest_id: int, channel: str) -> ClaimedDigest | None:
        """Claim one digest; None when another poster has it (or it was posted meanwhile)."""
        now, token = _now(), uuid.uuid4().hex
        with Session(self.engine) as session, session.begin():
            row = session.get(schema.MeetingDigest, digest_id)
            if row is None:
                return None
            table = schema.MeetingDigest
            if row.state == "pending":
                seen = table.state == "pending"
                since = None
            elif row.state == "posting" and row.claimed_at is not None and now - row.claimed_at > self.stale_after:
                # Exactly the claim read: of two posters taking it over, the second matches nothing.
                seen = (table.state == "posting") & (table.claimed_at == row.claimed_at)
                since = row.claimed_at
            else:
                return None
            won = session.execute(update(table).where(table.id == digest_id, seen).values(
                state="posting", claimed_at=now, claim=token, channel=channel).execution_options(synchronize_session=False))
            if won.rowcount != 1:
                return None
            return ClaimedDigest(digest_id, row.key, row.source, token, since)

    def source_of(self, claim: ClaimedDigest) -> str:
        """The digest's file now (a twin that replaced the file meanwhile took the row over)."""
        with Session(self.engine) as session:
            return session.scalar(select(schema.MeetingDigest.source).where(schema.MeetingDigest.id == claim.id)) or claim.source

    def record_posted(self, claim: ClaimedDigest, channel: str, ts: str) -> bool:
        """The message is in the channel; False when the claim had been taken over meanwhile."""
        return self._finish(claim, state="posted", channel=channel, ts=ts, posted_at=_now())

    def release(self, claim: ClaimedDigest) -> bool:
        """Not posted (Slack refused it, or the channel shows no such message): the next run posts it."""
        return self._finish(claim, state="pending", claimed_at=None, claim=None)

    def drop(self, claim: ClaimedDigest) -> bool:
        """Its minutes are gone: nothing to post."""
        return self._finish(claim, state="dropped")

    def _finish(self, held: ClaimedDigest, **values) -> bool:
        table = schema.MeetingDigest
        with Session(self.engine) as session, session.begin():
            done = session.execute(update(table).where(table.id == held.id, table.claim == held.token,
                                                       table.state == "posting").values(**values)
                                   .execution_options(synchronize_session=False))
            return done.rowcount == 1

    def states(self) -> list[DigestState]:
        """Every digest row, oldest first (for `minutes doctor` and tests)."""
        with Session(self.engine) as session:
            return [DigestState(r.source, r.state, r.channel, r.ts, r.created_at) for r in session.scalars(
                select(schema.MeetingDigest).order_by(schema.MeetingDigest.created_at, schema.MeetingDigest.id))]
