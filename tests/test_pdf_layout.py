"""PDF layout: running headers and footers, a right-hand action column, scans, page limits."""

from pathlib import Path

import pytest

from corpus.blocks import Paragraph, Table
from corpus.errors import MinutesReadError
from corpus.minutes import parse_minutes
from corpus.readers import read_document
from tests.converters import needs_ocr

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
BRANCHES = ["Beccles", "Bungay", "Clare", "Elmswell", "Felixstowe", "Framlingham"]


def body(number: int) -> str:
    branch = BRANCHES[(number - 1) % len(BRANCHES)]
    return (
        f"The board considered the report on {branch} library, noting that visits rose after the new "
        "opening hours were introduced in the spring and that lending of children's books grew fastest of all."
    )


def _font(pdf) -> None:
    import reportlab

    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    pdf.add_font("Vera", "", str(vera))
    pdf.set_font("Vera", "", 10)


def _minutes_pdf(path: Path, pages: int, header: bool = True) -> Path:
    from fpdf import FPDF

    class Minutes(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("Vera", "", 8)
                self.cell(0, 5, f"Parks Committee minutes - draft v{self.page_no()} - 12 March 2024", new_x="LMARGIN", new_y="NEXT")
                self.ln(4)

        def footer(self) -> None:
            if header:
                self.set_y(-12)
                self.set_font("Vera", "", 8)
                self.cell(0, 5, f"Page {self.page_no()} of {{nb}}  Registered office: Town Hall, High Street", align="C")

    pdf = Minutes(format="A4")
    _font(pdf)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Vera", "", 10)
        pdf.multi_cell(0, 5, f"{number}. {BRANCHES[(number - 1) % len(BRANCHES)]} library", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.multi_cell(0, 5, body(number), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_running_headers_and_footers_are_dropped_page_numbers_and_all(tmp_path):
    blocks = read_document(_minutes_pdf(tmp_path / "m.pdf", pages=5)).blocks
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert texts == [t for n in range(1, 6) for t in (f"{n}. {BRANCHES[n - 1]} library", body(n))]


def test_a_line_repeated_on_one_page_only_is_kept(tmp_path):
    blocks = read_document(_minutes_pdf(tmp_path / "m.pdf", pages=1)).blocks
    assert Paragraph("Parks Committee minutes - draft v1 - 12 March 2024") in blocks


def _action_column_pdf(path: Path) -> Path:
    """Minutes whose owners stand in a narrow right-hand column, with no table rules."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    _font(pdf)
    pdf.add_page()
    pdf.set_font("Vera", "", 10)
    pdf.set_x(170)
    pdf.cell(20, 5, "Action", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    entries = [
        ("1. Library opening hours", None),
        ("It was agreed that the opening hours of the Town library be extended on Saturdays from October and that staff rotas be drawn up by the General Manager.", "AW"),
        ("2. Finance", None),
        ("The Treasurer reported a balance of £11,000 and no outstanding invoices.", None),
        ("A new bank account is to be opened with two signatories before the next meeting of the board.", "MH/IB"),
    ]
    for text, owner in entries:
        y = pdf.get_y()
        pdf.multi_cell(140, 5, text, new_x="LMARGIN", new_y="NEXT")
        end = pdf.get_y()
        if owner:
            pdf.set_xy(172, end - 5)  # beside the paragraph's last line
            pdf.cell(20, 5, owner)
            pdf.set_y(end)
        pdf.ln(3)
        assert pdf.get_y() > y
    pdf.output(str(path))
    return path


def test_right_hand_action_column_stays_out_of_the_paragraphs(tmp_path):
    blocks = read_document(_action_column_pdf(tmp_path / "actions.pdf")).blocks
    assert blocks == [
        # Numbered lines are list entries (depth by indent); the number stays in the text.
        Paragraph("1. Library opening hours", list_depth=1, list_marker="1."),
        Table(rows=[["It was agreed that the opening hours of the Town library be extended on Saturdays from October and that staff rotas be drawn up by the General Manager.", "AW"]], owner_column=1),
        Paragraph("2. Finance", list_depth=1, list_marker="2."),
        Paragraph("The Treasurer reported a balance of £11,000 and no outstanding invoices."),
        Table(rows=[["A new bank account is to be opened with two signatories before the next meeting of the board.", "MH/IB"]], owner_column=1),
    ]


def test_real_action_column_owners_line_up_with_their_minutes():
    path = REAL / "suffolk_libraries_ips_board_2012_09_11.pdf"
    if not path.exists():
        pytest.skip("../shared/corpus/real is not here")
    blocks = read_document(path).blocks
    text = "\n".join(b.text for b in blocks if isinstance(b, Paragraph))
    assert "Registered Office" not in text  # the running footer
    rows = [row for b in blocks if isinstance(b, Table) for row in b.rows]
    by_number = {row[0]: row for row in rows if row[0]}
    # item 2: "AW" stands beside "A document control system to be formalised by 17 October 2012."
    minutes, owners = by_number["2."][1].split("\n"), by_number["2."][-1].split("\n")
    assert "formalised by 17 October 2012" in minutes[owners.index("AW")]
    # the Action column holds only owners' initials, one entry per line
    owner_lines = {line for row in rows if row[0] for line in row[-1].split("\n") if line}
    assert owner_lines and all(len(line) <= 8 and line.replace("/", "").replace(" ", "").isalpha() for line in owner_lines)
    assert any(row[-1].split() == ["MH/IB"] for row in rows)
    assert all("Registered Office" not in cell for row in rows for cell in row)


def test_a_pdf_over_the_page_limit_is_refused_with_its_reason(tmp_path, monkeypatch):
    path = _minutes_pdf(tmp_path / "long.pdf", pages=4, header=False)
    monkeypatch.setenv("MINUTES_MAX_PDF_PAGES", "3")
    with pytest.raises(MinutesReadError, match=r"^long.pdf: the PDF has 4 pages, over the 3-page limit"):
        read_document(path)


def _scanned_pdf(path: Path, lines: list[str]) -> Path:
    """A PDF holding only a picture of the text (no text layer), as a scanner makes."""
    import reportlab
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"), 40)
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    y = 200
    for line in lines:
        if line:
            draw.text((200, y), line, font=font, fill=0)
        y += 70
    image.save(path, "PDF", resolution=300)
    return path


SCANNED = [
    "Minutes of the Parks Committee",
    "held on 12 March 2024",
    "",
    "1. Apologies",
    "Apologies were received from Anna Hook.",
    "",
    "2. Play area",
    "The fence by the swings is broken and must be repaired.",
    "Action: Clerk to obtain three quotes.",
]


@needs_ocr
def test_scanned_pdf_is_read_by_ocr(tmp_path):
    path = _scanned_pdf(tmp_path / "scan.pdf", SCANNED)
    blocks = read_document(path).blocks
    texts = [b.text for b in blocks]
    assert "1. Apologies" in texts and "2. Play area" in texts
    assert "Action: Clerk to obtain three quotes." in texts
    parsed = parse_minutes(path)
    assert [i.number for i in parsed.items] == ["1", "2"]


def test_scanned_pdf_without_ocr_names_the_file_and_says_it_has_no_text(tmp_path, monkeypatch):
    path = _scanned_pdf(tmp_path / "scan.pdf", SCANNED[:2])
    monkeypatch.setenv("PATH", str(tmp_path))  # neither tesseract nor pdftoppm can be found
    with pytest.raises(MinutesReadError) as caught:
        read_document(path)
    assert str(caught.value).startswith("scan.pdf: the PDF has no text layer")
    assert "tesseract-ocr" in str(caught.value)
