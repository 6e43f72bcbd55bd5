"""Skills of a JSON Resume linked to taxonomy skills: exact labels first, then the SkillLinker."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from careerpath.domain.profile import PROFICIENCY_ANCHORS, Evidence, SkillClaim
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.people import ImportOptions
from careerpath.ingest.mapping import ImportMapping

RESUME_CONFIDENCE = 0.5  # a resume claim matched exactly; linked ones scale by the match score
#: JSON Resume level words people use, onto the proficiency scale.
LEVEL_WORDS = {
    **PROFICIENCY_ANCHORS,
    "beginner": 0.30,
    "novice": 0.30,
    "junior": 0.30,
    "fluent": 0.70,
    "senior": 0.70,
    "master": 0.90,
}
DEFAULT_LEVEL = 0.5

SkillEntry = tuple[str, str, str, tuple[str, ...]]  # (pointer, name, level, keywords)


def link_resume_skills(
    entries: Sequence[SkillEntry],
    options: ImportOptions,
    mapping: ImportMapping,
    file: str,
    today: date,
) -> tuple[tuple[SkillClaim, ...], tuple[str, ...]]:
    """Claims (with resume evidence) for the skill names and keywords, and notes on what missed."""
    texts = [
        (where, name, level, text) for where, name, level, kws in entries for text in (name, *kws)
    ]
    hits = _exact(options.taxonomy, [t for *_, t in texts])
    missing = [t for t in {t for *_, t in texts} if t.casefold() not in hits]
    if options.linker is not None and missing:
        which = mapping.skill_taxonomy or _default_taxonomy(options.taxonomy)
        for text, matches in zip(
            missing, options.linker.link(missing, taxonomy=which, top=1), strict=True
        ):
            if matches and matches[0].score >= mapping.min_match_score:
                hits[text.casefold()] = (matches[0].id, matches[0].score)
    claims: dict[str, SkillClaim] = {}
    for where, name, level_text, text in texts:
        hit = hits.get(text.casefold())
        if hit is None:
            continue
        level = LEVEL_WORDS.get(level_text.casefold(), DEFAULT_LEVEL)
        conf = RESUME_CONFIDENCE * hit[1]
        detail = f"JSON Resume skill {name!r}" + (f" keyword {text!r}" if text != name else "")
        ev = Evidence("resume", conf, level, detail, f"{file}#{where}", today)
        old = claims.get(hit[0])
        evidence = (*old.evidence, ev) if old else (ev,)
        claims[hit[0]] = SkillClaim(
            hit[0], max(e.level for e in evidence), max(e.confidence for e in evidence), evidence
        )
    unlinked = sorted({t for *_, t in texts if t.casefold() not in hits})
    notes = (
        (f"{len(unlinked)} skill names not linked to the taxonomy: {', '.join(unlinked[:10])}",)
        if unlinked
        else ()
    )
    return tuple(claims.values()), notes


def _exact(taxonomy: Taxonomy, texts: Sequence[str]) -> dict[str, tuple[str, float]]:
    """Texts equal (casefolded) to a skill label or alternative label, with score 1."""
    wanted = {t.casefold() for t in texts}
    found: dict[str, tuple[str, float]] = {}
    for skill in taxonomy.skills.values():
        for label in (skill.label, *skill.alt_labels):
            key = label.casefold()
            if key in wanted and key not in found:
                found[key] = (skill.id, 1.0)
    return found


def _default_taxonomy(taxonomy: Taxonomy) -> str:
    """esco when ESCO skills are loaded, else onet."""
    return "esco" if any(s.taxonomy == "esco" for s in taxonomy.skills.values()) else "onet"
