"""Section headings: 'Work History', 'PROFESSIONAL EXPERIENCE:', 'Skills & Tools' → canonical kinds.

A line is a known heading when every word is a section keyword or a modifier ('Professional
Experience' yes, 'Education Coordinator' no). Unknown headings count only when styled as headings.
"""

from __future__ import annotations

import re

from careerpath.ingest.resume.lines import Line
from careerpath.ingest.resume.model import Section

KEYWORDS: dict[str, str] = {
    "experience": "experience", "employment": "experience", "work": "experience",
    "career": "experience", "positions": "experience", "appointments": "experience",
    "education": "education", "academic": "education", "qualifications": "education",
    "degrees": "education", "schooling": "education",
    "skills": "skills", "competencies": "skills", "competences": "skills", "expertise": "skills",
    "technologies": "skills", "proficiencies": "skills", "tools": "skills", "abilities": "skills",
    "strengths": "skills", "toolbox": "skills", "stack": "skills",
    "certifications": "certifications", "certificates": "certifications",
    "certification": "certifications", "licenses": "certifications", "licences": "certifications",
    "licensure": "certifications", "credentials": "certifications", "accreditations": "certifications",
    "languages": "languages", "language": "languages",
    "summary": "summary", "profile": "summary", "objective": "summary", "about": "summary",
    "overview": "summary",
    "projects": "projects", "project": "projects", "portfolio": "projects",
    "awards": "awards", "honors": "awards", "honours": "awards", "achievements": "awards",
    "accomplishments": "awards",
    "publications": "publications", "presentations": "publications",
    "volunteer": "volunteering", "volunteering": "volunteering", "community": "volunteering",
    "interests": "interests", "hobbies": "interests", "activities": "interests",
    "references": "references", "referees": "references",
    "contact": "contact", "details": "contact",
    "training": "training", "courses": "training", "coursework": "training",
    "development": "training", "memberships": "affiliations", "affiliations": "affiliations",
    "associations": "affiliations", "leadership": "leadership", "military": "experience",
}  # fmt: skip
MODIFIERS = frozenset(
    [
        "professional",
        "relevant",
        "work",
        "history",
        "employment",
        "and",
        "&",
        "of",
        "key",
        "core",
        "technical",
        "academic",
        "selected",
        "additional",
        "other",
        "my",
        "personal",
        "career",
        "related",
        "previous",
        "prior",
        "summary",
        "background",
        "record",
        "information",
        "info",
        "skills",
        "experience",
        "education",
        "and/",
        "/",
        "highlights",
        "areas",
        "industry",
        "clinical",
        "teaching",
        "sales",
        "soft",
        "hard",
        "computer",
        "it",
        "software",
        "digital",
        "continuing",
        "further",
        "formal",
        "professional-development",
        "certifications",
        "licenses",
        "spoken",
        "foreign",
        "extracurricular",
        "notable",
        "recent",
    ]
)
_STRIP = re.compile(r"[:\-–—_•|*#=.]+$|^[\-–—_•|*#=]+")


def heading_kind(line: Line) -> str | None:
    """The canonical kind of a section heading line, 'other' for styled unknown ones, else None."""
    text = _STRIP.sub("", line.text.strip()).strip()
    if not text or len(text) > 50 or re.search(r"\d|@|\|", text):
        return None
    words = re.findall(r"[a-z]+(?:[-/][a-z]+)?|&", text.lower())
    if not words or len(words) > 6:
        return None
    kinds = [KEYWORDS[w] for w in words if w in KEYWORDS]
    if kinds and all(w in KEYWORDS or w in MODIFIERS for w in words):
        return _pick(kinds)
    if line.heading and len(words) <= 4 and text[0].isupper():
        return "other"
    return None


def _pick(kinds: list[str]) -> str:
    """'Work Experience' → experience; 'Skills and Certifications' → the first strong keyword."""
    for kind in kinds:
        if kind != "experience" or len(set(kinds)) == 1:
            return kind if kind != "summary" or len(kinds) == 1 else kinds[-1]
    return kinds[0]


def split_sections(lines: list[Line]) -> tuple[list[Line], list[tuple[Section, list[Line]]]]:
    """The lines before the first heading (the header), and each section with its lines."""
    header: list[Line] = []
    sections: list[tuple[Section, list[Line]]] = []
    for line in lines:
        kind = heading_kind(line)
        if kind is not None:
            sections.append((Section(_STRIP.sub("", line.text).strip(), kind), []))
        elif sections:
            sections[-1][1].append(line)
        else:
            header.append(line)
    done = [(Section(s.heading, s.kind, tuple(x.text for x in body)), body) for s, body in sections]
    return header, done
