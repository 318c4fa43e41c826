"""The system converters some readers call (LibreOffice; Tesseract with poppler's pdftoppm),
and which files need them: tests that need one skip, naming the package, when it is missing.

`.ci/run` installs them, so CI runs every test; a newcomer's machine may not have them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.readers.ocr import ocr_tools
from corpus.readers.office import soffice_binary

LIBREOFFICE_MISSING = "LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)"
OCR_MISSING = "tesseract/pdftoppm not installed (.ci/run installs tesseract-ocr and poppler-utils)"

needs_libreoffice = pytest.mark.skipif(soffice_binary() is None, reason=LIBREOFFICE_MISSING)
needs_ocr = pytest.mark.skipif(ocr_tools() is None, reason=OCR_MISSING)

_OFFICE_SUFFIXES = (".doc", ".odt", ".rtf")


def missing_converter(path: Path) -> str | None:
    """Why this machine cannot read `path` (the converter it needs, and its package), or None if it can."""
    suffix = path.suffix.lower()
    if suffix in _OFFICE_SUFFIXES and soffice_binary() is None:
        with path.open("rb") as handle:
            is_docx = handle.read(4) == b"PK\x03\x04"  # a .docx under the old name needs no converter
        return None if suffix == ".doc" and is_docx else LIBREOFFICE_MISSING
    if suffix == ".pdf" and ocr_tools() is None and not _has_text_layer(path):
        return OCR_MISSING
    return None


def _has_text_layer(path: Path) -> bool:
    # What the PDF reader checks before it turns to OCR: some page holds text.
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return True  # damaged: the reader says so itself, whatever is installed
    try:
        for page in document:
            text = page.get_textpage()
            try:
                if text.get_text_range().strip():
                    return True
            finally:
                text.close()
                page.close()
        return False
    finally:
        document.close()
