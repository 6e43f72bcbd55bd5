"""``recommend --all``: re-rank every person's next roles, vectorised, and store the results.

What is computed: the NEXT ROLES only, with exactly the blend of ``recommend_roles.rank_roles`` in
its default mode (same components, weights, exclusion of the current role and of the policy's
excluded roles, external occupations at most ``MAX_LISTED`` per person and left out when the policy
says so, tie order: score descending, then id). The organization's policy is read once with the
org context and applies to everyone.
Paths, learning plans, simulation, mentors and rationales are per-person details computed on demand
by ``recommend_for``; a batch run does not compute them.

How (``OrgContext`` compiled once, then per chunk of ``CHUNK`` people):

- effective levels (people x skills, float32, ``domain.gaps.effective_levels``) against the roles'
  requirement matrices: ``readiness_matrix`` -> (people, roles);
- ``transition`` and ``progression`` rows gathered from precomputed (roles + 1) x roles matrices by
  the person's current role (the extra last row is "no current org role": transition 0,
  progression 0.5); ``open_positions`` a roles vector; ``aspiration`` a sparse 0/1 fill from the
  person's target roles;
- the blend summed in float64 in ``BLEND`` order (bit-identical to ``rank_roles``' Python sum); the
  current role and excluded roles get -inf;
- external occupations (``recommend_external``): readiness (people x candidates) against their
  matrices, ``transition`` gathered from a (roles + 1) x candidates matrix that is -inf where the
  origin has no such allowed candidate; the best ``MAX_LISTED`` per person (in id order, which puts
  them before the ``org:`` ids) are put in front of the org roles' columns;
- ``top_k`` (argpartition, exact ties by column) picks the best ``top``.

Storing: one transaction per chunk (``save_recommendations`` replaces the chunk's people's earlier
rows, so a run that fails midway leaves whole chunks of new rows and re-running is idempotent).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import numpy as np
import numpy.typing as npt

from careerpath.domain.constraints import PathConstraints
from careerpath.domain.gaps import effective_levels, readiness_matrix
from careerpath.domain.policy import PolicyRules, PolicyVersion, apply_policy
from careerpath.domain.profile import Profile
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import StoredRecommendation, UnitOfWork
from careerpath.engine.recommend_context import OrgContext, org_context
from careerpath.engine.recommend_external import (
    EMPTY,
    MAX_LISTED,
    SIMILAR_WEIGHT,
    ExternalSpace,
    allowed,
    external_space,
)
from careerpath.engine.recommend_roles import BLEND, OPEN_SATURATION, PROGRESSION
from careerpath.engine.recommend_types import MODEL_VERSION

F64 = npt.NDArray[np.float64]
Index = npt.NDArray[np.intp]
Progress = Callable[[int, int], None]  # (people done, total)
#: People scored and stored per transaction.
CHUNK = 5_000


@dataclass(frozen=True)
class RunSummary:
    """One batch run: id, how many people and rows were stored, and how long it took."""

    run_id: str
    people: int
    rows: int
    roles: int
    seconds: float
    model_version: str
    created: datetime
    policy_version: int | None = None  # the organization policy applied, None without one


@dataclass(frozen=True)
class Scoring:
    """What scoring needs of the compiled organization, as arrays (module docstring)."""

    ctx: OrgContext
    index: dict[str, int]  # role id -> column
    transition: F64  # (n_roles + 1, n_roles); last row: no current org role
    progression: F64  # (n_roles + 1, n_roles)
    open_score: F64  # (n_roles,)
    excluded: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, np.bool_))
    ext: ExternalSpace = EMPTY
    ext_transition: F64 = field(default_factory=lambda: np.zeros((1, 0)))  # (n_roles + 1, n_ext)
    policy_version: int | None = None


def compile_scoring(
    ctx: OrgContext, *, taxonomy: Taxonomy | None = None, policy: PolicyVersion | None = None
) -> Scoring:
    """Precompute the role x role matrices, the open-position vector, excluded roles, externals."""
    n = len(ctx.role_ids)
    transition = np.zeros((n + 1, n))
    progression = np.full((n + 1, n), 0.5)
    orgs = [ctx.roles[r].org for r in ctx.role_ids]
    levels = [o.level if o is not None else None for o in orgs]
    for i, a in enumerate(ctx.role_ids):
        for j, b in enumerate(ctx.role_ids):
            edge = ctx.graph.edge(a, b)
            transition[i, j] = edge.probability if edge is not None else 0.0
            here, there = levels[i], levels[j]
            if here is not None and there is not None:
                progression[i, j] = PROGRESSION.get(there - here, 0.0)
    opened = [min(1.0, ctx.open_positions[r] / OPEN_SATURATION) for r in ctx.role_ids]
    index = {r: j for j, r in enumerate(ctx.role_ids)}
    rules = policy.rules if policy is not None else PolicyRules()
    limits = apply_policy(rules, PathConstraints())
    excluded = np.array([r in limits.excluded for r in ctx.role_ids], np.bool_)
    use_ext = taxonomy is not None and rules.include_external is not False
    ext = external_space(ctx, taxonomy) if taxonomy is not None and use_ext else EMPTY
    ext_transition = np.full((n + 1, len(ext)), -np.inf)
    for i, a in enumerate(ctx.role_ids):
        for j, f in allowed(ext, a, ctx.graph.roles[a], limits):
            ext_transition[i, j] = SIMILAR_WEIGHT * f
    version = policy.version if policy is not None else None
    return Scoring(
        ctx, index, transition, progression, np.asarray(opened, np.float64),
        excluded, ext, ext_transition, version,
    )  # fmt: skip


def origins(profiles: Sequence[Profile], s: Scoring) -> Index:
    """Each person's current org role column, or n_roles when none."""
    none = len(s.ctx.role_ids)
    out = [
        s.index.get(p.current.role_id or "", none) if p.current is not None else none
        for p in profiles
    ]
    return np.asarray(out, np.intp)


def score_people(profiles: Sequence[Profile], s: Scoring) -> tuple[F64, F64]:
    """Blend scores (current and excluded roles -inf) and readiness, each (n_people, n_roles)."""
    levels = effective_levels(profiles, s.ctx.skill_ids)
    ready = readiness_matrix(levels, s.ctx.importance, s.ctx.level).astype(np.float64)
    origin = origins(profiles, s)
    aspiration = _aspiration(profiles, s.index, ready.shape[1])
    score = BLEND["readiness"] * ready
    score = score + BLEND["transition"] * s.transition[origin]
    score = score + BLEND["progression"] * s.progression[origin]
    score = score + BLEND["open_positions"] * s.open_score[None, :]
    score = score + BLEND["aspiration"] * aspiration
    held = np.flatnonzero(origin < len(s.ctx.role_ids))
    score[held, origin[held]] = -np.inf
    if s.excluded.any():
        score[:, s.excluded] = -np.inf
    return score, ready


def external_scores(profiles: Sequence[Profile], s: Scoring) -> tuple[F64, F64]:
    """Blend scores of the external candidates (-inf where not allowed) and readiness, (n, n_ext)."""
    ext = s.ext
    levels = effective_levels(profiles, ext.skill_ids)
    ready = readiness_matrix(levels, ext.importance, ext.level).astype(np.float64)
    aspiration = _aspiration(profiles, {oid: j for j, oid in enumerate(ext.ids)}, len(ext))
    score = BLEND["readiness"] * ready
    score = score + BLEND["transition"] * s.ext_transition[origins(profiles, s)]
    score = score + BLEND["progression"] * 0.0
    score = score + BLEND["open_positions"] * 0.0
    score = score + BLEND["aspiration"] * aspiration
    return score, ready


def _aspiration(profiles: Sequence[Profile], index: dict[str, int], width: int) -> F64:
    """1 where a column is one of the person's target roles, else 0: (n_people, width)."""
    out = np.zeros((len(profiles), width))
    for i, p in enumerate(profiles):
        cols = [index[r] for r in p.preferences.target_roles if r in index]
        out[i, cols] = 1.0
    return out


def top_k(scores: F64, k: int) -> Index:
    """Per row, the columns of the ``k`` best scores, best first, ties by ascending column."""
    n, width = scores.shape
    k = min(k, width)
    if k <= 0 or n == 0:
        return np.empty((n, max(k, 0)), np.intp)
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    kth = np.take_along_axis(scores, part, axis=1).min(axis=1)[:, None]
    above = scores > kth
    equal = scores == kth
    need = k - above.sum(axis=1, keepdims=True)
    chosen = above | (equal & (np.cumsum(equal, axis=1) <= need))
    cols = np.nonzero(chosen)[1].reshape(n, k)
    vals = np.take_along_axis(scores, cols, axis=1)
    order = np.argsort(-vals, axis=1, kind="stable")
    return np.take_along_axis(cols, order, axis=1)


def rank_chunk(
    profiles: Sequence[Profile], s: Scoring, top: int, created: datetime
) -> list[StoredRecommendation]:
    """The stored rows (best ``top`` next roles per person) of one chunk of people."""
    score, ready = score_people(profiles, s)
    ids: list[list[str]] = [list(s.ctx.role_ids)] * len(profiles)
    if len(s.ext):
        score, ready, ids = _with_externals(profiles, s, score, ready)
    cols = top_k(score, top)
    best = np.take_along_axis(score, cols, axis=1).tolist()
    readiness = np.take_along_axis(ready, cols, axis=1).tolist()
    rows = []
    for p, names, js, vals, rs in zip(profiles, ids, cols.tolist(), best, readiness, strict=True):
        for rank, (j, v, r) in enumerate(zip(js, vals, rs, strict=True), 1):
            if v != -np.inf:
                rows.append(
                    StoredRecommendation(p.person_id, rank, names[j], v, r, MODEL_VERSION, created)
                )
    return rows


def _with_externals(
    profiles: Sequence[Profile], s: Scoring, score: F64, ready: F64
) -> tuple[F64, F64, list[list[str]]]:
    """The best MAX_LISTED externals per person (in id order) put before the org roles' columns."""
    ext_score, ext_ready = external_scores(profiles, s)
    chosen = np.sort(top_k(ext_score, MAX_LISTED), axis=1)
    score = np.concatenate([np.take_along_axis(ext_score, chosen, axis=1), score], axis=1)
    ready = np.concatenate([np.take_along_axis(ext_ready, chosen, axis=1), ready], axis=1)
    role_ids = list(s.ctx.role_ids)
    ids = [[s.ext.ids[j] for j in row] + role_ids for row in chosen.tolist()]
    return score, ready, ids


def compile_run(uow: UnitOfWork, taxonomy: Taxonomy, today: date) -> Scoring:
    """The organization compiled for a run (current policy, externals), inside an open ``uow``."""
    policy = uow.policies.current()
    context = org_context(uow, taxonomy, today)
    return compile_scoring(context, taxonomy=taxonomy, policy=policy)


def recommend_all(
    *,
    uow_factory: Callable[[], UnitOfWork],
    taxonomy: Taxonomy,
    top: int = 10,
    today: date,
    progress: Progress | None = None,
) -> RunSummary:
    """Rank every stored person's next roles and store the rows (module docstring).

    ``today`` is the run's date: it does not change next-role scores (tenure matters to paths only);
    it is recorded as the rows' creation time when the run happens on another day (replays, tests).
    """
    start = time.perf_counter()
    now = datetime.now(UTC)
    created = (
        now if now.date() == today else datetime(today.year, today.month, today.day, tzinfo=UTC)
    )
    run_id = f"run-{created:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    with uow_factory() as uow:
        ids = uow.people.ids()
        scoring = compile_run(uow, taxonomy, today)
    stored = 0
    for begin in range(0, len(ids), CHUNK):
        with uow_factory() as uow:
            profiles = uow.people.get_many(ids[begin : begin + CHUNK])
            rows = rank_chunk(profiles, scoring, top, created)
            uow.organization.save_recommendations(run_id, rows)
            uow.commit()
        stored += len(rows)
        if progress is not None:
            progress(min(begin + CHUNK, len(ids)), len(ids))
    seconds = time.perf_counter() - start
    roles = len(scoring.ctx.role_ids)
    return RunSummary(
        run_id, len(ids), stored, roles, seconds, MODEL_VERSION, created, scoring.policy_version
    )
