"""Pricing a career path: the learning plan for its final role, its steps and their simulation.

Steps of a path (one per move, destination role id): the learning plan's hours and course cost
go on the first step (learning starts now, while in the current role); each move's timing is a
lognormal with the edge's expected months as median (log-sd from the origin's observed spans, else
``DEFAULT_TIMING``), conditioned on the months already spent in the current role for the first
move. Success per move comes from ``HeuristicSuccess`` on readiness for the destination (for the
final role: readiness after the plan, ``r + (1 - r) x coverage``), whether the move is a ladder
step and the job-zone step; it becomes ``BetaBelief.from_mean(p, SUCCESS_STRENGTH)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from careerpath.domain.gaps import analyse_gap
from careerpath.domain.learning_plan import LearningPlan, build_learning_plan
from careerpath.domain.paths import Edge, Path
from careerpath.domain.profile import Profile
from careerpath.domain.simulation import DEFAULT_TIMING, BetaBelief, MoveTiming, StepSpec
from careerpath.engine.recommend_context import OrgContext
from careerpath.ml.success import FEATURES, HeuristicSuccess

SUCCESS_STRENGTH = 20.0
_SUCCESS = HeuristicSuccess()


@dataclass(frozen=True)
class PricedSteps:
    """A path's steps for simulation, the final role's plan, readiness and missing skills."""

    steps: tuple[StepSpec, ...]
    plan: LearningPlan
    readiness: float  # for the final role, now
    missing: tuple[str, ...]


def plan_for(
    profile: Profile, role: str, ctx: OrgContext
) -> tuple[LearningPlan, float, tuple[str, ...]]:
    """Learning plan (least time) for a role's gaps, the readiness now and the missing skills."""
    report = analyse_gap(profile, ctx.requirements.get(role, ()))
    gaps = {g.skill_id: (g.required, g.effective, g.importance) for g in report.gaps}
    plan = build_learning_plan(gaps, ctx.courses, minimise="time", demand=ctx.demand)
    return plan, report.readiness, tuple(g.skill_id for g in report.missing(10))


def price_steps(
    path: Path,
    profile: Profile,
    ready: Mapping[str, float],
    ctx: OrgContext,
    tenure_months: float,
) -> PricedSteps:
    """The simulation steps of a path for a person (module docstring)."""
    final = path.roles[-1]
    plan, final_ready, missing = plan_for(profile, final, ctx)
    readiness = [ready.get(e.target, 0.0) for e in path.edges]
    readiness[-1] = final_ready + (1.0 - final_ready) * plan.coverage
    probs = _success(path.edges, readiness, profile, ctx, tenure_months)
    steps = tuple(
        StepSpec(
            role_id=e.target,
            learning_hours=plan.total_hours if i == 0 else 0.0,
            success=BetaBelief.from_mean(float(probs[i]), SUCCESS_STRENGTH),
            timing=_timing(e, ctx),
            course_cost=plan.total_cost if i == 0 else 0.0,
            months_elapsed=tenure_months if i == 0 else 0.0,
            readiness=min(1.0, readiness[i]),
        )
        for i, e in enumerate(path.edges)
    )
    return PricedSteps(steps, plan, final_ready, missing)


def _success(
    edges: tuple[Edge, ...],
    readiness: list[float],
    profile: Profile,
    ctx: OrgContext,
    tenure_months: float,
) -> np.ndarray:
    """Heuristic success probability per move, shape (n_moves,)."""
    perf = profile.performance if profile.performance is not None else np.nan
    x = np.full((len(edges), len(FEATURES)), np.nan)
    for i, e in enumerate(edges):
        a, b = ctx.graph.roles[e.source].job_zone, ctx.graph.roles[e.target].job_zone
        x[i, 0] = min(1.0, max(0.0, readiness[i]))
        x[i, 1] = 1.0 - x[i, 0]
        x[i, 2] = (b - a) if a is not None and b is not None else 0.0
        x[i, 3] = tenure_months if i == 0 else e.months
        x[i, 4] = perf
        x[i, 5] = 1.0 if "ladder" in e.kinds else 0.0
    return _SUCCESS.success_probability(x)


def _timing(edge: Edge, ctx: OrgContext) -> MoveTiming:
    """Months in role before the move: median from the edge, spread from the origin's history."""
    observed = ctx.timing.get(edge.source)
    sigma = observed.sigma if observed is not None else DEFAULT_TIMING.sigma
    return MoveTiming(median=max(edge.months, 1.0), sigma=sigma)
