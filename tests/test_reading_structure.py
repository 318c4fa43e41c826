"""Structure that survives reading: list depth and markers, emphasis spans, raw HTML in
Markdown, PDF bullet glyphs, a table header printed apart from its table, page frames
and running print headers. Documents are made in the test (fpdf2, python-docx)."""

from pathlib import Path

import pytest

from corpus.action_tables import table_columns
from corpus.blocks import Paragraph, Table
from corpus.readers import read_document
from corpus.table_headers import Column

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _paragraphs(path: Path) -> list[Paragraph]:
    return [b for b in read_document(path).blocks if isinstance(b, Paragraph)]


def _by_text(path: Path) -> dict[str, Paragraph]:
    return {p.text: p for p in _paragraphs(path)}


# --- Markdown ---------------------------------------------------------------------------


def test_markdown_lists_keep_depth_markers_and_item_numbers(tmp_path):
    path = tmp_path / "m.md"
    path.write_text(
        "## 3. Finance\n\n"
        "- Budget reviewed\n"
        "  - Greg to update the **procurement list**\n"
        "    * deeper note\n"
        "  - back at two\n"
        "- Second top entry\n\n"
        "1. Apologies\n\n"
        "   a) from the Chair\n\n"
        "Closing paragraph at the margin.\n"
    )
    found = _by_text(path)
    assert (found["Budget reviewed"].list_depth, found["Budget reviewed"].list_marker) == (1, "-")
    nested = found["Greg to update the procurement list"]
    assert (nested.list_depth, nested.list_marker) == (2, "-")
    assert nested.emphasised() == ["procurement list"]
    assert found["deeper note"].list_depth == 3 and found["deeper note"].list_marker == "*"
    assert found["back at two"].list_depth == 2
    assert found["Second top entry"].list_depth == 1
    # Item numbers stay in the text (items are named by them); the marker says it is a list entry.
    assert (found["1. Apologies"].list_depth, found["1. Apologies"].list_marker) == (1, "1.")
    assert (found["a) from the Chair"].list_depth, found["a) from the Chair"].list_marker) == (2, "a)")
    assert found["Closing paragraph at the margin."].list_depth == 0
    assert found["3. Finance"].heading == 2


def test_markdown_emphasis_spans_are_measured_in_the_final_text(tmp_path):
    path = tmp_path / "m.md"
    path.write_text(
        "Discussed the purchasing process **Action Greg to update procurement list** and the laser.\n\n"
        "A *first* and _second_ run; snake_case_name and 2*3*4 are not emphasis.\n"
    )
    first, second = _paragraphs(path)
    assert first.text == "Discussed the purchasing process Action Greg to update procurement list and the laser."
    assert first.emphasised() == ["Action Greg to update procurement list"]
    assert second.text == "A first and second run; snake_case_name and 2*3*4 are not emphasis."
    assert second.emphasised() == ["first", "second"]


def test_html_body_of_a_markdown_file_is_read_as_html(tmp_path):
    path = tmp_path / "sog.md"
    path.write_text(
        "---\ntitle: Senior Officials Group\nlayout: post\n---\n"
        "<p><strong>1. Introduction</strong></p>\n"
        "<ul><li>The chair welcomed everyone.</li>\n"
        "</ul><p><strong>Action:</strong></p>\n"
        "<p>- <strong><em>Transparency Team to clarify the relationship with the ODI.</em></strong></p>\n"
        "\n"
        "## Notes in Markdown\n\n"
        "Plain *Markdown* again.\n\n"
        "<table>\n  <tr>\n   <td>Action\n   </td>\n   <td>Responsible Person\n   </td>\n  </tr>\n\n"
        "  <tr>\n   <td>Update of Procurement List\n   </td>\n   <td>Greg\n   </td>\n  </tr>\n</table>\n"
    )
    document = read_document(path)
    assert document.front_matter["title"] == "Senior Officials Group"
    texts = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert not any("<" in text for text in texts)
    found = {b.text: b for b in document.blocks if isinstance(b, Paragraph)}
    assert found["1. Introduction"].emphasised() == ["1. Introduction"]
    assert found["The chair welcomed everyone."].list_depth == 1
    action = found["Transparency Team to clarify the relationship with the ODI."]
    assert (action.list_depth, action.list_marker) == (1, "-")
    assert action.emphasised() == [action.text]
    assert found["Notes in Markdown"].heading == 2
    assert found["Plain Markdown again."].emphasised() == ["Markdown"]
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert tables[-1].rows == [["Action", "Responsible Person"], ["Update of Procurement List", "Greg"]]
    assert table_columns(tables[-1]).roles == (Column.ACTION, Column.OWNER)


def test_inline_html_in_markdown_text_gives_its_text_and_emphasis(tmp_path):
    path = tmp_path / "m.md"
    path.write_text(
        "- Discourse:\n"
        '  <a href="http://discuss.example.org" class="external-link"\n'
        '  rel="nofollow">discuss.example.org</a>\n'
        "- <b>Action</b>: Todd to book the room &amp; the projector<br>by Friday\n"
    )
    first, second = _paragraphs(path)
    assert first.text == "Discourse: discuss.example.org" and first.list_depth == 1
    assert second.text == "Action: Todd to book the room & the projector by Friday"
    assert second.emphasised() == ["Action"]


def test_toml_front_matter_is_read_apart(tmp_path):
    path = tmp_path / "hugo.md"
    path.write_text('+++\ntitle = "Board meeting"\ndate = 2020-01-02\n+++\n# Minutes\n\nPresent: Ann Lee\n')
    document = read_document(path)
    assert document.front_matter == {"title": "Board meeting", "date": "2020-01-02"}
    assert [b.text for b in document.blocks] == ["Minutes", "Present: Ann Lee"]


# --- HTML -------------------------------------------------------------------------------


def test_html_nested_lists_keep_owner_grouping_and_trailing_emphasised_owner(tmp_path):
    path = tmp_path / "m.html"
    path.write_text(
        "<html><body><h2>Actions Summary</h2><ul>"
        "<li>Charles<ul><li>Buy one 4TB disk as a spare.</li><li>Give a list of donors.</li></ul></li>"
        "<li>Daniel<ul><li>Investigate booking a room.</li></ul></li></ul>"
        "<ol type='a'><li>first</li><li>second</li></ol>"
        "<p>It was agreed that the Clerk approach Biomass about the ash trees.\t\t  <em>Clerk</em></p>"
        "<p>Cllr <b>Davies</b> reported.</p>"
        "</body></html>"
    )
    paragraphs = _paragraphs(path)
    layout = [(p.text, p.list_depth, p.list_marker) for p in paragraphs[1:6]]
    assert layout == [
        ("Charles", 1, "•"),
        ("Buy one 4TB disk as a spare.", 2, "•"),
        ("Give a list of donors.", 2, "•"),
        ("Daniel", 1, "•"),
        ("Investigate booking a room.", 2, "•"),
    ]
    assert [(p.text, p.list_marker) for p in paragraphs[6:8]] == [("first", "a."), ("second", "b.")]
    tail = paragraphs[8]
    assert tail.text == "It was agreed that the Clerk approach Biomass about the ash trees.\tClerk"
    assert tail.emphasised() == ["Clerk"]
    assert paragraphs[9].text == "Cllr Davies reported." and paragraphs[9].emphasised() == ["Davies"]


# --- DOCX -------------------------------------------------------------------------------


def test_docx_list_levels_and_bold_runs(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Matters arising")
    document.add_paragraph("Top-level point", style="List Bullet")
    document.add_paragraph("Nested point", style="List Bullet 2")
    paragraph = document.add_paragraph("The clerk will ")
    paragraph.add_run("write to the council").bold = True
    paragraph.add_run(" by Friday.")
    italic = document.add_paragraph()
    italic.add_run("Noted").italic = True
    path = tmp_path / "m.docx"
    document.save(path)
    found = _by_text(path)
    assert found["Matters arising"].list_depth == 0
    assert found["Top-level point"].list_depth == 1 and found["Top-level point"].list_marker
    assert found["Nested point"].list_depth == 2
    sentence = found["The clerk will write to the council by Friday."]
    assert sentence.emphasised() == ["write to the council"]
    assert found["Noted"].emphasised() == ["Noted"]


# --- PDF --------------------------------------------------------------------------------


def _pdf(path: Path, draw) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("DejaVu", "", 10)
    draw(pdf)
    pdf.output(str(path))
    return path


needs_dejavu = pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVuSans.ttf (bullet glyphs) is not installed")


@needs_dejavu
def test_pdf_bullet_glyphs_become_markers_with_depth_and_run_together_entries_split(tmp_path):
    def draw(pdf):
        pdf.add_page()
        pdf.set_xy(20, 20)
        pdf.cell(0, 6, "5 Future Events")
        for y, x, line in [
            (30, 30, "● Hackathon (22nd March)"),
            (37, 40, "○ LB reported that lanyards have arrived"),
            (44, 50, "■ The time was undecided"),
            (51, 40, "○ LB mentioned we still need a venue ■ ND suggested the main lecture theatre"),
            (58, 30, "● Movie night"),
            (65, 40, "○ Action GB: Buy popcorn"),
        ]:
            pdf.set_xy(x, y)
            pdf.cell(0, 6, line)

    paragraphs = _paragraphs(_pdf(tmp_path / "b.pdf", draw))
    layout = [(p.text, p.list_depth, p.list_marker) for p in paragraphs]
    assert layout == [
        ("5 Future Events", 0, ""),
        ("Hackathon (22nd March)", 1, "●"),
        ("LB reported that lanyards have arrived", 2, "○"),
        ("The time was undecided", 3, "■"),
        ("LB mentioned we still need a venue", 2, "○"),
        ("ND suggested the main lecture theatre", 3, "■"),
        ("Movie night", 1, "●"),
        ("Action GB: Buy popcorn", 2, "○"),
    ]


def test_pdf_bold_and_italic_runs_are_emphasis(tmp_path):
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    pdf.set_xy(20, 20)
    pdf.write(6, "The clerk reported on the hall. ")
    pdf.set_font("Helvetica", "B", 11)
    pdf.write(6, "Action: Clerk to book the hall")
    pdf.set_font("Helvetica", "", 11)
    pdf.write(6, " before May.")
    pdf.set_xy(20, 40)
    pdf.set_font("Helvetica", "I", 11)
    pdf.write(6, "Noted")
    path = tmp_path / "e.pdf"
    pdf.output(str(path))
    first, second = _paragraphs(path)
    assert first.text == "The clerk reported on the hall. Action: Clerk to book the hall before May."
    assert first.emphasised() == ["Action: Clerk to book the hall"]
    assert second.emphasised() == ["Noted"]


def _ruled_table(pdf, top: float, rows: list[list[str]], widths: list[float], left: float = 20) -> None:
    height = 8
    y = top
    for row in rows:
        x = left
        for text, width in zip(row, widths):
            pdf.rect(x, y, width, height)
            pdf.set_xy(x + 1, y + 1)
            pdf.cell(width - 2, 6, text)
            x += width
        y += height


def test_pdf_table_header_printed_above_the_rules_is_the_table_header(tmp_path):
    widths = [25, 90, 35, 25]

    def draw(pdf):
        pdf.add_page()
        pdf.set_xy(20, 20)
        pdf.cell(0, 6, "ACTIONS TO BE TAKEN")
        # The header labels sit over their columns, outside the ruled table.
        for x, label in [(21, "ITEM"), (136, "BY WHOM"), (171, "BY WHEN")]:
            pdf.set_xy(x, 29)
            pdf.cell(0, 6, label)
        _ruled_table(pdf, 36, [
            ["72/2122", "Signed minutes to the website", "Clerk", "asap"],
            ["75b/2122", "Increase the pay of relevant teachers", "Kay Dicken", "asap"],
            ["78a/2122", "Draft a plan for after-school clubs", "Heather Poustie", "18/06/22"],
        ], widths)
        # The minutes' own table right below, as wide: another table, not more rows.
        _ruled_table(pdf, 80, [
            ["", "Item", "Notes", "Action"],
            ["BM 69/2122", "Apologies", "None received", ""],
            ["BM 70/2122", "Finance", "The budget was noted", "Clerk"],
        ], widths)

    tables = [b for b in read_document(_pdf(tmp_path / "t.pdf", draw)).blocks if isinstance(b, Table)]
    assert len(tables) == 2
    actions, minutes = tables
    assert actions.rows[0] == ["ITEM", "", "BY WHOM", "BY WHEN"]
    assert len(actions.rows) == 4 and minutes.rows[0] == ["", "Item", "Notes", "Action"]
    columns = table_columns(actions)
    assert columns.roles == (Column.ITEM, Column.ACTION, Column.OWNER, Column.DUE)
    cells = columns.split_row(actions.rows[2])
    assert (cells.ref, cells.action, cells.owner, cells.due) == ("75b/2122", "Increase the pay of relevant teachers", "Kay Dicken", "asap")
    assert "ITEM BY WHOM BY WHEN" not in [b.text for b in read_document(tmp_path / "t.pdf").blocks if isinstance(b, Paragraph)]


def test_pdf_table_header_repeated_on_the_next_page_continues_the_table(tmp_path):
    widths = [30, 100, 40]
    header = ["Action", "Description", "Owner"]

    def draw(pdf):
        pdf.add_page()
        _ruled_table(pdf, 20, [header, ["1", "Book the hall", "Ann Lee"]], widths)
        pdf.add_page()
        _ruled_table(pdf, 20, [header, ["2", "Order the chairs", "Bob Hart"]], widths)

    tables = [b for b in read_document(_pdf(tmp_path / "r.pdf", draw)).blocks if isinstance(b, Table)]
    assert [t.rows for t in tables] == [[header, ["1", "Book the hall", "Ann Lee"], ["2", "Order the chairs", "Bob Hart"]]]


def test_browser_print_pages_are_not_table_cells_and_print_headers_are_dropped(tmp_path):
    # A browser's print of a web page: a box around each page, the date and page title at
    # the top, the address and "n/3" at the bottom.
    def draw(pdf):
        for page in range(1, 4):
            pdf.add_page()
            pdf.rect(0, 0, 210, 297)
            pdf.set_xy(8, 5)
            pdf.cell(0, 5, "6/25/2019                Minutes of May 14 Steering Committee - Google Docs")
            pdf.set_xy(20, 60 + 20 * page)
            pdf.multi_cell(170, 5, f"Paragraph {page}: Scott will have an update for the Spec Committee tomorrow.")
            pdf.set_xy(8, 288)
            pdf.cell(0, 5, f"https://docs.google.com/document/d/1R_nPK2bCj/edit                           {page}/3")

    blocks = read_document(_pdf(tmp_path / "p.pdf", draw)).blocks
    assert not any(isinstance(b, Table) for b in blocks)
    assert [b.text for b in blocks] == [
        f"Paragraph {n}: Scott will have an update for the Spec Committee tomorrow." for n in range(1, 4)
    ]


# --- action tables by content -----------------------------------------------------------


def test_header_less_action_table_is_recognised_by_what_its_columns_hold():
    table = Table(rows=[
        ["72/2122", "Signed minutes to Headteacher for file and to website", "Clerk", "asap"],
        ["75b/2122", "Take action to increase the pay of relevant teachers", "Kay Dicken", "ASAP"],
        ["78a/2122", "Produce a draft outline plan for After School clubs", "Heather Poustie", "18/06/22"],
    ])
    assert table_columns(table).roles == (Column.ITEM, Column.ACTION, Column.OWNER, Column.DUE)
    # An agenda (times, items, presenters) and a list of papers (title, author, date) have
    # people and times or dates, but no references and no "asap": not action tables.
    agenda = Table(rows=[["10.00", "Welcome and introductions from the Chair", "Chair"],
                         ["10.30", "Finance report for the second quarter", "Ann Lee"],
                         ["11.15", "Review of the library opening hours", "Bob Hart"]])
    assert not table_columns(agenda).is_action_table
    papers = Table(rows=[["Annual report of the trustees for 2023", "Ann Lee", "12/03/2024"],
                         ["Review of the membership fees and charges", "Bob Hart", "02/04/2024"]])
    assert not table_columns(papers).is_action_table
    with_asap = Table(rows=[["Book the hall for the summer fair", "Ann Lee", "asap"],
                            ["Order new chairs for the meeting room", "Bob Hart", "12/03/2024"]])
    assert table_columns(with_asap).roles == (Column.ACTION, Column.OWNER, Column.DUE)
    # An attendance grid has people but no task text and no dates: not an action table.
    grid = Table(rows=[["Heather Poustie", "P", "P"], ["Oliver Laity", "P", "S"], ["Kay Dicken", "P", "P"]])
    assert not table_columns(grid).is_action_table
