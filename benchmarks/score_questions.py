"""Score the answers to every labelled question set against its gold.

Ingests, with embeddings, one store of the samples, `real/`, `real-b/` and the Node.js TSC
minutes (so that other organisations' minutes compete, as the eval README asks) into the
MINUTES_HOME given by `--home`; runs `minutes eval FILE --json -k 10` for each question set and
prints `../shared/eval/score.py questions GOLD OUT -k 5`'s summary per set.

    python benchmarks/score_questions.py --home /work/qstore [--reuse] [--misses] [--keep DIR]

The ingest embeds some 350k word pieces (minutes on a shared CPU). With `--reuse` an existing
store is kept as it is: retrieval changes need no new ingest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import typer

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ("minutes", "real", "real-b", "scale/nodejs-tsc")
QUESTION_SETS = {
    "samples": ("seed-questions.jsonl", "seed-questions-more.jsonl", "seed-unanswerable.jsonl"),
    "real": ("real-questions.jsonl",),
    "real-b": ("real-b-questions.jsonl",),
}


def _minutes_cli() -> list[str]:
    return [sys.executable, "-c", "import sys; from cli.main import app; sys.argv[0] = 'minutes'; app()"]


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "MINUTES_HOME": str(home), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}


def _ingest(home: Path, corpus: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    # A file it cannot read is reported and the rest stored, so a non-zero exit is not fatal here.
    subprocess.run([*_minutes_cli(), "ingest", *(str(corpus / name) for name in CORPORA)],
                   env=_env(home), cwd=ROOT, check=False, stdout=subprocess.DEVNULL)


def _answers(home: Path, files: list[Path]) -> str:
    out = subprocess.run([*_minutes_cli(), "eval", *map(str, files), "--json", "-k", "10"],
                         env=_env(home), cwd=ROOT, check=True, capture_output=True, text=True)
    return out.stdout


def main(
    home: Path = typer.Option(..., help="MINUTES_HOME of the store to build or reuse"),
    shared: Path = typer.Option(ROOT.parent / "shared", help="the shared folder with corpus/ and eval/"),
    reuse: bool = typer.Option(False, "--reuse", help="skip the ingest when the store exists"),
    misses: bool = typer.Option(False, "--misses", help="print the scorer's lines for questions not answered"),
    keep: Path = typer.Option(None, help="a folder to keep each set's gold and eval output in"),
) -> None:
    """Score the answers to the samples, real and real-b question sets."""
    corpus, eval_dir, scorer = shared / "corpus", shared / "eval", shared / "eval" / "score.py"
    if not (reuse and any(home.glob("*"))):
        _ingest(home, corpus)
    with tempfile.TemporaryDirectory(prefix="score-questions-") as tmp:
        work = keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for name, files in QUESTION_SETS.items():
            paths = [eval_dir / f for f in files]
            gold, out = work / f"{name}-gold.jsonl", work / f"{name}-out.jsonl"
            gold.write_text("".join(p.read_text() if p.read_text().endswith("\n") else p.read_text() + "\n"
                                    for p in paths))
            out.write_text(_answers(home, paths))
            report = subprocess.run([sys.executable, str(scorer), "questions", str(gold), str(out), "-k", "5"],
                                    capture_output=True, text=True, check=True).stdout.strip().splitlines()
            if misses:
                print("\n".join(line for line in report[:-1] if not line.startswith("hit")))
            print(f"{name:8} {report[-1] if report else '(no output)'}")


if __name__ == "__main__":
    typer.run(main)
