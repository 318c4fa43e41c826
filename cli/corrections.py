"""`minutes correct` and `minutes corrections list|export|drop`: admins' corrections from the command line.

`minutes correct ACTION --owner … --due … --status …` or `--not-an-action` corrects the
record ACTION names (its ref, or words of its description; `--source` narrows it);
`minutes correct --add SOURCE --item N --text … --owner …` adds one the reader missed. Either
builds a new index version when there is one, so answers use the correction at once.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from index.corrections import CorrectionError, CorrectionView, changed_fields
from index.store import Store
from index.views import ActionView

console = Console()
errors = Console(stderr=True)
corrections_app = typer.Typer(help="Admins' corrections of action records: list, export as gold lines, drop.",
                              no_args_is_help=True)


class CorrectStatus(str, Enum):
    open = "open"
    closed = "closed"


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "cli"


def find_action(actions: list[ActionView], wanted: str, source: str | None) -> ActionView:
    """The one record ACTION names: by ref, else by words of its description; CorrectionError when none or several."""
    pool = [a for a in actions if source is None or a.source == source]
    key = " ".join(wanted.casefold().split())
    found = [a for a in pool if a.ref and a.ref.casefold() == key] or [
        a for a in pool if key and key in " ".join(a.description.casefold().split())]
    if not found:
        where = f" in {source}" if source else ""
        raise CorrectionError(f"no action{where} has the ref or words {wanted!r}; see `minutes actions --status all`")
    if len(found) > 1:
        listed = "; ".join(f"{a.ref or '-'} {a.source}: {a.description[:50]}" for a in found[:8])
        raise CorrectionError(f"{len(found)} actions match {wanted!r} ({listed}); give --source or more of its words")
    return found[0]


def correct(
    action: Annotated[Optional[str], typer.Argument(help="The action: its ref (46/18) or words of its description.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Only the actions of this file of minutes.")] = None,
    owner: Annotated[Optional[str], typer.Option(help="The right owner: a person of the meeting (name or initials) or any name.")] = None,
    due: Annotated[Optional[str], typer.Option(help="The right due date, YYYY-MM-DD (or YYYY-MM).")] = None,
    status: Annotated[Optional[CorrectStatus], typer.Option(help="The right status.")] = None,
    not_an_action: Annotated[bool, typer.Option("--not-an-action", help="The reader was wrong: this is not an action.")] = False,
    add: Annotated[Optional[str], typer.Option("--add", help="Add an action the reader missed to this file of minutes.")] = None,
    item: Annotated[Optional[str], typer.Option(help="With --add: the item number it belongs to.")] = None,
    text: Annotated[Optional[str], typer.Option(help="With --add: the action's words.")] = None,
    by: Annotated[Optional[str], typer.Option(help="Who is correcting (default: your login name).")] = None,
) -> None:
    """Correct an action record (owner, due date, status, or not an action), or --add a missed one."""
    store = Store.open()
    who = by or _user()
    try:
        if add is not None:
            if action is not None or not_an_action:
                raise CorrectionError("--add takes no ACTION and no --not-an-action")
            correction = store.add_action(add, item, text or "", who, owner=owner, due=due,
                                          status=status.value if status else None)
        else:
            if action is None:
                raise CorrectionError("name the ACTION to correct (its ref or words of it), or --add SOURCE")
            if not_an_action and (owner or due or status):
                raise CorrectionError("--not-an-action takes no --owner, --due or --status")
            record = find_action(store.actions(status="all"), action, source)
            correction = store.correct_action(record.source, record.ref, record.description, who, owner=owner, due=due,
                                              status=status.value if status else None, not_action=not_an_action)
    except CorrectionError as error:
        errors.print(f"cannot correct: {error}", markup=False, highlight=False)
        raise typer.Exit(code=2) from error
    console.print(f"correction #{correction.id}: {correction.describe()}", markup=False, highlight=False)
    _reindex_if_indexed(store)


def _reindex_if_indexed(store: Store) -> None:
    """Answers snapshot the action records per index version: a new one carries the correction."""
    from index.search_index import build_index, current_version

    if current_version() is None:
        return
    built = build_index(store)
    console.print(f"index version {built.version}: answers use the corrected records")


@corrections_app.command(name="list")
def list_corrections(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Every correction, and the file it applies to now ("orphaned" when the minutes no longer hold the action)."""
    rows = Store.open().corrections()
    if as_json:
        typer.echo(json.dumps([_correction_json(c) for c in rows], indent=2, default=str))
        return
    for c in rows:
        where = f"applies to {c.applied_to}" if c.applied_to else "ORPHANED: the minutes no longer hold this action"
        console.print(f"#{c.id} [{c.kind}] {c.describe()} — {where}", markup=False, highlight=False)
    console.print(f"{len(rows)} correction(s), {sum(c.orphaned for c in rows)} orphaned")


def _correction_json(c: CorrectionView) -> dict:
    return {**asdict(c), "orphaned": c.orphaned, "change": changed_fields(c)}


@corrections_app.command(name="export")
def export(out: Annotated[Optional[Path], typer.Option("--out", help="Write here (default: standard output).")] = None) -> None:
    """Write the corrected and added actions as gold lines (the format of ../shared/eval/*-actions.jsonl)."""
    from index.correction_export import export_gold

    written = export_gold(Store.open(), out if out is not None else sys.stdout)
    errors.print(f"{written.lines} gold line(s){f' to {out}' if out else ''}; left out: {written.not_actions} "
                 f"“not an action” correction(s) (the format lists actions only), {written.orphaned} orphaned",
                 markup=False, highlight=False)


@corrections_app.command(name="drop")
def drop(correction_id: Annotated[int, typer.Argument(help="The correction's number (see `minutes corrections list`).")]) -> None:
    """Delete one correction (the record goes back to what the reader read)."""
    store = Store.open()
    if not store.drop_correction(correction_id):
        errors.print(f"no correction #{correction_id}; see `minutes corrections list`")
        raise typer.Exit(code=1)
    console.print(f"dropped correction #{correction_id}")
    _reindex_if_indexed(store)


def report_orphans(store: Store) -> None:
    """After a re-read: say which corrections no longer apply and, with Slack settings, DM their admins."""
    orphans = [c for c in store.corrections() if c.orphaned]
    for c in orphans:
        errors.print(f"[yellow]correction no longer applies[/yellow] #{c.id} {escape(c.describe())} (kept; "
                     "`minutes corrections list`)", highlight=False)
    if not any(c.orphan_notified_at is None for c in orphans) or not os.environ.get("SLACK_BOT_TOKEN"):
        return
    from bot.app import web_client
    from bot.config import ConfigError, load_config
    from bot.correction_notices import notify_orphaned_corrections

    try:
        config = load_config({**os.environ, "SLACK_SIGNING_SECRET": os.environ.get("SLACK_SIGNING_SECRET", "unused")})
    except ConfigError as error:
        errors.print(f"admins not told about the corrections above: {error}", markup=False)
        return
    told = notify_orphaned_corrections(web_client(config), store)
    if told:
        errors.print(f"told their admins in Slack about {len(told)} correction(s)")
