"""The `minutes` command line: a thin layer over `corpus` and `index`."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from cli.ingest_files import IngestSummary, ingest_paths
from index.store import Store

app = typer.Typer(help="Board minutes: ingest, browse, and (soon) ask.", no_args_is_help=True, add_completion=False)
console = Console()
errors = Console(stderr=True)


class StatusChoice(str, Enum):
    open = "open"
    closed = "closed"
    all = "all"


def _store() -> Store:
    return Store.open()


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of minutes (.txt .md .html .docx .pdf).")],
) -> None:
    """Read minutes into the store; unchanged files are skipped, changed ones replaced."""
    store = _store()
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=errors,
        transient=True,
    ) as progress:
        task = progress.add_task("Ingesting", total=None)

        def advance(name: str, total: int) -> None:
            progress.update(task, total=total, advance=1, description=f"Ingesting {name}")

        summary = ingest_paths(store, paths, on_file=advance)
    _print_summary(summary)
    if summary.failed:
        raise typer.Exit(code=1)


def _print_summary(summary: IngestSummary) -> None:
    for name, reason in summary.failed:
        errors.print(f"[red]failed[/red] {name}: {reason}")
    console.print(
        f"added {len(summary.added)}, updated {len(summary.updated)}, "
        f"skipped {len(summary.skipped)}, failed {len(summary.failed)}"
    )


@app.command()
def meetings(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the meetings in the store."""
    rows = _store().meetings()
    if as_json:
        typer.echo(json.dumps([asdict(m) for m in rows], indent=2, default=str))
        return
    table = Table("date", "board", "organisation", "items", "actions", "present", "apologies", "source")
    for m in rows:
        table.add_row(
            str(m.date or ""), m.board, m.organisation or "", str(m.items), str(m.actions),
            str(m.present), str(m.apologies), m.source,
        )
    console.print(table)


@app.command()
def actions(
    person: Annotated[Optional[str], typer.Option(help="Full name, surname or initials.")] = None,
    status: Annotated[StatusChoice, typer.Option(help="Which actions.")] = StatusChoice.open,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List actions, open ones by default."""
    rows = _store().actions(person=person, status=status.value)
    if as_json:
        typer.echo(json.dumps([asdict(a) for a in rows], indent=2, default=str))
        return
    table = Table("ref", "action", "owners", "due", "status", "board", "date", "item")
    for a in rows:
        owners = ", ".join(f"{o.name} ({o.initials})" if o.initials and o.initials != o.name else o.name for o in a.owners)
        table.add_row(
            a.ref or "", a.description, owners, a.due or "", a.status, a.board, a.meeting_date or "", a.item or "",
        )
    console.print(table)
    console.print(f"{len(rows)} action(s)")


@app.command()
def show(
    source: Annotated[str, typer.Argument(help="The file name of the minutes, as ingested.")],
    item: Annotated[Optional[str], typer.Option(help="Only this item number.")] = None,
) -> None:
    """Show a meeting's metadata and items."""
    store = _store()
    document = store.document(source)
    if document is None:
        errors.print(f"no minutes called {source!r} in the store; see `minutes meetings`")
        raise typer.Exit(code=1)
    console.print(f"[bold]{document.board}[/bold] — {document.meeting_date or 'date unknown'}")
    for label, value in (("organisation", document.organisation), ("time", document.time), ("location", document.location)):
        if value:
            console.print(f"{label}: {value}")
    items = store.items(source, number=item)
    if item and not items:
        errors.print(f"{source} has no item {item!r}")
        raise typer.Exit(code=1)
    for view in items:
        console.rule(f"{view.number or ''} {view.title}".strip())
        console.print(view.text, markup=False, highlight=False)


class ModeChoice(str, Enum):
    hybrid = "hybrid"
    bm25 = "bm25"
    dense = "dense"


@app.command()
def reindex() -> None:
    """Build a new search index version from the store and swap it in (only new text is embedded)."""
    from index.search_index import build_index

    with console.status("Indexing passages"):
        built = build_index(_store())
    console.print(f"index version {built.version}: {len(built.passages)} passages")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("-k", help="How many passages.")] = 5,
    mode: Annotated[ModeChoice, typer.Option(help="Ranking to use.")] = ModeChoice.hybrid,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The passages of the minutes that best match QUERY, with their citations."""
    from index.search_index import build_index, load_index
    from retrieval.hybrid import HybridSearcher
    from retrieval.query_focus import person_focus

    store = _store()
    index = load_index() or build_index(store)
    focus = person_focus(store, query) if mode is ModeChoice.hybrid else None
    results = HybridSearcher(index).search(query, k=k, mode=mode.value, focus=focus)
    if as_json:
        rows = [{"source": r.passage.source, "item": r.passage.item, "item_title": r.passage.item_title,
                 "board": r.passage.board, "meeting_date": r.passage.meeting_date, "text": r.passage.text,
                 "score": round(r.score, 6)} for r in results]
        typer.echo(json.dumps(rows, indent=2))
        return
    if not results:
        console.print("Nothing in the minutes matches that.")
    for rank, r in enumerate(results, 1):
        p = r.passage
        console.rule(f"{rank}. {p.board}, {p.meeting_date or 'undated'}, item {p.item or '-'} {p.item_title}")
        console.print(p.text, markup=False, highlight=False)
        console.print(f"[dim]{p.source}[/dim]")


if __name__ == "__main__":
    app()
