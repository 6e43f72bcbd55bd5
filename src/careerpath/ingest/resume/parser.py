"""The local resume parser: file bytes → lines → sections → a ParsedResume."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from careerpath.ingest.resume.contact import find_contact
from careerpath.ingest.resume.education import parse_education
from careerpath.ingest.resume.experience import parse_positions
from careerpath.ingest.resume.files import check_size, decode_text, read_limited, sniff
from careerpath.ingest.resume.lines import Line
from careerpath.ingest.resume.model import ParsedResume, Position, Section
from careerpath.ingest.resume.plain import read_text
from careerpath.ingest.resume.sections import split_sections
from careerpath.ingest.resume.skills import (
    inline_skills,
    parse_certifications,
    parse_languages,
    parse_skills,
)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def parse_resume_file(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, today: date | None = None
) -> ParsedResume:
    """Parse a PDF, DOCX or text resume file (format sniffed from its bytes)."""
    data = read_limited(path, max_bytes=max_bytes)
    return parse_resume_bytes(data, name=path.name, max_bytes=max_bytes, today=today)


def extract_text(data: bytes, *, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The resume's text in reading order (for the LLM adapter), with the same checks as parsing."""
    check_size(len(data), name=name, max_bytes=max_bytes)
    return "\n".join(line.text for line in _read(data, name=name, notes=[]))


def _read(data: bytes, *, name: str, notes: list[str]) -> list[Line]:
    """Lines of a PDF, DOCX or text file (sniffed); decoding notes go to ``notes``."""
    kind = sniff(data, name=name)
    if kind == "pdf":
        from careerpath.ingest.resume.pdf import read_pdf

        return read_pdf(data, name=name)
    if kind == "docx":
        from careerpath.ingest.resume.word import read_docx

        return read_docx(data, name=name)
    decoded = decode_text(data, name=name)
    notes += [decoded.note] if decoded.note else []
    return read_text(decoded.text)


def parse_resume_bytes(
    data: bytes, *, name: str, max_bytes: int = DEFAULT_MAX_BYTES, today: date | None = None
) -> ParsedResume:
    """Parse resume bytes (an upload); ``name`` is only used in messages."""
    check_size(len(data), name=name, max_bytes=max_bytes)
    notes: list[str] = []
    lines = _read(data, name=name, notes=notes)
    kind = sniff(data, name=name)
    return parse_lines(lines, source=name, fmt=kind, notes=notes, today=today)


def parse_text(text: str, *, source: str = "text", today: date | None = None) -> ParsedResume:
    """Parse resume text already in memory."""
    return parse_lines(read_text(text), source=source, fmt="text", today=today)


def parse_lines(
    lines: list[Line],
    *,
    source: str,
    fmt: str,
    notes: list[str] | None = None,
    today: date | None = None,
) -> ParsedResume:
    """Sections, contact, positions, education, skills, certifications and languages from lines."""
    now = today or date.today()
    header, sections = split_sections(lines)
    by_kind: dict[str, list[Line]] = {}
    for section, body in sections:
        by_kind.setdefault(section.kind, []).extend(body)
    positions = parse_positions(by_kind.get("experience", []), today=now)
    if not positions and "experience" not in by_kind:
        rest = header + [x for s, body in sections if s.kind in ("other", "summary") for x in body]
        positions = parse_positions(rest, today=now)
    skills, spoken = parse_skills(by_kind.get("skills", []))
    skills += inline_skills(by_kind.get("experience", []) + by_kind.get("projects", []))
    return ParsedResume(
        source=source,
        format=fmt,
        contact=find_contact(header, lines),
        sections=tuple(s for s, _ in sections),
        positions=tuple(positions),
        education=tuple(parse_education(by_kind.get("education", []), today=now)),
        skills=tuple(skills),
        certifications=tuple(parse_certifications(by_kind.get("certifications", []), today=now)),
        languages=tuple(spoken + parse_languages(by_kind.get("languages", []))),
        notes=tuple((notes or []) + _date_notes(positions, sections)),
    )


def _date_notes(positions: list[Position], sections: list[tuple[Section, list[Line]]]) -> list[str]:
    notes = [
        f"position '{p.title or p.employer}': {', '.join(p.flags)}" for p in positions if p.flags
    ]
    if not sections:
        notes.append("no section headings found; read the whole text as one block")
    return notes
