"""Are the answer's words in the top passages? The project against a plain baseline.

For each answerable question of a gold file (`answer_any` / `answer_all`), the question
counts when its answer words appear in the text of the top k passages. The project's
passages come from `minutes eval QUESTIONS --json -k 10`; the baseline is rank-bm25's
BM25Okapi over 1000-character chunks of the same files' plain text (lower-cased words),
the simplest retrieval a user could build. Both are printed, with the questions only one
of them finds.

    python benchmarks/answer_words.py QUESTIONS.jsonl EVAL_OUTPUT.jsonl FOLDER... [-k 5]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from rank_bm25 import BM25Okapi

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.errors import MinutesReadError  # noqa: E402
from corpus.readers import SUPPORTED_SUFFIXES, read_document  # noqa: E402

_CHUNK = 1000
_WORD = re.compile(r"\w+")


def holds_answer(text: str, question: dict) -> bool:
    """True when `text` holds one of `answer_any` (if any) and all of `answer_all`."""
    norm = " ".join(text.lower().split())
    any_ok = not question["answer_any"] or any(" ".join(s.lower().split()) in norm for s in question["answer_any"])
    return any_ok and all(" ".join(s.lower().split()) in norm for s in question["answer_all"])


def baseline_chunks(folders: list[Path]) -> list[str]:
    """Every file's plain text cut into 1000-character chunks."""
    chunks: list[str] = []
    for folder in folders:
        paths = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)
        for path in paths:
            try:
                text = read_document(path).plain_text()
            except MinutesReadError:
                continue
            chunks.extend(text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK))
    return chunks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("eval_output", type=Path)
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("-k", type=int, default=5)
    args = parser.parse_args()
    questions = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    answerable = [q for q in questions if q.get("kind") != "none" and (q["answer_any"] or q["answer_all"])]
    ours = {r["id"]: r for r in map(json.loads, filter(str.strip, args.eval_output.read_text().splitlines()))}
    chunks = baseline_chunks(args.folders)
    bm25 = BM25Okapi([_WORD.findall(c.lower()) for c in chunks])
    project_hits, baseline_hits = set(), set()
    for question in answerable:
        passages = (ours.get(question["id"]) or {}).get("passages") or []
        if holds_answer(" ".join(p.get("text", "") for p in passages[: args.k]), question):
            project_hits.add(question["id"])
        scores = bm25.get_scores(_WORD.findall(question["question"].lower()))
        top = sorted(range(len(chunks)), key=lambda i: -scores[i])[: args.k]
        if holds_answer(" ".join(chunks[i] for i in top), question):
            baseline_hits.add(question["id"])
    n = len(answerable)
    print(json.dumps({
        "questions": n,
        "k": args.k,
        "project_answer_words_in_top_k": round(len(project_hits) / max(1, n), 3),
        "baseline_bm25_1000_char_chunks": round(len(baseline_hits) / max(1, n), 3),
        "only_project": sorted(project_hits - baseline_hits),
        "only_baseline": sorted(baseline_hits - project_hits),
        "chunks": len(chunks),
    }, indent=2))


if __name__ == "__main__":
    main()
