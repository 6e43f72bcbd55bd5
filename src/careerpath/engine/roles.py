"""Role use cases: similar roles, feasible transitions, their explanations, and role profiles."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.similarity import (
    F32,
    I64,
    RoleSpace,
    all_similar,
    build_role_space,
    similarity_rows,
    text_facet,
    top_k,
)
from careerpath.domain.taxonomy import TAXONOMIES, Occupation, Taxonomy
from careerpath.domain.transitions import (
    Explanation,
    TransitionParams,
    all_transitions,
    explain,
    feasibility_rows,
)

Mode = Literal["similar", "transitions"]
Progress = Callable[[int, int], None]  # (done, total) origins

#: Feasibility weighs what transfers: skills and knowledge first, then what the work is and what it
#: is called, plus a small share for interests (people move towards work they like). Documented in
#: bench/roles_quality.py, which measures every choice here against the dev set.
TRANSFER_WEIGHTS: Mapping[str, float] = {
    "skills": 0.30,
    "knowledge": 0.30,
    "abilities": 0.10,
    "work_activities": 0.10,
    "dwas": 0.10,
    "titles": 0.15,
    "work": 0.20,  # description and task statements; measured: nDCG@10 0.448 -> 0.455 on the dev matrix
    "technology": 0.05,
    "tools": 0.05,
    "interests": 0.05,
}
TRANSITION_PARAMS = TransitionParams(
    coverage_share=0.1, step_up=0.15, step_down=0.10, wage_cut=0.0, weights=TRANSFER_WEIGHTS
)
TITLE_REPEAT = 3  # the official title counts as much as three alternate titles

#: The last role space built, with the taxonomy it belongs to (held, so identity checks stay valid).
_LAST_SPACE: list[tuple[Taxonomy, str, RoleSpace]] = []


@dataclass(frozen=True)
class RoleMatch:
    """One ranked role: its id, title, score in [0, 1] and, for single queries, why."""

    rank: int
    id: str
    title: str
    score: float
    explanation: Explanation | None = None


@dataclass(frozen=True)
class RoleRanking:
    """The ranked roles for one origin."""

    origin: Occupation
    mode: Mode
    matches: tuple[RoleMatch, ...]


def role_space(taxonomy: Taxonomy, which: str) -> RoleSpace:
    """The RoleSpace of one taxonomy's occupations (cached per taxonomy object)."""
    for cached, name, space in _LAST_SPACE:
        if cached is taxonomy and name == which:
            return space
    space = _build_space(taxonomy, which)
    _LAST_SPACE[:] = [(taxonomy, which, space)]
    return space


def similar_roles(code: str, *, taxonomy: Taxonomy, top: int = 10, why: bool = True) -> RoleRanking:
    """The ``top`` roles whose work is most alike the role ``code`` (same taxonomy), best first."""
    return _rank(code, "similar", taxonomy=taxonomy, top=top, why=why)


def role_transitions(
    code: str, *, taxonomy: Taxonomy, top: int = 10, why: bool = True
) -> RoleRanking:
    """The ``top`` most feasible moves from the role ``code`` (same taxonomy), best first."""
    return _rank(code, "transitions", taxonomy=taxonomy, top=top, why=why)


def explain_move(origin: str, destination: str, *, taxonomy: Taxonomy) -> Explanation:
    """Facet scores, shared and missing elements, job zone step and wage change of one move."""
    a, b = taxonomy.occupation(origin), taxonomy.occupation(destination)
    if a.taxonomy != b.taxonomy:
        raise InvalidRequestError(
            f"{a.id} ({a.taxonomy}) and {b.id} ({b.taxonomy}) differ in taxonomy"
        )
    space = role_space(taxonomy, a.taxonomy)
    return explain(space, a.id, b.id, params=TRANSITION_PARAMS, labels=_labels(taxonomy))


def all_roles(
    mode: Mode,
    *,
    taxonomy: Taxonomy,
    which: str = "onet",
    top: int = 10,
    progress: Progress | None = None,
) -> Iterator[tuple[str, int, str, float]]:
    """Rows (source, rank, target, score) for every occupation of ``which``, ranks from 1."""
    if which not in TAXONOMIES:
        raise InvalidRequestError(f"unknown taxonomy {which!r}", hint="use onet, esco or org")
    space = role_space(taxonomy, which)
    if len(space) == 0:
        raise InvalidRequestError(f"the loaded taxonomy has no {which} occupations")
    blocks = (
        all_similar(space, top=top)
        if mode == "similar"
        else all_transitions(space, top=top, params=TRANSITION_PARAMS)
    )
    done = 0
    for rows, idx, val in blocks:
        for r, targets, scores in zip(rows.tolist(), idx, val, strict=True):
            for k, (t, s) in enumerate(zip(targets.tolist(), scores.tolist(), strict=True), 1):
                yield space.ids[r], k, space.ids[t], float(s)
        done += len(rows)
        if progress is not None:
            progress(done, len(space))


def _rank(code: str, mode: Mode, *, taxonomy: Taxonomy, top: int, why: bool) -> RoleRanking:
    if top < 1:
        raise InvalidRequestError(f"--top must be at least 1, got {top}")
    origin = taxonomy.occupation(code)
    space = role_space(taxonomy, origin.taxonomy)
    row = space.row(origin.id)
    assert row is not None  # the space holds every occupation of its taxonomy
    rows = np.array([row], dtype=np.int64)
    idx, val = _top(space, rows, mode, top)
    labels = _labels(taxonomy) if why else {}
    matches = []
    for k, (j, s) in enumerate(zip(idx[0].tolist(), val[0].tolist(), strict=True), 1):
        target = taxonomy.occupations[space.ids[j]]
        reason = (
            explain(space, origin.id, target.id, params=TRANSITION_PARAMS, labels=labels)
            if why
            else None
        )
        matches.append(RoleMatch(k, target.id, target.title, float(s), reason))
    return RoleRanking(origin, mode, tuple(matches))


def _top(space: RoleSpace, rows: I64, mode: Mode, top: int) -> tuple[I64, F32]:
    scores = (
        similarity_rows(space, rows)
        if mode == "similar"
        else feasibility_rows(space, rows, TRANSITION_PARAMS)
    )
    return top_k(scores, rows, top)


def _build_space(taxonomy: Taxonomy, which: str) -> RoleSpace:
    occupations = taxonomy.occupations_of(which)
    ids = [o.id for o in occupations]
    facets = {f.name: f for f in taxonomy.facets_of(which).values()}
    if "titles" not in facets and ids:
        texts = [" ".join([o.title] * TITLE_REPEAT + list(o.alt_titles)) for o in occupations]
        facets["titles"] = text_facet("titles", which, ids, texts)
    if "work" not in facets and ids:
        work = [" ".join((o.description, *o.tasks)) for o in occupations]
        facets["work"] = text_facet("work", which, ids, work)
    return build_role_space(
        ids,
        facets,
        job_zone=[o.job_zone for o in occupations],
        wage=[o.wages.annual_median if o.wages is not None else None for o in occupations],
    )


def _labels(taxonomy: Taxonomy) -> dict[str, str]:
    return {sid: s.label for sid, s in taxonomy.skills.items()}


#: Facets that describe who likes a job or are only lists of statements; left out of profiles.
_NOT_PROFILED = frozenset(
    {"tasks", "dwas", "titles", "interests", "work_values", "work_styles", "work_context"}
)


@dataclass(frozen=True)
class ProfileItem:
    """One element of a role profile: importance and level in [0, 1], hot technology flag."""

    id: str
    label: str
    importance: float
    level: float | None
    hot: bool = False


@dataclass(frozen=True)
class RoleProfile:
    """What a role is: the occupation (job zone, wages, outlook) and its top elements per facet."""

    occupation: Occupation
    facets: Mapping[str, tuple[ProfileItem, ...]]


def role_profile(code: str, *, taxonomy: Taxonomy, top: int = 10) -> RoleProfile:
    """The role ``code`` with its ``top`` elements per facet (hot technologies first)."""
    occ = taxonomy.occupation(code)
    out: dict[str, tuple[ProfileItem, ...]] = {}
    for name, facet in sorted(taxonomy.facets_of(occ.taxonomy).items()):
        row = facet.row_of(occ.id)
        if name in _NOT_PROFILED or row is None:
            continue
        imp = facet.importance[row]
        lvl = facet.level[row].toarray().ravel() if facet.level is not None else None
        items = []
        for j, v in zip(imp.indices.tolist(), imp.data.tolist(), strict=True):
            skill = taxonomy.skills.get(facet.col_ids[j])
            label = skill.label if skill is not None else facet.col_ids[j]
            level = None if lvl is None else float(lvl[j])
            items.append(
                ProfileItem(facet.col_ids[j], label, float(v), level, bool(skill and skill.hot))
            )
        items.sort(key=lambda it: (-it.hot, -it.importance, -(it.level or 0.0), it.label))
        if items:
            out[name] = tuple(items[:top])
    return RoleProfile(occ, out)
