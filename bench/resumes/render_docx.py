"""DOCX rendering of resume blocks: headings, bullets, experience tables, two-column layout tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from blocks import Block, contact_blocks, experience, heading, one_column, side_sections
from docx import Document
from docx.shared import Pt
from spec import Spec, fmt_range


def _add(container: Any, b: Block, *, styled_headings: bool) -> None:
    kind = b[0]
    if kind == "heading":
        if styled_headings and hasattr(container, "add_heading"):
            container.add_heading(b[1], level=2)
        else:
            container.add_paragraph().add_run(b[1]).bold = True
    elif kind == "bullet":
        container.add_paragraph(b[1], style="List Bullet")
    elif kind in ("bold", "name"):
        run = container.add_paragraph().add_run(b[1])
        run.bold = True
        if kind == "name":
            run.font.size = Pt(18)
    elif kind == "pair":
        container.add_paragraph(f"{b[1]}\t{b[2]}")
    else:
        container.add_paragraph(b[1])


def _experience_table(doc: Any, spec: Spec) -> None:
    _add(doc, heading(spec, "experience"), styled_headings=True)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["Dates", "Role", "Employer"], strict=True):
        cell.text = text
    for job in spec.jobs:
        cells = table.add_row().cells
        cells[0].text = fmt_range(job, spec.style)[0]
        cells[1].text = job.title
        cells[2].text = f"{job.employer}, {job.city}"


def write_docx(spec: Spec, path: Path) -> None:
    """Write the spec as a DOCX in its layout (plain, table or layout)."""
    doc = Document()
    if spec.layout == "layout":
        for b in contact_blocks(spec):
            _add(doc, b, styled_headings=True)
        table = doc.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.paragraphs[0].text = ""
        for b in side_sections(spec):
            _add(left, b, styled_headings=False)
        for b in experience(spec):
            _add(right, b, styled_headings=False)
    elif spec.layout == "table":
        for b in contact_blocks(spec):
            _add(doc, b, styled_headings=True)
        _experience_table(doc, spec)
        for b in side_sections(spec):
            _add(doc, b, styled_headings=True)
    else:
        for b in one_column(spec):
            _add(doc, b, styled_headings=spec.style["case"] != "upper")
    doc.core_properties.author = "careerpath bench"
    doc.save(str(path))
