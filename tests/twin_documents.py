"""Writing the same minutes as DOCX (real Word tables) and PDF, for the format-twin tests."""

from __future__ import annotations

from pathlib import Path

from corpus.blocks import Block, Paragraph


def write_docx(blocks: list[Block], path: Path) -> Path:
    """A Word document with one paragraph per Paragraph and a Word table per Table."""
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.heading:
                document.add_heading(block.text, level=min(block.heading, 9))
            else:
                document.add_paragraph(block.text)
            continue
        width = max(len(row) for row in block.rows)
        table = document.add_table(rows=len(block.rows), cols=width)
        table.style = "Table Grid"
        for row, cells in zip(table.rows, block.rows):
            for cell, text in zip(row.cells, cells):
                lines = text.split("\n")
                cell.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
    document.save(str(path))
    return path


def _unicode_font() -> Path:
    import reportlab

    return Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"


def write_pdf(blocks: list[Block], path: Path) -> Path:
    """A PDF with wrapped paragraphs (a gap between them) and ruled tables."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("Vera", "", str(_unicode_font()))
    pdf.add_font("Vera", "B", str(_unicode_font().with_name("VeraBd.ttf")))
    pdf.add_page()
    for block in blocks:
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


def convert_with_libreoffice(sources: list[Path], target: str, out_dir: Path) -> list[Path]:
    """The same documents saved by LibreOffice as `target` ("doc", "odt", "rtf").

    .doc goes through .odt: LibreOffice 7.4 drops python-docx's tables when it saves a
    .docx straight to .doc, but keeps them from .odt, as Word users' files have them.
    """
    import subprocess

    if target == "doc" and any(source.suffix == ".docx" for source in sources):
        sources = convert_with_libreoffice(sources, "odt", out_dir / "via-odt")

    from corpus.readers.office import soffice_binary

    binary = soffice_binary()
    assert binary is not None, "LibreOffice is not installed"
    filters = {"doc": "doc:MS Word 97", "odt": "odt", "rtf": "rtf"}
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = (out_dir / ".profile").as_uri()
    subprocess.run(
        [binary, "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to", filters[target],
         "--outdir", str(out_dir), *map(str, sources)],
        check=True, capture_output=True, timeout=300,
    )
    converted = [out_dir / f"{source.stem}.{target}" for source in sources]
    missing = [p.name for p in converted if not p.exists()]
    assert not missing, f"LibreOffice did not write {missing}"
    return converted


_RST_UNDERLINES = "=-~^\"'"
_RST_INLINE = str.maketrans({c: "\\" + c for c in "\\*`_|[]<>"})


def write_rst(blocks: list[Block], path: Path) -> Path:
    """reStructuredText: underlined section titles, paragraphs, list-tables whose cells are line blocks."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            text = block.text.translate(_RST_INLINE)
            if block.heading:
                out += [text, _RST_UNDERLINES[min(block.heading, 6) - 1] * max(len(text), 4), ""]
            else:
                out += [text, ""]
            continue
        width = max(len(row) for row in block.rows)
        out += [".. list-table::", ""]
        for cells in block.rows:
            for i, cell in enumerate(cells + [""] * (width - len(cells))):
                lead = "   * - " if i == 0 else "     - "
                lines = cell.split("\n")
                if not cell.strip():
                    out.append(lead.rstrip())
                    continue
                out.append(lead + "| " + lines[0].translate(_RST_INLINE))
                out += ["       | " + line.translate(_RST_INLINE) if line else "       |" for line in lines[1:]]
        out.append("")
    path.write_text("\n".join(out), encoding="utf-8")
    return path
