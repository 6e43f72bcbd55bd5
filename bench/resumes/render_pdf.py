"""PDF rendering of resume blocks with reportlab: one column, two columns (frames), ruled tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from blocks import Block, contact_blocks, experience, one_column, side_sections
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from spec import Spec, fmt_range

rl_config.invariant = 1
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)
BOLD = ParagraphStyle("bold", parent=BODY, fontName="Helvetica-Bold")
HEAD = ParagraphStyle(
    "head", parent=BODY, fontName="Helvetica-Bold", fontSize=12.5, leading=17, spaceBefore=8
)
NAME = ParagraphStyle("name", parent=BODY, fontName="Helvetica-Bold", fontSize=20, leading=24)
RIGHT = ParagraphStyle("right", parent=BODY, alignment=2)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def flowables(blocks: list[Block], width: float) -> list[Any]:
    """reportlab flowables for blocks, in a frame of ``width`` points."""
    out: list[Any] = []
    for b in blocks:
        kind = b[0]
        if kind == "pair":
            row = [[Paragraph(_esc(b[1]), BOLD), Paragraph(_esc(b[2]), RIGHT)]]
            t = Table(row, colWidths=[width * 0.65, width * 0.35])
            t.setStyle(
                TableStyle(
                    [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]
                )
            )
            out.append(t)
        elif kind == "table":
            t = Table(b[1], colWidths=[width / len(b[1][0])] * len(b[1][0]))
            t.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                        ("FONTSIZE", (0, 0), (-1, -1), 9),
                    ]
                )
            )
            out.append(t)
        elif kind == "bullet":
            out.append(Paragraph(_esc(b[1]), BODY, bulletText="•"))
        else:
            style = {"heading": HEAD, "bold": BOLD, "name": NAME}.get(kind, BODY)
            out.append(Paragraph(_esc(b[1]), style))
    return out


def _ruled(spec: Spec) -> list[Block]:
    """Experience as a ruled table (dates, role, employer), the rest as one column."""
    rows = [["Dates", "Role", "Employer"]] + [
        [fmt_range(j, spec.style)[0], j.title, f"{j.employer}, {j.city}"] for j in spec.jobs
    ]
    exp: list[Block] = [experience(spec)[0], ("table", rows)]
    return contact_blocks(spec) + exp + side_sections(spec)


def _two_column(spec: Spec, path: Path) -> None:
    w, h = LETTER
    margin, side_w, gap = 40.0, 170.0, 24.0
    top = Frame(margin, h - margin - 60, w - 2 * margin, 60, id="top", showBoundary=0)
    side_x = margin if spec.style["order"] == "exp_first" else w - margin - side_w
    main_x = margin + side_w + gap if side_x == margin else margin
    main_w = w - 2 * margin - side_w - gap
    side = Frame(side_x, margin, side_w, h - 2 * margin - 64, id="side")
    main = Frame(main_x, margin, main_w, h - 2 * margin - 64, id="main")
    doc = BaseDocTemplate(str(path), pagesize=LETTER, title="Resume", author="careerpath bench")
    doc.addPageTemplates([PageTemplate(id="two", frames=[top, side, main])])
    story = [*flowables(contact_blocks(spec), w - 2 * margin), FrameBreak()]
    story += [*flowables(side_sections(spec), side_w), FrameBreak()]
    story += flowables(experience(spec, pairs=spec.style["header"] == "stack"), main_w)
    doc.build(story)


def write_pdf(spec: Spec, path: Path) -> None:
    """Write the spec as a PDF in its layout (one, two, ruled)."""
    if spec.layout == "two":
        _two_column(spec, path)
        return
    doc = SimpleDocTemplate(str(path), pagesize=LETTER, leftMargin=50, rightMargin=50, topMargin=45, bottomMargin=45,
                            title="Resume", author="careerpath bench")  # fmt: skip
    width = LETTER[0] - 100
    blocks = (
        _ruled(spec)
        if spec.layout == "ruled"
        else one_column(spec, pairs=spec.layout == "one" and hash_even(spec))
    )
    doc.build([*flowables(blocks, width), Spacer(1, 4)])


def hash_even(spec: Spec) -> bool:
    """A stable coin flip per resume: right-aligned dates or not."""
    return sum(map(ord, spec.stem)) % 2 == 0
