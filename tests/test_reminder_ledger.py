"""The reminder ledger on SQLite and PostgreSQL: once a day per person, released on failure,
a killed run's claim taken over, opt-outs, and what `minutes doctor` says about runs."""

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cli.doctor import check_reminders
from index import schema
from index.reminder_ledger import STALE_CLAIM, ReminderLedger

DAY = date(2018, 12, 1)


def test_one_claim_per_person_and_day(store):
    ledger = ReminderLedger(store.engine)
    assert ledger.claim("Anna Hook", "UANNA", DAY, 3)
    assert not ledger.claim("anna  hook", "UANNA", DAY, 3)  # the same person, however written
    ledger.release("Anna Hook", DAY)  # the post failed: the next run may send it
    assert ledger.claim("Anna Hook", "UANNA", DAY, 3)
    ledger.mark_sent("Anna Hook", DAY)
    ledger.release("Anna Hook", DAY)  # a sent digest is never released
    assert not ledger.claim("Anna Hook", "UANNA", DAY, 3)
    assert ledger.claim("Anna Hook", "UANNA", DAY + timedelta(days=1), 3)
    assert ledger.sent_on(DAY) == ["Anna Hook"]


def test_a_killed_runs_claim_is_taken_over_once_stale(store):
    ledger = ReminderLedger(store.engine)
    assert ledger.claim("Roger Hirst", "UROGER", DAY, 2)  # ...and the process dies before posting
    assert not ledger.claim("Roger Hirst", "UROGER", DAY, 2)
    with Session(store.engine) as session, session.begin():
        for row in session.scalars(select(schema.ReminderDelivery)):
            row.claimed_at -= STALE_CLAIM + timedelta(minutes=1)
    assert ledger.claim("Roger Hirst", "UROGER", DAY, 2)


def test_opt_out_and_back_in(store):
    ledger = ReminderLedger(store.engine)
    assert ledger.enabled("UANNA")
    ledger.set_enabled("UANNA", False)
    assert not ledger.enabled("UANNA") and ledger.enabled("UROGER")
    ledger.set_enabled("UANNA", True)
    assert ledger.enabled("UANNA")


def test_doctor_reports_when_reminders_last_ran(store):
    assert "never run" in check_reminders(store).detail
    ledger = ReminderLedger(store.engine)
    run = ledger.start_run(DAY, dry_run=False)
    assert "did not finish" in check_reminders(store).detail
    ledger.finish_run(run, sent=3, failed=0)
    check = check_reminders(store)
    assert check.ok and "last ran" in check.detail and "for 2018-12-01: 3 sent, 0 failed" in check.detail
    ledger.start_run(DAY, dry_run=True)  # dry runs are not runs
    assert check_reminders(store).detail == check.detail
