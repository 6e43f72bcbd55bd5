"""Resume files (PDF, DOCX, plain text; the format sniffed from the bytes) → one profile.

The local parser (``careerpath.ingest.resume``) by default; another parser can be plugged in
(bootstrap plugs in the OpenAI-compatible LLM adapter when ``CAREERPATH_LLM_ENABLED``). Titles resolve exactly
(org roles, O*NET, ESCO titles) else through the title normaliser; skill names through the skill
linker, or exact labels without one. A bad file aborts the import (one line, nothing written).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from careerpath.domain.errors import DataError
from careerpath.domain.matching import Match
from careerpath.domain.profile import Profile, RoleSpell
from careerpath.domain.taxonomy import Skill, Taxonomy
from careerpath.engine.people import ImportOptions, ParsedImport
from careerpath.ingest.mapping import load_mapping
from careerpath.ingest.memo import IdentityMemo
from careerpath.ingest.merge import sorted_spells
from careerpath.ingest.resume.model import ParsedResume
from careerpath.ingest.resume.parser import DEFAULT_MAX_BYTES, parse_resume_file
from careerpath.ingest.resume.profile import ProfileParts, resume_to_profile_parts
from careerpath.ingest.roles import RoleResolver

NO_EMPLOYER = "(employer not given)"  # a resume spell always names an employer (external work)
#: A resume file parser: (path, max_bytes, today) -> ParsedResume; errors are CareerpathErrors.
ResumeParse = Callable[[Path, int, date], ParsedResume]


class ExactSkillLinker:
    """A SkillLinker that only knows exact (case-insensitive) skill labels and alternative labels."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self._index: dict[tuple[str, str], Match] = {}
        for skill in sorted(taxonomy.skills.values(), key=lambda s: s.id):
            for label in (skill.label, *skill.alt_labels):
                key = (skill.taxonomy, label.casefold().strip())
                self._index.setdefault(key, Match(skill.id, skill.label, 1.0, label))

    def link(self, texts: Sequence[str], *, taxonomy: str, top: int) -> list[list[Match]]:
        """For each text, the skill whose label it is exactly (score 1), or nothing."""
        hits = (self._index.get((taxonomy, t.casefold().strip())) for t in texts)
        return [[hit] if hit is not None and top > 0 else [] for hit in hits]


def _skills_linker(skills: Mapping[str, Skill]) -> ExactSkillLinker:
    return ExactSkillLinker(Taxonomy(occupations={}, skills=skills, facets={}))


_EXACT = IdentityMemo(_skills_linker)


def exact_linker(taxonomy: Taxonomy) -> ExactSkillLinker:
    """The ExactSkillLinker of the taxonomy's skills (built once per skills mapping)."""
    return _EXACT(taxonomy.skills)


def read_resume(
    path: Path, options: ImportOptions, *, parse: ResumeParse | None = None, parser: str = ""
) -> ParsedImport:
    """One resume file into one profile: external spells, education, skills with resume evidence.

    ``parse`` replaces the local parser (``parser`` names it in the report's notes).
    """
    mapping = load_mapping(options.mapping)
    person_id = options.person_id or mapping.person_id
    if not person_id:
        raise DataError("no person id for this resume", path=path.name, hint="pass --person ID")
    today = options.today or date.today()
    parsed = (parse or _parse_locally)(path, options.max_bytes or DEFAULT_MAX_BYTES, today)
    parts = resume_to_profile_parts(
        parsed,
        normalizer=options.normalizer,
        linker=options.linker or exact_linker(options.taxonomy),
        taxonomy=mapping.skill_taxonomy or "onet",
    )
    roles = RoleResolver(options.taxonomy)
    profile = Profile(
        person_id=person_id,
        name=parts.name,
        email=parts.email,
        location=parts.location,
        history=sorted_spells([_spell(s, roles) for s in parts.history]),
        education=parts.education,
        certifications=parts.certifications,
        languages=parts.languages,
        skills=parts.skills,
    )
    return ParsedImport(
        "resume",
        path.name,
        1,
        profiles=((1, profile),),
        notes=_notes(parts, parser or f"local parser ({parsed.format})"),
    )


def _parse_locally(path: Path, max_bytes: int, today: date) -> ParsedResume:
    """The local parser: PDF, DOCX or text sniffed from the bytes."""
    return parse_resume_file(path, max_bytes=max_bytes, today=today)


def _spell(spell: RoleSpell, roles: RoleResolver) -> RoleSpell:
    """A resume spell: an exact title match wins over the normaliser's; the employer always named."""
    _, occupation, _ = roles.title(spell.title)
    return replace(
        spell,
        occupation_id=occupation or spell.occupation_id,
        employer=spell.employer or NO_EMPLOYER,
    )


def _notes(parts: ProfileParts, how: str) -> tuple[str, ...]:
    """What the parser chose or could not do, and the skill names that linked nowhere."""
    notes = [
        f"resume read by the {how}: {len(parts.history)} positions, "
        f"{len(parts.education)} education, {len(parts.skills)} skills",
        *parts.notes,
    ]
    if parts.unlinked_skills:
        shown = ", ".join(parts.unlinked_skills[:10])
        notes.append(
            f"{len(parts.unlinked_skills)} skill names not linked to the taxonomy: {shown}"
        )
    return tuple(notes)
