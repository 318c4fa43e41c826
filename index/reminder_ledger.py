"""What the store remembers about reminders: who was sent one on which day, who opted out,
and when reminders last ran.

At most one digest per person per day: a run claims (person, day) with a unique row before
posting; a failed post releases the claim, so a re-run sends to exactly those not yet sent.
A claim left by a process killed mid-post is retried after `STALE_CLAIM`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from corpus.people import normalise_name
from index import schema

STALE_CLAIM = timedelta(minutes=10)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class LastRun:
    day: date
    dry_run: bool
    started_at: datetime
    finished_at: datetime | None
    sent: int
    failed: int


class ReminderLedger:
    """Typed access to the reminder tables (created by `Store`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        schema.Base.metadata.create_all(engine, tables=[
            schema.ReminderDelivery.__table__, schema.ReminderPreference.__table__, schema.ReminderRun.__table__])

    # --- opting out ---------------------------------------------------------------

    def set_enabled(self, slack_user: str, enabled: bool) -> None:
        """`/actions remind off|on`."""
        with Session(self.engine) as session, session.begin():
            session.merge(schema.ReminderPreference(slack_user=slack_user, enabled=enabled, changed_at=_now()))

    def enabled(self, slack_user: str) -> bool:
        with Session(self.engine) as session:
            row = session.get(schema.ReminderPreference, slack_user)
            return True if row is None else row.enabled

    # --- once a day -------------------------------------------------------------------

    def claim(self, person: str, slack_user: str, day: date, actions: int) -> bool:
        """Claim today's digest for `person`; False when it was sent (or is being sent) already."""
        key = normalise_name(person)[:255]
        with Session(self.engine) as session, session.begin():
            existing = session.scalar(select(schema.ReminderDelivery).where(
                schema.ReminderDelivery.person_key == key, schema.ReminderDelivery.day == day))
            if existing is not None:
                if existing.state == "sending" and _now() - existing.claimed_at > STALE_CLAIM:
                    existing.claimed_at = _now()  # a killed run's claim: take it over
                    return True
                return False
        try:
            with Session(self.engine) as session, session.begin():
                session.add(schema.ReminderDelivery(
                    person_key=key, person=person, slack_user=slack_user, day=day, state="sending",
                    actions=actions, claimed_at=_now(), sent_at=None))
        except IntegrityError:
            return False  # another run claimed it first
        return True

    def mark_sent(self, person: str, day: date) -> None:
        with Session(self.engine) as session, session.begin():
            session.execute(update(schema.ReminderDelivery).where(
                schema.ReminderDelivery.person_key == normalise_name(person)[:255], schema.ReminderDelivery.day == day,
            ).values(state="sent", sent_at=_now()))

    def release(self, person: str, day: date) -> None:
        """The post failed: forget the claim so the next run sends it."""
        with Session(self.engine) as session, session.begin():
            session.execute(delete(schema.ReminderDelivery).where(
                schema.ReminderDelivery.person_key == normalise_name(person)[:255], schema.ReminderDelivery.day == day,
                schema.ReminderDelivery.state == "sending"))

    def sent_on(self, day: date) -> list[str]:
        """People sent a digest on `day`."""
        with Session(self.engine) as session:
            return list(session.scalars(select(schema.ReminderDelivery.person).where(
                schema.ReminderDelivery.day == day, schema.ReminderDelivery.state == "sent").order_by(schema.ReminderDelivery.person)))

    # --- runs ---------------------------------------------------------------------------

    def start_run(self, day: date, dry_run: bool) -> int:
        with Session(self.engine) as session, session.begin():
            run = schema.ReminderRun(day=day, dry_run=dry_run, started_at=_now(), finished_at=None, sent=0, failed=0)
            session.add(run)
            session.flush()
            return run.id

    def finish_run(self, run_id: int, sent: int, failed: int) -> None:
        with Session(self.engine) as session, session.begin():
            session.execute(update(schema.ReminderRun).where(schema.ReminderRun.id == run_id)
                            .values(finished_at=_now(), sent=sent, failed=failed))

    def last_run(self) -> LastRun | None:
        """The latest real (not dry) run, finished or not."""
        with Session(self.engine) as session:
            row = session.scalar(select(schema.ReminderRun).where(schema.ReminderRun.dry_run.is_(False))
                                 .order_by(schema.ReminderRun.started_at.desc(), schema.ReminderRun.id.desc()).limit(1))
            if row is None:
                return None
            return LastRun(row.day, row.dry_run, row.started_at, row.finished_at, row.sent, row.failed)
