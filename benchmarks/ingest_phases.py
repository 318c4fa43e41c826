"""Where an ingest's reading thread spends its CPU, with the embedding taken out.

    python benchmarks/ingest_phases.py [--rounds 3] [FOLDER ...]

Ingests the samples and the nodejs-tsc minutes (or the folders given) as `minutes ingest`
does (`ingest_paths` with an `EmbeddingPrefetch`, then `build_index`) into a fresh SQLite
store, with the model replaced by random unit vectors: embedding runs on other threads
and is measured by `bench_query.py` / `embed_windows.py`; what is left is what competes
with it for the cores. Each phase is timed in CPU seconds of the calling thread
(`time.thread_time`, so a busy shared machine counts less), the best of `--rounds`; the
phases nest (`ingest_paths` holds the rest but `build_index`, `stored` holds `indexable_items`).
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from benchmarks.machine import describe_machine  # noqa: E402

PHASES = {  # module: functions timed, each a phase
    "index.ingest_files": ("parse_minutes", "_unchanged"),
    "index.store": ("Store.ingest", "Store.refresh_pending_history", "Store.indexable_items"),
    "index.embedding_prefetch": ("EmbeddingPrefetch.stored",),
}


class RandomVectors:
    """Stands in for the model: unit vectors at once, so only the rest of the ingest is timed."""

    dimension = 384
    signature = "random"

    def __init__(self) -> None:
        self._rng = np.random.default_rng(0)

    def embed(self, texts: list[str], max_windows: int | None = None) -> np.ndarray:
        vectors = self._rng.random((len(texts), self.dimension), dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _instrument(spent: dict[str, float]) -> None:
    """Wrap each phase's function so its thread CPU time adds up in `spent`."""
    import importlib

    for module_name, names in PHASES.items():
        module = importlib.import_module(module_name)
        for name in names:
            owner_name, _, attribute = name.rpartition(".")
            owner = getattr(module, owner_name) if owner_name else module
            original = getattr(owner, attribute)

            def timed(*args, _original=original, _name=name, **kwargs):
                started = time.thread_time()
                try:
                    return _original(*args, **kwargs)
                finally:
                    spent[_name] += time.thread_time() - started

            setattr(owner, attribute, timed)


def one_round(folders: list[Path], spent: dict[str, float]) -> None:
    from index.embedding_prefetch import EmbeddingPrefetch
    from index.ingest_files import ingest_paths
    from index.search_index import build_index
    from index.store import Store

    with tempfile.TemporaryDirectory(prefix="ingest-phases-") as home:
        os.environ["MINUTES_HOME"] = home
        os.environ.pop("MINUTES_DATABASE_URL", None)
        model = RandomVectors()
        store = Store(Store.open().engine, embedder=lambda: model)
        started = time.thread_time()
        with EmbeddingPrefetch(store, embedder=model) as prefetch:
            ingest_paths(store, folders, on_stored=prefetch.stored)
            spent["ingest_paths (all of reading and storing)"] += time.thread_time() - started
            started = time.thread_time()
            build_index(store, embedder=prefetch)
            spent["build_index"] += time.thread_time() - started
        store.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="*")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folders = args.folders or [ROOT / "corpus" / "samples", SHARED / "corpus" / "scale" / "nodejs-tsc"]
    missing = [str(f) for f in folders if not f.exists()]
    if missing:
        raise SystemExit(f"missing: {', '.join(missing)} (the default needs ../shared beside the project)")
    spent: dict[str, float] = defaultdict(float)
    _instrument(spent)
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        spent.clear()
        one_round(folders, spent)
        total = spent["ingest_paths (all of reading and storing)"] + spent["build_index"]
        if not best or total < best["total"]:
            best = {**spent, "total": total}
    print(json.dumps({
        "folders": [str(f) for f in folders],
        "thread_cpu_s": {name: round(seconds, 2) for name, seconds in sorted(best.items(), key=lambda kv: -kv[1])},
        "rounds": args.rounds,
        "machine": describe_machine(),
    }, indent=2))


if __name__ == "__main__":
    main()
