"""Score what the reader extracts against the gold actions of every labelled set.

Reads each set with `minutes ingest --no-index` into a store of its own (samples; `real/`
and `real-b/` together, as the before-stop hook does), exports `minutes actions --status all
--json`, and runs `../shared/eval/score.py actions` on each set. With `--per-document`,
adds a table of recall / precision / owners per minutes file, from the same scorer run on
one file's gold and output at a time.

    python benchmarks/score_reading.py [--shared ../shared] [--per-document] [--misses]

Parsing only: no embeddings, so a run takes well under a minute.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import typer

ROOT = Path(__file__).resolve().parents[1]
SETS = {"samples": "minutes", "real": "real", "real-b": "real-b"}
GOLD = {"samples": "seed-actions.jsonl", "real": "real-actions.jsonl", "real-b": "real-b-actions.jsonl"}
_SUMMARY = re.compile(r"recall=(?P<recall>[\d.]+) precision=(?P<precision>[\d.]+).*owners=(?P<owners>\d+/\d+)")


def _minutes_cli() -> list[str]:
    return [sys.executable, "-c", "import sys; from cli.main import app; sys.argv[0] = 'minutes'; app()"]


def _export(home: Path, folders: list[Path]) -> list[dict]:
    env = {**os.environ, "MINUTES_HOME": str(home), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    subprocess.run([*_minutes_cli(), "ingest", "--no-index", *map(str, folders)], env=env, cwd=ROOT,
                   check=False, stdout=subprocess.DEVNULL)  # a file it cannot read is reported, the rest stored
    out = subprocess.run([*_minutes_cli(), "actions", "--status", "all", "--json"], env=env, cwd=ROOT,
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def _score(scorer: Path, gold: list[str], actions: list[dict], work: Path) -> str:
    gold_file, out_file = work / "gold.jsonl", work / "out.json"
    gold_file.write_text("\n".join(gold) + "\n")
    out_file.write_text(json.dumps(actions))
    result = subprocess.run([sys.executable, str(scorer), "actions", str(gold_file), str(out_file)],
                            capture_output=True, text=True, check=True)
    return result.stdout


def main(
    shared: Path = typer.Option(ROOT.parent / "shared", help="the shared folder with corpus/ and eval/"),
    per_document: bool = typer.Option(False, "--per-document", help="a line per minutes file"),
    misses: bool = typer.Option(False, "--misses", help="print the scorer's miss lines"),
) -> None:
    """Score the actions read from samples, real and real-b against their gold."""
    corpus, scorer = shared / "corpus", shared / "eval" / "score.py"
    with tempfile.TemporaryDirectory(prefix="score-reading-") as tmp:
        work = Path(tmp)
        extracted: dict[str, list[dict]] = {}
        samples_home, real_home = work / "samples", work / "real"
        extracted["samples"] = _export(samples_home, [corpus / "minutes"])
        both = _export(real_home, [corpus / "real", corpus / "real-b"])
        for name in ("real", "real-b"):
            names = set(os.listdir(corpus / SETS[name]))
            extracted[name] = [a for a in both if (a.get("source") or "").split("/")[-1] in names]
        for name, actions in extracted.items():
            gold = [line for line in (shared / "eval" / GOLD[name]).read_text().splitlines() if line.strip()]
            report = _score(scorer, gold, actions, work)
            if misses:
                print("\n".join(line for line in report.splitlines() if line.startswith("miss")))
            print(f"{name:8} {report.strip().splitlines()[-1]}")
            if not per_document:
                continue
            by_source: dict[str, list[str]] = {}
            for line in gold:
                by_source.setdefault(json.loads(line)["source"], []).append(line)
            for source, lines in sorted(by_source.items()):
                mine = [a for a in actions if (a.get("source") or "").split("/")[-1] == source]
                summary = _SUMMARY.search(_score(scorer, lines, mine, work).strip().splitlines()[-1])
                required = sum(1 for line in lines if not json.loads(line).get("optional"))
                if summary:
                    print(f"    {source[:48]:48} req={required:3} got={len(mine):3} recall={summary['recall']} "
                          f"precision={summary['precision']} owners={summary['owners']}")


if __name__ == "__main__":
    typer.run(main)
