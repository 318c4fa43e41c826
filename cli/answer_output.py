"""How the command line shows answers and search results: JSON objects or rich text."""

from __future__ import annotations

from dataclasses import asdict

from rich.console import Console

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
        "passages": [passage_json(r) for r in answer.passages],
        "actions": [asdict(a) for a in answer.actions],
    })
    return row


def print_answer(console: Console, answer: Answer, excerpts: int = 3) -> None:
    """The answer, then its cited excerpts (or the possibly related passages)."""
    console.print(answer.text, markup=False, highlight=False)
    if not answer.passages:
        return
    console.print()
    console.print("[bold]Sources[/bold]" if answer.found else "[bold]Possibly related[/bold]")
    for ranked in answer.passages[:excerpts]:
        console.rule(citation(ranked.passage), align="left", style="dim")
        text = ranked.passage.text
        console.print(text if len(text) <= 700 else text[:700].rsplit(" ", 1)[0] + " …", markup=False, highlight=False)
