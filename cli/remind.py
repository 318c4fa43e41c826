"""`minutes remind`: the daily reminder DMs (or, with --dry-run, who would get which actions)."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer
from rich.console import Console

from index.store import Store

console = Console()
errors = Console(stderr=True)


def remind(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List who would be reminded of what; send nothing.")] = False,
    today: Annotated[Optional[str], typer.Option(help="The day to count from (YYYY-MM-DD); default today or MINUTES_TODAY.")] = None,
) -> None:
    """DM each person with overdue actions or actions due within 7 days one digest (at most once a day)."""
    from datetime import date

    from index.action_due import today as clock_today
    from index.action_due import due_by_person, is_overdue
    from retrieval.wording import long_date

    try:
        on = date.fromisoformat(today) if today else clock_today()
    except ValueError as error:
        errors.print(f"--today: {today!r} is not a date (YYYY-MM-DD)")
        raise typer.Exit(code=2) from error
    store = Store.open()
    if dry_run:
        due = due_by_person(store.actions(status="open"), on)
        console.print(f"Reminders for {on.isoformat()} (dry run, nothing sent): {len(due)} owner(s)")
        for person in due:
            console.print(f"\n{person.person}" + ("" if person.kind == "person" else f" ({person.kind}: no DM)"),
                          markup=False, highlight=False)
            for a in person.actions:
                state = "overdue" if is_overdue(a, on) else "due soon"
                console.print(f"  - [{state}] {a.ref + ' ' if a.ref else ''}{a.description} (due {long_date(a.due)}; "
                              f"{a.board}, {long_date(a.meeting_date)})", markup=False, highlight=False)
        return
    from bot.app import web_client
    from bot.reminders import send_reminders
    from bot.service import MinutesService

    config = sender_config()
    report = send_reminders(web_client(config), config, MinutesService(store), on)
    console.print(f"Reminders for {on.isoformat()}: sent {len(report.sent)}, already sent today {len(report.already_sent)}, "
                  f"opted out {len(report.opted_out)}, not in Slack {len(report.unmatched)}, failed {len(report.failed)}")
    for person, reason in report.failed:
        errors.print(f"[red]failed[/red] {person}: {reason} (the next run will try again)")
    for person in report.unmatched:
        errors.print(f"[yellow]not sent[/yellow] {person}: no Slack user found (add them to MINUTES_SLACK_PEOPLE)")
    if report.failed:
        raise typer.Exit(code=1)


def sender_config():
    """The bot's settings; sending DMs and digests needs only the bot token, not Socket Mode or HTTP settings."""
    from bot.config import ConfigError, load_config

    env = dict(os.environ)
    env.setdefault("SLACK_SIGNING_SECRET", "not-used-for-reminders")
    try:
        return load_config(env)
    except ConfigError as error:
        errors.print(str(error))
        raise typer.Exit(code=2) from error
