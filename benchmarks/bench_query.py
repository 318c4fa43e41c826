"""Query benchmark: a synthetic corpus of N passages like real minutes, indexed and queried.

    python benchmarks/bench_query.py [--passages 100000] [--queries 200]

Prints one JSON object: index build time, hybrid/BM25/dense latency p50/p95 (warm, model
loaded), full-answer latency, the rank-bm25 reference latency on the same corpus, cold
start to first answer (a fresh process), and peak RSS.

Passages are made of real sentences (the sample minutes and the nodejs-tsc notes), with
real-looking lengths (60-250 words), boards, dates and item numbers. Embedding 100k
passages with MiniLM on two CPU cores would take far too long for a benchmark, so each
sentence of the bank is embedded once and a passage's vector is the normalised mean of its
sentences' vectors: the same dimension, norm and neighbourhood structure as real passage
vectors, which is what the index's speed depends on.

Embedding speed is measured on real passages, made by the project's own reader and
splitter from the sample minutes, the real minutes and the nodejs-tsc notes beside the
project, and compared in the same run with sentence-transformers on torch (the model as
packaged, on the same passages): on a shared machine absolute rates move with the load,
the ratio much less. Rounds alternate between the two and the best round of each counts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # faiss and onnxruntime share two cores

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from benchmarks.machine import describe_machine  # noqa: E402
from index.bm25 import tokenize  # noqa: E402
from index.passages import Passage, split_sentences  # noqa: E402

SHARED = ROOT.parent / "shared"
BOARDS = [f"{place} {kind}" for place in ("Essex", "Kent", "Dorset", "Cambridgeshire", "Norfolk", "Suffolk", "Devon", "Surrey")
          for kind in ("Police and Crime Panel", "Performance and Resources Board", "Audit Committee", "Business Coordination Board", "Ethics Panel")]


def sentence_bank(limit: int) -> list[str]:
    """Real sentences from the sample minutes and the nodejs-tsc notes."""
    files = sorted((ROOT / "corpus" / "samples").glob("*.txt"))
    files += sorted((SHARED / "corpus" / "scale" / "nodejs-tsc").glob("*.md"))
    seen: dict[str, None] = {}
    for path in files:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            for sentence in split_sentences(line.strip(" #*-")):
                if 5 <= len(sentence.split()) <= 60:
                    seen.setdefault(sentence, None)
    bank = list(seen)
    random.Random(7).shuffle(bank)
    return bank[:limit]


def synthetic_passages(n: int, bank: list[str], rng: random.Random) -> tuple[list[Passage], list[list[int]]]:
    passages, members = [], []
    for i in range(n):
        target = int(min(250, max(60, rng.gauss(170, 55))))
        chosen, words = [], 0
        while words < target:
            s = rng.randrange(len(bank))
            chosen.append(s)
            words += len(bank[s].split())
        meeting = i // 12
        board = BOARDS[meeting % len(BOARDS)]
        year = 2008 + (meeting * 7) % 17
        date = f"{year}-{1 + meeting % 12:02d}-{1 + meeting % 28:02d}"
        item = str(1 + i % 12)
        text = " ".join(bank[s] for s in chosen)
        passages.append(Passage(f"p{i}", f"synthetic_{meeting}.txt", None, board, None, date, item,
                                bank[chosen[0]][:60], 0, text))
        members.append(chosen)
    return passages, members


def real_passages(per_corpus: int, tsc_files: int, rng: random.Random) -> dict[str, list[str]]:
    """Indexed texts of passages of each real corpus, as the project reads and splits them."""
    from index.ingest_files import ingest_paths
    from index.passages import build_passages
    from index.store import Store

    corpora = {
        "samples": sorted((ROOT / "corpus" / "samples").glob("*.txt")),
        "real": sorted((SHARED / "corpus" / "real").glob("*")),
        "tsc": sorted((SHARED / "corpus" / "scale" / "nodejs-tsc").glob("*.md"))[::7][:tsc_files],
    }
    out: dict[str, list[str]] = {}
    for name, files in corpora.items():
        if not files:
            continue  # the shared corpus is absent: measure what there is
        with tempfile.TemporaryDirectory(prefix="bench-embed-") as folder:
            store = Store.open(f"sqlite:///{folder}/{name}.db")
            ingest_paths(store, files)
            texts = [p.index_text for p in build_passages(store.indexable_items())]
            store.engine.dispose()
        rng.shuffle(texts)
        out[name] = texts[:per_corpus]
    return out


def embedding_rates(ours, reference, texts: list[str], rounds: int) -> tuple[float, float]:
    """Passages per second of `ours` and `reference` on `texts`: best of alternating rounds."""
    best = [0.0, 0.0]
    for _ in range(rounds):
        for side, embedder in enumerate((ours, reference)):
            t = time.perf_counter()
            embedder.embed(texts)
            best[side] = max(best[side], len(texts) / (time.perf_counter() - t))
    return best[0], best[1]


class PackagedSentenceTransformer:
    """The reference: sentence-transformers on torch with the model exactly as packaged."""

    def __init__(self, model: Path) -> None:
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(model), device="cpu")

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(texts, batch_size=32, show_progress_bar=False)


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def timed(fn, queries: list[str]) -> list[float]:
    out = []
    for query in queries:
        start = time.perf_counter()
        fn(query)
        out.append((time.perf_counter() - start) * 1000)
    return out


def rank_bm25_reference(passages: list[Passage], queries: list[str]) -> tuple[list[float], float]:
    """Milliseconds a query on rank-bm25's BM25Okapi over the same passages, and its build seconds."""
    from rank_bm25 import BM25Okapi

    t = time.perf_counter()
    reference = BM25Okapi([tokenize(p.index_text) for p in passages], k1=1.5, b=0.75)
    build = time.perf_counter() - t
    return timed(lambda q: np.argsort(-reference.get_scores(tokenize(q)))[:10], queries), build


def latency(ms: list[float]) -> dict:
    return {"p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2), "n": len(ms)}


COLD_START = """
import time, sys
start = time.perf_counter()
sys.path.insert(0, {root!r})
from index.store import Store
from retrieval.engine import AnswerEngine
engine = AnswerEngine.open(Store.open())
answer = engine.ask({question!r})
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM")).split()[1]
print(round(time.perf_counter() - start, 3), len(answer.passages), int(peak) // 1024)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--bank", type=int, default=4000, help="sentences embedded to compose passage vectors")
    parser.add_argument("--reference-queries", type=int, default=20, help="queries timed on rank-bm25 (slow)")
    parser.add_argument("--embed-passages", type=int, default=96, help="real passages of each corpus embedded per round")
    parser.add_argument("--embed-rounds", type=int, default=2, help="alternating rounds, ours and the reference")
    parser.add_argument("--tsc-files", type=int, default=30, help="nodejs-tsc files read for real passages")
    args = parser.parse_args()
    started = time.perf_counter()
    load_before = os.getloadavg()
    rng = random.Random(42)
    work = Path(tempfile.mkdtemp(prefix="bench-minutes-"))
    os.environ["MINUTES_HOME"] = str(work)
    os.environ.setdefault("MINUTES_MODEL_CACHE", str(Path.home() / ".cache" / "minutes-models"))

    from index.embeddings import default_embedder, model_path
    from index.search_index import write_version
    from index.store import Store
    from retrieval.engine import AnswerEngine
    from retrieval.hybrid import HybridSearcher

    embedder = default_embedder()
    bank = sentence_bank(args.bank)
    t = time.perf_counter()
    bank_vectors = embedder.embed(bank)
    bank_seconds = time.perf_counter() - t
    passages, members = synthetic_passages(args.passages, bank, rng)
    real = real_passages(args.embed_passages, args.tsc_files, random.Random(3))
    reference_embedder = PackagedSentenceTransformer(model_path())
    embed_by_corpus = {}
    for name, texts in real.items():
        ours, reference_rate = embedding_rates(embedder, reference_embedder, texts, args.embed_rounds)
        embed_by_corpus[name] = {"passages": len(texts), "embed_passages_per_s": round(ours, 1),
                                 "reference_sentence_transformers_passages_per_s": round(reference_rate, 1),
                                 "speedup": round(ours / reference_rate, 2)}
    every = [t for texts in real.values() for t in texts]
    passages_per_s, reference_per_s = embedding_rates(embedder, reference_embedder, every, args.embed_rounds)
    del reference_embedder
    vectors = np.stack([bank_vectors[m].mean(axis=0) for m in members]).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)

    t = time.perf_counter()
    index = write_version(work / "index", passages, vectors, [], np.zeros((0, vectors.shape[1]), np.float32))
    build_seconds = time.perf_counter() - t
    store = Store.open()
    engine = AnswerEngine(index, store, embedder)
    searcher: HybridSearcher = engine.searcher

    questions = [json.loads(line)["question"] for name in ("seed-questions.jsonl", "extra-questions.jsonl")
                 for line in (ROOT / "tests" / "gold" / name).read_text().splitlines() if line.strip()]
    while len(questions) < args.queries:
        words = bank[rng.randrange(len(bank))].split()
        start = rng.randrange(max(1, len(words) - 6))
        questions.append(" ".join(words[start:start + rng.randint(3, 8)]))
    queries = questions[: args.queries]
    for query in queries[:5]:
        searcher.search(query, 10)  # warm up
    hybrid = timed(lambda q: searcher.search(q, 10), queries)
    bm25 = timed(lambda q: searcher.search(q, 10, mode="bm25"), queries)
    dense = timed(lambda q: searcher.search(q, 10, mode="dense"), queries)
    answers = timed(lambda q: engine.ask(q), queries[:50])

    # The reference index (~1 GB) lives only inside this call: the cold-start processes below
    # should not compete with it for memory.
    reference_ms, reference_build = rank_bm25_reference(passages, queries[: args.reference_queries])
    os.sync()  # the index was just written: its writeback to disk is not part of a later cold start
    colds = []
    for question in queries[:3]:
        cold = subprocess.run(
            [sys.executable, "-c", COLD_START.format(root=str(ROOT), question=question)],
            capture_output=True, text=True, check=True, env=os.environ.copy(),
        )
        seconds, _, cold_rss = cold.stdout.split()
        colds.append(float(seconds))
    cold_seconds = statistics.median(colds)
    report = {
        "passages": len(passages),
        "queries": len(queries),
        "dense_index": type(index.dense._faiss).__name__,
        "index_build_s": round(build_seconds, 2),
        "embed_bank_sentences_per_s": round(len(bank) / bank_seconds, 1),
        "embed_passages_per_s": round(passages_per_s, 1),
        "reference_sentence_transformers_passages_per_s": round(reference_per_s, 1),
        "embed_speedup_vs_sentence_transformers": round(passages_per_s / reference_per_s, 2),
        "embed_by_corpus": embed_by_corpus,
        "embed_full_corpus_estimate_s": round(len(passages) / passages_per_s),
        "hybrid": latency(hybrid),
        "bm25_only": latency(bm25),
        "dense_only": latency(dense),
        "full_answer": latency(answers),
        "rank_bm25_reference": {**latency(reference_ms), "build_s": round(reference_build, 2)},
        "hybrid_speedup_vs_rank_bm25": round(percentile(reference_ms, 50) / percentile(hybrid, 50), 1),
        "cold_start_to_first_answer_s": cold_seconds,
        "cold_start_runs_s": colds,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "cold_start_peak_rss_mb": int(cold_rss),  # VmHWM: getrusage would count the forked parent
        "total_s": round(time.perf_counter() - started, 1),
        "load_average_1m_start_end": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "machine": describe_machine(),
    }
    print(json.dumps(report, indent=2))
    shutil.rmtree(work, ignore_errors=True)  # ~0.6 GB of index files at 100k passages


if __name__ == "__main__":
    main()
