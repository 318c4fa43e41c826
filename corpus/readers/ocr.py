"""OCR for scanned PDFs (no text layer): poppler's pdftoppm renders each page, Tesseract reads it.

Both are Debian packages (`poppler-utils`, `tesseract-ocr`) run as subprocesses, one page
at a time so memory stays bounded. Tesseract separates paragraphs with blank lines; a
line that opens a numbered minute or a list point also starts a paragraph.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from corpus.blocks import Block, Paragraph
from corpus.errors import MinutesReadError
from corpus.readers.pdf import _PAGE_NUMBER, _STARTS_BLOCK

INSTALL_HINT = "apt-get install --no-install-recommends tesseract-ocr tesseract-ocr-eng poppler-utils"
_PAGE_TIMEOUT_SECONDS = 120


def ocr_tools() -> tuple[str, str] | None:
    """(pdftoppm, tesseract) when both are installed, else None."""
    pdftoppm, tesseract = shutil.which("pdftoppm"), shutil.which("tesseract")
    return (pdftoppm, tesseract) if pdftoppm and tesseract else None


def ocr_pdf(path: Path, data: bytes, pages: int) -> list[Block]:
    """Blocks of a PDF without a text layer, read by OCR; the error says what is missing."""
    tools = ocr_tools()
    if tools is None:
        raise MinutesReadError(
            path, f"the PDF has no text layer (a scanned image?) and OCR is not installed; install it: {INSTALL_HINT}"
        )
    pdftoppm, tesseract = tools
    language = os.environ.get("MINUTES_OCR_LANG", "eng")
    blocks: list[Block] = []
    with tempfile.TemporaryDirectory(prefix="minutes-ocr-") as work:
        folder = Path(work)
        source = folder / "scan.pdf"
        source.write_bytes(data)
        for number in range(1, pages + 1):
            image = folder / f"page-{number}"
            _run(path, [pdftoppm, "-r", "300", "-gray", "-png", "-singlefile", "-f", str(number), "-l", str(number), str(source), str(image)])
            done = _run(path, [tesseract, f"{image}.png", "stdout", "-l", language, "--psm", "3"])
            Path(f"{image}.png").unlink(missing_ok=True)
            blocks.extend(_text_blocks(done.stdout.decode("utf-8", "replace")))
    if not blocks:
        raise MinutesReadError(path, "the PDF has no text layer, and OCR found no text in its pages")
    return blocks


def _run(path: Path, command: list[str]) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(command, capture_output=True, timeout=_PAGE_TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise MinutesReadError(path, f"OCR of a page took over {_PAGE_TIMEOUT_SECONDS} s") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise MinutesReadError(path, f"OCR failed ({Path(command[0]).name}: {detail[-1] if detail else done.returncode})")
    return done


def _text_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines: list[str] = []

    def flush() -> None:
        joined = " ".join(" ".join(lines).split())
        if joined and not _PAGE_NUMBER.match(joined):
            blocks.append(Paragraph(joined))
        lines.clear()

    raw_lines = [raw.strip() for raw in text.replace("\f", "\n").split("\n")]
    longest = max((len(line) for line in raw_lines), default=0)
    for line in raw_lines:
        if not line or _STARTS_BLOCK.match(line):
            flush()
        if line:
            lines.append(line)
            if len(line) < 0.7 * longest:
                flush()  # a wrapped line runs to the margin; a short one ends its paragraph
    flush()
    return blocks
