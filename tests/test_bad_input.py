"""Bad files give a clear error naming the file and the reason, and the store is unchanged."""

import io
import shutil

import pytest

from index.ingest_files import ingest_paths
from corpus.errors import MinutesReadError
from corpus.minutes import parse_minutes
from tests.conftest import SAMPLES
from tests.twin_documents import write_pdf
from corpus.readers import read_document


def _pdf_bytes(tmp_path) -> bytes:
    path = write_pdf(read_document(SAMPLES / "004_b54d0e956782b075.txt").blocks, tmp_path / "twin.pdf")
    return path.read_bytes()


def _encrypted_pdf(tmp_path) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(_pdf_bytes(tmp_path))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _junk_zip() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("junk.bin", b"\x00\x01 not a word document")
    return out.getvalue()


BAD_FILES = {
    "empty.txt": (lambda tmp: b"", "file is empty"),
    "blank.md": (lambda tmp: b"  \n\n\t ", "file is empty"),
    "binary.txt": (lambda tmp: bytes(range(256)) * 10, "binary"),
    "latin1.txt": (lambda tmp: "Minutes of the Café board – £5".encode("cp1252"), "not valid UTF-8"),
    "junk.pdf": (lambda tmp: b"%PDF-1.4 garbage \x00\x01\x02", "PDF is damaged"),
    "truncated.pdf": (lambda tmp: _pdf_bytes(tmp)[: len(_pdf_bytes(tmp)) // 2], "PDF is damaged or truncated"),
    "encrypted.pdf": (_encrypted_pdf, "encrypted"),
    "junk.docx": (lambda tmp: _junk_zip(), "Word"),
    "notzip.docx": (lambda tmp: b"plain text pretending", "not a zip"),
    "scripts.html": (lambda tmp: b"<html><script>alert(1)</script><style>p{}</style></html>", "no readable text"),
    "old.doc": (lambda tmp: b"\xd0\xcf\x11\xe0 old word", "not a Word 97-2003 .doc"),
    "data.xlsx": (lambda tmp: b"PK\x03\x04", "unsupported file type"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_refused_with_its_name_and_reason(name, tmp_path):
    make, reason = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    with pytest.raises(MinutesReadError) as caught:
        parse_minutes(path)
    assert str(caught.value).startswith(f"{name}: ")
    assert reason.lower() in str(caught.value).lower()


def test_a_50_mb_file_is_refused_quickly(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(MinutesReadError, match=r"huge.txt: file is 50.0 MB, over the 20 MB limit"):
        parse_minutes(path)


def test_deeply_nested_html_does_not_break_the_reader(tmp_path):
    path = tmp_path / "nested.html"
    depth = 200_000
    path.write_text("<html><body>" + "<div>" * depth + "<p>1. Apologies</p><p>2. Any other business</p>" + "</div>" * depth + "</body></html>")
    try:
        parse_minutes(path)
    except MinutesReadError as err:
        assert err.path.name == "nested.html"


def test_bad_files_leave_the_store_as_it_was(store, tmp_path):
    good = tmp_path / "000_af1fb986c0683f01.txt"
    shutil.copy(SAMPLES / good.name, good)
    ingest_paths(store, [good])
    before = store.actions(status="all"), store.meetings()
    batch = tmp_path / "batch"
    batch.mkdir()
    for name in ("empty.txt", "latin1.txt", "junk.pdf", "notzip.docx"):
        make, _ = BAD_FILES[name]
        (batch / name).write_bytes(make(tmp_path))
    shutil.copy(SAMPLES / "003_f866e752f7698948.txt", batch)
    summary = ingest_paths(store, [batch])
    assert sorted(name for name, _ in summary.failed) == ["empty.txt", "junk.pdf", "latin1.txt", "notzip.docx"]
    assert summary.added == ["003_f866e752f7698948.txt"]
    after = store.actions(status="all"), store.meetings()
    assert after[0] == before[0]
    assert [m.source for m in after[1]] == sorted([m.source for m in before[1]] + ["003_f866e752f7698948.txt"],
                                                   key=lambda s: {"003": 0, "000": 1}[s[:3]])


def _nested_html_with_scripts(megabytes: int = 5) -> bytes:
    depth = megabytes * 1024 * 1024 // 11  # "<div>" + "</div>" = 11 bytes a level
    return ("<html><head><script>while(true){}</script></head><body>" + "<div>" * depth
            + "<script>document.write('<!channel>')</script><p>1. Apologies</p><p>2. Any other business</p>"
            + "</div>" * depth + "</body></html>").encode()


def test_a_hostile_batch_gives_each_file_a_clear_outcome_and_loses_nothing(store, tmp_path):
    from tests.twin_documents import write_docx

    original = tmp_path / "000_af1fb986c0683f01.txt"
    shutil.copy(SAMPLES / original.name, original)
    ingest_paths(store, [original])
    before = {(a.ref, a.description, tuple(o.name for o in a.owners)) for a in store.actions(status="all")}

    batch = tmp_path / "batch"
    batch.mkdir()
    for name, (make, _) in BAD_FILES.items():
        (batch / name).write_bytes(make(tmp_path))
    (batch / "nested.html").write_bytes(_nested_html_with_scripts(5))
    with open(batch / "huge.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    shutil.copy(original, batch / "000-a-copy.txt")  # a duplicate upload under another name
    write_docx(read_document(original).blocks, batch / "000-as-word.docx")  # the same meeting, another file
    shutil.copy(SAMPLES / "004_b54d0e956782b075.txt", batch)  # a good one
    summary = ingest_paths(store, [batch])

    failed, ignored = dict(summary.failed), dict(summary.ignored)
    assert set(ignored) == {"data.xlsx"} and all("not a minutes file type" in r for r in ignored.values())
    assert set(failed) >= set(BAD_FILES) - set(ignored) | {"huge.txt"}
    assert "over the 20 MB limit" in failed["huge.txt"]
    assert failed.get("nested.html") is None or failed["nested.html"]  # read, or refused with a reason
    assert summary.duplicates == [("000-a-copy.txt", "000_af1fb986c0683f01.txt")]
    assert summary.replaced == [("000-as-word.docx", "000_af1fb986c0683f01.txt")]
    assert "004_b54d0e956782b075.txt" in summary.added
    after = {(a.ref, a.description, tuple(o.name for o in a.owners)) for a in store.actions(status="all")}
    assert before <= after  # the replacing twin carries the same actions; nothing stored was lost
    boards = [m.board for m in store.meetings()]
    assert boards.count("Essex Police Performance and Resources Board") == 1  # one meeting, not two
