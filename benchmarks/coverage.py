"""Coverage of the minutes parser on unlabeled real minutes, per organisation.

No gold is needed: for every document of one or more folder trees it records what
`corpus.minutes.parse_minutes` extracts (parsing only: no store, index or embeddings)
and reports, per organisation (the first folder level under a root; a root holding
files directly is one organisation named after the root):

- documents, and the share with a meeting date, with >= 2 items, with a people list;
- documents whose text has *action wording* (see `ACTION_WORDING` below) and the share
  of those with >= 1 extracted action; actions found in documents without such wording;
- the share of extracted actions with an owner and with an item;
- files that could not be read, with the reason (a per-file time limit included).

    python benchmarks/coverage.py /work/pool ../shared/corpus/scale/nodejs-tsc [--json] [--samples 3 --seed 1]

Each file is parsed in a worker process that is killed and replaced when a file takes
longer than `--timeout` seconds, so one bad file cannot hang the run.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import re
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# ---------------------------------------------------------------------------
# Action wording: how we decide, without gold, that a document *probably* records
# actions. Each rule is a named regular expression over one line of the document's
# text (as the readers produce it: a paragraph or table row a line). A document has
# action wording when any line matches any rule. The rules are deliberately the
# common, explicit ways minutes write actions; prose like "we should look at" is not
# counted, so the figure is a floor for "documents with actions", not a gold count.
# ---------------------------------------------------------------------------

_OWNER = (
    r"(?:@[\w.-]+"  # @handle
    r"|\[[A-Za-z][\w .-]{0,30}\]"  # [name] / [NM]
    r"|[A-Z]{2,5}(?:/[A-Z]{2,5})*"  # initials, AH/MS
    r"|[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+){0,2})"  # a capitalised name of 1-3 words
)
# Capitalised words that start sentences but are not owners ("We will", "This needs to").
_NOT_OWNERS = {
    "we", "i", "you", "they", "it", "this", "that", "there", "these", "those", "he", "she", "who", "what",
    "the", "a", "an", "all", "everyone", "someone", "anyone", "nobody", "people", "need", "needs", "plan",
    "want", "going", "decision", "decided", "agreed", "proposal", "proposed", "question", "next", "also",
    "then", "if", "when", "once", "please", "note", "notes", "discussion", "action", "actions", "item",
    "items", "todo", "goal", "aim", "idea", "would", "should", "could", "maybe", "perhaps", "not", "no",
    "yes", "and", "but", "or", "so", "how", "why", "where", "one", "some", "many", "most", "more", "each",
    "our", "my", "your", "their", "its", "his", "her", "time", "today", "tomorrow", "now", "later",
}

ACTION_WORDING: dict[str, re.Pattern[str]] = {
    # "ACTION: ...", "Action: Clerk", "Actions:", "Action items:", "AI: ...", "AP:", "TODO:", "Next steps:"
    # and numbered labels without a colon: "Action Point 5 For ECC to share ...", "Action item 3"
    "marker": re.compile(
        r"(?:^|[\s*_>#(\[-])(?:(?:ACTIONS?|[Aa]ctions?(?:\s+[Ii]tems?|\s+[Pp]oints?|\s+[Rr]equired)?|AI|AP|TODO|"
        r"[Tt]o[- ][Dd]os?|[Nn]ext [Ss]teps|[Ff]ollow[- ]ups?)\s*(?:\*\*|__)?\s*(?::|[-\u2013\u2014](?=\s))"
        r"|(?:ACTION|[Aa]ction)\s+(?:[Pp]oints?|[Ii]tems?|[Nn]o\.?)\s*\d+\b)"
    ),
    # a heading or bold line that is only "Action items" / "Actions" / "Next steps"
    "heading": re.compile(
        r"^\s*(?:#+\s*|\*\*|__)?\s*(?:action items?|actions?(?: required| points| log)?|next steps|follow[- ]ups?|todos?)"
        r"\s*(?:\*\*|__)?\s*:?\s*$",
        re.IGNORECASE,
    ),
    # GitHub task-list items: "- [ ] open an issue"
    "task box": re.compile(r"^\s*[-*+]\s+\[[ xX]\]\s+\S"),
    # "Jonathan will set up ...", "@mhdawson to open ...", "AH agreed to ...", "[NM] volunteered to ...",
    # at the start of a line or cell, or after the end of a sentence ("... usage. Anna to ping Myles.")
    "owner + will/to": re.compile(
        rf"(?:^|(?<=[.;!?] ))\s*(?:[-*+\u2022]\s+|\d+[.)]\s+)?(?:\*\*|__)?(?P<owner>{_OWNER})(?:\*\*|__)?:?\s+"
        r"(?:will|to|shall|agreed to|volunteered to|offered to|is going to|are going to|'ll|needs to|to follow up)\s+"
        r"(?!be\b)[a-z]"
    ),
}


# Rules tried on each table cell as well as on the whole line (a tab joins a row's cells).
_PER_CELL = {"heading", "owner + will/to"}
_WORD = re.compile(r"[A-Za-z][\w'-]*")


def proper_nouns(lines: list[str]) -> set[str]:
    """Capitalised words the document also uses as names: mid-sentence, or before another capitalised word.

    "Subscribe to ...", "Remember to ..." start lines but a verb is never capitalised
    mid-sentence, while a person's name is ("... asked Niko", "Niko Matsakis"). This
    keeps imperative and noun openings out of the "owner + will/to" rule without a
    list of words.
    """
    names: set[str] = set()
    for line in lines:
        words = list(_WORD.finditer(line))
        for index, match in enumerate(words):
            word = match.group()
            if not word[0].isupper() or word.isupper():
                continue
            before = line[: match.start()].rstrip()
            mid_sentence = index > 0 and before and before[-1] not in ".!?:;*#>-|\u2022" and not before.endswith("**")
            followed_by_name = index + 1 < len(words) and words[index + 1].group()[0].isupper() and (
                line[match.end() : words[index + 1].start()] == " "
            )
            if mid_sentence or followed_by_name:
                names.add(word.lower())
    return names - _NOT_OWNERS


def action_wording(lines: list[str], examples: list[str] | None = None) -> Counter[str]:
    """How many lines match each action-wording rule.

    An "owner + will/to" owner must be a handle, bracketed name, initials, or a word the
    document uses as a name elsewhere (`proper_nouns`). Matching lines are appended to
    `examples` when it is given.
    """
    names = proper_nouns(lines)
    hits: Counter[str] = Counter()
    for index, line in enumerate(lines):
        cells = line.split("\t")
        matched = False
        for name, pattern in ACTION_WORDING.items():
            if not any(_matches(name, pattern, text, names) for text in (cells if name in _PER_CELL else [line])):
                continue
            if name == "heading" and len(cells) == 1 and _empty_section(lines, index):
                continue
            hits[name] += 1
            matched = True
        if matched and examples is not None:
            examples.append(" ".join(line.split())[:200])
    return hits


def _empty_section(lines: list[str], index: int) -> bool:
    """True when an "Action items" heading is followed by another heading (a template's empty section).

    The next line counts as a heading when it is short and has no sentence punctuation.
    """
    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return not following or (len(following.split()) <= 5 and not re.search(r"[.,:;!?]|\b(to|will)\b", following))


def _matches(name: str, pattern: re.Pattern[str], text: str, names: set[str]) -> bool:
    match = pattern.search(text)
    if not match:
        return False
    if name == "owner + will/to":
        owner = match.group("owner")
        if owner[0] in "@[" or owner.isupper():
            return True
        return owner.split()[0].lower() in names
    return True


# ---------------------------------------------------------------------------
# Per-document results (picklable: they cross from the worker process)
# ---------------------------------------------------------------------------


@dataclass
class ExtractedAction:
    description: str
    owners: list[str]
    item: str | None
    due: str | None


@dataclass
class ExtractedItem:
    number: str | None
    title: str


@dataclass
class DocumentResult:
    """What the parser extracted from one file, or why it could not."""

    path: str
    organisation: str
    error: str | None = None
    date: str | None = None
    items: list[ExtractedItem] = field(default_factory=list)
    attendees: int = 0
    actions: list[ExtractedAction] = field(default_factory=list)
    wording: dict[str, int] = field(default_factory=dict)
    wording_lines: list[str] = field(default_factory=list)  # the first few lines with action wording
    seconds: float = 0.0

    @property
    def has_wording(self) -> bool:
        return bool(self.wording)


def parse_one(path: str, organisation: str) -> DocumentResult:
    """Parse one file as `corpus.minutes.parse_minutes` does (read, then parse), keeping the text lines for wording."""
    from corpus.errors import MinutesReadError
    from corpus.minutes import block_lines, parse_document
    from corpus.readers import read_document

    started = time.perf_counter()
    result = DocumentResult(path=path, organisation=organisation)
    try:
        # parse_minutes(path) is parse_document(read_document(path)); split here so the
        # file is read once and its lines are available to the action-wording rules.
        document = read_document(Path(path))
        parsed = parse_document(document)
    except MinutesReadError as err:
        result.error = err.reason
    except Exception as err:  # a parser crash is a finding, not a reason to stop the run
        result.error = f"parser crashed: {type(err).__name__}: {err}"
    else:
        result.date = parsed.meeting.date.isoformat() if parsed.meeting.date else None
        result.items = [ExtractedItem(item.number, item.title[:120]) for item in parsed.items]
        result.attendees = len(parsed.attendees)
        result.actions = [
            ExtractedAction(
                description=" ".join(action.description.split())[:200],
                owners=[owner.name for owner in action.owners],
                item=action.item_number,
                due=action.due,
            )
            for action in parsed.actions
        ]
        examples: list[str] = []
        result.wording = dict(action_wording(block_lines(document.blocks), examples))
        result.wording_lines = examples[:8]
    result.seconds = time.perf_counter() - started
    return result


def _worker(conn: Connection) -> None:
    while True:
        task = conn.recv()
        if task is None:
            return
        conn.send(parse_one(*task))


class TimedParser:
    """Parses files in a child process; a file over the time limit kills the child and a new one starts."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._start()

    def _start(self) -> None:
        self.conn, child = self.context.Pipe()
        self.process = self.context.Process(target=_worker, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def parse(self, path: str, organisation: str) -> DocumentResult:
        try:
            self.conn.send((path, organisation))
            if self.conn.poll(self.timeout):
                return self.conn.recv()
            reason = f"timed out after {self.timeout:g} s"
        except (EOFError, BrokenPipeError, ConnectionResetError):
            reason = "worker process died while parsing (out of memory or a crash in a C library)"
        self.process.kill()
        self.process.join()
        self._start()
        return DocumentResult(path=path, organisation=organisation, error=reason, seconds=self.timeout)

    def close(self) -> None:
        try:
            self.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()


# ---------------------------------------------------------------------------
# Per-organisation figures
# ---------------------------------------------------------------------------


@dataclass
class OrganisationCoverage:
    """Coverage figures for one organisation; shares are of `readable` documents (None when undefined)."""

    organisation: str
    documents: int
    readable: int
    dated: float | None
    two_items: float | None
    people: float | None
    with_wording: int
    wording_with_action: float | None
    actions: int
    actions_without_wording: int
    actions_with_owner: float | None
    actions_with_item: float | None
    unreadable: int


@dataclass
class CoverageReport:
    organisations: list[OrganisationCoverage]
    total: OrganisationCoverage
    unreadable: list[dict[str, str]]
    documents: list[DocumentResult]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def summarise(name: str, results: list[DocumentResult]) -> OrganisationCoverage:
    readable = [r for r in results if r.error is None]
    worded = [r for r in readable if r.has_wording]
    actions = [a for r in readable for a in r.actions]
    return OrganisationCoverage(
        organisation=name,
        documents=len(results),
        readable=len(readable),
        dated=_share(sum(r.date is not None for r in readable), len(readable)),
        two_items=_share(sum(len(r.items) >= 2 for r in readable), len(readable)),
        people=_share(sum(r.attendees > 0 for r in readable), len(readable)),
        with_wording=len(worded),
        wording_with_action=_share(sum(bool(r.actions) for r in worded), len(worded)),
        actions=len(actions),
        actions_without_wording=sum(len(r.actions) for r in readable if not r.has_wording),
        actions_with_owner=_share(sum(bool(a.owners) for a in actions), len(actions)),
        actions_with_item=_share(sum(a.item is not None for a in actions), len(actions)),
        unreadable=len(results) - len(readable),
    )


def find_documents(roots: list[Path]) -> list[tuple[Path, str]]:
    """(file, organisation) for every file under the roots; hidden files and folders skipped."""
    found: list[tuple[Path, str]] = []
    for root in roots:
        root = root.resolve()
        if root.is_file():
            found.append((root, root.parent.name))
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if not path.is_file() or any(part.startswith(".") for part in relative.parts):
                continue
            organisation = relative.parts[0] if len(relative.parts) > 1 else root.name
            found.append((path, organisation))
    return found


def measure(
    roots: list[Path], timeout: float = 60.0, progress: bool = False, console: Console | None = None
) -> CoverageReport:
    """Parse every document under `roots` and compute the per-organisation coverage."""
    documents = find_documents(roots)
    parser = TimedParser(timeout)
    results: list[DocumentResult] = []
    try:
        if progress:
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            with Progress(*columns, console=console or Console(stderr=True), transient=True) as bar:
                task = bar.add_task("parsing", total=len(documents))
                for path, organisation in documents:
                    bar.update(task, description=f"parsing {organisation[:24]:24}")
                    results.append(parser.parse(str(path), organisation))
                    bar.advance(task)
        else:
            results = [parser.parse(str(path), organisation) for path, organisation in documents]
    finally:
        parser.close()
    by_org: dict[str, list[DocumentResult]] = {}
    for result in results:
        by_org.setdefault(result.organisation, []).append(result)
    return CoverageReport(
        organisations=[summarise(name, docs) for name, docs in sorted(by_org.items())],
        total=summarise("all", results),
        unreadable=[{"path": r.path, "organisation": r.organisation, "reason": r.error or ""} for r in results if r.error],
        documents=results,
    )


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def render_table(report: CoverageReport, console: Console) -> None:
    table = Table(title="Parser coverage per organisation (shares of readable documents)")
    for heading, justify in [
        ("organisation", "left"), ("docs", "right"), ("dated", "right"), ("≥2 items", "right"),
        ("people", "right"), ("action wording", "right"), ("…with action", "right"), ("actions", "right"),
        ("…w/o wording", "right"), ("owner", "right"), ("item", "right"), ("unreadable", "right"),
    ]:
        table.add_column(heading, justify=justify)  # type: ignore[arg-type]
    for row in [*report.organisations, report.total]:
        table.add_row(
            row.organisation, str(row.documents), _pct(row.dated), _pct(row.two_items), _pct(row.people),
            str(row.with_wording), _pct(row.wording_with_action), str(row.actions), str(row.actions_without_wording),
            _pct(row.actions_with_owner), _pct(row.actions_with_item), str(row.unreadable),
            end_section=row is report.organisations[-1],
        )
    console.print(table)
    if report.unreadable:
        console.print(f"\n[bold]Unreadable files ({len(report.unreadable)})[/bold]")
        for entry in report.unreadable:
            console.print(f"  {entry['organisation']}: {Path(entry['path']).name}: {entry['reason']}", markup=False)


def render_samples(report: CoverageReport, count: int, seed: int, console: Console) -> None:
    rng = random.Random(seed)
    by_org: dict[str, list[DocumentResult]] = {}
    for doc in report.documents:
        if doc.error is None:
            by_org.setdefault(doc.organisation, []).append(doc)
    for organisation, docs in sorted(by_org.items()):
        console.rule(organisation)
        actions = [(doc, action) for doc in docs for action in doc.actions]
        items = [(doc, item) for doc in docs for item in doc.items]
        console.print(f"[bold]actions[/bold] ({len(actions)} in {len(docs)} documents)")
        for doc, action in rng.sample(actions, min(count, len(actions))):
            owners = ", ".join(action.owners) or "—"
            console.print(
                f"  [{Path(doc.path).name}] item {action.item or '—'} | owner {owners} | {action.description}", markup=False
            )
        console.print(f"[bold]items[/bold] ({len(items)})")
        for doc, item in rng.sample(items, min(count, len(items))):
            console.print(f"  [{Path(doc.path).name}] {item.number or '—'}: {item.title}", markup=False)
        missed = [(doc, line) for doc in docs if doc.has_wording and not doc.actions for line in doc.wording_lines]
        console.print(f"[bold]action wording in documents with no extracted action[/bold] ({len(missed)} lines shown of the first 8 a document)")
        for doc, line in rng.sample(missed, min(count, len(missed))):
            console.print(f"  [{Path(doc.path).name}] {line}", markup=False)


def main(
    roots: list[Path] = typer.Argument(..., help="folders of minutes; first folder level = organisation"),
    as_json: bool = typer.Option(False, "--json", help="print the report as JSON (per-document results included)"),
    samples: int = typer.Option(0, help="print N random extracted actions and items per organisation"),
    seed: int = typer.Option(1, help="seed for --samples"),
    timeout: float = typer.Option(60.0, help="seconds allowed per file"),
    save: Path | None = typer.Option(None, help="also write the JSON report to this file"),
) -> None:
    missing = [str(root) for root in roots if not root.exists()]
    if missing:
        raise typer.BadParameter(f"no such folder: {', '.join(missing)}")
    console = Console(width=max(Console().width, 150))  # the table has 12 columns
    started = time.perf_counter()
    report = measure(roots, timeout=timeout, progress=not as_json, console=Console(stderr=True))
    if save is not None:
        save.write_text(json.dumps(asdict(report), indent=1, ensure_ascii=False), encoding="utf-8")
    if as_json:
        print(json.dumps(asdict(report), indent=1, ensure_ascii=False))
        return
    render_table(report, console)
    console.print(f"\n{len(report.documents)} files in {time.perf_counter() - started:.0f} s")
    if samples:
        render_samples(report, samples, seed, console)


if __name__ == "__main__":
    typer.run(main)
