"""Gap analysis between a person's skills and a role's requirements, one pair or people x roles.

All levels are on the profile's [0, 1] proficiency scale (level x 7 = O*NET LV).

Readiness of a person for a role with requirements (importance w_s, level r_s):

    effective_s = have_s * (CONFIDENCE_FLOOR + (1 - CONFIDENCE_FLOOR) * confidence_s)
    readiness   = 1 - sum_s w_s * max(0, r_s - effective_s) / max(REQUIRED_EPS, sum_s w_s * r_s)

so a claim held with zero confidence counts for half its level, a certain claim for all of it, a
missing skill for nothing. Readiness is 1 when nothing is required (and tends to 1 continuously as
the requirement vanishes, so float32 and float64 agree), lies in [0, 1], and never drops
when a person's level (or confidence) rises. Requirements naming the same skill twice are merged by
taking the larger importance and the larger level. ``readiness_matrix`` computes the same number for
people x roles at once, from effective levels (``effective_levels``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.profile import Profile, RoleRequirement, SkillClaim

F32 = npt.NDArray[np.float32]

#: Share of a claimed level that counts even when the claim's confidence is zero.
CONFIDENCE_FLOOR = 0.5
#: Floor of the readiness denominator (importance x level summed over a role's requirements).
REQUIRED_EPS = 1e-6
#: Elements of the (people, roles, skills) block ``readiness_matrix`` holds at once.
BLOCK_ELEMENTS = 1 << 24


@dataclass(frozen=True, slots=True)
class SkillGap:
    """One required skill: required and held levels, gap >= 0, importance and the claim's evidence."""

    skill_id: str
    required: float
    have: float  # the claimed level, 0 when the person has no claim
    effective: float  # the claimed level discounted by confidence (module docstring)
    gap: float  # max(0, required - effective)
    importance: float
    weighted_gap: float  # importance * gap
    confidence: float  # of the claim, 0 when there is none
    evidence_count: int


@dataclass(frozen=True, slots=True)
class GapReport:
    """Per-skill gaps (largest weighted gap first), readiness in [0, 1] and the top missing skills."""

    gaps: tuple[SkillGap, ...]
    readiness: float
    required_total: float  # sum of importance * required level
    shortfall_total: float  # sum of importance * gap
    top_missing: tuple[str, ...]  # skill ids with a gap, largest weighted gap first (at most 5)

    def missing(self, n: int = 5) -> tuple[SkillGap, ...]:
        """The ``n`` gaps with the largest weighted shortfall (gap > 0 only)."""
        return tuple(g for g in self.gaps if g.gap > 0)[:n]


def effective_level(claim: SkillClaim | None) -> float:
    """A claim's level discounted by its confidence (module docstring); 0 without a claim."""
    if claim is None:
        return 0.0
    level = min(1.0, max(0.0, claim.level))
    confidence = min(1.0, max(0.0, claim.confidence))
    return level * (CONFIDENCE_FLOOR + (1.0 - CONFIDENCE_FLOOR) * confidence)


def merge_requirements(requirements: Iterable[RoleRequirement]) -> dict[str, RoleRequirement]:
    """Requirements by skill id, duplicates merged (max importance, max level); checks ranges."""
    out: dict[str, RoleRequirement] = {}
    for req in requirements:
        if not (req.importance >= 0 and 0 <= req.level <= 1):
            raise InvalidRequestError(
                f"requirement {req.skill_id!r} is out of range",
                hint="importance must be >= 0 and level in [0, 1]",
            )
        old = out.get(req.skill_id)
        if old is not None:
            req = RoleRequirement(
                req.skill_id, max(old.importance, req.importance), max(old.level, req.level)
            )
        out[req.skill_id] = req
    return out


def analyse_gap(
    profile_skills: Mapping[str, SkillClaim] | Profile, requirements: Sequence[RoleRequirement]
) -> GapReport:
    """Gaps between a person's skills (claims by skill id, or a Profile) and a role's requirements."""
    claims = (
        {c.skill_id: c for c in profile_skills.skills}
        if isinstance(profile_skills, Profile)
        else profile_skills
    )
    gaps = [
        _skill_gap(req, claims.get(sid)) for sid, req in merge_requirements(requirements).items()
    ]
    gaps.sort(key=lambda g: (-g.weighted_gap, -g.importance, g.skill_id))
    required = sum(g.importance * g.required for g in gaps)
    shortfall = sum(g.weighted_gap for g in gaps)
    readiness = min(1.0, max(0.0, 1.0 - shortfall / max(REQUIRED_EPS, required)))
    top = tuple(g.skill_id for g in gaps if g.gap > 0)[:5]
    return GapReport(tuple(gaps), readiness, required, shortfall, top)


def _skill_gap(req: RoleRequirement, claim: SkillClaim | None) -> SkillGap:
    """One requirement against the person's claim (or none)."""
    effective = effective_level(claim)
    gap = max(0.0, req.level - effective)
    return SkillGap(
        skill_id=req.skill_id,
        required=req.level,
        have=claim.level if claim is not None else 0.0,
        effective=effective,
        gap=gap,
        importance=req.importance,
        weighted_gap=req.importance * gap,
        confidence=claim.confidence if claim is not None else 0.0,
        evidence_count=len(claim.evidence) if claim is not None else 0,
    )


def effective_levels(profiles: Sequence[Profile], skill_ids: Sequence[str]) -> F32:
    """Confidence-discounted levels of people over skills: (n_people, n_skills) float32."""
    col = {sid: j for j, sid in enumerate(skill_ids)}
    out = np.zeros((len(profiles), len(skill_ids)), np.float32)
    for i, profile in enumerate(profiles):
        for claim in profile.skills:
            j = col.get(claim.skill_id)
            if j is not None:
                out[i, j] = effective_level(claim)
    return out


def requirement_matrices(
    requirements: Sequence[Sequence[RoleRequirement]], skill_ids: Sequence[str]
) -> tuple[F32, F32]:
    """Importance and level of roles over skills, each (n_roles, n_skills) float32 (merged)."""
    col = {sid: j for j, sid in enumerate(skill_ids)}
    imp = np.zeros((len(requirements), len(skill_ids)), np.float32)
    lvl = np.zeros_like(imp)
    for i, reqs in enumerate(requirements):
        for sid, req in merge_requirements(reqs).items():
            j = col.get(sid)
            if j is None:
                raise InvalidRequestError(f"skill {sid!r} is not among the matrix columns")
            imp[i, j], lvl[i, j] = req.importance, req.level
    return imp, lvl


def readiness_matrix(person_levels: F32, req_importance: F32, req_level: F32) -> F32:
    """Readiness of people (n_people, n_skills) for roles (n_roles, n_skills): (n_people, n_roles).

    ``person_levels`` are effective levels in [0, 1]; the shortfall uses
    sum_s w * max(0, r - e) = sum_s w * r - sum_s w * min(r, e), over blocks of people.
    """
    levels = np.clip(np.asarray(person_levels, np.float32), 0.0, 1.0)
    imp = np.asarray(req_importance, np.float32)
    lvl = np.asarray(req_level, np.float32)
    if levels.ndim != 2 or imp.shape != lvl.shape or imp.shape[1:] != levels.shape[1:]:
        raise InvalidRequestError(
            "readiness_matrix needs (people, skills) and two equal (roles, skills) arrays"
        )
    required = (imp * lvl).sum(axis=1)  # (n_roles,)
    out = np.empty((levels.shape[0], imp.shape[0]), np.float32)
    block = max(1, BLOCK_ELEMENTS // max(1, imp.size))
    for start in range(0, levels.shape[0], block):
        e = levels[start : start + block, None, :]  # (b, 1, s)
        covered = (imp[None] * np.minimum(lvl[None], e)).sum(axis=2)  # (b, roles)
        out[start : start + block] = _ratio(required[None] - covered, required[None])
    return out


def _ratio(shortfall: F32, required: F32) -> F32:
    """1 - shortfall / max(REQUIRED_EPS, required), clipped to [0, 1] (broadcast shape)."""
    score = 1.0 - shortfall / np.maximum(required, np.float32(REQUIRED_EPS))
    return np.clip(score, 0.0, 1.0).astype(np.float32)
