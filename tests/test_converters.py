"""With LibreOffice, Tesseract and pdftoppm hidden (an empty PATH), the files that need them are
named with the package to install, and every other file is still read."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.blocks import Paragraph
from corpus.errors import MinutesReadError
from corpus.readers import read_document
from tests.converters import missing_converter
from tests.test_pdf_layout import SCANNED, _scanned_pdf
from tests.twin_documents import write_docx, write_pdf

BLOCKS = [Paragraph("1. Apologies"), Paragraph("None were received."), Paragraph("2. Play area"),
          Paragraph("Action: Clerk to obtain three quotes.")]


@pytest.fixture
def no_converters(tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("MINUTES_SOFFICE", raising=False)


def test_office_files_name_libreoffice_and_its_package(tmp_path, no_converters):
    for name in ("minutes.doc", "minutes.odt", "minutes.rtf"):
        assert "libreoffice-writer-nogui" in missing_converter(_touch(tmp_path / name))
    # ... and the reader fails on them for that reason, so the skip is not hiding anything else
    with pytest.raises(MinutesReadError, match="needs LibreOffice"):
        read_document(_rtf(tmp_path / "agenda.rtf"))


def test_a_scan_names_tesseract_and_poppler(tmp_path, no_converters):
    reason = missing_converter(_scanned_pdf(tmp_path / "scan.pdf", SCANNED))
    assert "tesseract-ocr" in reason and "poppler-utils" in reason
    with pytest.raises(MinutesReadError, match="OCR is not installed"):
        read_document(tmp_path / "scan.pdf")


def test_files_that_need_no_converter_are_read(tmp_path, no_converters):
    docx = write_docx(BLOCKS, tmp_path / "minutes.docx")
    renamed = tmp_path / "saved-as-old-word.doc"  # a .docx under the old extension
    renamed.write_bytes(docx.read_bytes())
    text_pdf = write_pdf(BLOCKS, tmp_path / "minutes.pdf")
    plain = tmp_path / "minutes.md"
    plain.write_text("\n\n".join(b.text for b in BLOCKS))
    for path in (docx, renamed, text_pdf, plain):
        assert missing_converter(path) is None, path.name
        assert "2. Play area" in _texts(path), path.name


def _touch(path: Path) -> Path:
    """An office file's first bytes: all `missing_converter` looks at."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" if path.suffix == ".doc" else b"{\\rtf1 }")
    return path


def _rtf(path: Path) -> Path:
    path.write_text(r"{\rtf1 1. Apologies\par}", encoding="ascii")
    return path


def _texts(path: Path) -> list[str]:
    return [b.text for b in read_document(path).blocks if isinstance(b, Paragraph)]
