"""Legacy Word .doc, OpenDocument .odt and .rtf minutes (through LibreOffice), and .rst."""

from pathlib import Path

import pytest

from corpus.blocks import Paragraph, Table
from corpus.errors import MinutesReadError
from corpus.minutes import parse_document, parse_minutes
from corpus.readers import read_document
from tests.converters import needs_libreoffice
from tests.test_format_twins import SAMPLES, records
from tests.twin_documents import convert_with_libreoffice, write_docx

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


@pytest.fixture(scope="module")
def office_twins(tmp_path_factory):
    """Each sample as DOCX (Word tables), then saved by LibreOffice as .doc, .odt and .rtf."""
    folder = tmp_path_factory.mktemp("office")
    docx_files = [write_docx(read_document(s).blocks, folder / f"{s.stem}.docx") for s in SAMPLES]
    return {kind: convert_with_libreoffice(docx_files, kind, folder / kind) for kind in ("doc", "odt", "rtf")}


@needs_libreoffice
@pytest.mark.parametrize("kind", ["doc", "odt", "rtf"])
@pytest.mark.parametrize("index", range(len(SAMPLES)), ids=lambda i: SAMPLES[i].name[:3])
def test_office_twin_gives_the_same_records(office_twins, kind, index):
    twin = office_twins[kind][index]
    parsed = parse_minutes(twin)
    assert parsed.items, f"{twin.name}: no items"
    assert records(parsed) == records(parse_document(read_document(SAMPLES[index])))


@needs_libreoffice
def test_hand_written_rtf_keeps_its_table(tmp_path):
    rtf = tmp_path / "minutes.rtf"
    rtf.write_text(
        r"{\rtf1\ansi\deff0{\fonttbl{\f0 Times;}}"
        r"\pard Minutes of the Parks Committee\par"
        r"\pard 4. Play area: the fence is broken.\par"
        r"\trowd\cellx3000\cellx6000\cellx9000"
        r"\intbl Action\cell\intbl Owner\cell\intbl Due\cell\row"
        r"\trowd\cellx3000\cellx6000\cellx9000"
        r"\intbl Repair the fence\cell\intbl Clerk\cell\intbl 1 May 2024\cell\row"
        r"\pard 5. Any other business: none.\par}",
        encoding="ascii",
    )
    document = read_document(rtf)
    assert document.format == "rtf"
    assert Paragraph("4. Play area: the fence is broken.") in document.blocks
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert tables == [Table(rows=[["Action", "Owner", "Due"], ["Repair the fence", "Clerk", "1 May 2024"]])]
    # the table stays where it was, between items 4 and 5
    texts = [b.text if isinstance(b, Paragraph) else "TABLE" for b in document.blocks]
    assert texts.index("TABLE") == texts.index("4. Play area: the fence is broken.") + 1


@needs_libreoffice
def test_real_legacy_word_doc_reads_with_its_numbering_and_money_table():
    doc = REAL / "no2id_agm_2004.doc"
    if not doc.exists():
        pytest.skip("../shared/corpus/real is not here")
    document = read_document(doc)
    texts = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    numbers = [t.split()[0] for t in texts if t[:1].isdigit() and t.split()[0][-1].isdigit()]
    assert numbers[:8] == ["1", "2", "3", "4", "5", "6", "6.1", "6.2"]
    assert {"6.4", "7", "8", "8.1", "8.3", "8.3.1", "8.3.2"} <= set(numbers)
    money = [b for b in document.blocks if isinstance(b, Table) and any("£5579.69" in c for r in b.rows for c in r)]
    assert money and money[0].rows[0] == ["Actual Income to 30/09/04:", "£5579.69"]


def test_missing_converter_names_the_file_and_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("MINUTES_SOFFICE", "no-such-soffice-binary")
    path = tmp_path / "minutes.rtf"
    path.write_text(r"{\rtf1 1. Apologies\par}", encoding="ascii")
    with pytest.raises(MinutesReadError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith("minutes.rtf: ") and "LibreOffice" in message and "apt-get install" in message


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("scan.odt", b"PK\x03\x04 broken", "not an OpenDocument"),
        ("notes.rtf", b"1. Apologies", "not an RTF file"),
        ("old.doc", b"\xd0\xcf\x11\xe0 old word", "not a Word 97-2003 .doc"),
    ],
)
def test_mislabelled_office_files_are_refused_before_conversion(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(MinutesReadError, match=reason):
        read_document(path)


def test_docx_automatic_numbering_is_printed_as_word_shows_it(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Minutes of the board")
    for title in ("Apologies", "Minutes of the last meeting", "Finance"):
        document.add_paragraph(title, style="List Number")
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    texts = [b.text for b in read_document(path).blocks]
    assert texts == ["Minutes of the board", "1. Apologies", "2. Minutes of the last meeting", "3. Finance"]


def test_rst_sections_lists_fields_and_tables_become_blocks(tmp_path):
    path = tmp_path / "board.rst"
    path.write_text(
        "Board meeting 3 March 2024\n"
        "==========================\n\n"
        ":Chair: Ann Lee\n:Location: Town Hall\n\n"
        "Present\n-------\nAnn Lee, Bo Chan\n\n"
        "1. Apologies\n2. Finance\n\n"
        "Finance detail\n~~~~~~~~~~~~~~\n"
        "The budget *was* agreed.\n\n"
        "* a bullet\n\n"
        "Actions\n-------\n\n"
        "=============== ======\nAction          Owner\n=============== ======\nSend the report Ann\n=============== ======\n\n"
        ".. include:: /etc/passwd\n\n"
        ".. raw:: html\n\n   <script>x</script>\n",
        encoding="utf-8",
    )
    blocks = read_document(path).blocks
    assert blocks == [
        Paragraph("Board meeting 3 March 2024", heading=1),
        Paragraph("Chair: Ann Lee"),
        Paragraph("Location: Town Hall"),
        Paragraph("Present", heading=2),
        Paragraph("Ann Lee, Bo Chan"),
        # List entries carry their depth and marker; numbers stay in the text (items are named by them).
        Paragraph("1. Apologies", list_depth=1, list_marker="1."),
        Paragraph("2. Finance", list_depth=1, list_marker="2."),
        Paragraph("Finance detail", heading=3),
        Paragraph("The budget was agreed.", emphasis=((11, 14),)),
        Paragraph("a bullet", list_depth=1, list_marker="*"),
        Paragraph("Actions", heading=2),
        Table(rows=[["Action", "Owner"], ["Send the report", "Ann"]]),
    ]


def test_real_rst_minutes_keep_their_sections():
    path = REAL / "uk_python_association_general_meeting_2018_09_15.rst"
    if not path.exists():
        pytest.skip("../shared/corpus/real is not here")
    headings = [(b.heading, b.text) for b in read_document(path).blocks if isinstance(b, Paragraph) and b.heading]
    assert headings[0] == (1, "General Meeting 17:00 15-Sep-2018")
    assert (2, "Trustees Present") in headings and (2, "Proposal - Correct Errors in Constitution") in headings
    assert all(level == 2 for level, _ in headings[1:])


def test_docx_tab_stop_rows_become_a_table_but_tabbed_list_labels_do_not(tmp_path):
    import docx

    document = docx.Document()
    for line in ["1.\tApologies", "2.\tFinance", "Grants:\t\t£33,000", "Fees:\t£1,073", "Body text", "(a)\tsub point", "Alone:\tone line"]:
        document.add_paragraph(line)
    path = tmp_path / "tabs.docx"
    document.save(str(path))
    assert read_document(path).blocks == [
        Paragraph("1. Apologies"),
        Paragraph("2. Finance"),
        Table(rows=[["Grants:", "£33,000"], ["Fees:", "£1,073"]]),
        Paragraph("Body text"),
        Paragraph("(a) sub point"),
        Paragraph("Alone: one line"),
    ]
