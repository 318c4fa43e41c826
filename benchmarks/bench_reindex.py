"""Re-index benchmark: one meeting added to a store of N passages, incrementally.

    python benchmarks/bench_reindex.py [--passages 100000]

Stores a synthetic corpus of minutes-like meetings (real sentences, ~13 passages a
meeting), builds the first index, then times the admin's monthly job: ingest one real set
of minutes (a sample file) and re-index incrementally, as `minutes ingest` does. Prints
JSON. Passage vectors of the synthetic corpus are composed from embedded sentences (as in
bench_query.py); the added meeting's text is embedded for real.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from benchmarks.bench_query import BOARDS, sentence_bank  # noqa: E402
from corpus.models import Item, Meeting, ParsedMinutes  # noqa: E402
from index.passages import split_sentences  # noqa: E402

ITEMS_PER_MEETING = 12


class ComposedEmbedder:
    """Vectors of texts made of bank sentences: the mean of their sentences' vectors; other texts embedded for real."""

    def __init__(self, bank: list[str], real) -> None:
        self.real = real
        self.dimension = real.dimension
        self.vectors = dict(zip(bank, real.embed(bank)))
        self.really_embedded = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        unknown = []
        for row, text in enumerate(texts):
            found = [self.vectors[s] for line in text.splitlines() for s in split_sentences(line) if s in self.vectors]
            if found:
                mean = np.mean(found, axis=0)
                out[row] = mean / np.linalg.norm(mean)
            else:
                unknown.append(row)
        if unknown:
            out[unknown] = self.real.embed([texts[i] for i in unknown])
            self.really_embedded += len(unknown)
        return out


def synthetic_meeting(number: int, bank: list[str], rng: random.Random) -> ParsedMinutes:
    items = []
    for position in range(ITEMS_PER_MEETING):
        sentences, words = [], 0
        target = int(min(240, max(60, rng.gauss(170, 50))))
        while words < target:
            sentence = bank[rng.randrange(len(bank))]
            sentences.append(sentence)
            words += len(sentence.split())
        items.append(Item(str(position + 1), f"Item {position + 1}", "\n".join(sentences), position))
    day = date(2008 + number % 17, 1 + number % 12, 1 + number % 28)
    return ParsedMinutes(
        source=f"synthetic_{number:05d}.txt", content_hash=f"{number:064x}", format="text",
        meeting=Meeting(BOARDS[number % len(BOARDS)], None, day), header_text=bank[number % len(bank)], items=items,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--bank", type=int, default=4000)
    args = parser.parse_args()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="bench-reindex-"))
    os.environ["MINUTES_HOME"] = str(work)
    os.environ.setdefault("MINUTES_MODEL_CACHE", str(Path.home() / ".cache" / "minutes-models"))

    from corpus.minutes import parse_minutes
    from index.embeddings import default_embedder
    from index.search_index import build_index
    from index.store import Store

    rng = random.Random(3)
    bank = sentence_bank(args.bank)
    embedder = ComposedEmbedder(bank, default_embedder())
    store = Store.open()
    meetings = max(1, args.passages // (ITEMS_PER_MEETING + 1))
    t = time.perf_counter()
    for number in range(meetings):
        store.ingest(synthetic_meeting(number, bank, rng), work / "none")
    store_seconds = time.perf_counter() - t
    t = time.perf_counter()
    first = build_index(store, embedder=embedder)
    first_seconds = time.perf_counter() - t
    first_real = embedder.really_embedded

    sample = ROOT / "corpus" / "samples" / "003_f866e752f7698948.txt"
    embedder.really_embedded = 0
    t = time.perf_counter()
    store.ingest(parse_minutes(sample), sample)
    second = build_index(store, embedder=embedder)
    add_seconds = time.perf_counter() - t
    print(json.dumps({
        "passages_before": len(first.passages),
        "passages_after": len(second.passages),
        "dense_index": type(second.dense._faiss).__name__,
        "store_synthetic_corpus_s": round(store_seconds, 1),
        "first_build_s": round(first_seconds, 1),
        "first_build_really_embedded": first_real,
        "add_one_meeting_s": round(add_seconds, 2),
        "add_one_meeting_newly_embedded": second.embedded,
        "total_s": round(time.perf_counter() - started, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
