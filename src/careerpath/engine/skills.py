"""Stored skills kept in step with the records: re-inferred inside each import, and corrected by people.

A person's stored skill claims are a function of what the store holds about them: roles held, learning
records, projects, assessments, the explicit claims of HRIS exports and resumes (``TEXT_SOURCES``, kept
with their evidence) and their corrections. ``careerpath.engine.skills_batch.refresh_skills``
recomputes them in the importing transaction (:func:`careerpath.domain.inference.infer_skills` for
stored people, its vectorised equivalent for an import's new people).

Role requirements: an org role's stored requirements (``uow.organization.roles()``), keyed by role id,
else its required skills in the role framework loaded into the taxonomy (its ``org`` facets); for a spell with an occupation only, the O*NET facets of that occupation (an ESCO occupation uses its
first crosswalked O*NET code; an occupation O*NET does not rate on skills uses the most similar rated
one, as the demo does): the top ``N_SKILLS`` skills and ``N_KNOWLEDGE`` knowledge areas with
importance >= ``MIN_IMPORTANCE`` at their O*NET level, and up to ``N_TECH`` technologies (hot first,
then the most specific) at importance ``TECH_IMPORTANCE``, level ``TECH_LEVEL``. Built once per import.

Corrections are stored as assessments with ``assessor == "correction"`` (the note in ``assessor_id``);
they override everything, survive later imports, and a level of 0 removes the skill.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np

from careerpath.domain.errors import InvalidRequestError, NotFoundError, UnknownCodeError
from careerpath.domain.inference import DEFAULT_PARAMS, Correction, InferenceParams, infer_skills
from careerpath.domain.profile import (
    Assessment,
    Course,
    LearningRecord,
    Profile,
    ProjectRecord,
    RoleRequirement,
    SkillClaim,
)
from careerpath.domain.similarity import similarity_rows
from careerpath.domain.taxonomy import Facet, Taxonomy
from careerpath.engine.ports import UnitOfWork
from careerpath.engine.roles import role_space

#: Evidence sources that are explicit claims (kept as text claims when skills are re-inferred).
TEXT_SOURCES = ("hris", "resume")
#: ``Assessment.assessor`` of a person's stored correction.
CORRECTION = "correction"
N_SKILLS, N_KNOWLEDGE, N_TECH, MIN_IMPORTANCE = 10, 6, 4, 0.45
TECH_IMPORTANCE, TECH_LEVEL = 0.6, 0.5


@dataclass(frozen=True, slots=True)
class PersonRecords:
    """What the store holds about one person besides the profile: learning, projects, assessments."""

    learning: Sequence[LearningRecord] = ()
    projects: Sequence[ProjectRecord] = ()
    assessments: Sequence[Assessment] = ()  # corrections included (assessor "correction")


@dataclass(frozen=True)
class SkillContext:
    """Lookups built once per import: role requirements by role or occupation id, the catalog."""

    requirements: Mapping[str, Sequence[RoleRequirement]]
    courses: Mapping[str, Course]
    today: date
    params: InferenceParams = field(default=DEFAULT_PARAMS)


def skill_context(
    uow: UnitOfWork, taxonomy: Taxonomy, profiles: Iterable[Profile], *, today: date
) -> SkillContext:
    """Requirements of the org roles and occupations ``profiles`` held, and the course catalog."""
    spells = [s for p in profiles for s in p.history]
    roles = {occ.id: tuple(reqs) for occ, reqs in uow.organization.roles() if reqs}
    roles.update(org_requirements(taxonomy, {s.role_id for s in spells if s.role_id} - set(roles)))
    wanted = {s.occupation_id for s in spells if s.occupation_id and (s.role_id or "") not in roles}
    requirements = {**occupation_requirements(taxonomy, wanted), **roles}
    return SkillContext(requirements, {c.id: c for c in uow.learning.courses()}, today)


def org_requirements(
    taxonomy: Taxonomy, role_ids: Collection[str]
) -> dict[str, tuple[RoleRequirement, ...]]:
    """Required skills of org roles from the role framework's facets in the taxonomy (all of them)."""
    out: dict[str, list[RoleRequirement]] = {}
    for facet in taxonomy.facets_of("org").values():
        for rid in role_ids:
            reqs = _rated(facet, rid, len(facet.col_ids), floor=0.0)
            if reqs:
                out.setdefault(rid, []).extend(reqs)
    return {rid: tuple(reqs) for rid, reqs in out.items()}


def occupation_requirements(
    taxonomy: Taxonomy, occupation_ids: Collection[str]
) -> dict[str, tuple[RoleRequirement, ...]]:
    """Core requirements of occupations from the O*NET facets (rule in the module docstring)."""
    facets = {f.name: f for f in taxonomy.facets_of("onet").values()}
    if not occupation_ids or not facets:
        return {}
    tech = facets.get("technology")
    used = np.asarray((tech.importance > 0).sum(axis=0)).ravel() if tech is not None else None
    hot = _hot_columns(taxonomy, tech)
    codes = {oid: _onet_code(taxonomy, oid) for oid in sorted(occupation_ids)}
    proxy = _rated_proxies(taxonomy, facets.get("skills"), {c for c in codes.values() if c})
    out: dict[str, tuple[RoleRequirement, ...]] = {}
    for oid, code in codes.items():
        if code is None:
            continue
        rated = proxy.get(code, code)
        reqs = [*_rated(facets.get("skills"), rated, N_SKILLS)]
        reqs += _rated(facets.get("knowledge"), rated, N_KNOWLEDGE)
        if tech is not None and used is not None:
            reqs += _technologies(tech, code, used, hot)
        if reqs:
            out[oid] = tuple(reqs)
    return out


def _onet_code(taxonomy: Taxonomy, occupation_id: str) -> str | None:
    """The O*NET code whose facets describe an occupation (ESCO: its first crosswalked code)."""
    occ = taxonomy.occupations.get(occupation_id)
    if occ is None:
        return None
    if occ.taxonomy == "onet":
        return occ.id
    return next((c for c in occ.links if c in taxonomy.occupations), None)


def _rated_proxies(taxonomy: Taxonomy, skills: Facet | None, codes: set[str]) -> dict[str, str]:
    """For codes O*NET does not rate on skills, the most similar occupation it does rate."""
    unrated = sorted(c for c in codes if skills is not None and skills.row_of(c) is None)
    if skills is None or not unrated:
        return {}
    space = role_space(taxonomy, "onet")
    rows = [(c, space.row(c)) for c in unrated]
    found = [(c, r) for c, r in rows if r is not None]
    if not found:
        return {}
    sim = similarity_rows(space, np.array([r for _, r in found], dtype=np.int64))
    rated = np.array([skills.row_of(i) is not None for i in space.ids])
    sim = np.where(rated[None, :], sim, -1.0)
    out = {}
    for k, (code, row) in enumerate(found):
        sim[k, row] = -1.0
        if sim[k].max() > 0:
            out[code] = space.ids[int(np.argmax(sim[k]))]
    return out


def _rated(
    facet: Facet | None, code: str, top: int, *, floor: float = MIN_IMPORTANCE
) -> list[RoleRequirement]:
    """The ``top`` most important elements of one occupation with importance >= ``floor``."""
    row = facet.row_of(code) if facet is not None else None
    if facet is None or row is None:
        return []
    lo, hi = facet.importance.indptr[row], facet.importance.indptr[row + 1]
    cols, imp = facet.importance.indices[lo:hi], facet.importance.data[lo:hi]
    levels = facet.level[row].toarray().ravel() if facet.level is not None else None
    order = sorted(
        (k for k in range(len(cols)) if imp[k] >= floor and imp[k] > 0),
        key=lambda k: (-imp[k], int(cols[k])),
    )
    return [
        RoleRequirement(
            facet.col_ids[int(cols[k])],
            round(float(imp[k]), 3),
            round(float(levels[cols[k]] if levels is not None else imp[k]), 3),
        )
        for k in order[:top]
    ]


def _hot_columns(taxonomy: Taxonomy, tech: Facet | None) -> np.ndarray:
    """Boolean per technology column: an O*NET Hot Technology."""
    if tech is None:
        return np.zeros(0, dtype=bool)
    return np.array([bool(getattr(taxonomy.skills.get(c), "hot", False)) for c in tech.col_ids])


def _technologies(
    tech: Facet, code: str, used: np.ndarray, hot: np.ndarray
) -> list[RoleRequirement]:
    """Up to N_TECH technologies of one occupation: hot first, then the fewest occupations using it."""
    row = tech.row_of(code)
    if row is None:
        return []
    cols = tech.importance.indices[tech.importance.indptr[row] : tech.importance.indptr[row + 1]]
    ranked = sorted(cols.tolist(), key=lambda j: (not hot[j], int(used[j]), tech.col_ids[j]))
    return [RoleRequirement(tech.col_ids[j], TECH_IMPORTANCE, TECH_LEVEL) for j in ranked[:N_TECH]]


def text_claims(claims: Iterable[SkillClaim]) -> list[SkillClaim]:
    """The explicit claims among stored ones: only their HRIS / resume evidence (bare claims kept)."""
    out = []
    for claim in claims:
        if not claim.evidence:
            out.append(claim)
            continue
        kept = tuple(e for e in claim.evidence if e.source in TEXT_SOURCES)
        if kept:
            out.append(replace(claim, evidence=kept))
    return out


def infer_profile(
    profile: Profile, context: SkillContext, records: PersonRecords | None = None
) -> Profile:
    """The profile with its skills re-inferred from its history, records and explicit claims."""
    rec = records or PersonRecords()
    fixes = [a for a in rec.assessments if a.assessor == CORRECTION]
    skills = infer_skills(
        profile.history,
        role_requirements=context.requirements,
        today=context.today,
        courses=context.courses,
        learning=rec.learning,
        projects=rec.projects,
        assessments=[a for a in rec.assessments if a.assessor != CORRECTION],
        text_claims=text_claims(profile.skills),
        corrections=[
            Correction(a.skill_id, a.level, a.assessed or context.today, a.assessor_id)
            for a in fixes
        ],
        params=context.params,
    )
    return replace(profile, skills=skills)


def records_of(uow: UnitOfWork, person_id: str) -> PersonRecords:
    """One stored person's learning records, projects and assessments."""
    learning = uow.learning
    return PersonRecords(
        learning.records_of(person_id),
        learning.projects_of(person_id),
        learning.assessments_of(person_id),
    )


def correct_skill(
    person_id: str,
    skill_id: str,
    level: float,
    *,
    uow: UnitOfWork,
    taxonomy: Taxonomy,
    note: str = "",
    today: date | None = None,
) -> Profile:
    """Store a person's correction of one skill (level in [0, 1]; 0 removes it) and re-infer."""
    if not 0.0 <= level <= 1.0:
        raise InvalidRequestError(f"level {level:g} is outside [0, 1]", hint=_LEVEL_HINT)
    day = today or date.today()
    with uow:
        profile = uow.people.get(person_id)
        if profile is None:
            raise NotFoundError(f"no person with id {person_id!r}")
        if skill_id not in taxonomy.skills and profile.skill(skill_id) is None:
            raise UnknownCodeError(
                f"unknown skill id {skill_id!r}",
                hint="`careerpath skills link TEXT` finds skill ids from text",
            )
        uow.learning.add_assessments(
            [Assessment(person_id, skill_id, level, CORRECTION, note, day)]
        )
        context = skill_context(uow, taxonomy, [profile], today=day)
        fresh = infer_profile(profile, context, records_of(uow, person_id))
        uow.people.add(fresh)
        uow.commit()
    return fresh


_LEVEL_HINT = "use a number in [0, 1] or awareness, basic, working, intermediate, advanced, expert"
