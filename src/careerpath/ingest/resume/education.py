"""Education entries: institution, degree, field and dates, from an education section."""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date

from careerpath.ingest.resume.dates import find_range, strip_range
from careerpath.ingest.resume.lines import CELL, Line
from careerpath.ingest.resume.model import DateRange, EducationEntry
from careerpath.ingest.resume.places import split_location
from careerpath.ingest.resume.segments import is_bullet, strip_bullet
from careerpath.ingest.resume.vocab import degree_match, is_institution

_SPLIT = re.compile(r"\s*(?:\||·|•|\t|\s[–—-]\s|,)\s*")
_SKIP = re.compile(
    r"^(?:gpa|grade|honou?rs|thesis|relevant|coursework|courses|minor|award|dean)", re.I
)


@dataclass
class _Draft:
    institution: str = ""
    degree: str = ""
    field: str = ""
    rng: DateRange | None = None
    lines: list[str] = dc_field(default_factory=list)

    def empty(self) -> bool:
        """True before an institution or degree is known."""
        return not (self.institution or self.degree)


def split_degree(text: str) -> tuple[str, str]:
    """'Bachelor of Science in Nursing' → ('Bachelor of Science', 'Nursing'); 'BSc Physics' likewise."""
    m = degree_match(text)
    if m is None:
        return text, ""
    inner = re.search(r"\s+(?:in|of)\s+(?=[A-Z])", text[m.end() :])
    if inner and not re.match(
        r"\s+of\s+(?:Science|Arts|Business|Engineering|Education|Laws|Fine|Philosophy|Technology|Applied|Nursing Practice|Commerce|Medicine)",
        text[m.end() :],
    ):
        cut = m.end() + inner.start()
        return text[:cut].strip(), text[m.end() + inner.end() :].strip(" ()")
    rest = text[m.end() :]
    of = re.match(r"\s+of\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*", rest)
    head_end = m.end() + (of.end() if of else 0)
    tail = text[head_end:]
    inside = re.match(r"\s+in\s+(.+)", tail)
    fld = inside.group(1) if inside else tail
    fld = re.sub(r"^\s*(?:\([^)]*\))?\s*[,:\-–]?\s*", "", fld)
    return text[:head_end].strip(), fld.strip(" ()")


def _consume(d: _Draft, part: str) -> bool:
    """Put one part into the draft; False when it belongs to a new entry."""
    if degree_match(part) and not is_institution(part):
        if d.degree:
            return False
        d.degree, d.field = split_degree(part)
    elif is_institution(part):
        if d.institution:
            return False
        d.institution = part
    elif d.degree and not d.field and len(part.split()) <= 5 and part[:1].isupper():
        d.field = part
    elif not d.institution and d.degree and part[:1].isupper() and len(part.split()) <= 6:
        d.institution = part
    return True


def parse_education(lines: list[Line], *, today: date) -> list[EducationEntry]:
    """The education entries of a section, in the order written."""
    drafts: list[_Draft] = [_Draft()]
    for line in lines:
        text = strip_bullet(line.text)
        if not text or _SKIP.match(text) or (is_bullet(line.text) and not degree_match(text)):
            continue
        hit = find_range(text, today=today)
        rest = strip_range(text, hit[1]) if hit else text
        if hit and drafts[-1].rng is not None and not drafts[-1].empty():
            drafts.append(_Draft())
        _line_into(drafts, rest.replace(CELL, " | "))
        if hit:
            drafts[-1].rng = hit[0]
        drafts[-1].lines.append(text)
    return [_entry(d) for d in drafts if not d.empty()]


def _line_into(drafts: list[_Draft], text: str) -> None:
    for raw in _SPLIT.split(text):
        part, _ = split_location(raw.strip())
        if not part:
            continue
        if not _consume(drafts[-1], part):
            drafts.append(_Draft())
            _consume(drafts[-1], part)


def _entry(d: _Draft) -> EducationEntry:
    rng = d.rng
    start, end = (None, None) if rng is None else (rng.start, None if rng.current else rng.end)
    if rng is not None and rng.start == rng.end:
        start = None  # a single date on a degree is when it was completed
    return EducationEntry(d.institution, d.degree, d.field, start, end, " | ".join(d.lines))
