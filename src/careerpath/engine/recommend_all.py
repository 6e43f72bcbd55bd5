"""``recommend --all``: re-rank every person's next roles, vectorised, and store the results.

What is computed: the NEXT ROLES only, with exactly the blend of ``recommend.rank_roles`` (same
components, weights, exclusion of the current role and tie order: score descending, then role id).
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
  current role gets -inf; ``top_k`` (argpartition, exact ties by role index) picks the best ``top``.

Storing: one transaction per chunk (``save_recommendations`` replaces the chunk's people's earlier
rows, so a run that fails midway leaves whole chunks of new rows and re-running is idempotent).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
import numpy.typing as npt

from careerpath.domain.gaps import effective_levels, readiness_matrix
from careerpath.domain.profile import Profile
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import StoredRecommendation, UnitOfWork
from careerpath.engine.recommend import BLEND, OPEN_SATURATION, PROGRESSION
from careerpath.engine.recommend_context import OrgContext, org_context
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


@dataclass(frozen=True)
class Scoring:
    """What scoring needs of the compiled organization, as arrays (module docstring)."""

    ctx: OrgContext
    index: dict[str, int]  # role id -> column
    transition: F64  # (n_roles + 1, n_roles); last row: no current org role
    progression: F64  # (n_roles + 1, n_roles)
    open_score: F64  # (n_roles,)


def compile_scoring(ctx: OrgContext) -> Scoring:
    """Precompute the role x role transition and progression matrices and the open-position vector."""
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
    return Scoring(ctx, index, transition, progression, np.asarray(opened, np.float64))


def origins(profiles: Sequence[Profile], s: Scoring) -> Index:
    """Each person's current org role column, or n_roles when none."""
    none = len(s.ctx.role_ids)
    out = [
        s.index.get(p.current.role_id or "", none) if p.current is not None else none
        for p in profiles
    ]
    return np.asarray(out, np.intp)


def score_people(profiles: Sequence[Profile], s: Scoring) -> tuple[F64, F64]:
    """Blend scores (current role -inf) and readiness, each (n_people, n_roles) float64."""
    levels = effective_levels(profiles, s.ctx.skill_ids)
    ready = readiness_matrix(levels, s.ctx.importance, s.ctx.level).astype(np.float64)
    origin = origins(profiles, s)
    aspiration = np.zeros_like(ready)
    for i, p in enumerate(profiles):
        cols = [s.index[r] for r in p.preferences.target_roles if r in s.index]
        aspiration[i, cols] = 1.0
    score = BLEND["readiness"] * ready
    score = score + BLEND["transition"] * s.transition[origin]
    score = score + BLEND["progression"] * s.progression[origin]
    score = score + BLEND["open_positions"] * s.open_score[None, :]
    score = score + BLEND["aspiration"] * aspiration
    held = np.flatnonzero(origin < len(s.ctx.role_ids))
    score[held, origin[held]] = -np.inf
    return score, ready


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
    cols = top_k(score, top)
    best = np.take_along_axis(score, cols, axis=1).tolist()
    readiness = np.take_along_axis(ready, cols, axis=1).tolist()
    role_ids = s.ctx.role_ids
    rows = []
    for p, js, vals, rs in zip(profiles, cols.tolist(), best, readiness, strict=True):
        for rank, (j, v, r) in enumerate(zip(js, vals, rs, strict=True), 1):
            if v != -np.inf:
                rows.append(
                    StoredRecommendation(
                        p.person_id, rank, role_ids[j], v, r, MODEL_VERSION, created
                    )
                )
    return rows


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
        scoring = compile_scoring(org_context(uow, taxonomy))
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
    return RunSummary(run_id, len(ids), stored, roles, seconds, MODEL_VERSION, created)
