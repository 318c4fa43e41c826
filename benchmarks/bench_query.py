"""Query benchmark: a synthetic corpus of N passages like real minutes, indexed and queried.

    python benchmarks/bench_query.py [--passages 100000] [--queries 200]
    python benchmarks/bench_query.py --passages 1000000 --embed-passages 0 --reference-queries 0 \
        [--keep FOLDER | --reuse FOLDER]

Prints one JSON object: index build time, hybrid/BM25/dense latency p50/p95 (warm, model
loaded, answered from the index version as loaded from disk; wall clock and this process's
CPU), full-answer latency, recall@10 of the dense index against exact float32 search (at the
shipped number of inverted lists probed and beside it), the rank-bm25 reference latency on
the same corpus, cold start to first answer (a fresh process) and that process's peak RSS.
Progress goes to stderr. A 1M-passage corpus takes ~10 min to make and ~7 min to index on
two busy cores: `--keep` saves the index folder, `--reuse` answers from it (the corpus is
made again, deterministically, for the recall and the queries).

Passages are made of real sentences (the sample minutes and the nodejs-tsc notes), with
real-looking lengths (60-250 words), boards, dates and item numbers; each reads on through
one file's sentences, so it is about one topic. Embedding 100k passages with MiniLM on two
CPU cores would take far too long for a benchmark, so each sentence of the bank is embedded
once (cached beside the model) and a passage's vector is the normalised mean of its
sentences' vectors: the same dimension, norm and neighbourhood structure as real passage
vectors, which is what the index's speed and recall depend on.

Embedding speed is measured on real passages, made by the project's own reader and
splitter from the sample minutes, the real minutes and the nodejs-tsc notes beside the
project, and compared in the same run with sentence-transformers on torch (the model as
packaged, on the same passages): on a shared machine absolute rates move with the load,
the ratio much less. Rounds alternate between the two and the best round of each counts.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
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
from dataclasses import dataclass, field
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


def sentence_bank(limit: int) -> tuple[list[str], list[int]]:
    """Real sentences from the sample minutes and the nodejs-tsc notes, in reading order, and
    where each file's sentences start (a passage is made of one file's sentences)."""
    files = sorted((ROOT / "corpus" / "samples").glob("*.txt"))
    files += sorted((SHARED / "corpus" / "scale" / "nodejs-tsc").glob("*.md"))
    seen: dict[str, None] = {}
    starts = []
    for path in files:
        starts.append(len(seen))
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            for sentence in split_sentences(line.strip(" #*-")):
                if 5 <= len(sentence.split()) <= 60:
                    seen.setdefault(sentence, None)
        if len(seen) >= limit:
            break
    bank = list(seen)[:limit]
    starts = sorted({s for s in starts if s < len(bank)})
    return bank, starts


def synthetic_passages(n: int, bank: list[str], file_starts: list[int], rng: random.Random,
                       ) -> tuple[list[Passage], np.ndarray, np.ndarray]:
    """`n` passages of bank sentences, with each passage's sentences (flat) and where each one's start.

    A passage reads on from a random sentence of one file, keeping each sentence with
    probability 0.6, until it has 60-250 words: about one topic, as a real passage is (a
    passage of sentences drawn from the whole bank is a mean of unrelated vectors, all close
    to the bank's centre, a structure no real corpus has), yet few passages are the same.
    """
    passages, members, starts = [], [], []
    lengths = [len(s.split()) for s in bank]
    file_ends = [*file_starts[1:], len(bank)]
    for i in range(n):
        target = int(min(250, max(60, rng.gauss(170, 55))))
        f = rng.randrange(len(file_starts))
        first, end = file_starts[f], file_ends[f]
        s = rng.randrange(first, end)
        chosen, words = [], 0
        while words < target:
            if rng.random() < 0.6:
                chosen.append(s)
                words += lengths[s]
            s = s + 1 if s + 1 < end else first  # a short file wraps round
        meeting = i // 12
        board = BOARDS[meeting % len(BOARDS)]
        year = 2008 + (meeting * 7) % 17
        date = f"{year}-{1 + meeting % 12:02d}-{1 + meeting % 28:02d}"
        item = str(1 + i % 12)
        text = " ".join([bank[s] for s in chosen])
        passages.append(Passage(f"p{i}", f"synthetic_{meeting}.txt", None, board, None, date, item,
                                bank[chosen[0]][:60], 0, text))
        starts.append(len(members))
        members.extend(chosen)
    return passages, np.array(members, dtype=np.int64), np.array(starts, dtype=np.int64)


def composed_vectors(bank_vectors: np.ndarray, members: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Each passage's vector: the normalised mean of its sentences' vectors (a chunk at a time)."""
    out = np.empty((len(starts), bank_vectors.shape[1]), dtype=np.float32)
    ends = np.append(starts[1:], len(members))
    for first in range(0, len(starts), 50_000):
        last = min(first + 50_000, len(starts))
        rows = bank_vectors[members[starts[first]:ends[last - 1]]]
        out[first:last] = np.add.reduceat(rows, starts[first:last] - starts[first], axis=0)
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def bank_embedding(embedder, bank: list[str]) -> tuple[np.ndarray, float | None]:
    """The bank's sentence vectors, cached by embedder and bank; seconds taken when embedded now."""
    from index.search_index import embedder_signature

    key = hashlib.sha256("\n".join([embedder_signature(embedder), *bank]).encode("utf-8")).hexdigest()[:16]
    cache = Path(os.environ["MINUTES_MODEL_CACHE"]) / f"bench-bank-{key}.npy"
    if cache.exists():
        return np.load(cache), None
    t = time.perf_counter()
    vectors = np.asarray(embedder.embed(bank), dtype=np.float32)
    seconds = time.perf_counter() - t
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, vectors)
    return vectors, seconds


def recall_by_probes(dense, vectors: np.ndarray, queries: np.ndarray) -> dict:
    """Recall@10 against exact float32 search and `dense.top`'s own p50, at the shipped share of
    inverted lists probed and beside it."""
    import faiss

    dense = getattr(dense, "largest", dense)  # a version of segments: the bench builds one
    if not dense.is_approximate:
        return {"exact": 1.0}
    ivf = faiss.extract_index_ivf(dense._faiss)
    shipped = ivf.nprobe
    out = {"lists": ivf.nlist}
    for probes in sorted({shipped // 4, shipped // 2, shipped, shipped * 2, shipped * 4}):
        ivf.nprobe = max(1, probes)
        ms = [timed_ms(lambda: dense.top(q, 10)) for q in queries]
        out[f"probes_{ivf.nprobe}"] = {"recall": round(dense_recall(dense, vectors, queries), 4),
                                       "top10_p50_ms": round(percentile(ms, 50), 3)}
    ivf.nprobe = shipped
    out["shipped"] = {"probes": shipped, **out[f"probes_{shipped}"]}
    return out


def timed_ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def dense_recall(dense, vectors: np.ndarray, queries: np.ndarray, k: int = 10) -> float:
    """Mean share of the exact float32 top `k` that `dense.top` finds, over the query vectors."""
    exact = np.zeros((len(queries), k), dtype=np.int64)
    scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
    for first in range(0, len(vectors), 100_000):  # a block of rows at a time: the top k so far, merged
        block = (vectors[first:first + 100_000] @ queries.T).T
        candidates = np.concatenate([scores, block], axis=1)
        ids = np.concatenate([exact, np.broadcast_to(first + np.arange(block.shape[1]), block.shape)], axis=1)
        best = np.argpartition(-candidates, k - 1, axis=1)[:, :k]
        scores, exact = np.take_along_axis(candidates, best, 1), np.take_along_axis(ids, best, 1)
    found = [len({p for p, _ in dense.top(q, k)} & set(row.tolist())) / k for q, row in zip(queries, exact)]
    return float(np.mean(found))


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


def log(stage: str) -> None:
    """Progress on stderr (a 1M-passage run takes a while); the report stays the only stdout."""
    print(f"{time.strftime('%H:%M:%S')} {stage}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


@dataclass
class Timings:
    """Milliseconds each query took: wall clock, and CPU of this process (what the query itself
    cost: on a machine shared by other work the wall clock also counts waiting for a core)."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def timed(fn, queries: list[str]) -> Timings:
    out = Timings()
    for query in queries:
        start, cpu = time.perf_counter(), time.process_time()
        fn(query)
        out.wall.append((time.perf_counter() - start) * 1000)
        out.cpu.append((time.process_time() - cpu) * 1000)
    return out


def rank_bm25_reference(passages: list[Passage], queries: list[str]) -> tuple[Timings, float]:
    """Milliseconds a query on rank-bm25's BM25Okapi over the same passages, and its build seconds."""
    from rank_bm25 import BM25Okapi

    t = time.perf_counter()
    reference = BM25Okapi([tokenize(p.index_text) for p in passages], k1=1.5, b=0.75)
    build = time.perf_counter() - t
    return timed(lambda q: np.argsort(-reference.get_scores(tokenize(q)))[:10], queries), build


def latency(timings: Timings) -> dict:
    return {"p50_ms": round(percentile(timings.wall, 50), 2), "p95_ms": round(percentile(timings.wall, 95), 2),
            "cpu_p50_ms": round(percentile(timings.cpu, 50), 2), "cpu_p95_ms": round(percentile(timings.cpu, 95), 2),
            "n": len(timings.wall)}


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
    parser.add_argument("--bank", type=int, default=20_000, help="sentences embedded to compose passage vectors (at most)")
    parser.add_argument("--reference-queries", type=int, default=20, help="queries timed on rank-bm25 (slow; 0: none)")
    parser.add_argument("--embed-passages", type=int, default=96,
                        help="real passages of each corpus embedded per round (0: embedding speed not measured)")
    parser.add_argument("--embed-rounds", type=int, default=2, help="alternating rounds, ours and the reference")
    parser.add_argument("--tsc-files", type=int, default=30, help="nodejs-tsc files read for real passages")
    parser.add_argument("--keep", type=Path, help="move the index folder here at the end (for --reuse)")
    parser.add_argument("--reuse", type=Path,
                        help="answer from a folder --keep saved for the same --passages and --bank instead of building one")
    args = parser.parse_args()
    started = time.perf_counter()
    load_before = os.getloadavg()
    rng = random.Random(42)
    work = Path(tempfile.mkdtemp(prefix="bench-minutes-"))
    os.environ["MINUTES_HOME"] = str(work)
    os.environ.setdefault("MINUTES_MODEL_CACHE", str(Path.home() / ".cache" / "minutes-models"))

    from index.embeddings import default_embedder, model_path
    from index.search_index import load_index, write_version
    from index.store import Store
    from retrieval.engine import AnswerEngine
    from retrieval.hybrid import HybridSearcher

    embedder = default_embedder()
    bank, file_starts = sentence_bank(args.bank)
    bank_vectors, bank_seconds = bank_embedding(embedder, bank)
    log("sentence bank")
    t = time.perf_counter()
    passages, members, starts = synthetic_passages(args.passages, bank, file_starts, rng)
    vectors = composed_vectors(bank_vectors, members, starts)
    del members, starts
    corpus_seconds = time.perf_counter() - t
    log("corpus ready")
    embed_by_corpus, passages_per_s, reference_per_s = {}, None, None
    if args.embed_passages:
        real = real_passages(args.embed_passages, args.tsc_files, random.Random(3))
        reference_embedder = PackagedSentenceTransformer(model_path())
        for name, texts in real.items():
            ours, reference_rate = embedding_rates(embedder, reference_embedder, texts, args.embed_rounds)
            embed_by_corpus[name] = {"passages": len(texts), "embed_passages_per_s": round(ours, 1),
                                     "reference_sentence_transformers_passages_per_s": round(reference_rate, 1),
                                     "speedup": round(ours / reference_rate, 2)}
        every = [t for texts in real.values() for t in texts]
        passages_per_s, reference_per_s = embedding_rates(embedder, reference_embedder, every, args.embed_rounds)
        del reference_embedder

    build_seconds = None
    if args.reuse:
        shutil.copytree(args.reuse, work, dirs_exist_ok=True)
    else:
        t = time.perf_counter()
        write_version(work / "index", passages, vectors, [], np.zeros((0, vectors.shape[1]), np.float32))
        build_seconds = time.perf_counter() - t
        log("index written")
        gc.collect()  # answered from the version as loaded, mapped, the way a bot process serves it
    store = Store.open()
    engine = AnswerEngine(load_index(work / "index"), store, embedder)
    searcher: HybridSearcher = engine.searcher
    log("index loaded")
    if len(engine.index.passages) != len(passages):
        raise SystemExit(f"{args.reuse}: holds {len(engine.index.passages)} passages, not {len(passages)}")

    questions = [json.loads(line)["question"] for name in ("seed-questions.jsonl", "extra-questions.jsonl")
                 for line in (ROOT / "tests" / "gold" / name).read_text().splitlines() if line.strip()]
    while len(questions) < args.queries:
        words = bank[rng.randrange(len(bank))].split()
        start = rng.randrange(max(1, len(words) - 6))
        questions.append(" ".join(words[start:start + rng.randint(3, 8)]))
    queries = questions[: args.queries]
    # A first pass, timed apart: it touches the pages of the mapped index files (minor page
    # faults, paid once by a serving process), which at 1M is ~a third of its hybrid time.
    first_pass = timed(lambda q: searcher.search(q, 10), queries)
    hybrid = timed(lambda q: searcher.search(q, 10), queries)
    bm25 = timed(lambda q: searcher.search(q, 10, mode="bm25"), queries)
    dense = timed(lambda q: searcher.search(q, 10, mode="dense"), queries)
    answers = timed(lambda q: engine.ask(q), queries[:50])
    log("queries timed")

    query_vectors = np.asarray(embedder.embed(queries), dtype=np.float32)
    recall = recall_by_probes(searcher.index.dense, vectors, query_vectors)
    del vectors
    log("recall measured")
    reference_ms, reference_build = None, 0.0
    if args.reference_queries:
        # The reference index (~1 GB at 100k) lives only inside this call: the cold-start
        # processes below should not compete with it for memory.
        reference_ms, reference_build = rank_bm25_reference(passages, queries[: args.reference_queries])
    log("cold starts")
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
        "dense_index": type(engine.index.dense._faiss).__name__,
        "dense_recall_at_10_vs_exact": recall,
        "corpus_generation_s": round(corpus_seconds, 1),
        "index_build_s": round(build_seconds, 2) if build_seconds is not None else f"reused {args.reuse}",
        "embed_bank_sentences_per_s": round(len(bank) / bank_seconds, 1) if bank_seconds else "cached",
        "embed_passages_per_s": round(passages_per_s, 1) if passages_per_s else None,
        "reference_sentence_transformers_passages_per_s": round(reference_per_s, 1) if reference_per_s else None,
        "embed_speedup_vs_sentence_transformers": round(passages_per_s / reference_per_s, 2) if passages_per_s else None,
        "embed_by_corpus": embed_by_corpus,
        "embed_full_corpus_estimate_s": round(len(passages) / passages_per_s) if passages_per_s else None,
        "hybrid": latency(hybrid),
        "hybrid_first_pass": latency(first_pass),
        "bm25_only": latency(bm25),
        "dense_only": latency(dense),
        "full_answer": latency(answers),
        "rank_bm25_reference": {**latency(reference_ms), "build_s": round(reference_build, 2)} if reference_ms else None,
        "hybrid_speedup_vs_rank_bm25": round(percentile(reference_ms.wall, 50) / percentile(hybrid.wall, 50), 1) if reference_ms else None,
        "cold_start_to_first_answer_s": cold_seconds,
        "cold_start_runs_s": colds,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "cold_start_peak_rss_mb": int(cold_rss),  # VmHWM: getrusage would count the forked parent
        "total_s": round(time.perf_counter() - started, 1),
        "load_average_1m_start_end": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "machine": describe_machine(),
    }
    print(json.dumps(report, indent=2))
    if args.keep:
        shutil.rmtree(args.keep, ignore_errors=True)
        shutil.move(str(work), args.keep)
    shutil.rmtree(work, ignore_errors=True)  # ~0.3 GB of index files at 100k passages, ~3 GB at 1M


if __name__ == "__main__":
    main()
