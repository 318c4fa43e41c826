"""Do the answer's words reach the top 5? The project's retrieval against a plain rank-bm25.

    MINUTES_HOME=... python benchmarks/answer_words.py QUESTIONS.jsonl FOLDER_OR_FILE...

For each question with `answer_any`/`answer_all` strings (the gold's words of a right
answer), counts it when the top 5 passages hold them: (a) the project's passages for the
question (`AnswerEngine.ask`, filters and all, over the store in MINUTES_HOME), (b) rank-bm25
(BM25Okapi) over 1000-character chunks of the same files, read with the project's readers.
Item numbering does not enter either figure, so it measures retrieval alone: a filter that
hides the right minutes shows up here. Prints one JSON object.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHUNK = 1000


def _holds(text: str, row: dict) -> bool:
    flat = " ".join(text.lower().split())
    anyof = [s.lower() for s in row.get("answer_any") or []]
    allof = [s.lower() for s in row.get("answer_all") or []]
    return (not anyof or any(s in flat for s in anyof)) and all(s in flat for s in allof)


def _files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        found += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return found


def main() -> None:
    from rank_bm25 import BM25Okapi

    from corpus.readers import read_document
    from index.bm25 import tokenize
    from index.store import Store
    from retrieval.engine import AnswerEngine

    questions = [json.loads(line) for line in Path(sys.argv[1]).read_text().splitlines() if line.strip()]
    questions = [q for q in questions if q.get("answer_any") or q.get("answer_all")]
    chunks: list[str] = []
    for path in _files(sys.argv[2:]):
        try:
            text = read_document(path).plain_text()
        except Exception:  # noqa: BLE001 - a file the readers refuse is left out of both sides' reach alike
            continue
        chunks += [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)]
    reference = BM25Okapi([tokenize(c) for c in chunks])
    engine = AnswerEngine.open(Store.open())
    project = plain = 0
    misses = []
    for q in questions:
        answer = engine.ask(q["question"], k=5)
        ours = _holds("\n".join(r.passage.text for r in answer.passages[:5]), q)
        scores = reference.get_scores(tokenize(q["question"]))
        top = sorted(range(len(chunks)), key=lambda i: -scores[i])[:5]
        theirs = _holds("\n".join(chunks[i] for i in top), q)
        project += ours
        plain += theirs
        if theirs and not ours:
            misses.append(q["id"])
    n = len(questions) or 1
    print(json.dumps({"questions": len(questions), "project_top5_answer_words": round(project / n, 2),
                      "rank_bm25_1000_char_chunks_top5_answer_words": round(plain / n, 2), "chunks": len(chunks),
                      "project_misses_where_rank_bm25_hits": misses}, indent=2))


if __name__ == "__main__":
    main()
