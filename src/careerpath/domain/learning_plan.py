"""Learning plans: the courses that close a person's skill gaps at least time or cost, in order.

A gap is ``skill id -> (needed level, current level, importance)`` on the [0, 1] scale (importance
<= 0 or needed <= current: no gap). A course brings each skill it teaches up to its level, so a set
of courses brings a skill to the highest level any of them teaches. Partial credit: a course below
the needed level closes ``min(taught, needed) - level``. Each gap is cut into segments at the levels
the catalog reaches; a segment is worth ``importance x (1 + demand) x width`` and is covered by every
course reaching its top, which makes course choice weighted set cover (budgeted maximum coverage
when a cost or hours cap binds). ``demand`` is a skill's weight in open roles (``demand_weights``).

Up to ``exact_limit`` (60) candidate courses: exact two-stage MILP (scipy.optimize.milp): the most
gap value within the caps, then the least hours or cost for it. Above: greedy by value gained per
hour or per unit of cost (free courses first), plus the best single affordable course when a cap
binds. Then courses that add nothing are pruned. ``lower_bound`` is the LP relaxation at the plan's
value (scipy.optimize.linprog) or the MILP dual bound: the plan is within ``objective - bound``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.profile import Course, OpenPosition, RoleRequirement

#: A skill gap: (needed level, current level, importance), levels in [0, 1].
Gap = tuple[float, float, float]
Objective = Literal["time", "cost"]

_EPS = 1e-9
_NO_COURSE = "no course in the catalog teaches it: learn on the job or find a stretch project"
_OVER_CAP = "left out to stay within the budget or hours cap"


@dataclass(frozen=True, slots=True)
class SkillProgress:
    """One skill a plan step raises: its level before and after the course, [0, 1]."""

    skill_id: str
    before: float
    after: float


@dataclass(frozen=True, slots=True)
class PlanStep:
    """One course in a plan: the skills it raises, its hours and its cost."""

    course_id: str
    title: str
    skills: tuple[SkillProgress, ...]
    hours: float
    cost: float


@dataclass(frozen=True, slots=True)
class UncoveredSkill:
    """A gap the plan leaves open: needed level, level reached, importance and why."""

    skill_id: str
    needed: float
    current: float
    reached: float
    importance: float
    reason: str

    @property
    def gap(self) -> float:
        """What is still missing after the plan, in levels."""
        return self.needed - self.reached


@dataclass(frozen=True, slots=True)
class LearningPlan:
    """Ordered courses, their totals, the gaps left open and how close to optimal the plan is."""

    steps: tuple[PlanStep, ...]
    total_hours: float
    total_cost: float
    uncovered: tuple[UncoveredSkill, ...]
    minimise: Objective
    objective_value: float  # total hours ("time") or total cost ("cost")
    lower_bound: float  # no plan closing as much of the gaps within the caps does better
    coverage: float  # share of the priority-weighted gap the plan closes, [0, 1]
    solver: str  # exact | greedy | none

    @property
    def optimality_gap(self) -> float:
        """Relative distance from the lower bound, (objective - bound) / objective, 0 when exact."""
        if self.objective_value <= _EPS:
            return 0.0
        return max(0.0, (self.objective_value - self.lower_bound) / self.objective_value)


@dataclass(frozen=True)
class _Problem:
    """Segments x candidate courses: what each course covers and what it costs."""

    courses: tuple[Course, ...]
    teach: tuple[dict[str, float], ...]  # per course: skill -> level taught
    weight: NDArray[np.float64]  # (n_courses,) the objective: hours or cost
    cost: NDArray[np.float64]  # (n_courses,)
    hours: NDArray[np.float64]  # (n_courses,)
    value: NDArray[np.float64]  # (n_segments,) priority-weighted gap width
    covers: NDArray[np.bool_]  # (n_segments, n_courses)


def demand_weights(
    positions: Sequence[OpenPosition], requirements: Mapping[str, Sequence[RoleRequirement]]
) -> dict[str, float]:
    """Demand per skill in [0, 1]: importance-weighted share of open positions whose role needs it."""
    totals: dict[str, float] = {}
    for position in positions:
        for req in requirements.get(position.role_id, ()):
            weight = min(max(req.importance, 0.0), 1.0)
            totals[req.skill_id] = totals.get(req.skill_id, 0.0) + weight
    return {skill: min(1.0, total / len(positions)) for skill, total in totals.items()}


def build_learning_plan(
    gaps: Mapping[str, Gap],
    catalog: Sequence[Course],
    *,
    minimise: Objective = "time",
    budget: float | None = None,
    max_hours: float | None = None,
    demand: Mapping[str, float] | None = None,
    exact_limit: int = 60,
) -> LearningPlan:
    """Choose and order the courses that close ``gaps`` at least hours or cost within the caps."""
    if minimise not in ("time", "cost"):
        raise InvalidRequestError(f"cannot minimise {minimise!r}", hint="use 'time' or 'cost'")
    active = _active_gaps(gaps)
    demand = demand or {}
    worth = {s: g[2] * (1.0 + max(0.0, demand.get(s, 0.0))) for s, g in active.items()}
    problem = _build_problem(active, catalog, minimise, worth)
    caps = (np.inf if budget is None else budget, np.inf if max_hours is None else max_hours)
    chosen, solver, dual = _solve(problem, caps, exact_limit)
    chosen = _prune(problem, chosen)
    achieved = float(problem.value[_covered(problem, chosen)].sum())
    objective = float(problem.weight[chosen].sum())
    bound = max(_lp_bound(problem, achieved, caps), dual)
    total = sum(worth[s] * (n - c) for s, (n, c, _) in active.items())
    return LearningPlan(
        steps=_steps(problem, chosen, active),
        total_hours=float(problem.hours[chosen].sum()),
        total_cost=float(problem.cost[chosen].sum()),
        uncovered=_uncovered(problem, chosen, active, catalog),
        minimise=minimise,
        objective_value=objective,
        lower_bound=min(bound, objective),
        coverage=1.0 if total <= _EPS else min(1.0, achieved / total),
        solver=solver if chosen.size else "none",
    )


def _active_gaps(gaps: Mapping[str, Gap]) -> dict[str, Gap]:
    """The real gaps, levels clipped to [0, 1]: importance > 0 and needed above current."""
    active: dict[str, Gap] = {}
    for skill, (needed, current, importance) in gaps.items():
        n, c = min(max(needed, 0.0), 1.0), min(max(current, 0.0), 1.0)
        if importance > 0 and n > c + _EPS:
            active[skill] = (n, c, float(importance))
    return active


def _teaches(course: Course) -> dict[str, float]:
    """Skill -> the highest level a course teaches it to."""
    out: dict[str, float] = {}
    for cs in course.skills:
        out[cs.skill_id] = max(out.get(cs.skill_id, 0.0), min(max(cs.level, 0.0), 1.0))
    return out


def _build_problem(
    active: Mapping[str, Gap],
    catalog: Sequence[Course],
    minimise: Objective,
    worth: Mapping[str, float],
) -> _Problem:
    """Cut gaps into segments at the levels candidate courses reach; keep courses that help."""
    seen: set[str] = set()
    courses: list[Course] = []
    teach: list[dict[str, float]] = []
    for course in catalog:
        taught = _teaches(course)
        useful = any(lvl > active[s][1] + _EPS for s, lvl in taught.items() if s in active)
        if useful and course.id not in seen:
            seen.add(course.id)
            courses.append(course)
            teach.append(taught)
    values: list[float] = []
    rows: list[list[bool]] = []
    for skill in sorted(active):
        needed, current, _ = active[skill]
        reach = {round(min(t.get(skill, 0.0), needed), 6) for t in teach}
        prev = current
        for level in sorted(lvl for lvl in reach if lvl > current + _EPS):
            values.append(worth[skill] * (level - prev))
            rows.append([t.get(skill, 0.0) >= level - 1e-6 for t in teach])
            prev = level
    cost = np.array([max(c.cost, 0.0) for c in courses], dtype=np.float64)
    hours = np.array([max(c.hours, 0.0) for c in courses], dtype=np.float64)
    covers = np.array(rows, dtype=np.bool_).reshape(len(values), len(courses))
    return _Problem(
        courses=tuple(courses),
        teach=tuple(teach),
        weight=hours if minimise == "time" else cost,
        cost=cost,
        hours=hours,
        value=np.array(values, dtype=np.float64),
        covers=covers,
    )


def _covered(p: _Problem, chosen: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """(n_segments,) which segments a set of courses covers."""
    return np.asarray(p.covers[:, chosen].any(axis=1), dtype=np.bool_)


def _fits(p: _Problem, chosen: NDArray[np.bool_], caps: tuple[float, float]) -> NDArray[np.bool_]:
    """(n_courses,) courses that can still be added without breaking the caps."""
    room_cost = caps[0] - p.cost[chosen].sum() + _EPS
    room_hours = caps[1] - p.hours[chosen].sum() + _EPS
    return np.asarray((~chosen) & (p.cost <= room_cost) & (p.hours <= room_hours), dtype=np.bool_)


def _greedy(p: _Problem, caps: tuple[float, float]) -> NDArray[np.bool_]:
    """Add the most cost-effective affordable course until nothing affordable adds value."""
    chosen = np.zeros(len(p.courses), dtype=np.bool_)
    while True:
        open_ = ~_covered(p, chosen)
        gain = p.value[open_] @ p.covers[open_]
        candidates = np.flatnonzero(_fits(p, chosen, caps) & (gain > _EPS))
        if candidates.size == 0:
            break
        ratio = np.where(p.weight > _EPS, gain / np.maximum(p.weight, _EPS), np.inf)
        best = max(candidates, key=lambda i: (ratio[i], gain[i], -i))
        chosen[best] = True
    single = _best_single(p, caps) if np.isfinite(caps).any() else chosen
    better = p.value[_covered(p, single)].sum() > p.value[_covered(p, chosen)].sum() + 1e-9
    return single if better else chosen


def _best_single(p: _Problem, caps: tuple[float, float]) -> NDArray[np.bool_]:
    """The one affordable course worth the most (the budgeted-coverage safeguard)."""
    single = np.zeros(len(p.courses), dtype=np.bool_)
    afford = np.flatnonzero(_fits(p, single, caps))
    if afford.size:
        single[max(afford, key=lambda i: (p.value @ p.covers[:, i], -p.weight[i], -i))] = True
    return single


def _solve(
    p: _Problem, caps: tuple[float, float], exact_limit: int
) -> tuple[NDArray[np.bool_], str, float]:
    """Exact MILP for small catalogs (greedy if it fails), greedy otherwise; also a dual bound."""
    if len(p.courses) == 0:
        return np.zeros(0, dtype=np.bool_), "none", 0.0
    if len(p.courses) <= exact_limit:
        exact = _exact(p, caps)
        if exact is not None:
            return exact[0], "exact", exact[1]
    return _greedy(p, caps), "greedy", 0.0


def _milp_rows(
    p: _Problem, caps: tuple[float, float]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Rows ``A @ [x; y] <= b`` (y_j <= the x covering j; the caps) and the value row over [x; y]."""
    n, m = p.covers.shape[1], p.covers.shape[0]
    rows = [np.hstack([-p.covers.astype(np.float64), np.eye(m)])]
    ub = [np.zeros(m)]
    for row, cap in ((p.cost, caps[0]), (p.hours, caps[1])):
        if np.isfinite(cap):
            rows.append(np.concatenate([row, np.zeros(m)])[None])
            ub.append(np.array([cap]))
    return np.vstack(rows), np.concatenate(ub), np.concatenate([np.zeros(n), p.value])


def _exact(p: _Problem, caps: tuple[float, float]) -> tuple[NDArray[np.bool_], float] | None:
    """Two-stage MILP: most value within the caps, then least objective at that value."""
    n = len(p.courses)
    a_ub, b_ub, value_row = _milp_rows(p, caps)
    rows = LinearConstraint(a_ub, -np.inf, b_ub)
    ints, bounds = np.ones(value_row.size, dtype=np.int64), Bounds(0.0, 1.0)
    first: NDArray[np.bool_] | None = None
    target = float(p.value.sum())
    if np.isfinite(caps).any():
        res1 = milp(
            -value_row,
            constraints=[rows],
            integrality=ints,
            bounds=bounds,
            options={"time_limit": 5.0},
        )
        if res1.x is None:
            return None
        first = np.asarray(res1.x[:n] > 0.5)
        target = float(p.value[_covered(p, first)].sum())
    floor = LinearConstraint(value_row[None], target - 1e-7 * max(1.0, target), np.inf)
    c = np.concatenate([p.weight, np.zeros(p.value.size)])
    res2 = milp(
        c, constraints=[rows, floor], integrality=ints, bounds=bounds, options={"time_limit": 5.0}
    )
    if res2.x is None:
        return (first, 0.0) if first is not None else None
    chosen = np.asarray(res2.x[:n] > 0.5)
    if first is not None and p.value[_covered(p, chosen)].sum() < target - 1e-9:
        return first, 0.0
    dual = res2.mip_dual_bound if res2.status == 0 else None
    return chosen, float(dual) if dual is not None else 0.0


def _prune(p: _Problem, chosen: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Drop courses (dearest first) whose removal leaves every covered segment covered."""
    chosen = chosen.copy()
    target = _covered(p, chosen)
    for i in sorted(np.flatnonzero(chosen), key=lambda i: (-p.weight[i], -i)):
        chosen[i] = False
        if not (_covered(p, chosen) >= target).all():
            chosen[i] = True
    return chosen


def _lp_bound(p: _Problem, achieved: float, caps: tuple[float, float]) -> float:
    """LP relaxation: least objective of any fractional plan worth ``achieved`` within the caps."""
    if achieved <= _EPS or p.value.size == 0:
        return 0.0
    a_ub, b_ub, value_row = _milp_rows(p, caps)
    slack = achieved - 1e-7 * max(1.0, achieved)
    rows = np.vstack([-value_row[None], a_ub]).astype(np.float64)
    upper = np.concatenate([[-slack], b_ub]).astype(np.float64)
    c = np.concatenate([p.weight, np.zeros(p.value.size)])
    res = linprog(c, A_ub=rows, b_ub=upper, bounds=(0.0, 1.0), method="highs")
    return max(0.0, res.fun - 1e-9) if res.status == 0 and res.fun is not None else 0.0


def _steps(
    p: _Problem, chosen: NDArray[np.bool_], active: Mapping[str, Gap]
) -> tuple[PlanStep, ...]:
    """Order courses (lowest level taught first, then most gap value) and track skill levels."""

    def key(i: int) -> tuple[float, float, str]:
        levels = [min(lvl, active[s][0]) for s, lvl in p.teach[i].items() if s in active]
        return (max(levels, default=0.0), -float(p.value @ p.covers[:, i]), p.courses[i].id)

    state = {s: gap[1] for s, gap in active.items()}
    steps: list[PlanStep] = []
    for i in sorted((int(i) for i in np.flatnonzero(chosen)), key=key):
        raised: list[SkillProgress] = []
        for skill, level in sorted(p.teach[i].items()):
            if (
                skill in active
                and state[skill] < active[skill][0] - _EPS
                and level > state[skill] + _EPS
            ):
                raised.append(SkillProgress(skill, state[skill], level))
                state[skill] = level
        course = p.courses[i]
        steps.append(
            PlanStep(course.id, course.title, tuple(raised), float(p.hours[i]), float(p.cost[i]))
        )
    return tuple(steps)


def _uncovered(
    p: _Problem, chosen: NDArray[np.bool_], active: Mapping[str, Gap], catalog: Sequence[Course]
) -> tuple[UncoveredSkill, ...]:
    """Gaps the plan leaves open, most important first, each with the reason in plain words."""
    best: dict[str, float] = {}
    for course in catalog:
        for skill, level in _teaches(course).items():
            best[skill] = max(best.get(skill, 0.0), level)
    out: list[UncoveredSkill] = []
    for skill, (needed, current, importance) in active.items():
        reached = max([current] + [p.teach[i].get(skill, 0.0) for i in np.flatnonzero(chosen)])
        if reached >= needed - 1e-6:
            continue
        top = best.get(skill, 0.0)
        if top <= current + _EPS:
            reason = _NO_COURSE
        elif reached < min(top, needed) - 1e-6:
            reason = _OVER_CAP
        else:
            reason = f"no course goes past {top:.2f}: learn on the job or find a stretch project"
        out.append(UncoveredSkill(skill, needed, current, reached, importance, reason))
    return tuple(sorted(out, key=lambda u: (-u.importance * u.gap, u.skill_id)))
