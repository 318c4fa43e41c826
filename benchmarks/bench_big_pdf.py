"""Big-PDF benchmark: parse a ~500-page PDF of minutes, reporting seconds and peak memory.

    python benchmarks/bench_big_pdf.py [--pages 500] [--runs 1]

Writes the PDF in a temporary folder from the sample minutes' text (fpdf2: wrapped
paragraphs, numbered items, ruled action tables, a running header and a page-number
footer on every page), then, in a fresh process each run, reads it (`read_document`)
and parses it into meeting, items and actions (`parse_document`), as `minutes ingest
--no-index` does. Prints JSON: pages, file MB, read and parse seconds (wall), CPU
seconds and peak RSS MB of the parsing process (imports included).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from corpus.readers import read_document
from corpus.minutes import parse_document
start = time.perf_counter()
document = read_document(sys.argv[1])
read_s = time.perf_counter() - start
parsed = parse_document(document)
total_s = time.perf_counter() - start
print(json.dumps({
    "read_s": round(read_s, 2),
    "read_and_parse_s": round(total_s, 2),
    "cpu_s": round(resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime, 2),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    "blocks": len(document.blocks),
    "items": len(parsed.items),
    "actions": len(parsed.actions),
}))
"""


def write_big_pdf(path: Path, pages: int) -> Path:
    """A PDF of `pages` pages made of the sample minutes, repeated."""
    import reportlab
    from fpdf import FPDF

    from corpus.blocks import Paragraph
    from corpus.readers import read_document

    samples = sorted((ROOT / "corpus" / "samples").glob("*.txt"))
    blocks = [b for s in samples if not s.name.startswith("000") for b in read_document(s).blocks]
    font = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"

    class Minutes(FPDF):
        def header(self) -> None:
            self.set_font("Vera", "", 8)
            self.cell(0, 5, "Board minutes - draft for approval", new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Vera", "", 8)
            self.cell(0, 5, f"Page {self.page_no()}", align="C")

    pdf = Minutes(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("Vera", "", str(font))
    pdf.add_font("Vera", "B", str(font.with_name("VeraBd.ttf")))
    pdf.add_page()
    index = 0
    while pdf.page_no() < pages:
        block = blocks[index % len(blocks)]
        index += 1
        if isinstance(block, Paragraph):
            pdf.set_font("Vera", "B" if block.heading else "", 12 if block.heading else 10)
            pdf.multi_cell(0, 5, block.text.replace("\u2019", "'"), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
            continue
        pdf.set_font("Vera", "", 9)
        width = max(len(row) for row in block.rows)
        with pdf.table(line_height=5, first_row_as_headings=False) as table:
            for cells in block.rows:
                row = table.row()
                for text in cells + [""] * (width - len(cells)):
                    row.cell(text.strip("\n"))
        pdf.ln(3)
    pdf.output(str(path))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-big-pdf-") as folder:
        started = time.perf_counter()
        path = write_big_pdf(Path(folder) / "big-minutes.pdf", args.pages)
        written_s = time.perf_counter() - started
        from pypdf import PdfReader

        report = {
            "pages": len(PdfReader(path).pages),
            "file_mb": round(path.stat().st_size / 1048576, 2),
            "write_s": round(written_s, 1),
            "runs": [],
        }
        env = dict(os.environ, MINUTES_MAX_PDF_PAGES=str(max(args.pages * 2, 1000)))
        for _ in range(args.runs):
            child = subprocess.run(
                [sys.executable, "-c", _CHILD, str(path), str(ROOT)], capture_output=True, text=True, env=env, check=True
            )
            report["runs"].append(json.loads(child.stdout.strip().splitlines()[-1]))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
