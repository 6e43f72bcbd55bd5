"""What recommendations need of the organization, read and compiled once: roles, graph, catalog.

``org_context`` reads one transaction's org roles (stored requirements, else the role framework's
facets in the taxonomy), open positions, mentors, outcomes and the course catalog, and compiles:

- the roles x skills importance and level matrices (float32) for vectorised readiness;
- the role-transition graph (``domain.paths.build_graph``) from three kinds of evidence: the
  framework's ladders (``next_roles``), role similarity (cosine of importance x level requirement
  vectors, top ``SIMILAR_TOP`` with cosine >= ``SIMILAR_MIN``), and observed moves: outcome events
  ``move`` / ``promotion`` whose origin is named in the detail (``from <role id>``) or is the
  person's previous move; months in role are the time since the person's previous move (unknown
  for a first move: the pair's median, else the ladder default);
- time in role (``recommend_timing.fit_timing``): a lognormal per origin fitted under right
  censoring on every spell that starts with a recorded move (still running at ``today``, default
  the latest outcome's date, or ended by leaving: censored), with a shared effect of performance;
- ``pair_factor``: for (origin, destination) pairs with at least ``MIN_PAIR_SPANS`` known spans,
  the median months in the origin before moves to that destination over the median before any
  move from the origin (completed spans both): how much sooner or later that move comes, applied
  to the origin's fitted median when pricing (an accelerated-failure-time adjustment);
- ``success_data``: features (``ml.success.FEATURES``) and labels of the labelled outcomes
  (``success`` / ``failure``, joined to the person's latest move into the same role on or before
  the verdict), built only when there are at least ``MIN_OUTCOMES`` of them. Readiness at the move
  is not stored historically, so the person's *current* readiness for the destination is the proxy
  (and current performance for performance); ``transition_rate`` is left unknown (NaN), as when
  pricing. ``success_estimator`` fits the model once per context and caches it there.

It depends only on the organization and the taxonomy, so a batch (``recommend --all``, benchmarks)
builds it once and passes it to every ``recommend_for`` call.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import cast

import numpy as np

from careerpath.domain.constraints import role_attrs
from careerpath.domain.gaps import F32, effective_levels, readiness_matrix, requirement_matrices
from careerpath.domain.learning_plan import demand_weights
from careerpath.domain.paths import GraphParams, TransitionGraph, build_graph
from careerpath.domain.profile import (
    Course,
    MentorOffer,
    OpenPosition,
    Outcome,
    Profile,
    RoleRequirement,
)
from careerpath.domain.taxonomy import Occupation, Taxonomy
from careerpath.engine.ports import UnitOfWork
from careerpath.engine.recommend_timing import TimingModel, fit_timing, person_moves, spells
from careerpath.engine.skills import org_requirements
from careerpath.ml.success import (
    FEATURES,
    MIN_OUTCOMES,
    HeuristicSuccess,
    SuccessEstimator,
    choose_success_model,
)

SIMILAR_TOP, SIMILAR_MIN = 5, 0.2
MOVE_EVENTS = ("move", "promotion")
_MONTH_DAYS = 30.4375
MIN_PAIR_SPANS = 10
SUCCESS_SEED = 0
Move = tuple[str, str, float | None]  # (origin role, destination role, months in origin or None)
SuccessData = tuple[np.ndarray, np.ndarray]  # features (n, len(FEATURES)), labels (n,) in {0, 1}


@dataclass(frozen=True)
class OrgContext:
    """The organization compiled for recommendations (module docstring)."""

    roles: dict[str, Occupation]  # org role id -> occupation
    role_ids: tuple[str, ...]  # row order of the matrices
    requirements: dict[str, tuple[RoleRequirement, ...]]
    skill_ids: tuple[str, ...]  # column order of the matrices
    importance: F32  # (n_roles, n_skills)
    level: F32  # (n_roles, n_skills)
    graph: TransitionGraph
    timing: TimingModel  # months in role before a move (recommend_timing)
    open_positions: Counter[str]  # role id -> open positions
    demand: dict[str, float]  # skill id -> demand in open roles, [0, 1]
    courses: tuple[Course, ...]
    mentors: tuple[MentorOffer, ...]
    outcomes: int  # labelled success / failure outcomes seen
    pair_factor: dict[tuple[str, str], float] = field(default_factory=dict)
    success_data: SuccessData | None = None
    mentor_profiles: dict[str, Profile] = field(default_factory=dict)  # read with the context
    cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False)


def org_context(uow: UnitOfWork, taxonomy: Taxonomy, today: date | None = None) -> OrgContext:
    """Read and compile the organization (call inside an open unit of work).

    ``today`` ends the spells still running (default: the date of the latest outcome).
    """
    org = uow.organization
    stored = {occ.id: (occ, tuple(reqs)) for occ, reqs in org.roles()}
    roles = {rid: occ for rid, (occ, _) in stored.items()}
    requirements = {rid: reqs for rid, (_, reqs) in stored.items() if reqs}
    requirements.update(org_requirements(taxonomy, set(roles) - set(requirements)))
    role_ids = tuple(sorted(roles))
    skill_ids = tuple(sorted({r.skill_id for reqs in requirements.values() for r in reqs}))
    imp, lvl = requirement_matrices([requirements.get(r, ()) for r in role_ids], skill_ids)
    outcomes = org.outcomes()
    moves = observed_moves(outcomes, set(roles))
    graph = _graph(roles, role_ids, imp * lvl, moves)
    positions = org.positions()
    labelled = sum(1 for o in outcomes if o.event in ("success", "failure"))
    timing = fit_timing(spells(outcomes, set(roles), today))
    mentors = tuple(org.mentors())
    mentor_ids = sorted({m.person_id for m in mentors})
    data = None
    if labelled >= MIN_OUTCOMES:
        data = _success_data(uow, outcomes, roles, (role_ids, skill_ids), imp, lvl)
    return OrgContext(
        roles=roles,
        role_ids=role_ids,
        requirements=requirements,
        skill_ids=skill_ids,
        importance=imp,
        level=lvl,
        graph=graph,
        timing=timing,
        open_positions=Counter(p.role_id for p in positions if p.role_id in roles),
        demand=_demand(positions, requirements),
        courses=tuple(uow.learning.courses()),
        mentors=mentors,
        outcomes=labelled,
        pair_factor=_pair_factor(moves),
        success_data=data,
        mentor_profiles={p.person_id: p for p in uow.people.get_many(mentor_ids)},
    )


def observed_moves(outcomes: Sequence[Outcome], roles: set[str]) -> list[Move]:
    """Moves between known roles from outcome events (module docstring), oldest first per person."""
    by_person: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        if o.event in MOVE_EVENTS and o.role_id in roles:
            by_person[o.person_id].append(o)
    return [mv for events in by_person.values() for _, mv in person_moves(events, roles)]


def _graph(
    roles: dict[str, Occupation], role_ids: tuple[str, ...], vectors: F32, moves: list[Move]
) -> TransitionGraph:
    """The transition graph from ladders, requirement similarity and observed moves."""
    attrs = {rid: role_attrs(occ) for rid, occ in roles.items()}
    ladders = {
        rid: [n for n in occ.org.next_roles if n in roles]
        for rid, occ in roles.items()
        if occ.org is not None
    }
    known: dict[tuple[str, str], list[float]] = defaultdict(list)
    for a, b, m in moves:
        if m is not None:
            known[a, b].append(m)
    default = GraphParams().ladder_months
    filled = [
        (a, b, m if m is not None else statistics.median(known[a, b]) if known[a, b] else default)
        for a, b, m in moves
    ]
    return build_graph(attrs, similar=_similar(role_ids, vectors), ladders=ladders, moves=filled)


def _similar(role_ids: tuple[str, ...], vectors: F32) -> dict[str, list[tuple[str, float]]]:
    """Top SIMILAR_TOP roles by cosine of requirement vectors (n_roles, n_skills), self excluded."""
    if not role_ids or vectors.shape[1] == 0:
        return {}
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.maximum(norms, np.float32(1e-9))
    sim = unit @ unit.T
    np.fill_diagonal(sim, -1.0)
    out: dict[str, list[tuple[str, float]]] = {}
    for i, rid in enumerate(role_ids):
        order = np.argsort(-sim[i], kind="stable")[:SIMILAR_TOP]
        out[rid] = [(role_ids[j], float(sim[i, j])) for j in order if sim[i, j] >= SIMILAR_MIN]
    return out


def _demand(
    positions: Sequence[OpenPosition], requirements: dict[str, tuple[RoleRequirement, ...]]
) -> dict[str, float]:
    """Skill demand in open positions (empty without positions)."""
    return demand_weights(positions, requirements) if positions else {}


def _pair_factor(moves: list[Move]) -> dict[tuple[str, str], float]:
    """Median months before each (origin, destination) move over the origin's median, both
    completed spans, for pairs with >= MIN_PAIR_SPANS known spans (module docstring)."""
    spans: dict[tuple[str, str], list[float]] = defaultdict(list)
    origin: dict[str, list[float]] = defaultdict(list)
    for a, b, m in moves:
        if m is not None and m > 0:
            spans[a, b].append(m)
            origin[a].append(m)
    return {
        (a, b): statistics.median(v) / statistics.median(origin[a])
        for (a, b), v in spans.items()
        if len(v) >= MIN_PAIR_SPANS
    }


def _success_data(
    uow: UnitOfWork,
    outcomes: Sequence[Outcome],
    roles: dict[str, Occupation],
    axes: tuple[tuple[str, ...], tuple[str, ...]],
    importance: F32,
    level: F32,
) -> SuccessData | None:
    """Features and labels of labelled outcomes joined to their moves (module docstring)."""
    joined = _labelled_moves(outcomes, set(roles))
    if not joined:
        return None
    people = {p.person_id: p for p in uow.people.get_many(sorted({j[0] for j in joined}))}
    joined = [j for j in joined if j[0] in people]
    if not joined:
        return None
    order = sorted(people)
    row = {pid: i for i, pid in enumerate(order)}
    role_ids, skill_ids = axes
    ready = readiness_matrix(
        effective_levels([people[p] for p in order], skill_ids), importance, level
    )
    col = {rid: j for j, rid in enumerate(role_ids)}
    x = np.full((len(joined), len(FEATURES)), np.nan)
    y = np.zeros(len(joined))
    for i, (pid, a, b, months, ok) in enumerate(joined):
        x[i] = _features_row(
            float(ready[row[pid], col[b]]), roles[a], roles[b], months, people[pid]
        )
        y[i] = 1.0 if ok else 0.0
    return x, y


def _features_row(
    ready: float, a: Occupation, b: Occupation, months: float | None, person: Profile
) -> np.ndarray:
    """One training row in FEATURES order (transition_rate unknown)."""
    za, zb = a.job_zone, b.job_zone
    ladder = a.org is not None and b.id in a.org.next_roles
    perf = person.performance if person.performance is not None else np.nan
    r = min(1.0, max(0.0, ready))
    step = (zb - za) if za is not None and zb is not None else 0.0
    m = months if months is not None else np.nan
    return np.array([r, 1.0 - r, step, m, perf, 1.0 if ladder else 0.0, np.nan])


def _labelled_moves(
    outcomes: Sequence[Outcome], roles: set[str]
) -> list[tuple[str, str, str, float | None, bool]]:
    """(person, origin, destination, months in origin, success) per verdict joined to its move."""
    by_person: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_person[o.person_id].append(o)
    out: list[tuple[str, str, str, float | None, bool]] = []
    for pid, events in by_person.items():
        mine = [o for o in events if o.role_id in roles]
        moves = {(o.at, b): (a, m) for o, (a, b, m) in person_moves(mine, roles)}
        for v in events:
            if v.event not in ("success", "failure") or v.role_id not in roles:
                continue
            before = [k for k in moves if k[1] == v.role_id and k[0] <= v.at]
            if before:
                a, m = moves[max(before)]
                out.append((pid, a, str(v.role_id), m, v.event == "success"))
    return out


def success_estimator(ctx: OrgContext) -> tuple[SuccessEstimator, str]:
    """The success model for this context and its name, fitted once and cached on the context.

    ``SuccessModel`` (calibrated logistic) with enough labelled outcomes (``choose_success_model``),
    else ``HeuristicSuccess``; the name is ``"learned-success-n<outcomes>"`` or ``"heuristic-success"``.
    """
    cached = ctx.cache.get("success")
    if isinstance(cached, tuple):
        return cast(tuple[SuccessEstimator, str], cached)
    found: tuple[SuccessEstimator, str] = (HeuristicSuccess(), "heuristic-success")
    if ctx.success_data is not None:
        x, y = ctx.success_data
        model = choose_success_model(len(y), int(y.sum()), random_state=SUCCESS_SEED)
        if not isinstance(model, HeuristicSuccess):
            found = (model.fit(x, y), f"learned-success-n{len(y)}")
    ctx.cache["success"] = found
    return found
