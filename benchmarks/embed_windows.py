"""Embedding settings side by side: passages a second on the same real passages, same run.

    python benchmarks/embed_windows.py [--per-corpus 48] [--rounds 3]

Settings: sentence-transformers on torch as packaged (one sequence cut at 256 pieces, the
reference); this project's onnxruntime path as one sequence cut at 256 pieces, and in
windows of 128 pieces keeping the first 1, 2 (the default) or 4 windows of a text; int8 and
fp32 weights. Rounds alternate between settings and the best round of each counts. The
question-set scores of each setting are in benchmarks/README.md (they need a store built
with that setting, so they are measured with `minutes eval`, not here). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_query import PackagedSentenceTransformer, real_passages  # noqa: E402
from benchmarks.machine import describe_machine  # noqa: E402


class _Windows:
    """The project's embedder keeping at most `windows` windows of a text."""

    def __init__(self, embedder, windows: int) -> None:
        self.embedder, self.windows = embedder, windows

    def embed(self, texts):
        return self.embedder.embed(texts, max_windows=self.windows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-corpus", type=int, default=48, help="real passages of each corpus")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("MINUTES_MODEL_CACHE", str(Path.home() / ".cache" / "minutes-models"))
    from index.embeddings import INT8_FILE, ONNX_FILE, OnnxEmbedder, default_embedder, model_path
    from index.onnx_export import exported_model_dir

    default_embedder()  # exports (and quantises) once
    folder = exported_model_dir(model_path())
    texts = [t for group in real_passages(args.per_corpus, 10, random.Random(3)).values() for t in group]
    int8 = OnnxEmbedder(model_path(), folder / INT8_FILE)
    fp32 = OnnxEmbedder(model_path(), folder / ONNX_FILE)
    settings = {
        "sentence_transformers_256": PackagedSentenceTransformer(model_path()),
        "onnx_int8_one_sequence_256": OnnxEmbedder(model_path(), folder / INT8_FILE, window=None),
        "onnx_int8_windows_128_x1": _Windows(int8, 1),
        "onnx_int8_windows_128_x2": _Windows(int8, 2),
        "onnx_int8_windows_128_x4": _Windows(int8, 4),
        "onnx_fp32_windows_128_x2": _Windows(fp32, 2),
    }
    best = {name: 0.0 for name in settings}
    load_before = os.getloadavg()[0]
    for _ in range(args.rounds):
        for name, embedder in settings.items():
            started = time.perf_counter()
            embedder.embed(texts)
            best[name] = max(best[name], len(texts) / (time.perf_counter() - started))
    reference = best["sentence_transformers_256"]
    print(json.dumps({
        "passages": len(texts),
        "passages_per_s": {name: round(rate, 1) for name, rate in best.items()},
        "speedup_vs_sentence_transformers": {name: round(rate / reference, 2) for name, rate in best.items()},
        "load_average_1m_start_end": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "machine": describe_machine(),
    }, indent=2))


if __name__ == "__main__":
    main()
