"""DOCX resumes: paragraphs and tables in document order, layout tables, and files that are not DOCX."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from careerpath.domain.errors import DataError
from careerpath.ingest.resume import parse_resume_bytes, parse_resume_file
from careerpath.ingest.resume.model import PartialDate

TODAY = date(2025, 6, 1)


def test_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Omar Haddad")
    doc.add_paragraph("Chicago, IL | omar@example.com")
    doc.add_heading("Employment History", level=1)
    table = doc.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Dates", "Role", "Employer"], strict=True):
        cell.text = text
    for row in (["Jan 2020 – Present", "HR Business Partner", "Globex Inc, Chicago, IL"],
                ["2016 – 2019", "Recruiter", "Redwood Staffing"]):  # fmt: skip
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    doc.add_heading("Education", level=1)
    doc.add_paragraph("BA in Psychology, Ohio State University, 2015")
    doc.add_heading("Key Skills", level=1)
    skills = doc.add_table(rows=1, cols=3)
    for cell, text in zip(
        skills.rows[0].cells, ["Recruiting", "Workday", "Onboarding"], strict=True
    ):
        cell.text = text
    path = tmp_path / "cv.docx"
    doc.save(str(path))
    parsed = parse_resume_file(path, today=TODAY)
    assert [(p.title, p.employer, p.start, p.end) for p in parsed.positions] == [
        ("HR Business Partner", "Globex Inc", PartialDate(2020, 1), None),
        ("Recruiter", "Redwood Staffing", PartialDate(2016), PartialDate(2019)),
    ]
    assert parsed.positions[0].location == "Chicago, IL"
    assert [(e.institution, e.degree, e.field) for e in parsed.education] == [
        ("Ohio State University", "BA", "Psychology")
    ]
    assert parsed.skill_names == ("Recruiting", "Workday", "Onboarding")
    assert [s.kind for s in parsed.sections] == ["experience", "education", "skills"]


def test_layout_table_is_read_cell_by_cell(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Sofia Rossi")
    left, right = doc.add_table(rows=1, cols=2).rows[0].cells
    for text in (
        "SKILLS",
        "Excel, SAP, GAAP",
        "EDUCATION",
        "B.S. in Accounting",
        "Arizona State University",
        "2012",
    ):
        left.add_paragraph(text)
    for text in ("WORK EXPERIENCE", "Senior Accountant", "Pinecrest Bank", "04/2019 - 02/2024",
                 "- Closed the books monthly", "Staff Accountant", "Meridian Capital Partners", "06/2016 - 03/2019"):  # fmt: skip
        right.add_paragraph(text)
    path = tmp_path / "layout.docx"
    doc.save(str(path))
    parsed = parse_resume_file(path, today=TODAY)
    assert [(p.title, p.employer) for p in parsed.positions] == [
        ("Senior Accountant", "Pinecrest Bank"),
        ("Staff Accountant", "Meridian Capital Partners"),
    ]
    assert parsed.positions[0].description == ("Closed the books monthly",)
    assert parsed.skill_names == ("Excel", "SAP", "GAAP")
    assert parsed.education[0].end == PartialDate(2012)


def test_docx_named_file_that_is_not_a_zip() -> None:
    with pytest.raises(DataError) as info:
        parse_resume_bytes(b"Jane Doe\nEngineer\n", name="cv.docx")
    assert "cv.docx" in str(info.value) and "not a DOCX" in str(info.value)


def test_damaged_zip_and_zip_that_is_not_word() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("notes.txt", "hello")
    with pytest.raises(DataError, match="not a Word document"):
        parse_resume_bytes(buf.getvalue(), name="cv.docx")
    with pytest.raises(DataError, match="damaged"):
        parse_resume_bytes(buf.getvalue()[:40], name="cv.docx")
