"""`minutes feedback`: what staff said about the bot's answers, by kind and board."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from index.answer_feedback import KINDS, REASONS, FeedbackLog
from index.store import Store

console = Console()


def feedback(as_json: Annotated[bool, typer.Option("--json", help="Print JSON: counts by kind and board.")] = False) -> None:
    """Count the 👍 / 👎 votes on answers by kind (helpful, not helpful, wrong answer, wrong meeting,
    should have said not found) and by the board the answer cited."""
    counts = FeedbackLog(Store.open().engine).counts()
    if as_json:
        totals = {kind: sum(c.count for c in counts if c.kind == kind) for kind in KINDS}
        typer.echo(json.dumps({"total": sum(totals.values()), "by_kind": totals,
                               "by_kind_and_board": [asdict(c) for c in counts]}, indent=2))
        return
    if not counts:
        console.print("No feedback on answers yet.")
        return
    table = Table("kind", "board", "votes", title="feedback on answers")
    for c in counts:
        table.add_row(REASONS.get(c.kind, c.kind.replace("_", " ")), c.board, str(c.count))
    console.print(table)
    console.print(f"{sum(c.count for c in counts)} vote(s)")
