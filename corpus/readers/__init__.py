"""Reading files of minutes into blocks, whatever their format."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from corpus.blocks import DocumentText
from corpus.errors import MinutesReadError

SUPPORTED_SUFFIXES = (
    ".txt", ".text", ".md", ".markdown", ".rst", ".html", ".htm", ".docx", ".doc", ".odt", ".rtf", ".pdf",
)
_DEFAULT_MAX_MB = 20


def max_file_bytes() -> int:
    """The largest file ingest accepts (`MINUTES_MAX_FILE_MB`, default 20 MB)."""
    return int(float(os.environ.get("MINUTES_MAX_FILE_MB", _DEFAULT_MAX_MB)) * 1024 * 1024)


def read_document(path: Path | str) -> DocumentText:
    """Read a file of minutes; raise `MinutesReadError` naming the file and the reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise MinutesReadError(
            path, f"unsupported file type {suffix or '(none)'!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    if not path.exists():
        raise MinutesReadError(path, "no such file")
    if path.is_dir():
        raise MinutesReadError(path, "is a folder, not a file")
    size = path.stat().st_size
    limit = max_file_bytes()
    if size > limit:
        raise MinutesReadError(path, f"file is {size / 1048576:.1f} MB, over the {limit / 1048576:.0f} MB limit")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise MinutesReadError(path, f"cannot be read: {err.strerror}") from None
    if not data.strip():
        raise MinutesReadError(path, "file is empty")
    document = _reader(suffix)(path, data)
    if not any(True for _ in document.blocks):
        raise MinutesReadError(path, "no readable text in the file")
    document.content_hash = hashlib.sha256(data).hexdigest()
    return document


def _reader(suffix: str):
    if suffix in (".html", ".htm"):
        from corpus.readers.html import read_html

        return read_html
    if suffix == ".docx":
        from corpus.readers.docx import read_docx

        return read_docx
    if suffix == ".pdf":
        from corpus.readers.pdf import read_pdf

        return read_pdf
    if suffix == ".rst":
        from corpus.readers.rst import read_rst

        return read_rst
    if suffix in (".doc", ".odt", ".rtf"):
        from corpus.readers.office import read_office

        return read_office
    from corpus.readers.text import read_text

    return read_text
