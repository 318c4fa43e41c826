"""The same minutes as text, DOCX (with real Word tables) and PDF give the same records."""

from pathlib import Path

import pytest

from corpus.minutes import parse_document, parse_minutes
from corpus.models import ParsedMinutes
from corpus.readers import read_document
from tests.twin_documents import write_docx, write_pdf, write_rst

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "corpus" / "samples").glob("*.txt"))
FIXTURES = Path(__file__).parent / "fixtures"


def records(parsed: ParsedMinutes):
    """What must not depend on the file format: meeting, items, actions, attendance."""
    items = [(i.number, i.title) for i in parsed.items]
    actions = [
        (a.ref, a.item_number, " ".join(a.description.split()), sorted(o.name for o in a.owners), a.due, a.from_log)
        for a in parsed.actions
    ]
    roles = sorted((a.name, a.role.value) for a in parsed.attendees)
    m = parsed.meeting
    return (m.board, m.organisation, m.date, m.location), items, actions, roles


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name[:3])
def test_docx_twin_gives_the_same_records(sample, tmp_path):
    text_twin = read_document(sample)
    docx_path = write_docx(text_twin.blocks, tmp_path / (sample.stem + ".docx"))
    assert records(parse_minutes(docx_path)) == records(parse_document(text_twin))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name[:3])
def test_rst_twin_gives_the_same_records(sample, tmp_path):
    text_twin = read_document(sample)
    rst_path = write_rst(text_twin.blocks, tmp_path / (sample.stem + ".rst"))
    assert records(parse_minutes(rst_path)) == records(parse_document(text_twin))


@pytest.mark.parametrize("sample", [s for s in SAMPLES if not s.name.startswith("000")], ids=lambda p: p.name[:3])
def test_pdf_twin_gives_the_same_records(sample, tmp_path):
    text_twin = read_document(sample)
    pdf_path = write_pdf(text_twin.blocks, tmp_path / (sample.stem + ".pdf"))
    assert records(parse_minutes(pdf_path)) == records(parse_document(text_twin))


def test_moderngov_html_export_gives_the_same_records():
    html = parse_minutes(FIXTURES / "dorset_moderngov.html")
    text = parse_minutes(next(s for s in SAMPLES if s.name.startswith("003")))
    assert [(i.number, i.title) for i in html.items] == [(i.number, i.title) for i in text.items]
    assert records(html)[2] == records(text)[2]
    assert (html.meeting.board, html.meeting.date) == (text.meeting.board, text.meeting.date)
