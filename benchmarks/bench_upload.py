"""Upload to answerable: `minutes ingest ONE_FILE` on a big index until a serving process's
first answer citing it, with that process answering throughout.

    python -m benchmarks.bench_upload [--passages 100000] [--pages 20]

1. A synthetic index of N passages (bench_query.py's generator: real sentences, real-looking
   lengths, vectors composed from embedded bank sentences, so 1M texts are not embedded),
   written as one segment. Its documents are in the store as minimal document and meeting
   rows (source, content hash, board, date; no items, people or actions: storing 80k
   meetings for real would take longer than the benchmark), so the incremental build sees them as unchanged.
2. A serving process (`--serve`): a MinutesService asking questions in a loop (`--rate` a
   second, 10 by default; 0 keeps a core busy), as the bot does, reloading when a new
   version is live; it logs each answer's time, latency, version and whether it cites the
   uploaded file.
3. A ~20-page minutes PDF (fpdf2: numbered items of real sentences from the sample minutes
   and one item with a fact found nowhere else) is ingested by the real CLI in a fresh
   process; the clock runs from its start to the serving process's first answer citing it.

4. The same file again with the fact corrected (an admin uploading amended minutes): its old
   passages are tombstoned and a third segment written; the clock runs to the first answer
   quoting the corrected fact.

Prints one JSON object: for the upload and for the edit, the time to answerable, the CLI's own
time, when the new version went live, the serving process's latency before and during the
ingest and its errors, the longest gap between answers (the reload), warm hybrid, BM25 and
full-answer latency on the resulting version, the serving process's peak RSS and peak anonymous
memory (RSS less the mapped index pages); then cold start to first answer.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # faiss and onnxruntime share two cores
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from benchmarks.bench_query import (  # noqa: E402
    COLD_START, bank_embedding, composed_vectors, percentile, sentence_bank, synthetic_passages,
)
from benchmarks.machine import describe_machine  # noqa: E402

UPLOAD = "Fenland_Resources_Board_2026-11-26.pdf"
QUESTION = "What was decided about the Zephyr Lane flood barrier contract?"
FACT = ("It was resolved that the Zephyr Lane flood barrier contract be awarded to Harcourt Civil Engineering "
        "at a cost of £2.4 million, with work to start in March.")
CORRECTED = "£2.65 million"  # the amended minutes' figure, found nowhere else
EDITED_FACT = FACT.replace("£2.4 million", CORRECTED)
TITLES = ["Finance Report", "Capital Programme Update", "Estates Strategy", "Performance Report", "Risk Register",
          "Treasury Management", "Procurement Plan", "Workforce Update", "Community Safety Partnership",
          "Internal Audit Progress", "Flood Defence Programme", "Digital Services", "Medium Term Financial Plan",
          "Fleet Replacement", "Health and Safety Report", "Any Other Business"]


def dev_questions() -> list[str]:
    return [json.loads(line)["question"] for name in ("seed-questions.jsonl", "extra-questions.jsonl")
            for line in (ROOT / "tests" / "gold" / name).read_text().splitlines() if line.strip()]


def minutes_sentences() -> list[str]:
    """Sentences of the sample minutes (the upload reads like minutes, not like meeting notes)."""
    from index.passages import split_sentences

    seen: dict[str, None] = {}
    for path in sorted((ROOT / "corpus" / "samples").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for sentence in split_sentences(line.strip(" #*-")):
                if 8 <= len(sentence.split()) <= 50 and sentence[0].isupper() and sentence.endswith("."):
                    seen.setdefault(sentence, None)
    return list(seen)


def minutes_pdf(path: Path, pages: int, bank: list[str], rng: random.Random, fact: str = FACT) -> int:
    """A minutes PDF of about `pages` A4 pages: a header, attendance, numbered items of the
    sample minutes' sentences, `fact` in one of them. Returns the page count."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()

    def line(text: str, size: int = 10, gap: float = 2) -> None:
        pdf.set_font("Helvetica", "", size)
        # The core fonts are Latin-1; the minutes' curly quotes and dashes are not.
        safe = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("–", "-")
        pdf.multi_cell(0, 5, safe.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    for text in ("Fenland District Council", "RESOURCES BOARD", "APPROVED MINUTES", "Date: 26th November 2026",
                 "Time: 14:00", "Location: Council Chamber, Fenland Hall, March"):
        line(text, 12)
    line("Members: Cllr Anne Hay (Chair), Cllr Ian Benney, Cllr Sam Clark, Cllr Jan French, Cllr Chris Boden")
    line("In Attendance: Paul Medd, Chief Executive; Peter Catchpole, Corporate Director and Chief Finance Officer")
    number = 0
    fact_item = None
    while pdf.page_no() < pages:
        number += 1
        line(f"{number}. {'Flood Defence Contracts' if number == 17 else TITLES[number % len(TITLES)]}", 11)
        for paragraph in range(1, rng.randint(2, 4) + 1):
            sentences = [bank[rng.randrange(len(bank))] for _ in range(rng.randint(2, 4))]
            if number == 17 and paragraph == 2:
                sentences.insert(1, fact)
                fact_item = number
            line(f"{number}.{paragraph} " + " ".join(sentences))
    assert fact_item is not None, "too few pages for the fact's item"
    pdf.output(str(path))
    return pdf.page_no()


def store_documents(store, passages) -> dict[str, str]:
    """Minimal document and meeting rows for the synthetic corpus (see the module docstring);
    returns {source: content hash}."""
    from datetime import date

    from sqlalchemy import insert, select

    from index import schema
    from index.store import board_key

    meetings = {p.source: p for p in passages}
    sources = {s: hashlib.sha256(s.encode()).hexdigest() for s in meetings}
    now = datetime.now()
    with store.engine.begin() as connection:
        rows = [{"source": s, "path": f"/synthetic/{s}", "format": "text", "content_hash": h, "url": None, "size": 0,
                 "ingested_at": now} for s, h in sources.items()]
        for start in range(0, len(rows), 5000):
            connection.execute(insert(schema.Document), rows[start:start + 5000])
        ids = dict(connection.execute(select(schema.Document.source, schema.Document.id)).all())
        rows = [{"document_id": ids[s], "board": p.board, "board_key": board_key(p.board), "organisation": None,
                 "date": date.fromisoformat(p.meeting_date), "time": None, "location": None, "header_text": ""}
                for s, p in meetings.items()]
        for start in range(0, len(rows), 5000):
            connection.execute(insert(schema.Meeting), rows[start:start + 5000])
    return sources


def serve(log: Path, stop: Path, source: str, rate: float) -> None:
    """Answer `rate` questions a second (0: back to back) from the live version, as the bot's
    service does, logging each answer: whether it cites `source`, and whether it quotes the
    corrected figure."""
    from bot.service import MinutesService

    service = MinutesService()
    questions = itertools.cycle(dev_questions())
    # Peak RSS counts the index pages mapped from disk (shared, reclaimable page cache) as well
    # as the process's own memory: the anonymous part is sampled after each answer.
    peak_anon = 0
    with log.open("a") as out:
        while not stop.exists():
            for question in (QUESTION, next(questions)):
                started = time.perf_counter()
                entry = {"t": time.time(), "question": question}
                try:
                    answer = service.ask(question)
                    entry["version"] = service.engine().version
                    cited = [r.passage for r in answer.sources if question == QUESTION and r.passage.source == source]
                    entry["cites"] = bool(cited)
                    entry["quotes_correction"] = any(CORRECTED in p.text for p in cited)
                except Exception as error:  # noqa: BLE001 — the benchmark counts every failure
                    entry["error"] = f"{type(error).__name__}: {error}"
                entry["ms"] = (time.perf_counter() - started) * 1000
                out.write(json.dumps(entry) + "\n")
                out.flush()
                peak_anon = max(peak_anon, memory_mb("RssAnon"))
                if rate:
                    time.sleep(max(0.0, 1 / rate - (time.perf_counter() - started)))
    log.with_suffix(".rss").write_text(json.dumps({"peak_rss_mb": memory_mb("VmHWM"), "peak_anon_mb": peak_anon}))


def memory_mb(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in MB."""
    status = Path("/proc/self/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith(field + ":")) // 1024


def read_log(log: Path) -> list[dict]:
    """The serving process's complete log lines (the last may be half written)."""
    lines = log.read_text().split("\n")[:-1] if log.exists() else []
    return [json.loads(line) for line in lines if line.strip()]


def wait_for(log: Path, done, timeout: float) -> list[dict]:
    deadline = time.time() + timeout
    while time.time() < deadline:
        entries = read_log(log)
        if done(entries):
            return entries
        time.sleep(0.05)
    raise TimeoutError(f"serving process: condition not met within {timeout} s (log {log})")


def wall_latency(ms: list[float]) -> dict:
    """p50 / p95 of wall-clock milliseconds."""
    return {"p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2), "n": len(ms)}


def upload_phase(work: Path, upload: Path, phase: str, rate: float, answered) -> dict:
    """Start a serving process, run the real `minutes ingest` on `upload` once it is warm, and
    time the upload until the first answer for which `answered(log entry)` holds."""
    log, stop = work / f"serve-{phase}.jsonl", work / f"serve-{phase}.stop"
    server = subprocess.Popen([sys.executable, "-m", "benchmarks.bench_upload", "--serve", str(log), str(stop),
                               "--rate", str(rate)],
                              cwd=ROOT, env=os.environ.copy())
    try:
        wait_for(log, lambda e: len(e) >= 40, 300)  # loaded and warm
        time.sleep(3)
        t0 = time.time()
        ingest = subprocess.run([sys.executable, "-m", "cli.main", "ingest", str(upload)], cwd=ROOT,
                                env=os.environ.copy(), capture_output=True, text=True)
        ingest_seconds = time.time() - t0
        if ingest.returncode != 0:
            raise RuntimeError(f"minutes ingest failed: {ingest.stdout}\n{ingest.stderr}")
        wait_for(log, lambda e: any(answered(x) and x["t"] >= t0 for x in e), 600)
        time.sleep(3)
    finally:
        stop.touch()
        server.wait(timeout=120)
    entries = read_log(log)
    cited = min(x["t"] + x["ms"] / 1000 for x in entries if answered(x) and x["t"] >= t0)
    old_version = entries[0]["version"]
    live = min(x["t"] for x in entries if x.get("version", old_version) != old_version)
    before = [x["ms"] for x in entries if x["t"] < t0 and "error" not in x]
    during = [x for x in entries if t0 <= x["t"] <= cited]
    times = [x["t"] for x in entries]
    gaps = [b - (a + x["ms"] / 1000) for a, b, x in zip(times, times[1:], entries)]
    return {
        "to_answerable_s": round(cited - t0, 2),
        "ingest_cli_output": ingest.stdout.strip().splitlines()[-2:],
        "ingest_cli_s": round(ingest_seconds, 2),
        "new_version_live_after_s": round(live - t0, 2),
        "serving_before_ingest_ms": wall_latency(before),
        "serving_during_ingest_ms": wall_latency([x["ms"] for x in during if "error" not in x]),
        "serving_answers_during_ingest": len(during),
        "serving_errors": [x["error"] for x in entries if "error" in x][:5],
        "serving_longest_gap_between_answers_s": round(max(gaps, default=0), 2),
        **{f"serving_{name}": value for name, value in json.loads(log.with_suffix(".rss").read_text()).items()},
    }


def warm_latency(index, embedder, queries: list[str]) -> dict:
    """Hybrid, BM25-only and full-answer latency of a warm process on `index`."""
    from index.store import Store
    from retrieval.engine import AnswerEngine
    from retrieval.hybrid import HybridSearcher

    searcher = HybridSearcher(index, embedder)
    engine = AnswerEngine(index, Store.open(), embedder)
    for query in queries[:5]:
        searcher.search(query, 10)
    hybrid, bm25, answers = [], [], []
    for query in queries:
        t = time.perf_counter()
        searcher.search(query, 10)
        hybrid.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        searcher.search(query, 10, mode="bm25")
        bm25.append((time.perf_counter() - t) * 1000)
    for query in queries[:50]:
        t = time.perf_counter()
        engine.ask(query)
        answers.append((time.perf_counter() - t) * 1000)
    return {"hybrid_ms": wall_latency(hybrid), "bm25_ms": wall_latency(bm25), "full_answer_ms": wall_latency(answers)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--bank", type=int, default=4000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rate", type=float, default=10,
                        help="questions a second the serving process answers (0: back to back, a core busy)")
    parser.add_argument("--keep", type=Path, help="move MINUTES_HOME (store and index) here at the end")
    parser.add_argument("--serve", nargs=2, metavar=("LOG", "STOP"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve[0]), Path(args.serve[1]), UPLOAD, args.rate)
        return
    started = time.perf_counter()
    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    os.environ["MINUTES_HOME"] = str(work)
    os.environ.pop("MINUTES_DATABASE_URL", None)
    os.environ.setdefault("MINUTES_MODEL_CACHE", str(Path.home() / ".cache" / "minutes-models"))

    from index.embeddings import default_embedder
    from index.search_index import embedder_signature, index_root, load_index, write_version
    from index.store import Store

    rng = random.Random(42)
    embedder = default_embedder()
    bank, file_starts = sentence_bank(args.bank)
    bank_vectors, _ = bank_embedding(embedder, bank)
    passages, members, starts = synthetic_passages(args.passages, bank, file_starts, rng)
    vectors = composed_vectors(bank_vectors, members, starts)
    del members, starts
    store = Store.open()
    sources = store_documents(store, passages)
    t = time.perf_counter()
    base = write_version(index_root(), passages, vectors, [], np.zeros((0, vectors.shape[1]), np.float32), sources,
                         embedder_signature(embedder))
    store.record_index_version(base.version, len(base.passages), len(sources))
    base_seconds = time.perf_counter() - t
    del passages, vectors, base
    upload = work / "upload" / UPLOAD
    upload.parent.mkdir()
    pages = minutes_pdf(upload, args.pages, minutes_sentences(), random.Random(9))
    os.sync()

    queries = dev_questions()
    while len(queries) < args.queries:
        words = bank[rng.randrange(len(bank))].split()
        start = rng.randrange(max(1, len(words) - 6))
        queries.append(" ".join(words[start:start + rng.randint(3, 8)]))
    queries = queries[: args.queries]
    uploaded = upload_phase(work, upload, "upload", args.rate, lambda x: x.get("cites"))
    index = load_index()
    uploaded["segments_after"] = [s.size for s in index.segments]
    uploaded.update(warm_latency(index, embedder, queries))
    passages = sum(1 for p in index.passages[-2000:] if p.source == UPLOAD)
    # Amended minutes: the same file with the figure corrected.
    minutes_pdf(upload, args.pages, minutes_sentences(), random.Random(9), EDITED_FACT)
    os.sync()
    edited = upload_phase(work, upload, "edit", args.rate, lambda x: x.get("quotes_correction"))
    index = load_index()
    edited["segments_after"] = [s.size for s in index.segments]
    edited["tombstoned"] = [len(t) for t in index.tombstones]
    edited.update(warm_latency(index, embedder, queries))
    colds = []
    for question in queries[:3]:
        cold = subprocess.run([sys.executable, "-c", COLD_START.format(root=str(ROOT), question=question)],
                              capture_output=True, text=True, check=True, env=os.environ.copy())
        colds.append(float(cold.stdout.split()[0]))
    report = {
        "passages_before": len(index.passages) - passages,
        "upload": {"file": UPLOAD, "pages": pages, "bytes": upload.stat().st_size, "passages": passages},
        "base_index_build_s": round(base_seconds, 1),
        "serving_rate_per_s": args.rate,
        "after_upload": uploaded,
        "after_edit": edited,
        "cold_start_to_first_answer_s": statistics.median(colds),
        "total_s": round(time.perf_counter() - started, 1),
        "load_average_1m_start_end": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "machine": describe_machine(),
    }
    print(json.dumps(report, indent=2))
    if args.keep:
        shutil.move(str(work), args.keep)
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
