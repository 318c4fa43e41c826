"""A MINUTES_HOME holding an index of N synthetic passages, for benchmarks that serve it.

    python -m benchmarks.synthetic_home HOME [--passages 100000]

The passages and their vectors are bench_query.py's (real sentences, minutes-like lengths,
vectors composed from embedded sentences); the store beside them is empty, so a
`minutes serve` started on HOME answers from the index alone and has nothing to catch up.
Built once and reused: a home that already holds an index of N passages is left as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MARK = "synthetic.json"  # {"passages": N} once the index is written


def home_environment(home: Path) -> dict[str, str]:
    """The variables that point `minutes` at HOME (its SQLite store, its model export cache)."""
    return {"MINUTES_HOME": str(home), "MINUTES_DATABASE_URL": f"sqlite:///{home / 'minutes.db'}",
            "MINUTES_MODEL_CACHE": str(home / "models"), "HF_HUB_OFFLINE": "1"}


def is_built(home: Path, passages: int) -> bool:
    try:
        return json.loads((home / MARK).read_text()).get("passages") == passages
    except (OSError, json.JSONDecodeError):
        return False


def build(home: Path, passages: int, bank_size: int = 4000) -> None:
    """Write the index of `passages` synthetic passages under HOME/index (seeded: the same each time)."""
    os.environ.update(home_environment(home))
    import numpy as np

    from benchmarks.bench_query import bank_embedding, composed_vectors, sentence_bank, synthetic_passages
    from index.embeddings import default_embedder
    from index.search_index import write_version
    from index.store import Store

    home.mkdir(parents=True, exist_ok=True)
    Store.open().engine.dispose()  # the empty store `serve` opens
    bank, file_starts = sentence_bank(bank_size)
    bank_vectors, _ = bank_embedding(default_embedder(), bank)
    chosen, members, starts = synthetic_passages(passages, bank, file_starts, random.Random(42))
    vectors = composed_vectors(bank_vectors, members, starts)
    write_version(home / "index", chosen, vectors, [], np.zeros((0, vectors.shape[1]), np.float32))
    (home / MARK).write_text(json.dumps({"passages": passages}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path)
    parser.add_argument("--passages", type=int, default=100_000)
    args = parser.parse_args()
    if not is_built(args.home, args.passages):
        build(args.home, args.passages)


if __name__ == "__main__":
    main()
