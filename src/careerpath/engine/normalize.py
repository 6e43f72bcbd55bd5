"""Use cases: link free text to skills, normalise job titles to occupations (validated requests)."""

from __future__ import annotations

from collections.abc import Sequence

from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.matching import Match
from careerpath.engine.ports import SkillLinker, TitleNormalizer

SKILL_TAXONOMIES = ("esco", "onet")
TITLE_TAXONOMIES = ("esco", "onet", "org")
MAX_TOP = 100


def link_skills(
    texts: Sequence[str], *, linker: SkillLinker, taxonomy: str, top: int
) -> list[list[Match]]:
    """For each text (a resume line, a job-ad sentence), up to ``top`` skills, best first."""
    _check(taxonomy, SKILL_TAXONOMIES, top)
    return linker.link(list(texts), taxonomy=taxonomy, top=top)


def normalize_titles(
    titles: Sequence[str], *, normalizer: TitleNormalizer, taxonomy: str, top: int
) -> list[list[Match]]:
    """For each job title, up to ``top`` occupations or org roles, best first."""
    _check(taxonomy, TITLE_TAXONOMIES, top)
    return normalizer.normalize(list(titles), taxonomy=taxonomy, top=top)


def _check(taxonomy: str, known: tuple[str, ...], top: int) -> None:
    if taxonomy not in known:
        raise InvalidRequestError(
            f"unknown taxonomy {taxonomy!r}", hint=f"use one of: {', '.join(known)}"
        )
    if not 1 <= top <= MAX_TOP:
        raise InvalidRequestError(f"--top must be between 1 and {MAX_TOP}, got {top}")
