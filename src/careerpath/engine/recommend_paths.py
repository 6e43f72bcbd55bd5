"""Pricing a career path: the learning plan for its final role, its steps and their simulation.

Steps of a path (one per move, destination role id): the learning plan's course cost goes on the
first step. Each move's timing is a lognormal conditioned, for the first move, on the months already
spent in the current role. Its median and log-sd are the origin's time in role (``OrgContext.timing``,
fitted under censoring by ``recommend_timing``; the median moved by the person's performance; the
pooled fit for an origin with too few moves), the median scaled by the pair's factor when the
organization has seen enough such moves (``OrgContext.pair_factor``); without any history, the graph
edge's months with ``DEFAULT_TIMING``'s log-sd. The first move also waits out the policy's minimum
tenure (``min_tenure``).

Learning overlaps the wait: people learn while in role, and the simulation makes a step last
``max(learn, wait)``. So a step carries only the learning *needed to be ready*, not the whole plan:
the share of the plan's hours that lifts readiness from ``r`` to ``READY_ENOUGH`` (0.8), assuming
readiness rises linearly with plan hours, ``hours x (READY_ENOUGH - r) / ((1 - r) x coverage)``
(capped at the plan; 0 when already ready). Learning thus lengthens a step only when that share
takes longer than the wait; the rest of the plan continues after the move.

Success per move comes from ``recommend_context.success_estimator``: the calibrated
``SuccessModel`` fitted once on the organization's labelled outcomes when there are enough of
them, else ``HeuristicSuccess``; features are readiness for the destination (for the final role:
readiness after the plan, ``r + (1 - r) x coverage x PLAN_DONE``: planned learning is uncertain,
so only half of it counts, while learning already done counts in full, which is why a what-if
course raises the success probability), the job-zone step, months in role,
performance and whether the move is a ladder step. ``success_version(ctx)`` names the estimator.
Each probability becomes ``BetaBelief.from_mean(p, SUCCESS_STRENGTH)``.
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
from careerpath.engine.recommend_context import OrgContext, success_estimator
from careerpath.ml.success import FEATURES

SUCCESS_STRENGTH = 20.0
READY_ENOUGH = 0.8
PLAN_DONE = 0.5  # share of the still-planned learning counted as done by the final move


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
    min_tenure: float = 0.0,
) -> PricedSteps:
    """The simulation steps of a path for a person (module docstring)."""
    final = path.roles[-1]
    plan, final_ready, missing = plan_for(profile, final, ctx)
    readiness = [ready.get(e.target, 0.0) for e in path.edges]
    readiness[-1] = final_ready + (1.0 - final_ready) * plan.coverage * PLAN_DONE
    probs = _success(path.edges, readiness, profile, ctx, tenure_months)
    steps = tuple(
        StepSpec(
            role_id=e.target,
            learning_hours=needed_hours(plan, final_ready) if i == 0 else 0.0,
            success=BetaBelief.from_mean(float(probs[i]), SUCCESS_STRENGTH),
            timing=_timing(e, ctx, min_tenure if i == 0 else 0.0, profile.performance),
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
    """Success probability per move from the context's estimator, shape (n_moves,)."""
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
    return success_estimator(ctx)[0].success_probability(x)


def success_version(ctx: OrgContext) -> str:
    """Name of the success estimator used for this context (module docstring)."""
    return success_estimator(ctx)[1]


def needed_hours(plan: LearningPlan, readiness: float) -> float:
    """Plan hours needed to reach READY_ENOUGH from ``readiness`` (module docstring)."""
    gain = (1.0 - readiness) * plan.coverage
    if readiness >= READY_ENOUGH or gain <= 0.0:
        return 0.0
    return plan.total_hours * min(1.0, (READY_ENOUGH - readiness) / gain)


def _timing(
    edge: Edge, ctx: OrgContext, min_months: float = 0.0, performance: float | None = None
) -> MoveTiming:
    """Months in role before the move (module docstring)."""
    fitted = ctx.timing.timing(edge.source)
    median = ctx.timing.median_for(edge.source, performance)
    if fitted is None or median is None:
        return MoveTiming(max(edge.months, 1.0), DEFAULT_TIMING.sigma, min_months)
    median *= ctx.pair_factor.get((edge.source, edge.target), 1.0)
    return MoveTiming(max(median, 1.0), fitted.sigma, min_months)
