"""One demo person's working life, simulated under the hidden ground truth (domain/demo_truth.py).

A person is hired into a role (with outside jobs before, drawn from O*NET feasibility into it), then
lives in ticks of about ``review_months``: true skills grow, courses and projects happen, a rating
comes each year, and at each decision point the truth model says whether they leave, move and where.
Randomness comes from one generator per person (``[seed, index]``), so a person's life depends only
on the seed, their index and the truth parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from careerpath.domain import demo_truth as truth
from careerpath.domain.profile import (
    Course,
    LearningRecord,
    Outcome,
    ProjectRecord,
    RoleRequirement,
    RoleSpell,
)
from careerpath.engine.demo_catalog import EMPLOYERS, LOCATIONS, ORG_NAME, project_name, stable_hash
from careerpath.engine.demo_roles import DemoRole

DAYS = 30.4375  # per month
ENTRY_LEVEL_P = (0.30, 0.30, 0.22, 0.12, 0.05, 0.01)
LEARN_PER_YEAR, PROJECTS_PER_YEAR, PROJECTS_PER_DEPT_YEAR = 2.0, 0.7, 12
VERBS = (("experienced", 0.18), ("completed", 0.50), ("passed", 0.26), ("failed", 0.06))


@dataclass(frozen=True)
class TrueMove:
    """A move as the truth saw it: readiness for the destination and the success probability."""

    person_id: str
    at: date
    origin: str
    destination: str
    readiness: float
    p_success: float
    success: bool


@dataclass
class World:
    """What every simulated life shares: roles, truth, skill universe, catalog and outside jobs."""

    today: date
    seed: int
    roles: tuple[DemoRole, ...]
    table: truth.RoleTable
    params: truth.TruthParams
    skills: tuple[str, ...]
    departments: tuple[str, ...]
    weights: np.ndarray  # (n_departments,) headcount shares
    dept_roles: dict[str, list[int]]
    courses: tuple[Course, ...]
    course_skills: list[list[tuple[int, float]]]  # per course: (skill index, level)
    by_skill: dict[int, list[tuple[float, int]]]  # skill index -> (level, course index), by level
    origins: dict[str, tuple[tuple[str, ...], np.ndarray]]  # O*NET code -> outside jobs, probs
    outside_levels: dict[str, np.ndarray]  # O*NET code -> float32 (n_skills,) levels
    outside_titles: dict[str, str]
    outside_requirements: dict[str, tuple[RoleRequirement, ...]]  # O*NET code -> core requirements
    dept_skills: dict[str, np.ndarray]  # department -> skill indices its roles use
    project_skills: dict[str, tuple[int, ...]] = field(default_factory=dict)


@dataclass
class Life:
    """Everything simulated about one person (true levels stay hidden in the demo's truth)."""

    index: int
    person_id: str
    department: str
    location: str
    aptitude: float
    history: list[RoleSpell]
    levels: np.ndarray
    role: int
    exited: date | None = None
    perf_z: float = 0.0
    learning: list[LearningRecord] = field(default_factory=list)
    projects: list[ProjectRecord] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    moves: list[TrueMove] = field(default_factory=list)
    rating: float | None = None


@dataclass
class _State:
    t: int  # day ordinal of "now" in the simulation
    role_start: int
    last_promotion: int
    since_rating: float = 0.0
    fail_at: int | None = None
    spells: list[tuple[int, int, int]] = field(default_factory=list)  # (role, start, end)


def draw(rng: np.random.Generator, cumulative: np.ndarray) -> int:
    """An index drawn with probabilities given as a cumulative sum (faster than ``rng.choice``)."""
    return min(
        int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right")),
        len(cumulative) - 1,
    )


VERB_CUM = np.cumsum([w for _, w in VERBS])
LOCATION_CUM = np.cumsum([w for _, w in LOCATIONS])


def person_id(index: int) -> str:
    """The demo's employee id for a simulated person."""
    return f"E{index + 1:06d}"


def simulate(index: int, world: World, *, biased: bool) -> Life:
    """Simulate one person's working life up to ``world.today`` (or their exit)."""
    rng = np.random.default_rng([world.seed, index])
    today = world.today.toordinal()
    dept = world.departments[draw(rng, np.cumsum(world.weights))]
    role = _entry_role(rng, world, dept)
    hire = today - int(min(300.0, rng.gamma(1.3, 40.0)) * DAYS) - int(rng.integers(0, 28))
    aptitude = float(rng.normal())
    loc = LOCATIONS[draw(rng, LOCATION_CUM)][0]
    levels = rng.uniform(0.02, 0.12, len(world.skills)).astype(np.float32)
    outside = _outside_jobs(rng, world, role, hire, levels)
    fit = float(np.clip(rng.normal(0.88 + 0.05 * aptitude, 0.08), 0.5, 1.1))
    req = world.table.req_level[role]
    levels = np.maximum(levels, np.where(req > 0, req * fit, 0.0)).astype(np.float32)
    life = Life(index, person_id(index), dept, loc, aptitude, outside, np.clip(levels, 0, 1), role)
    life.perf_z = world.params.perf_aptitude * aptitude
    _live(life, rng, world, _State(hire, hire, hire), biased=biased)
    return life


def _entry_role(rng: np.random.Generator, world: World, dept: str) -> int:
    """A hire's first role: a level by ENTRY_LEVEL_P, IC roles ten times likelier than management."""
    idx = world.dept_roles[dept]
    levels = np.array([world.roles[i].level for i in idx])
    p_level = np.array(ENTRY_LEVEL_P)[levels - 1]
    p_track = np.array([1.0 if world.roles[i].track == "ic" else 0.1 for i in idx])
    p = p_level * p_track
    return idx[draw(rng, np.cumsum(p))]


def _outside_jobs(
    rng: np.random.Generator, world: World, role: int, hire: int, levels: np.ndarray
) -> list[RoleSpell]:
    """Jobs before the hire, from O*NET occupations feasible into the entry role (raises ``levels``)."""
    years = max(0.0, (world.roles[role].level - 1) * 2.5 + rng.normal(1.0, 1.5))
    codes, probs = world.origins.get(world.roles[role].onet, ((), np.zeros(0)))
    if years < 0.5 or not codes:
        return []
    n = 1 if years < 5 else 2
    end = hire - int(rng.integers(0, 90))
    spells: list[RoleSpell] = []
    for _ in range(n):
        code = codes[draw(rng, np.cumsum(probs))]
        length = int(years / n * 365.25)
        start = end - max(length, 120)
        spells.append(
            RoleSpell(
                title=world.outside_titles[code],
                start=date.fromordinal(start),
                end=date.fromordinal(end),
                occupation_id=code,
                employer=EMPLOYERS[int(rng.integers(len(EMPLOYERS)))],
            )
        )
        vec = world.outside_levels.get(code)
        if vec is not None:
            grown = 0.85 * (1.0 - np.exp(-(end - start) / DAYS / 12.0))
            np.maximum(levels, vec * grown, out=levels)
        end = start - int(rng.integers(0, 120))
    return spells[::-1]


def _live(life: Life, rng: np.random.Generator, world: World, st: _State, *, biased: bool) -> None:
    """Tick through the person's time in the organization, ending at today or an exit."""
    p, today = world.params, world.today.toordinal()
    while True:
        months = float(rng.uniform(p.review_months - 1.0, p.review_months + 1.0))
        end = min(today, st.t + int(months * DAYS))
        span = (end - st.t) / DAYS
        life.levels = truth.grow_skills(life.levels, life.role, life.aptitude, span, world.table, p)
        _learning(life, rng, world, st.t, end, span)
        _projects(life, rng, world, st.t, end, span)
        st.t = end
        st.since_rating += span
        if st.since_rating >= 12.0:
            _rate(life, rng, world, st)
        if end >= today:
            break
        if (st.t - st.role_start) / DAYS >= p.min_tenure_months and _decide(
            life, rng, world, st, biased
        ):
            break
    _close_spells(life, world, st)


def _rate(life: Life, rng: np.random.Generator, world: World, st: _State) -> None:
    ready = truth.readiness_for(life.levels, life.role, world.table)
    failed = st.fail_at is not None and st.t >= st.fail_at
    life.perf_z = truth.performance_z(
        life.aptitude, ready, float(rng.normal()), failed, world.params
    )
    stars = truth.rating(life.perf_z)
    life.rating = (stars - 1) / 4.0
    role_id = world.roles[life.role].id
    life.outcomes.append(
        Outcome(
            life.person_id,
            "rating",
            date.fromordinal(st.t),
            role_id,
            life.rating,
            f"rating {stars}/5",
        )
    )
    st.since_rating = 0.0


def _decide(life: Life, rng: np.random.Generator, world: World, st: _State, biased: bool) -> bool:
    """One decision point: maybe leave (returns True), maybe move to another role."""
    p, table = world.params, world.table
    failed = st.fail_at is not None and st.t >= st.fail_at
    stuck = (st.t - st.last_promotion) / 365.25
    if rng.random() < truth.exit_probability(life.perf_z, stuck, failed, p):
        life.exited = date.fromordinal(st.t)
        life.outcomes.append(
            Outcome(
                life.person_id,
                "exit",
                life.exited,
                world.roles[life.role].id,
                None,
                "left the organization",
            )
        )
        return True
    ready = truth.readiness(life.levels, table)
    in_role = (st.t - st.role_start) / DAYS
    if rng.random() >= truth.move_probability(life.perf_z, ready, life.role, in_role, table, p):
        return False
    probs = truth.destination_probabilities(ready, life.role, biased, table, p)
    dest = draw(rng, np.cumsum(probs))
    _move(life, rng, world, st, dest, float(ready[dest]))
    return False


def _move(
    life: Life, rng: np.random.Generator, world: World, st: _State, dest: int, ready: float
) -> None:
    """Record the move (promotion when the level rises) and its later success or failure."""
    origin, target = world.roles[life.role], world.roles[dest]
    at = date.fromordinal(st.t)
    event = "promotion" if target.level > origin.level else "move"
    life.outcomes.append(Outcome(life.person_id, event, at, target.id, None, f"from {origin.id}"))
    p_success = truth.success_probability(ready, life.perf_z, world.params)
    success = bool(rng.random() < p_success)
    judged = st.t + int(world.params.success_months * DAYS)
    if judged <= world.today.toordinal():
        verdict = "success" if success else "failure"
        detail = f"{verdict} in {target.id} after the move of {at.isoformat()}"
        life.outcomes.append(
            Outcome(life.person_id, verdict, date.fromordinal(judged), target.id, None, detail)
        )
    life.moves.append(TrueMove(life.person_id, at, origin.id, target.id, ready, p_success, success))
    st.spells.append((life.role, st.role_start, st.t))
    st.fail_at = None if success else judged
    if event == "promotion":
        st.last_promotion = st.t
    life.role, st.role_start = dest, st.t


def _close_spells(life: Life, world: World, st: _State) -> None:
    """Turn the simulated spells into RoleSpells (the last is current unless the person left)."""
    spells = [*st.spells, (life.role, st.role_start, st.t)]
    for k, (role, start, end) in enumerate(spells):
        r = world.roles[role]
        current = k == len(spells) - 1 and life.exited is None
        life.history.append(
            RoleSpell(
                title=r.occupation.title,
                start=date.fromordinal(start),
                end=None if current else date.fromordinal(end),
                role_id=r.id,
                occupation_id=r.onet,
                employer=ORG_NAME,
                org_unit=r.department,
                location=life.location,
            )
        )


def _learning(
    life: Life, rng: np.random.Generator, world: World, start: int, end: int, months: float
) -> None:
    """Courses taken in a tick: mostly toward the gaps of the current or a next role."""
    if not world.courses:
        return
    for _ in range(int(rng.poisson(LEARN_PER_YEAR * months / 12.0))):
        c = _pick_course(life, rng, world)
        verb = VERBS[draw(rng, VERB_CUM)][0]
        score = None
        if verb in ("passed", "failed"):
            score = round(
                float(rng.uniform(0.7, 1.0) if verb == "passed" else rng.uniform(0.3, 0.69)), 2
            )
        when = date.fromordinal(int(rng.integers(start, max(start + 1, end))))
        life.learning.append(LearningRecord(life.person_id, world.courses[c].id, verb, when, score))
        for k, level in world.course_skills[c]:
            life.levels[k] = truth.learn(float(life.levels[k]), level, verb, world.params)


def _pick_course(life: Life, rng: np.random.Generator, world: World) -> int:
    """A course for the biggest importance-weighted gaps (65%), else any course."""
    table = world.table
    targets = [life.role, *np.flatnonzero(table.next_roles[life.role]).tolist()]
    role = targets[int(rng.integers(len(targets)))]
    gap = table.req_weight[role] * np.maximum(table.req_level[role] - life.levels, 0.0)
    if rng.random() < 0.35 or gap.sum() <= 0:
        return int(rng.integers(len(world.courses)))
    k = draw(rng, np.cumsum(gap))
    options = world.by_skill.get(k)
    if not options:
        return int(rng.integers(len(world.courses)))
    above = [c for lvl, c in options if lvl > life.levels[k]]
    return above[0] if above else options[-1][1]


def _projects(
    life: Life, rng: np.random.Generator, world: World, start: int, end: int, months: float
) -> None:
    """Projects joined in a tick: shared ids per department and year, a few of their skills used."""
    today = world.today.toordinal()
    role = world.roles[life.role]
    for _ in range(int(rng.poisson(PROJECTS_PER_YEAR * months / 12.0))):
        begin = int(rng.integers(start, max(start + 1, end)))
        year = date.fromordinal(begin).year
        dept = world.departments.index(life.department)
        pid = f"PRJ-{dept:02d}-{year}-{int(rng.integers(PROJECTS_PER_DEPT_YEAR)):02d}"
        pool = _project_skill_pool(world, pid, life.department)
        if not pool:
            continue
        used = np.asarray(pool)[rng.permutation(len(pool))[: int(rng.integers(2, 4))]]
        stop = begin + int(rng.uniform(2.0, 8.0) * DAYS)
        lead = role.level >= 4 and rng.random() < 0.4
        life.projects.append(
            ProjectRecord(
                pid, life.person_id, project_name(pid), "lead" if lead else "contributor",
                tuple(world.skills[int(k)] for k in used), date.fromordinal(begin),
                date.fromordinal(stop) if stop <= today else None,
            )
        )  # fmt: skip
        for k in used.tolist():
            target = min(1.0, max(float(world.table.req_level[life.role, k]), 0.45) + 0.1)
            gap = max(0.0, target - float(life.levels[k]))
            life.levels[k] += world.params.project_gain * gap


def _project_skill_pool(world: World, pid: str, dept: str) -> tuple[int, ...]:
    """The 4-6 skills a project needs, fixed by its id (cached)."""
    pool = world.project_skills.get(pid)
    if pool is None:
        skills = world.dept_skills.get(dept, np.zeros(0, dtype=np.int64))
        prng = np.random.default_rng([world.seed, stable_hash(pid)])
        size = min(len(skills), int(prng.integers(4, 7)))
        pool = tuple(sorted(int(k) for k in prng.choice(skills, size=size, replace=False)))
        world.project_skills[pid] = pool
    return pool


CEO_INDEX = 10**9  # the chief executive's random stream


def chief_executive(world: World, role: int) -> Life:
    """The chief executive: hired eight years ago straight into the top role, after outside jobs."""
    rng = np.random.default_rng([world.seed, CEO_INDEX])
    today = world.today.toordinal()
    hire = today - int(8 * 365.25)
    levels = np.clip(world.table.req_level[role] * 1.05, 0.0, 1.0).astype(np.float32)
    outside = _outside_jobs(rng, world, role, hire, levels)
    dept = world.roles[role].department
    life = Life(
        CEO_INDEX, "E000000", dept, LOCATIONS[0][0], 1.5, outside, levels, role, rating=0.75
    )
    _close_spells(life, world, _State(today, hire, hire))
    return life
