"""Plain-text resumes: lines, with underlined (=== / ---) lines taken as headings."""

from __future__ import annotations

import re

from careerpath.ingest.resume.lines import CELL, Line

_RULE = re.compile(r"^\s*([=\-_~*#])\1{2,}\s*$")


def read_text(text: str) -> list[Line]:
    """The text's non-blank lines; a line underlined with ===, --- or ___ is a heading."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    lines: list[Line] = []
    for i, item in enumerate(raw):
        if _RULE.match(item):
            if lines and i > 0 and raw[i - 1].strip():
                lines[-1] = Line(lines[-1].text, heading=True)
            continue
        text_ = re.sub(r"\t+| {4,}", CELL, item.strip())
        text_ = re.sub(r"^#+\s*", "", text_) if text_.startswith("#") else text_
        if text_:
            lines.append(
                Line(" ".join(text_.split(" ")).strip(), heading=item.lstrip().startswith("#"))
            )
    return lines
