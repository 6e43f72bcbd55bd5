"""PDF resumes: one and two columns read in order, ruled tables, and each kind of bad PDF."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib import colors, pdfencrypt
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from careerpath.domain.errors import DataError
from careerpath.ingest.resume import parse_resume_bytes, parse_resume_file
from careerpath.ingest.resume.model import PartialDate

TODAY = date(2025, 6, 1)
BODY = ParagraphStyle("b", fontName="Helvetica", fontSize=10, leading=13)
HEAD = ParagraphStyle("h", fontName="Helvetica-Bold", fontSize=13, leading=18)
SIDE = ["Skills", "Python, SQL, Docker", "Kubernetes, Terraform", "Education",
        "BSc Computer Science", "University of Leeds", "2008 – 2011", "Languages", "English (native)",
        "German (B2)", "Interests", "Cycling", "Chess"]  # fmt: skip
MAIN = ["Experience", "Senior Software Engineer", "Acme Corp, Leeds, UK", "Jan 2019 – Present",
        "• Built the billing platform in Python", "• Ran the on-call rota for six engineers",
        "Software Engineer", "Globex Inc, Manchester, UK", "Mar 2015 – Dec 2018",
        "• Wrote data pipelines on PostgreSQL", "• Cut batch run time by half", "Junior Developer",
        "Initech, York, UK", "Sep 2011 – Feb 2015", "• Fixed bugs in the invoicing system"]  # fmt: skip


def _para(text: str) -> Paragraph:
    style = (
        HEAD if text in ("Skills", "Education", "Languages", "Interests", "Experience") else BODY
    )
    return Paragraph(text.replace("&", "&amp;"), style)


def two_column_pdf(path: Path, *, sidebar_left: bool = True) -> Path:
    """A resume with a name header, a narrow sidebar and a main column."""
    w, h = LETTER
    top = Frame(40, h - 100, w - 80, 60)
    side_x, main_x = (40, 234) if sidebar_left else (w - 210, 40)
    frames = [top, Frame(side_x, 40, 170, h - 150), Frame(main_x, 40, 338, h - 150)]
    doc = BaseDocTemplate(str(path), pagesize=LETTER)
    doc.addPageTemplates([PageTemplate(frames=frames)])
    story = [
        Paragraph("Jane Doe", HEAD),
        _para("jane@example.com | +44 113 496 0000"),
        FrameBreak(),
    ]
    story += [_para(t) for t in SIDE] + [FrameBreak()] + [_para(t) for t in MAIN]
    doc.build(story)
    return path


def test_two_column_pdf_reads_each_column_in_order(tmp_path: Path) -> None:
    for left in (True, False):
        parsed = parse_resume_file(
            two_column_pdf(tmp_path / f"two{left}.pdf", sidebar_left=left), today=TODAY
        )
        assert [p.title for p in parsed.positions] == [
            "Senior Software Engineer",
            "Software Engineer",
            "Junior Developer",
        ]
        assert [p.employer for p in parsed.positions] == ["Acme Corp", "Globex Inc", "Initech"]
        assert parsed.positions[0].start == PartialDate(2019, 1) and parsed.positions[0].end is None
        assert parsed.positions[1].description == (
            "Wrote data pipelines on PostgreSQL",
            "Cut batch run time by half",
        )
        assert {"Python", "SQL", "Docker", "Kubernetes", "Terraform"} <= set(parsed.skill_names)
        assert [e.institution for e in parsed.education] == ["University of Leeds"]
        assert [x.language for x in parsed.languages] == ["English", "German"]
        assert parsed.contact.name == "Jane Doe" and parsed.format == "pdf"


def test_one_column_pdf_with_right_aligned_dates_and_ruled_table(tmp_path: Path) -> None:
    path = tmp_path / "one.pdf"
    doc = SimpleDocTemplate(str(path), pagesize=LETTER)
    pair = Table(
        [[Paragraph("Registered Nurse", BODY), Paragraph("06/2018 – 05/2023", BODY)]],
        colWidths=[350, 150],
    )
    ruled = Table(
        [["Dates", "Role", "Employer"], ["2014 – 2018", "Staff Nurse", "Mercy Clinic, Austin, TX"]]
    )
    ruled.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story = [Paragraph("Maria Garcia", HEAD), _para("Work History"), pair, _para("St. Mary's Hospital, Austin, TX"),
             _para("• Cared for six patients per shift"), ruled, _para("Skills"), _para("Triage; Wound Care; IV Therapy")]  # fmt: skip
    doc.build(story)
    parsed = parse_resume_file(path, today=TODAY)
    got = [(p.title, p.employer, p.start, p.end) for p in parsed.positions]
    assert got == [
        ("Registered Nurse", "St. Mary's Hospital", PartialDate(2018, 6), PartialDate(2023, 5)),
        ("Staff Nurse", "Mercy Clinic", PartialDate(2014), PartialDate(2018)),
    ]
    assert parsed.skill_names == ("Triage", "Wound Care", "IV Therapy")


def _canvas_pdf(
    *, encrypt: pdfencrypt.StandardEncryption | None = None, text: bool = True, image: bool = False
) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    if text:
        c.drawString(72, 700, "Jane Doe")
    if image:
        c.drawImage(ImageReader(Image.new("RGB", (200, 100), "white")), 72, 500, 200, 100)
    c.line(72, 72, 300, 72)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("encrypted", ["encrypted", "unprotected copy"]),
        ("scanned", ["no text layer", "OCR is not supported", "DOCX"]),
        ("corrupt", ["damaged"]),
        ("truncated", ["damaged"]),
        ("empty", ["no text"]),
    ],
)
def test_bad_pdfs_say_what_and_what_to_do(kind: str, expected: list[str]) -> None:
    data = {
        "encrypted": lambda: _canvas_pdf(
            encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="o")
        ),
        "scanned": lambda: _canvas_pdf(text=False, image=True),
        "corrupt": lambda: b"%PDF-1.4\n1 0 obj << /Type /Catalog >> nonsense",
        "truncated": lambda: _canvas_pdf()[:300],
        "empty": lambda: _canvas_pdf(text=False),
    }[kind]()
    with pytest.raises(DataError) as info:
        parse_resume_bytes(data, name=f"{kind}-cv.pdf")
    message = str(info.value)
    assert f"{kind}-cv.pdf" in message and "\n" not in message
    for word in expected:
        assert word in message


def test_owner_password_only_pdf_is_readable() -> None:
    data = _canvas_pdf(encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner"))
    assert parse_resume_bytes(data, name="cv.pdf").contact.name == "Jane Doe"
