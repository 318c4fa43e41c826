"""A newcomer's terminal: `minutes ingest`, `ask`, `search` and `eval` print the project's own
output only; libraries' log lines (onnxruntime's quantiser, faiss's loader, pypdf) appear with
`MINUTES_LOG_LEVEL=DEBUG`.

Real processes. Each ingest gets a model cache holding the session's fp32 ONNX export but not
its int8 copy, so the CLI quantises (~5 s), which is where onnxruntime logs its warning; and a
PDF whose cross-reference table points one object at offset 0, which pypdf warns about
("Ignoring wrong pointing object"), as it does on real minutes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLES

ROOT = Path(__file__).resolve().parents[1]
FORENSICS = SAMPLES / "000_af1fb986c0683f01.txt"


def _quantising_cache(folder: Path) -> Path:
    """A model cache with the fp32 export only: the next embedder the CLI opens quantises it."""
    from index.embeddings import default_embedder, model_path
    from index.onnx_export import ONNX_FILE, exported_model_dir

    default_embedder()  # the session's export (made once per session, shared with other tests)
    exported = exported_model_dir(model_path())
    target = folder / exported.name
    target.mkdir(parents=True)
    shutil.copyfile(exported / ONNX_FILE, target / ONNX_FILE)
    return folder


def _pdf_with_a_bad_cross_reference(path: Path) -> Path:
    """Minutes as a PDF whose last xref entry says offset 0: readable, but pypdf logs a warning."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in ("Parks Committee, 12 March 2024", "1. Apologies", "None were received.", "2. Play area",
                 "The fence is broken. Action: Clerk to obtain three quotes."):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    entries = list(re.finditer(rb"\n\d{10} 00000 n ", data))
    last = entries[-1]
    path.write_bytes(data[:last.start()] + b"\n0000000000 00000 n " + data[last.end():])
    return path


def _cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          check=True)


def _environment(tmp_path: Path, name: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "MINUTES_LOG_LEVEL"}
    cache = _quantising_cache(tmp_path / f"{name}-models")
    return {**env, "MINUTES_HOME": str(tmp_path / f"{name}-home"), "MINUTES_MODEL_CACHE": str(cache), **extra}


def test_commands_print_no_library_log_lines(tmp_path):
    env = _environment(tmp_path, "quiet")
    bad_xref = _pdf_with_a_bad_cross_reference(tmp_path / "parks_2024_03_12.pdf")
    ingest = _cli(env, "ingest", str(FORENSICS), str(bad_xref))
    assert "added 2, updated 0, skipped 0, failed 0" in ingest.stdout
    assert list(Path(env["MINUTES_MODEL_CACHE"]).glob("*/model-int8.onnx")), "the ingest should have quantised"
    asked = _cli(env, "ask", "Who owns the digital forensics action?")
    assert "Stephen Kavanagh" in asked.stdout
    searched = _cli(env, "search", "fence quotes", "-k", "1")
    assert "Clerk to obtain three quotes" in searched.stdout
    questions = tmp_path / "questions.jsonl"
    questions.write_text('{"id": "a", "question": "Who owns the digital forensics action?"}\n')
    evaluated = _cli(env, "eval", str(questions), "--mode", "bm25")
    assert "bm25 answers" in evaluated.stdout
    for command, run in (("ingest", ingest), ("ask", asked), ("search", searched), ("eval", evaluated)):
        assert run.stderr == "", f"minutes {command} wrote to stderr:\n{run.stderr}"


def test_debug_level_shows_the_libraries_log_lines(tmp_path):
    env = _environment(tmp_path, "debug", MINUTES_LOG_LEVEL="DEBUG")
    ingest = _cli(env, "ingest", str(_pdf_with_a_bad_cross_reference(tmp_path / "parks_2024_03_12.pdf")))
    assert "added 1" in ingest.stdout
    for library_line in ("pre-processing before quantization", "INFO faiss.loader", "Ignoring wrong pointing object"):
        assert library_line in ingest.stderr
