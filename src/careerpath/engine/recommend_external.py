"""External O*NET occupations among a person's next roles: reachable, outside the org, flagged.

Candidates (``external_space``, compiled once per OrgContext and taxonomy, cached on the context):
for each O*NET occupation an org role maps to (``OrgRoleInfo.onet_codes``), the ``CANDIDATES`` most
feasible destinations by the taxonomy layer's transition feasibility (``engine.roles``'
``TRANSITION_PARAMS`` over the O*NET role space), leaving out the origin and every occupation an org
role maps to (those are reached through the org roles). A role mapped to several occupations keeps
each candidate's best feasibility. Requirements are the occupations' core O*NET requirements
(``engine.skills.occupation_requirements``: top skills and knowledge at their O*NET level, a few
technologies), compiled into importance and level matrices like the org roles'; a candidate without
requirements is left out (its readiness would mean nothing).

Scoring uses the blend of ``recommend_roles.BLEND`` where it applies: ``readiness`` against those
requirements; ``transition`` = ``GraphParams.similar_weight x feasibility``, the probability the
transition graph gives a ``similar`` edge of that score; ``progression`` and ``open_positions`` do
not apply and count 0 (no org levels, no internal openings); ``aspiration`` is 1 when the person
lists the occupation among their target roles. A candidate that is excluded (by the request or the
policy) or rises more than the step limit in job zone over the person's role is left out.

Listing (``merge``): by default at most ``MAX_LISTED`` externals, the best by score, compete with the
org roles for the ``top`` places; when the person asks (``external=True``) they are not capped and
the best ``MAX_LISTED`` are shown even when org roles outscore them; ``external=False``, or a policy
with ``include_external`` false, leaves them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from careerpath.domain.constraints import PathConstraints, RoleAttrs
from careerpath.domain.gaps import F32, requirement_matrices
from careerpath.domain.paths import GraphParams
from careerpath.domain.profile import RoleRequirement
from careerpath.domain.taxonomy import Taxonomy
from careerpath.domain.transitions import feasibility_rows
from careerpath.engine.recommend_context import OrgContext
from careerpath.engine.roles import TRANSITION_PARAMS, role_space
from careerpath.engine.skills import occupation_requirements

#: Feasible external occupations kept per origin occupation.
CANDIDATES = 10
#: Most externals in a next-role list unless the person asks for them.
MAX_LISTED = 3
#: ``transition`` of an external move: the graph's probability of a ``similar`` edge per feasibility.
SIMILAR_WEIGHT = GraphParams().similar_weight
EXTERNAL_SOURCES = ("profile.skills", "taxonomy.onet", "taxonomy.transition_feasibility")
_CACHE_KEY = "external"
Row = tuple[float, str, dict[str, float]]  # (score, role or occupation id, component values)


@dataclass(frozen=True)
class ExternalSpace:
    """External candidate occupations compiled for one organization and taxonomy (module docstring)."""

    ids: tuple[str, ...]  # candidate occupation ids, sorted: the matrices' rows
    titles: tuple[str, ...]
    job_zone: tuple[float | None, ...]
    requirements: dict[str, tuple[RoleRequirement, ...]]
    skill_ids: tuple[str, ...]
    importance: F32  # (n_candidates, n_skills)
    level: F32  # (n_candidates, n_skills)
    #: org role -> its candidates as (row, feasibility), best first
    candidates: dict[str, tuple[tuple[int, float], ...]]
    origin_titles: dict[str, str]  # org role -> title of the occupation it maps to

    def __len__(self) -> int:
        return len(self.ids)


EMPTY = ExternalSpace(
    (), (), (), {}, (), np.zeros((0, 0), np.float32), np.zeros((0, 0), np.float32), {}, {}
)


def external_space(ctx: OrgContext, taxonomy: Taxonomy) -> ExternalSpace:
    """The external candidates of this organization (compiled once, cached on the context)."""
    cached = ctx.cache.get(_CACHE_KEY)
    if isinstance(cached, tuple) and cached[0] is taxonomy and isinstance(cached[1], ExternalSpace):
        return cached[1]
    space = _compile(ctx, taxonomy)
    ctx.cache[_CACHE_KEY] = (taxonomy, space)
    return space


def _compile(ctx: OrgContext, taxonomy: Taxonomy) -> ExternalSpace:
    """Feasible unmapped occupations per origin occupation, their requirements and matrices."""
    codes = {
        rid: [c for c in occ.org.onet_codes if c in taxonomy.occupations]
        for rid, occ in ctx.roles.items()
        if occ.org is not None
    }
    origins = sorted({c for cs in codes.values() for c in cs})
    if not origins or not taxonomy.facets_of("onet"):
        return EMPTY
    space = role_space(taxonomy, "onet")
    rows = [space.row(c) for c in origins]
    known = [(c, r) for c, r in zip(origins, rows, strict=True) if r is not None]
    if not known:
        return EMPTY
    feas = feasibility_rows(space, np.array([r for _, r in known], np.int64), TRANSITION_PARAMS)
    mapped = [r for c in origins if (r := space.row(c)) is not None]
    feas[:, mapped] = -np.inf
    best: dict[str, list[tuple[str, float]]] = {}
    for (code, _), scores in zip(known, feas, strict=True):
        order = np.argsort(-scores, kind="stable")[:CANDIDATES]
        best[code] = [(space.ids[j], float(scores[j])) for j in order if scores[j] > 0]
    wanted = sorted({oid for found in best.values() for oid, _ in found})
    reqs = occupation_requirements(taxonomy, wanted)
    ids = tuple(oid for oid in wanted if reqs.get(oid))
    return _assemble(ids, reqs, codes, best, taxonomy)


def _assemble(
    ids: tuple[str, ...],
    reqs: dict[str, tuple[RoleRequirement, ...]],
    codes: dict[str, list[str]],
    best: dict[str, list[tuple[str, float]]],
    taxonomy: Taxonomy,
) -> ExternalSpace:
    """The ExternalSpace of the candidate ids: matrices, and each org role's candidates."""
    row = {oid: i for i, oid in enumerate(ids)}
    skill_ids = tuple(sorted({r.skill_id for oid in ids for r in reqs[oid]}))
    imp, lvl = requirement_matrices([reqs[oid] for oid in ids], skill_ids)
    candidates: dict[str, tuple[tuple[int, float], ...]] = {}
    for rid, cs in codes.items():
        merged: dict[int, float] = {}
        for code in cs:
            for oid, f in best.get(code, ()):
                if oid in row:
                    merged[row[oid]] = max(f, merged.get(row[oid], 0.0))
        if merged:
            candidates[rid] = tuple(sorted(merged.items(), key=lambda t: (-t[1], t[0])))
    occupations = [taxonomy.occupations[oid] for oid in ids]
    return ExternalSpace(
        ids=ids,
        titles=tuple(o.title for o in occupations),
        job_zone=tuple(o.job_zone for o in occupations),
        requirements={oid: reqs[oid] for oid in ids},
        skill_ids=skill_ids,
        importance=imp,
        level=lvl,
        candidates=candidates,
        origin_titles={rid: taxonomy.occupations[cs[0]].title for rid, cs in codes.items() if cs},
    )


def allowed(
    ext: ExternalSpace, origin: str, origin_attrs: RoleAttrs, limits: PathConstraints
) -> list[tuple[int, float]]:
    """The origin role's candidates not excluded and within the job-zone step: (row, feasibility).

    Only these two limits apply to a move out of the organization (the policy's certification
    rules name org roles), so the choice depends on the origin and the limits, not on the person.
    """
    step, here = limits.max_zone_step, origin_attrs.job_zone
    out = []
    for j, f in ext.candidates.get(origin, ()):
        there = ext.job_zone[j]
        if ext.ids[j] in limits.excluded:
            continue
        if (
            step is not None
            and here is not None
            and there is not None
            and there - here > step + 1e-9
        ):
            continue
        out.append((j, f))
    return out


def external_rows(
    ext: ExternalSpace,
    choices: Sequence[tuple[int, float]],
    ready: Sequence[float],
    wanted: set[str],
    blend: dict[str, float],
) -> list[Row]:
    """Blend rows of the allowed candidates; ``ready`` is readiness per candidate row, (n,)."""
    rows: list[Row] = []
    for j, f in choices:
        oid = ext.ids[j]
        values = {
            "readiness": float(ready[j]),
            "transition": SIMILAR_WEIGHT * f,
            "progression": 0.0,
            "open_positions": 0.0,
            "aspiration": 1.0 if oid in wanted else 0.0,
        }
        rows.append((sum(blend[k] * v for k, v in values.items()), oid, values))
    rows.sort(key=_order)
    return rows


def merge(internal: list[Row], external: list[Row], top: int, asked: bool | None) -> list[Row]:
    """The ``top`` rows: externals capped at MAX_LISTED unless asked, shown when asked (docstring).

    ``external`` must be sorted best first (as ``external_rows`` returns it).
    """
    if asked is False:
        return sorted(internal, key=_order)[:top]
    pool = external if asked else external[:MAX_LISTED]
    merged = sorted([*internal, *pool], key=_order)[:top]
    ids = {r[1] for r in external}
    shown = [r for r in merged if r[1] in ids]  # the best externals: a prefix of ``external``
    need = min(MAX_LISTED, len(external), top) - len(shown) if asked else 0
    if need <= 0:
        return merged
    extra = external[len(shown) : len(shown) + need]
    kept = [r for r in merged if r[1] not in ids][: top - len(shown) - len(extra)]
    return sorted([*kept, *shown, *extra], key=_order)


def _order(row: Row) -> tuple[float, str]:
    """Sort key: score descending, then id."""
    return (-row[0], row[1])
