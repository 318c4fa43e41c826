"""The `minutes` command line: a thin layer over `corpus` and `index`."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from cli.logging_setup import configure_cli_logging
from index.embedding_prefetch import EmbeddingPrefetch
from index.ingest_files import IngestSummary, ingest_paths
from index.store import Store

app = typer.Typer(help="Board minutes: ingest, browse, search and ask.", no_args_is_help=True, add_completion=False)
console = Console()
errors = Console(stderr=True)


@app.callback()
def _quiet_libraries() -> None:
    # Before any command: libraries' log lines stay off the terminal unless MINUTES_LOG_LEVEL=DEBUG.
    configure_cli_logging()


class StatusChoice(str, Enum):
    open = "open"
    closed = "closed"
    all = "all"


def _store() -> Store:
    return Store.open()


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of minutes (.txt .md .html .docx .pdf).")],
    index: Annotated[bool, typer.Option("--index/--no-index", help="Re-index when anything changed.")] = True,
    digest: Annotated[bool, typer.Option("--digest/--no-digest", help="Announce new meetings in MINUTES_DIGEST_CHANNEL "
                                         "(--no-digest: a backfill of old minutes).")] = True,
) -> None:
    """Read minutes into the store and re-index; unchanged files are skipped, changed ones replaced."""
    store = _store()
    announce = digest and bool(os.environ.get("MINUTES_DIGEST_CHANNEL", "").strip())
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=errors,
        transient=True,
        disable=not errors.is_interactive,  # piped, rich would still end with a blank line
    ) as progress:
        task = progress.add_task("Ingesting", total=None)

        def advance(name: str, total: int) -> None:
            progress.update(task, total=total, advance=1, description=f"Ingesting {name}")

        # Each stored file's passages are embedded while the next one is read, unless not indexing.
        prefetch = EmbeddingPrefetch(store) if index else None
        try:
            summary = ingest_paths(store, paths, on_file=advance, on_stored=prefetch.stored if prefetch else None,
                                   digest=announce)
        except BaseException:
            if prefetch:
                prefetch.close()
            raise
    _print_summary(summary)
    if index:
        from index.catch_up import index_lag
        from index.search_index import build_index

        # Also when nothing changed now: an earlier ingest may have stopped (crashed, killed)
        # after storing and before indexing; this brings the index up to date.
        lag = None if summary.added or summary.updated else index_lag(store)
        if lag is not None:
            errors.print(f"[yellow]catching up[/yellow] the index is behind the store ({escape(lag.describe())}); "
                         "an earlier ingest was interrupted. Indexing now.", highlight=False)
        if summary.added or summary.updated or lag is not None:
            with console.status("Indexing passages"), prefetch:
                built = build_index(store, embedder=prefetch)
            console.print(f"index version {built.version}: {len(built.passages)} passages")
        else:
            prefetch.close()
    if announce:
        _post_digests(store)
    if summary.added or summary.updated:
        report_orphans(store)
    if summary.failed:
        raise typer.Exit(code=1)


def _post_digests(store: Store) -> None:
    """Post the queued new-minutes digests (also ones an earlier run left); without a bot token
    they wait for `minutes serve`."""
    from index.digest_outbox import DigestOutbox

    if not DigestOutbox(store.engine).due():
        return
    if not os.environ.get("SLACK_BOT_TOKEN"):
        errors.print("[yellow]digest[/yellow] SLACK_BOT_TOKEN is not set: `minutes serve` will post the new meetings' digests")
        return
    from bot.app import web_client
    from bot.digest import post_pending_digests
    from bot.service import MinutesService
    from cli.remind import sender_config

    config = sender_config()
    run = post_pending_digests(MinutesService(store), web_client(config), config)
    if run.posted or run.found_posted or run.failed:
        console.print(f"digests: posted {len(run.posted)}, already posted {len(run.found_posted)}, failed {len(run.failed)}")
    for source, reason in run.failed:
        errors.print(f"[red]digest not posted[/red] {escape(source)}: {escape(reason)} (the next run tries again)")


def _print_summary(summary: IngestSummary) -> None:
    for name, reason in summary.failed:
        errors.print(f"[red]failed[/red] {name}: {reason}")
    for name, reason in summary.ignored:
        errors.print(f"[yellow]ignored[/yellow] {name}: {reason}")
    for name, twin in summary.duplicates:
        errors.print(f"[yellow]duplicate[/yellow] {name}: the same file is already stored as {twin}; nothing changed")
    for name, old in summary.replaced:
        errors.print(f"[yellow]replaced[/yellow] {old}: {name} holds the same minutes (board, date and text) and replaces it")
    for conflict in summary.conflicts:
        errors.print(f"[yellow]conflict[/yellow] {escape(conflict.describe())}", highlight=False)
    console.print(
        f"added {len(summary.added)}, updated {len(summary.updated)}, "
        f"skipped {len(summary.skipped) + len(summary.duplicates)}, failed {len(summary.failed)}"
    )


@app.command()
def meetings(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the meetings in the store."""
    rows = _store().meetings()
    if as_json:
        typer.echo(json.dumps([asdict(m) for m in rows], indent=2, default=str))
        return
    table = Table("date", "board", "organisation", "place", "items", "actions", "present", "apologies", "next meeting", "source")
    for m in rows:
        table.add_row(
            str(m.date or ""), m.board, m.organisation or "", m.location or "", str(m.items), str(m.actions),
            str(m.present), str(m.apologies), m.next_meeting or "", m.source,
        )
    console.print(table)


@app.command()
def actions(
    person: Annotated[Optional[str], typer.Option(help="Full name, surname or initials.")] = None,
    status: Annotated[StatusChoice, typer.Option(help="Which actions.")] = StatusChoice.open,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only actions past their due date and not done.")] = False,
    due_within: Annotated[Optional[str], typer.Option("--due-within", help="Only actions due in this window, e.g. 14d or 2w.")] = None,
    today: Annotated[Optional[str], typer.Option(help="The day to count from (YYYY-MM-DD); default today or MINUTES_TODAY.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array (with each action's history).")] = False,
) -> None:
    """List actions, open ones by default; --overdue and --due-within filter by due date."""
    from cli.action_output import action_json, actions_table
    from index.action_due import parse_days, select_due

    on = _clock(today)
    try:
        within = parse_days(due_within) if due_within else None
    except ValueError as error:
        errors.print(f"--due-within: {error}")
        raise typer.Exit(code=2) from error
    rows = select_due(_store().actions(person=person, status=status.value), on, overdue, within)
    if as_json:
        typer.echo(json.dumps([action_json(a, on) for a in rows], indent=2, default=str))
        return
    actions_table(console, rows, on)


def _clock(today: str | None):
    """The day given on the command line, else the clock (MINUTES_TODAY or the real date)."""
    from datetime import date

    from index.action_due import today as clock_today

    if not today:
        return clock_today()
    try:
        return date.fromisoformat(today)
    except ValueError as error:
        errors.print(f"--today: {today!r} is not a date (YYYY-MM-DD)")
        raise typer.Exit(code=2) from error


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
    from cli.action_output import print_history

    recorded = [a for a in store.actions(status="all") if a.source == source and (item is None or a.item == item.rstrip(". "))]
    print_history(console, recorded, _clock(None))


class ModeChoice(str, Enum):
    hybrid = "hybrid"
    bm25 = "bm25"
    dense = "dense"


def _engine(store: Store | None = None):
    """The answer engine over the live index, building the first index if there is none."""
    from index.search_index import build_index
    from retrieval.engine import AnswerEngine

    store = store or _store()
    engine = AnswerEngine.open(store)
    if engine is None:
        with console.status("Building the search index"):
            build_index(store)
        engine = AnswerEngine.open(store)
    assert engine is not None
    return engine


@app.command()
def reindex(
    full: Annotated[bool, typer.Option("--full", help="Parse every document again and re-embed everything.")] = False,
) -> None:
    """Build a new index version beside the live one and swap it in (incremental unless --full)."""
    from index.reindex import reindex as run_reindex
    from index.search_index import current_version

    store = _store()
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=errors, transient=True, disable=not errors.is_interactive) as progress:
        task = progress.add_task("Re-indexing", total=None)

        def report(stage: str, done: int, total: int) -> None:
            progress.update(task, description=stage.capitalize(), completed=done, total=total)

        try:
            result = run_reindex(store, full=full, progress=report)
        except Exception as error:  # the live version is untouched; say why
            errors.print(f"re-index failed: {error}. Index version {current_version() or 'none'} is still live.")
            raise typer.Exit(code=1) from error
    for source, reason in result.failed:
        errors.print(f"[yellow]kept as stored[/yellow] {source}: {reason}")
    console.print(f"index version {result.version}: {result.passages} passages, "
                  f"{result.embedded} newly embedded, {len(result.reparsed)} document(s) parsed again")
    report_orphans(store)


@app.command()
def remove(source: Annotated[str, typer.Argument(help="The file name of the minutes, as ingested.")]) -> None:
    """Remove a document and everything read from it, then re-index so answers no longer use it."""
    from index.search_index import build_index

    store = _store()
    if not store.remove(source):
        errors.print(f"no minutes called {source!r} in the store; see `minutes meetings`")
        raise typer.Exit(code=1)
    built = build_index(store)
    console.print(f"removed {source}; index version {built.version}: {len(built.passages)} passages")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("-k", help="How many passages.")] = 5,
    mode: Annotated[ModeChoice, typer.Option(help="Ranking to use.")] = ModeChoice.hybrid,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The passages of the minutes that best match QUERY (with the question's filters), with citations."""
    from cli.answer_output import passage_json
    from retrieval.wording import citation

    context = _engine().understand(query, k=k, mode=mode.value)
    results = context.passages[:k]
    if as_json:
        typer.echo(json.dumps([passage_json(r) for r in results], indent=2))
        return
    if not results:
        console.print("Nothing in the minutes matches that.")
    for rank, r in enumerate(results, 1):
        console.rule(f"{rank}. {citation(r.passage)}", align="left")
        console.print(r.passage.text, markup=False, highlight=False)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="A question about the minutes.")],
    k: Annotated[int, typer.Option("-k", help="How many passages to cite.")] = 5,
    mode: Annotated[ModeChoice, typer.Option(help="Ranking to use.")] = ModeChoice.hybrid,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Answer QUESTION from the minutes, citing board, date, item and excerpt (or say it is not there)."""
    from cli.answer_output import answer_json, print_answer

    answer = _engine().ask(question, k=k, mode=mode.value)
    if as_json:
        typer.echo(json.dumps(answer_json(answer), indent=2, default=str))
        return
    print_answer(console, answer)


@app.command(name="eval")
def evaluate(
    questions: Annotated[list[Path], typer.Argument(help="JSONL files with id and question (gold fields optional); several are scored together.", exists=True, dir_okay=False)],
    mode: Annotated[Optional[ModeChoice], typer.Option(help="One ranking; all three when omitted (table only).")] = None,
    k: Annotated[int, typer.Option("-k", help="Passages per answer.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per question.")] = False,
    split: Annotated[bool, typer.Option("--split", help="Fit the not-found thresholds on half the questions; report the other half.")] = False,
) -> None:
    """Run the answer pipeline on every question; print answers and, with gold, recall@1/5/10, MRR,
    answered and false "found" — overall, per question kind and per minutes file."""
    from cli.answer_output import answer_json, print_groups, print_split
    from retrieval.evaluation import KS, by_group, file_of, kind_of, read_questions, score, split_fit, summarise

    rows = []
    try:
        for path in questions:
            rows += read_questions(path)
    except ValueError as error:
        errors.print(str(error))
        raise typer.Exit(code=2) from error
    engine = _engine()
    modes = [mode.value] if mode else (["hybrid"] if as_json or split else [m.value for m in ModeChoice])
    metrics = []
    for current in modes:
        answers = [engine.ask(q.question, k=k, mode=current) for q in rows]
        if as_json:
            for q, a in zip(rows, answers):
                typer.echo(json.dumps(answer_json(a, q.id), default=str))
            return
        scores = [score(q, a) for q, a in zip(rows, answers)]
        if current == modes[0]:
            table = Table("id", "question", "answer", "rank", "answered", title=f"{current} answers")
            for s, a in zip(scores, answers):
                table.add_row(s.question.id, s.question.question, a.text.splitlines()[0][:120],
                              str(s.rank or "-") if s.question.has_gold else "", "yes" if s.answered else "no" if s.question.has_gold else "")
            console.print(table)
            if any(q.has_gold for q in rows):
                print_groups(console, "per question kind", by_group(scores, answers, kind_of))
                print_groups(console, "per minutes file", by_group(scores, answers, file_of))
        metrics.append(summarise(current, scores, answers))
    if any(m.questions or m.unanswerable for m in metrics):
        table = Table("mode", *[f"recall@{n}" for n in KS], "MRR", "answered", "found", "questions", title="metrics")
        for m in metrics:
            table.add_row(m.mode, *[f"{m.recall[n]:.2f}" for n in KS], f"{m.mrr:.2f}", f"{m.answered:.2f}", f"{m.found:.2f}", str(m.questions))
        console.print(table)
        for m in metrics:
            if m.unanswerable:
                console.print(f"{m.mode}: {m.false_found} of {m.unanswerable} questions the minutes don't answer came back found")
    if split:
        print_split(console, split_fit(engine, rows, k=k, mode=modes[0]))


@app.command()
def doctor() -> None:
    """Check configuration, database, index and model, and say in plain words what is wrong."""
    from cli.doctor import run_checks

    checks = run_checks()
    for check in checks:
        mark = "[green]ok[/green]  " if check.ok else ("[red]FAIL[/red]" if check.required else "[yellow]warn[/yellow]")
        console.print(f"{mark} {check.name}: {check.detail}", highlight=False)
    if any(not c.ok and c.required for c in checks):
        raise typer.Exit(code=1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="HTTP mode: the address to listen on.")] = "0.0.0.0",
) -> None:
    """Run the Slack bot: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on $PORT (/slack/events)."""
    import logging

    from bot.app import serve as serve_bot
    from bot.config import ConfigError, load_config
    from bot.structured_logs import configure as configure_logs

    try:
        config = load_config()
    except ConfigError as error:
        errors.print(str(error))
        raise typer.Exit(code=2) from error
    configure_logs(logging.DEBUG if os.environ.get("MINUTES_LOG_LEVEL", "").upper() == "DEBUG" else logging.INFO)
    serve_bot(config, host=host)


from cli.corrections import corrections_app, correct, report_orphans  # noqa: E402 - commands in their own modules
from cli.remind import remind  # noqa: E402

app.command(name="remind")(remind)
app.command(name="correct")(correct)
app.add_typer(corrections_app, name="corrections")

from cli.feedback import feedback  # noqa: E402

app.command(name="feedback")(feedback)


if __name__ == "__main__":
    app()
