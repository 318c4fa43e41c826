"""Actions of 22 real minutes of 15 other organisations, scored by the project's judge.

The minutes and their gold live in ../shared (third-party documents are not copied into the
project); without them the test skips and says so. The whole path runs: `minutes ingest`
(parse only) into a fresh store, `minutes actions --status all --json`, and
`../shared/eval/score.py actions`. A file whose converter (LibreOffice, OCR) is not installed
here is left out of the ingest and of the gold, and its own test skips naming the package;
every other file is still ingested and scored.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.converters import missing_converter

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = SHARED / "corpus" / "real"
GOLD = SHARED / "eval" / "real-actions.jsonl"
SCORER = SHARED / "eval" / "score.py"
NAMES = sorted(p.name for p in REAL.iterdir()) if REAL.is_dir() else []


@dataclass(frozen=True)
class RealIngest:
    """What one ingest of the readable real minutes stored, and the judge's summary of its actions."""

    stored: set[str]
    summary: str


@pytest.fixture(scope="module")
def real_ingest(tmp_path_factory) -> RealIngest:
    if not (REAL.is_dir() and GOLD.is_file() and SCORER.is_file()):
        pytest.skip(f"the real minutes and their gold are not beside the project ({SHARED})")
    readable = [REAL / name for name in NAMES if missing_converter(REAL / name) is None]
    home = tmp_path_factory.mktemp("real-home")
    env = {**os.environ, "MINUTES_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    root = Path(__file__).resolve().parents[1]
    run = lambda *args: subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True,
                                       env=env, cwd=root, check=True)
    run("ingest", "--no-index", *map(str, readable))
    stored = {meeting["source"] for meeting in json.loads(run("meetings", "--json").stdout)}
    out = home / "actions.json"
    out.write_text(run("actions", "--status", "all", "--json").stdout)
    # The gold of the files ingested here (all of it when every converter is installed).
    names = {path.name for path in readable}
    gold = home / "gold.jsonl"
    gold.write_text("".join(line + "\n" for line in GOLD.read_text().splitlines()
                            if line.strip() and json.loads(line)["source"] in names))
    scored = subprocess.run([sys.executable, str(SCORER), "actions", str(gold), str(out)], capture_output=True, text=True, check=True)
    return RealIngest(stored, scored.stdout)


@pytest.mark.parametrize("name", NAMES)
def test_real_file_is_ingested(real_ingest, name):
    missing = missing_converter(REAL / name)
    if missing:
        pytest.skip(f"{name} left out of the real-minutes scores: {missing}")
    assert name in real_ingest.stored


def test_real_minutes_actions_meet_the_targets(real_ingest):
    summary = real_ingest.summary.strip().splitlines()[-1]
    figures = dict(re.findall(r"(\w+)=([\d./]+)", summary))
    owners_right, owners_all = map(int, figures["owners"].split("/"))
    due_right, due_all = map(int, figures["due"].split("/"))
    assert float(figures["recall"]) >= 0.90, real_ingest.summary
    assert float(figures["precision"]) >= 0.85, real_ingest.summary
    assert owners_right / owners_all >= 0.90, real_ingest.summary
    assert due_right / due_all >= 0.90, real_ingest.summary
