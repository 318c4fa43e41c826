"""What following actions across meetings costs at ingest: one body's meetings ingested one by one.

    python benchmarks/bench_continuity.py [--files 120]

Ingests the first N nodejs-tsc meeting notes (../shared/corpus/scale/nodejs-tsc, one body,
weekly meetings) into a fresh SQLite store twice: with the meaning links switched off and on
(the model loaded before timing). Prints JSON: seconds for each, the extra per meeting, and
how many meaning links were made (with their quotes, to read).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus.minutes import parse_minutes  # noqa: E402
from index import action_history  # noqa: E402
from index.embeddings import default_embedder  # noqa: E402
from index.store import Store  # noqa: E402

NODEJS = ROOT.parent / "shared" / "corpus" / "scale" / "nodejs-tsc"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=120)
    args = parser.parse_args()
    files = sorted(NODEJS.glob("*.md"))[: args.files]
    if not files:
        sys.exit(f"no notes in {NODEJS}")
    parsed = [parse_minutes(f) for f in files]
    default_embedder().embed(["warm up"])
    folder = Path(tempfile.mkdtemp(prefix="bench-continuity-"))
    timings = {}
    linker = action_history.link_by_meaning
    for mode in ("off", "on"):
        action_history.link_by_meaning = linker if mode == "on" else (lambda *a, **k: [])
        store = Store.open(f"sqlite:///{folder / mode}.db")
        start = time.perf_counter()
        for path, minutes in zip(files, parsed):
            store.ingest(minutes, path)
        timings[mode] = time.perf_counter() - start
    action_history.link_by_meaning = linker
    links = [{"action": a.description[:100], "meeting": h.meeting_date, "status": h.status, "score": h.score, "quote": h.quote[:160]}
             for a in store.actions(status="all") for h in a.history if h.method == "meaning"]
    print(json.dumps({
        "meetings": len(files), "actions": sum(len(p.actions) for p in parsed),
        "ingest_seconds_without_links": round(timings["off"], 1), "ingest_seconds_with_links": round(timings["on"], 1),
        "extra_seconds_per_meeting": round((timings["on"] - timings["off"]) / len(files), 3),
        "meaning_links": len(links), "links": links,
    }, indent=2))


if __name__ == "__main__":
    main()
