"""Ingest benchmark: `minutes ingest` of the samples and the nodejs-tsc minutes, this tree
against an earlier commit, on the same machine in the same run.

    python benchmarks/bench_ingest.py [--reference 76c64fc] [--rounds 2]

Each round runs both trees alternately, each into a fresh `MINUTES_HOME` (SQLite), with its
ONNX export already cached (a warm-up ingest of one sample file per tree comes first), and
times the whole command: reading, storing, embedding, indexing. The reference tree is
checked out with `git worktree` into a temporary folder and run with this virtualenv. The
best round of each counts (`speedup`; `speedup_of_medians` beside it, as rounds vary on a shared
machine); `load_average_1m_start_end` says how quiet the machine was and `machine` which CPU
it was (int8 embedding, most of an ingest, is ~2.5x as fast where VNNI is present). Prints one
JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from benchmarks.machine import describe_machine  # noqa: E402


def run_ingest(tree: Path, home: Path, cache: Path, paths: list[Path]) -> tuple[float, str]:
    """Seconds of one `minutes ingest` run from `tree`, and its last line of output."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    env = {**os.environ, "MINUTES_HOME": str(home), "MINUTES_MODEL_CACHE": str(cache), "HF_HUB_OFFLINE": "1"}
    env.pop("MINUTES_DATABASE_URL", None)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "cli.main", "ingest", *map(str, paths)], cwd=tree, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"ingest from {tree} failed:\n{done.stderr[-2000:]}")
    return seconds, done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", default="76c64fc", help="commit to compare with (default: before issue 13)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    tsc = SHARED / "corpus" / "scale" / "nodejs-tsc"
    if not tsc.is_dir():
        raise SystemExit(f"{tsc} is missing: this benchmark needs ../shared beside the project")
    paths = [ROOT / "corpus" / "samples", tsc]
    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    reference_tree = work / "reference"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(reference_tree), args.reference],
                   check=True, capture_output=True)
    trees = {"this_tree": ROOT, "reference": reference_tree}
    try:
        warm = [next(iter(sorted((ROOT / "corpus" / "samples").glob("*.txt"))))]
        for name, tree in trees.items():
            run_ingest(tree, work / f"home-{name}", work / f"models-{name}", warm)  # exports the model once
        load_before = os.getloadavg()[0]
        best: dict[str, float] = {}
        runs: dict[str, list[float]] = {name: [] for name in trees}
        last: dict[str, str] = {}
        for _ in range(args.rounds):
            for name, tree in trees.items():
                seconds, last[name] = run_ingest(tree, work / f"home-{name}", work / f"models-{name}", paths)
                runs[name].append(round(seconds, 2))
                best[name] = min(best.get(name, seconds), seconds)
        print(json.dumps({
            "files": "corpus/samples + ../shared/corpus/scale/nodejs-tsc",
            "ingest_s": round(best["this_tree"], 2),
            "reference_commit": args.reference,
            "reference_ingest_s": round(best["reference"], 2),
            "speedup": round(best["reference"] / best["this_tree"], 2),
            "speedup_of_medians": round(statistics.median(runs["reference"]) / statistics.median(runs["this_tree"]), 2),
            "runs_s": runs,
            "indexed": last,
            "load_average_1m_start_end": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            "machine": describe_machine(),
        }, indent=2))
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(reference_tree)], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
