"""Legacy Word .doc, OpenDocument .odt and .rtf minutes, converted by LibreOffice.

LibreOffice (headless, a Debian package) is the one maintained converter that reads all
three faithfully: it keeps Word tables as tables and writes the automatic list numbers
("6.1", "8.3.2") that minutes use for their items. It converts the file to .docx in a
temporary folder, with a throw-away profile so that concurrent conversions never share
one, and the .docx reader does the rest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from corpus.blocks import DocumentText
from corpus.errors import MinutesReadError

INSTALL_HINT = "install LibreOffice: apt-get install --no-install-recommends libreoffice-writer-nogui"
_TIMEOUT_SECONDS = 180


def soffice_binary() -> str | None:
    """The LibreOffice command on this machine (`MINUTES_SOFFICE` overrides), or None."""
    configured = os.environ.get("MINUTES_SOFFICE")
    if configured:
        return configured if shutil.which(configured) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RTF = b"{\\rtf"


def _check_signature(path: Path, kind: str, data: bytes) -> None:
    # LibreOffice imports anything it cannot recognise as plain text, so a damaged or
    # mislabelled file would come out as garbage minutes: check the format first.
    head = data[:8]
    if kind == "doc" and not (head == _OLE2 or head.startswith(_RTF)):
        raise MinutesReadError(path, "not a Word 97-2003 .doc file (no Word signature); damaged or another format")
    if kind == "rtf" and not data.lstrip()[:5] == _RTF:
        raise MinutesReadError(path, "not an RTF file (it does not start with {\\rtf)")
    if kind == "odt":
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                mimetype = package.read("mimetype").decode("ascii", "replace").strip()
        except (zipfile.BadZipFile, KeyError, OSError):
            raise MinutesReadError(path, "not an OpenDocument .odt file (not a zip package with a mimetype)") from None
        if mimetype not in ("application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text-template"):
            raise MinutesReadError(path, f"not an OpenDocument text file (it is {mimetype})")


def read_office(path: Path, data: bytes) -> DocumentText:
    """Read a .doc/.odt/.rtf file through LibreOffice; the error says what to install."""
    from corpus.readers.docx import read_docx

    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind == "doc" and data[:4] == b"PK\x03\x04":
        return read_docx(path, data)  # a .docx saved under the old extension
    _check_signature(path, kind, data)
    binary = soffice_binary()
    if binary is None:
        raise MinutesReadError(path, f"reading .{kind} files needs LibreOffice, which is not installed; {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="minutes-office-") as work:
        folder = Path(work)
        source = folder / f"input.{kind}"
        source.write_bytes(data)
        command = [
            binary,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=_TIMEOUT_SECONDS, cwd=work, check=False)
        except subprocess.TimeoutExpired:
            raise MinutesReadError(path, f"LibreOffice did not finish converting it within {_TIMEOUT_SECONDS} s") from None
        except OSError as err:
            raise MinutesReadError(path, f"LibreOffice could not be started ({err.strerror}); {INSTALL_HINT}") from None
        converted = folder / "out" / "input.docx"
        if not converted.exists():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1] if detail else f"exit code {done.returncode}"
            raise MinutesReadError(path, f"LibreOffice could not read it as a .{kind} document (damaged?): {reason}")
        document = read_docx(path, converted.read_bytes())
    document.format = kind
    return document
