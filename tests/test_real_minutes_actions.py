"""Actions of 22 real minutes of 15 other organisations, scored by the project's judge.

The minutes and their gold live in ../shared (third-party documents are not copied into the
project); without them the test skips and says so. The whole path runs: `minutes ingest`
(parse only) into a fresh store, `minutes actions --status all --json`, and
`../shared/eval/score.py actions`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = SHARED / "corpus" / "real"
GOLD = SHARED / "eval" / "real-actions.jsonl"
SCORER = SHARED / "eval" / "score.py"


@pytest.fixture(scope="module")
def real_actions_summary(tmp_path_factory) -> str:
    if not (REAL.is_dir() and GOLD.is_file() and SCORER.is_file()):
        pytest.skip(f"the real minutes and their gold are not beside the project ({SHARED})")
    home = tmp_path_factory.mktemp("real-home")
    env = {**__import__("os").environ, "MINUTES_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    root = Path(__file__).resolve().parents[1]
    run = lambda *args: subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True,
                                       env=env, cwd=root, check=True)
    run("ingest", "--no-index", str(REAL))
    out = home / "actions.json"
    out.write_text(run("actions", "--status", "all", "--json").stdout)
    scored = subprocess.run([sys.executable, str(SCORER), "actions", str(GOLD), str(out)], capture_output=True, text=True, check=True)
    return scored.stdout


def test_real_minutes_actions_meet_the_targets(real_actions_summary):
    summary = real_actions_summary.strip().splitlines()[-1]
    figures = dict(re.findall(r"(\w+)=([\d./]+)", summary))
    owners_right, owners_all = map(int, figures["owners"].split("/"))
    due_right, due_all = map(int, figures["due"].split("/"))
    assert float(figures["recall"]) >= 0.90, real_actions_summary
    assert float(figures["precision"]) >= 0.85, real_actions_summary
    assert owners_right / owners_all >= 0.90, real_actions_summary
    assert due_right / due_all >= 0.90, real_actions_summary
