"""What the resume parser extracts: contact, sections, positions, education, skills and more.

Dates are ``PartialDate``s (year, optional month) because resumes rarely give days. A position's
``end`` of None means "present" when it has a ``start``; both None means the dates were not found.
Contact details are kept for the profile but never printed: their ``repr`` is redacted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A year with an optional month (1-12); ``approximate`` for seasons."""

    year: int
    month: int | None = None
    approximate: bool = False

    def to_date(self) -> date:
        """The first day of the month (of January when the month is unknown)."""
        return date(self.year, self.month or 1, 1)

    def iso(self) -> str:
        """'YYYY-MM', or 'YYYY' when the month is unknown."""
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"


@dataclass(frozen=True, slots=True)
class DateRange:
    """A start and end as written; ``current`` when the end is 'present'; ``flags`` name problems."""

    start: PartialDate | None
    end: PartialDate | None
    current: bool = False
    text: str = ""
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Contact:
    """Name, email, phone, location and links; personal data, so its repr is redacted."""

    name: str = ""
    email: str = ""
    phone: str = ""
    location: str = ""
    links: tuple[str, ...] = ()

    def __repr__(self) -> str:
        present = [f for f in ("name", "email", "phone", "location") if getattr(self, f)]
        return f"Contact(<redacted: {', '.join(present) or 'empty'}; {len(self.links)} links>)"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class Section:
    """A section as headed in the resume; ``kind`` is the canonical name (experience, skills...)."""

    heading: str
    kind: str
    lines: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The section body as one string, a line per line."""
        return "\n".join(self.lines)


@dataclass(frozen=True, slots=True)
class Position:
    """A job held: title, employer, location, dates (end None = present) and description lines."""

    title: str
    employer: str = ""
    location: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None
    description: tuple[str, ...] = ()
    line: str = ""  # the header text the position was read from
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EducationEntry:
    """A degree or programme: institution, degree, field and dates."""

    institution: str = ""
    degree: str = ""
    field: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None
    line: str = ""


@dataclass(frozen=True, slots=True)
class CertificationEntry:
    """A certification or licence as written."""

    name: str
    issuer: str = ""
    issued: PartialDate | None = None
    line: str = ""


@dataclass(frozen=True, slots=True)
class LanguageEntry:
    """A spoken language and how well (free text or CEFR level)."""

    language: str
    fluency: str = ""


@dataclass(frozen=True, slots=True)
class SkillMention:
    """A skill named in the resume, with the line it came from and a level word when given."""

    name: str
    line: str
    level: str = ""  # a PROFICIENCY_ANCHORS word, when the resume says one


@dataclass(frozen=True, slots=True)
class ParsedResume:
    """Everything read from one resume file; ``notes`` say what was odd or skipped."""

    source: str
    format: str  # pdf | docx | text | llm
    contact: Contact
    sections: tuple[Section, ...] = ()
    positions: tuple[Position, ...] = ()
    education: tuple[EducationEntry, ...] = ()
    skills: tuple[SkillMention, ...] = ()
    certifications: tuple[CertificationEntry, ...] = ()
    languages: tuple[LanguageEntry, ...] = ()
    notes: tuple[str, ...] = ()

    def section(self, kind: str) -> Section | None:
        """The first section of a canonical kind, if any."""
        return next((s for s in self.sections if s.kind == kind), None)

    @property
    def skill_names(self) -> tuple[str, ...]:
        """The raw skill strings, in order, without duplicates (case-insensitive)."""
        seen: dict[str, str] = {}
        for s in self.skills:
            seen.setdefault(s.name.casefold(), s.name)
        return tuple(seen.values())
