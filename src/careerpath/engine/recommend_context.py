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
- time in role per origin (``MoveTiming.from_observed``) and move success counts per destination.

It depends only on the organization and the taxonomy, so a batch (``recommend --all``, benchmarks)
builds it once and passes it to every ``recommend_for`` call.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from careerpath.domain.constraints import role_attrs
from careerpath.domain.gaps import F32, requirement_matrices
from careerpath.domain.learning_plan import demand_weights
from careerpath.domain.paths import GraphParams, TransitionGraph, build_graph
from careerpath.domain.profile import Course, MentorOffer, OpenPosition, Outcome, RoleRequirement
from careerpath.domain.simulation import MoveTiming
from careerpath.domain.taxonomy import Occupation, Taxonomy
from careerpath.engine.ports import UnitOfWork
from careerpath.engine.skills import org_requirements

SIMILAR_TOP, SIMILAR_MIN = 5, 0.2
MOVE_EVENTS = ("move", "promotion")
_MONTH_DAYS = 30.4375
Move = tuple[str, str, float | None]  # (origin role, destination role, months in origin or None)


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
    timing: dict[str, MoveTiming]  # origin role -> months in role before a move (observed)
    open_positions: Counter[str]  # role id -> open positions
    demand: dict[str, float]  # skill id -> demand in open roles, [0, 1]
    courses: tuple[Course, ...]
    mentors: tuple[MentorOffer, ...]
    outcomes: int  # labelled success / failure outcomes seen


def org_context(uow: UnitOfWork, taxonomy: Taxonomy) -> OrgContext:
    """Read and compile the organization (call inside an open unit of work)."""
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
    return OrgContext(
        roles=roles,
        role_ids=role_ids,
        requirements=requirements,
        skill_ids=skill_ids,
        importance=imp,
        level=lvl,
        graph=graph,
        timing=_timing(moves),
        open_positions=Counter(p.role_id for p in positions if p.role_id in roles),
        demand=_demand(positions, requirements),
        courses=tuple(uow.learning.courses()),
        mentors=tuple(org.mentors()),
        outcomes=labelled,
    )


def observed_moves(outcomes: Sequence[Outcome], roles: set[str]) -> list[Move]:
    """Moves between known roles from outcome events (module docstring), oldest first per person."""
    by_person: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        if o.event in MOVE_EVENTS and o.role_id in roles:
            by_person[o.person_id].append(o)
    out: list[Move] = []
    for events in by_person.values():
        events.sort(key=lambda o: o.at)
        prev: Outcome | None = None
        for o in events:
            named = o.detail[5:].strip() if o.detail.startswith("from ") else ""
            origin = named if named in roles else (prev.role_id if prev else None)
            months = (o.at - prev.at).days / _MONTH_DAYS if prev is not None else None
            if origin is not None and o.role_id is not None and origin != o.role_id:
                out.append((origin, o.role_id, months))
            prev = o
    return out


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


def _timing(moves: list[Move]) -> dict[str, MoveTiming]:
    """Months in each origin role before a move, fitted where at least 5 spans are known."""
    spans: dict[str, list[float]] = defaultdict(list)
    for a, _, m in moves:
        if m is not None:
            spans[a].append(m)
    return {a: MoveTiming.from_observed(v) for a, v in spans.items() if len(v) >= 5}


def _demand(
    positions: Sequence[OpenPosition], requirements: dict[str, tuple[RoleRequirement, ...]]
) -> dict[str, float]:
    """Skill demand in open positions (empty without positions)."""
    return demand_weights(positions, requirements) if positions else {}
