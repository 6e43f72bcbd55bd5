"""A ParsedResume → profile parts: role spells (titles normalised), skill claims with evidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from careerpath.domain.matching import Match
from careerpath.domain.profile import (
    PROFICIENCY_ANCHORS,
    Certification,
    Education,
    Evidence,
    Language,
    RoleSpell,
    SkillClaim,
)
from careerpath.engine.ports import SkillLinker, TitleNormalizer
from careerpath.ingest.resume.model import ParsedResume, Position

#: Confidence of one piece of evidence = match score x this weight.
LISTED_WEIGHT = 0.7  # named in a skills section
DESCRIBED_WEIGHT = 0.45  # found in a description or summary line
DEFAULT_LEVEL = PROFICIENCY_ANCHORS["working"]


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """How one position's title was normalised: the best occupation and its score (None: no match)."""

    title: str
    match: Match | None


@dataclass(frozen=True)
class ProfileParts:
    """What a resume contributes to a profile; ``titles`` is parallel to ``history``."""

    name: str
    email: str
    location: str
    history: tuple[RoleSpell, ...]
    titles: tuple[TitleMatch, ...]
    skills: tuple[SkillClaim, ...]
    education: tuple[Education, ...]
    certifications: tuple[Certification, ...]
    languages: tuple[Language, ...]
    unlinked_skills: tuple[str, ...]
    notes: tuple[str, ...]

    def __repr__(self) -> str:
        return (
            f"ProfileParts(<contact redacted>, {len(self.history)} roles, {len(self.skills)} skills, "
            f"{len(self.education)} education, {len(self.notes)} notes)"
        )


def resume_to_profile_parts(
    parsed: ParsedResume,
    *,
    normalizer: TitleNormalizer | None,
    linker: SkillLinker | None,
    taxonomy: str = "onet",
    min_title_score: float = 0.5,
    min_skill_score: float = 0.6,
) -> ProfileParts:
    """Role spells (with occupations when a normalizer is given) and skill claims (with a linker)."""
    dated = [p for p in parsed.positions if p.start is not None]
    notes = [
        f"skipped position '{p.title or p.employer}': no start date"
        for p in parsed.positions
        if p.start is None
    ]
    matches = _titles(dated, normalizer, taxonomy, min_title_score)
    spells = [_spell(p, m) for p, m in zip(dated, matches, strict=True)]
    notes += [
        f"position '{s.title}': dates reversed, read as {s.start:%Y-%m} to {s.end:%Y-%m}"
        for s in spells
        if s.end and _reversed(s, dated)
    ]
    skills, unlinked = _skills(parsed, linker, taxonomy, min_skill_score)
    return ProfileParts(
        name=parsed.contact.name,
        email=parsed.contact.email,
        location=parsed.contact.location,
        history=tuple(sorted(spells, key=lambda s: s.start)),
        titles=tuple(
            TitleMatch(p.title, m)
            for p, m in sorted(zip(dated, matches, strict=True), key=lambda x: _start(x[0]))
        ),
        skills=skills,
        education=tuple(_education(parsed)),
        certifications=tuple(
            Certification(c.name, c.issuer, c.issued.to_date() if c.issued else None)
            for c in parsed.certifications
        ),
        languages=tuple(Language(x.language, x.fluency) for x in parsed.languages),
        unlinked_skills=unlinked,
        notes=tuple([*parsed.notes, *notes]),
    )


def _start(p: Position) -> date:
    return p.start.to_date() if p.start else date.min


def _titles(
    positions: Sequence[Position], normalizer: TitleNormalizer | None, taxonomy: str, floor: float
) -> list[Match | None]:
    if normalizer is None or not positions:
        return [None] * len(positions)
    ranked = normalizer.normalize(
        [p.title or p.employer for p in positions], taxonomy=taxonomy, top=1
    )
    return [r[0] if r and r[0].score >= floor else None for r in ranked]


def _reversed(spell: RoleSpell, positions: Sequence[Position]) -> bool:
    return any(
        p.end and p.start and p.end < p.start and p.end.to_date() == spell.start for p in positions
    )


def _spell(p: Position, match: Match | None) -> RoleSpell:
    """A role spell; an end before the start is taken as the two dates written the wrong way round."""
    start = p.start.to_date() if p.start else date.min
    end = p.end.to_date() if p.end else None
    if end is not None and end < start:
        start, end = end, start
    return RoleSpell(
        title=p.title or p.employer,
        start=start,
        end=end,
        occupation_id=match.id if match else None,
        employer=p.employer,
        location=p.location,
    )


def _education(parsed: ParsedResume) -> list[Education]:
    return [
        Education(
            e.institution,
            e.degree,
            e.field,
            e.start.to_date() if e.start else None,
            e.end.to_date() if e.end else None,
        )
        for e in parsed.education
    ]


def _skills(
    parsed: ParsedResume, linker: SkillLinker | None, taxonomy: str, floor: float
) -> tuple[tuple[SkillClaim, ...], tuple[str, ...]]:
    names = list(parsed.skill_names)
    if linker is None:
        return (), tuple(names)
    evidence: dict[str, list[Evidence]] = {}
    listed = linker.link([s.name for s in parsed.skills], taxonomy=taxonomy, top=1)
    unlinked: list[str] = []
    for mention, ranked in zip(parsed.skills, listed, strict=True):
        best = ranked[0] if ranked and ranked[0].score >= floor else None
        if best is None:
            unlinked.append(mention.name)
            continue
        level = PROFICIENCY_ANCHORS.get(mention.level, DEFAULT_LEVEL)
        evidence.setdefault(best.id, []).append(
            Evidence(
                "resume", round(best.score * LISTED_WEIGHT, 3), level, mention.line, parsed.source
            )
        )
    _described(parsed, linker, taxonomy, floor, evidence)
    return tuple(_claim(sid, ev) for sid, ev in sorted(evidence.items())), tuple(
        dict.fromkeys(unlinked)
    )


def _described(
    parsed: ParsedResume,
    linker: SkillLinker,
    taxonomy: str,
    floor: float,
    into: dict[str, list[Evidence]],
) -> None:
    """Skills found in description and summary lines, each dated by its position's end."""
    items: list[tuple[str, date | None]] = []
    for p in parsed.positions:
        when = p.end.to_date() if p.end else None
        items.extend((line, when) for line in p.description)
    summary = parsed.section("summary")
    items.extend((line, None) for line in (summary.lines if summary else ()))
    if not items:
        return
    ranked = linker.link([text for text, _ in items], taxonomy=taxonomy, top=3)
    for (text, when), matches in zip(items, ranked, strict=True):
        for m in matches:
            if m.score >= max(floor, 0.7):
                ev = Evidence(
                    "resume",
                    round(m.score * DESCRIBED_WEIGHT, 3),
                    DEFAULT_LEVEL,
                    text,
                    parsed.source,
                    when,
                )
                into.setdefault(m.id, []).append(ev)


def _claim(skill_id: str, evidence: list[Evidence]) -> SkillClaim:
    """One claim: confidence combines the evidence (noisy-or), level is the highest suggested."""
    doubt = 1.0
    for ev in evidence:
        doubt *= 1.0 - ev.confidence
    return SkillClaim(
        skill_id, max(ev.level for ev in evidence), round(1.0 - doubt, 3), tuple(evidence)
    )
