"""How the command line shows answers and search results: JSON objects or rich text."""

from __future__ import annotations

from dataclasses import asdict

from rich.console import Console
from rich.table import Table

from retrieval.answer_types import Answer
from retrieval.hybrid import RankedPassage
from retrieval.wording import citation


def passage_json(ranked: RankedPassage) -> dict:
    p = ranked.passage
    return {"source": p.source, "item": p.item, "item_title": p.item_title, "board": p.board,
            "meeting_date": p.meeting_date, "text": p.text, "score": round(ranked.score, 6)}


def answer_json(answer: Answer, answer_id: str | None = None) -> dict:
    """The eval/ask JSON shape: id, question, answer, passages (rank order), actions."""
    row = {"id": answer_id} if answer_id is not None else {}
    row.update({
        "question": answer.question, "answer": answer.text, "found": answer.found, "intent": answer.intent.value,
        "supporting": answer.supporting if answer.found else 0,
        "passages": [passage_json(r) for r in answer.passages],
        "actions": [asdict(a) for a in answer.actions],
    })
    return row


def _excerpts(console: Console, passages: list[RankedPassage]) -> None:
    for ranked in passages:
        console.rule(citation(ranked.passage), align="left", style="dim")
        text = ranked.passage.text
        console.print(text if len(text) <= 700 else text[:700].rsplit(" ", 1)[0] + " …", markup=False, highlight=False)


def print_answer(console: Console, answer: Answer, excerpts: int = 3, related: int = 2) -> None:
    """The answer, the excerpts it rests on, then at most `related` more marked as related
    (all "possibly related" when the minutes don't answer)."""
    console.print(answer.text, markup=False, highlight=False)
    sources = answer.sources[:excerpts]
    if sources:
        console.print()
        console.print("[bold]Sources[/bold]")
        _excerpts(console, sources)
    others = answer.related(related if answer.found else excerpts)
    if others:
        console.print()
        console.print("[bold]Related[/bold]" if answer.found else "[bold]Possibly related[/bold]")
        _excerpts(console, others)


def print_groups(console: Console, title: str, rows) -> None:
    """A per-kind, per-file, per-set or per-organisation table of recall@5, answered, false "found"
    and found right (of the answers given as found, the share that were right)."""
    table = Table("group", "questions", "recall@5", "answered", "false found", "found right", title=title)
    for row in rows:
        table.add_row(row.group, str(row.questions), f"{row.recall5:.2f}" if row.questions else "-",
                      f"{row.answered:.2f}" if row.questions else "-",
                      f"{row.false_found}/{row.unanswerable}" if row.unanswerable else "-", f"{row.found_right:.2f}")
    console.print(table)


def print_split(console: Console, report) -> None:
    """Thresholds fitted on one half, and the held-out half's figures with them (the honest ones);
    then each organisation answered with thresholds fitted on all the others, and those answers per set."""
    fitted = ", ".join(f"{name}={value}" for name, value in report.fitted.items())
    table = Table("half", "questions", "recall@5", "answered", "false found", "found right", title=f"--split (fitted: {fitted})")
    for name, m in (("fitting half", report.fit), ("held-out half", report.held_out),
                    ("held-out, shipped thresholds", report.held_out_default)):
        table.add_row(name, str(m.questions), f"{m.recall[5]:.2f}", f"{m.answered:.2f}",
                      f"{m.false_found}/{m.unanswerable}" if m.unanswerable else "-", f"{m.found_right:.2f}")
    console.print(table)
    if not report.by_organisation:
        return
    folds = Table("organisation left out", "questions", "answered", "false found", "found right", "fitted on the others",
                  title="leave one organisation out")
    for row in report.by_organisation:
        folds.add_row(row.group, str(row.questions), f"{row.answered:.2f}" if row.questions else "-",
                      f"{row.false_found}/{row.unanswerable}" if row.unanswerable else "-", f"{row.found_right:.2f}",
                      ", ".join(f"{v}" for v in row.fitted.values()))
    console.print(folds)
    m = report.left_out
    console.print(f"left out, all organisations: answered {m.answered:.2f} of {m.questions}, "
                  f"false found {m.false_found}/{m.unanswerable}, found right {m.found_right:.2f}")
    print_groups(console, "left out, per question set", report.per_set)
