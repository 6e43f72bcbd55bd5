"""Learning plans: handmade catalogs for each rule, and properties of the exact and greedy solvers."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.learning_plan import Gap, LearningPlan, build_learning_plan, demand_weights
from careerpath.domain.profile import Course, CourseSkill, OpenPosition, RoleRequirement

GAPS: dict[str, Gap] = {"py": (0.7, 0.3, 1.0), "sql": (0.5, 0.1, 0.5)}


def course(cid: str, skills: dict[str, float], hours: float, cost: float) -> Course:
    """A course teaching ``skills`` (skill -> level) for ``hours`` and ``cost``."""
    taught = tuple(CourseSkill(s, lvl) for s, lvl in skills.items())
    return Course(cid, cid.upper(), taught, hours=hours, cost=cost)


CATALOG = [
    course("a", {"py": 0.7}, 10, 500),
    course("b", {"py": 0.7, "sql": 0.5}, 40, 100),
    course("c", {"sql": 0.6}, 5, 300),
]


def ids(plan: LearningPlan) -> list[str]:
    """The course ids of a plan, in plan order."""
    return [step.course_id for step in plan.steps]


@pytest.mark.parametrize("exact_limit", [60, 0])
def test_time_and_cost_objectives_choose_different_covering_sets(exact_limit: int) -> None:
    by_time = build_learning_plan(GAPS, CATALOG, minimise="time", exact_limit=exact_limit)
    by_cost = build_learning_plan(GAPS, CATALOG, minimise="cost", exact_limit=exact_limit)
    assert sorted(ids(by_time)) == ["a", "c"] and by_time.total_hours == 15
    assert ids(by_cost) == ["b"] and by_cost.total_cost == 100
    assert by_time.uncovered == () and by_cost.coverage == pytest.approx(1.0)
    assert by_time.lower_bound <= by_time.objective_value + 1e-9


def test_exact_solver_reports_zero_gap_and_greedy_a_valid_bound() -> None:
    exact = build_learning_plan(GAPS, CATALOG, minimise="cost")
    greedy = build_learning_plan(GAPS, CATALOG, minimise="cost", exact_limit=0)
    assert exact.solver == "exact" and exact.optimality_gap == pytest.approx(0.0, abs=1e-6)
    assert greedy.solver == "greedy" and 0.0 <= greedy.optimality_gap < 1.0


def test_a_course_that_teaches_nothing_needed_is_never_chosen() -> None:
    extra = [
        course("art", {"art": 0.9}, 0, 0),
        course("py_low", {"py": 0.2}, 0, 0),  # below the current level
    ]
    for minimise in ("time", "cost"):
        plan = build_learning_plan(GAPS, [*extra, *CATALOG], minimise=minimise)  # type: ignore[arg-type]
        assert not {"art", "py_low"} & set(ids(plan))


def test_budget_is_respected_and_what_is_left_out_is_reported() -> None:
    plan = build_learning_plan(GAPS, CATALOG, minimise="time", budget=350)
    assert ids(plan) == ["b"] and plan.total_cost <= 350
    broke = build_learning_plan(GAPS, CATALOG, minimise="time", budget=50)
    assert broke.steps == () and broke.total_cost == 0
    assert [u.skill_id for u in broke.uncovered] == ["py", "sql"]
    assert all("budget" in u.reason for u in broke.uncovered)


def test_hours_cap_keeps_the_most_valuable_gap() -> None:
    plan = build_learning_plan(GAPS, CATALOG, minimise="cost", max_hours=12)
    assert ids(plan) == ["a"] and plan.total_hours <= 12
    assert [u.skill_id for u in plan.uncovered] == ["sql"]


def test_skills_no_course_teaches_are_reported_as_uncovered() -> None:
    gaps: dict[str, Gap] = {**GAPS, "ml": (0.6, 0.0, 0.8)}
    plan = build_learning_plan(gaps, CATALOG, minimise="cost")
    (ml,) = plan.uncovered
    assert ml.skill_id == "ml" and ml.gap == pytest.approx(0.6)
    assert "no course in the catalog" in ml.reason and "project" in ml.reason


def test_partial_credit_when_no_course_reaches_the_needed_level() -> None:
    gaps: dict[str, Gap] = {"ml": (0.7, 0.1, 1.0)}
    plan = build_learning_plan(gaps, [course("intro", {"ml": 0.4}, 8, 50)])
    (step,) = plan.steps
    assert (step.skills[0].before, step.skills[0].after) == (0.1, 0.4)
    (ml,) = plan.uncovered
    assert ml.reached == 0.4 and "past 0.40" in ml.reason
    assert plan.coverage == pytest.approx(0.5)


def test_plan_is_ordered_lower_level_first_and_levels_chain() -> None:
    gaps: dict[str, Gap] = {"py": (0.9, 0.0, 1.0), "sql": (0.3, 0.0, 1.0)}
    catalog = [course("adv", {"py": 0.9}, 5, 10), course("basics", {"sql": 0.3, "py": 0.3}, 5, 10)]
    plan = build_learning_plan(gaps, catalog)
    assert ids(plan) == ["basics", "adv"]
    assert plan.steps[1].skills[0].before == 0.3


def test_demand_in_open_roles_tips_a_tight_budget() -> None:
    gaps: dict[str, Gap] = {"x": (0.5, 0.0, 1.0), "y": (0.5, 0.0, 1.0)}
    catalog = [course("cx", {"x": 0.5}, 1, 100), course("cy", {"y": 0.5}, 1, 100)]
    for exact_limit in (60, 0):
        plan = build_learning_plan(
            gaps, catalog, budget=100, demand={"y": 1.0}, exact_limit=exact_limit
        )
        assert ids(plan) == ["cy"]


def test_demand_weights_are_importance_weighted_shares_of_open_positions() -> None:
    positions = [
        OpenPosition("p1", "org:dev"),
        OpenPosition("p2", "org:dev"),
        OpenPosition("p3", "org:ds"),
    ]
    reqs = {
        "org:dev": [RoleRequirement("py", 1.0, 0.7)],
        "org:ds": [RoleRequirement("py", 0.5, 0.5), RoleRequirement("ml", 1.0, 0.7)],
    }
    demand = demand_weights(positions, reqs)
    assert demand == pytest.approx({"py": 2.5 / 3, "ml": 1 / 3})
    assert demand_weights([], reqs) == {}


def test_no_gaps_and_bad_objective() -> None:
    plan = build_learning_plan({"py": (0.3, 0.5, 1.0)}, CATALOG)
    assert plan.steps == () and plan.uncovered == () and plan.coverage == 1.0
    assert build_learning_plan(GAPS, []).solver == "none"
    with pytest.raises(InvalidRequestError):
        build_learning_plan(GAPS, CATALOG, minimise="money")  # type: ignore[arg-type]


# --- properties ------------------------------------------------------------------------------

SKILLS = ("s0", "s1", "s2", "s3", "s4")  # s4 is never taught
LEVELS = st.sampled_from([0.2, 0.4, 0.6, 0.8, 1.0])

gap_maps = st.dictionaries(
    st.sampled_from(SKILLS),
    st.tuples(LEVELS, st.sampled_from([0.0, 0.2, 0.4]), st.sampled_from([0.0, 0.3, 1.0])),
    min_size=1,
)
courses = st.builds(
    course,
    st.sampled_from([f"c{i}" for i in range(30)]),
    st.dictionaries(st.sampled_from(SKILLS[:4]), LEVELS, min_size=1, max_size=3),
    st.integers(0, 40),
    st.integers(0, 500),
)
catalogs = st.lists(courses, max_size=7, unique_by=lambda c: c.id)
objectives = st.sampled_from(["time", "cost"])
caps = st.one_of(st.none(), st.integers(0, 800))


def check_steps(plan: LearningPlan, gaps: dict[str, Gap]) -> None:
    """Every step raises a still-open gap, from the level the earlier steps left it at."""
    state = {s: min(max(c, 0.0), 1.0) for s, (_, c, _) in gaps.items()}
    for step in plan.steps:
        assert step.skills, f"{step.course_id} raises nothing"
        for p in step.skills:
            assert p.before == pytest.approx(state[p.skill_id]) and p.after > p.before
            assert p.before < gaps[p.skill_id][0]
            state[p.skill_id] = p.after


@settings(max_examples=150, deadline=None)
@given(gap_maps, catalogs, objectives, caps, caps, st.sampled_from([60, 0]))
def test_plans_are_bounded_within_caps_and_every_step_helps(
    gaps: dict[str, Gap],
    catalog: list[Course],
    minimise: str,
    budget: int | None,
    max_hours: int | None,
    exact_limit: int,
) -> None:
    plan = build_learning_plan(
        gaps,
        catalog,
        minimise=minimise,
        budget=budget,
        max_hours=max_hours,
        exact_limit=exact_limit,  # type: ignore[arg-type]
    )
    assert plan.objective_value >= plan.lower_bound - 1e-6 and plan.lower_bound >= 0
    assert plan.objective_value == (plan.total_hours if minimise == "time" else plan.total_cost)
    if budget is not None:
        assert plan.total_cost <= budget + 1e-6
    if max_hours is not None:
        assert plan.total_hours <= max_hours + 1e-6
    check_steps(plan, gaps)
    assert 0.0 <= plan.coverage <= 1.0 + 1e-9


def coverage_of(gaps: dict[str, Gap], subset: tuple[Course, ...]) -> float:
    """Share of the importance-weighted gap a set of courses closes (independent of the solver)."""
    closed = total = 0.0
    for skill, (needed, current, importance) in gaps.items():
        if importance <= 0 or needed <= current:
            continue
        taught = [cs.level for c in subset for cs in c.skills if cs.skill_id == skill]
        closed += importance * (min(max([current, *taught]), needed) - current)
        total += importance * (needed - current)
    return 1.0 if total == 0 else closed / total


def brute_force(gaps: dict[str, Gap], catalog: list[Course], minimise: str) -> tuple[float, float]:
    """(most coverage, least objective at it) over every subset of the catalog."""
    best = (-1.0, 0.0)
    for r in range(len(catalog) + 1):
        for subset in itertools.combinations(catalog, r):
            value = coverage_of(gaps, subset)
            obj = sum(c.hours if minimise == "time" else c.cost for c in subset)
            if value > best[0] + 1e-9 or (abs(value - best[0]) <= 1e-9 and obj < best[1]):
                best = (value, obj)
    return best


@settings(max_examples=60, deadline=None)
@given(gap_maps, st.lists(courses, max_size=5, unique_by=lambda c: c.id), objectives)
def test_exact_plan_matches_brute_force_and_beats_greedy(
    gaps: dict[str, Gap], catalog: list[Course], minimise: str
) -> None:
    exact = build_learning_plan(gaps, catalog, minimise=minimise)  # type: ignore[arg-type]
    greedy = build_learning_plan(gaps, catalog, minimise=minimise, exact_limit=0)  # type: ignore[arg-type]
    coverage, objective = brute_force(gaps, catalog, minimise)
    assert exact.coverage == pytest.approx(coverage, abs=1e-6)
    assert exact.objective_value == pytest.approx(objective, abs=1e-6)
    assert greedy.coverage == pytest.approx(exact.coverage, abs=1e-6)
    assert exact.objective_value <= greedy.objective_value + 1e-6


@settings(max_examples=100, deadline=None)
@given(gap_maps, catalogs, objectives, st.data())
def test_removing_a_course_never_lowers_the_exact_optimum_at_equal_coverage(
    gaps: dict[str, Gap], catalog: list[Course], minimise: str, data: st.DataObject
) -> None:
    full = build_learning_plan(gaps, catalog, minimise=minimise)  # type: ignore[arg-type]
    if not catalog:
        return
    drop = data.draw(st.integers(0, len(catalog) - 1))
    fewer = build_learning_plan(gaps, catalog[:drop] + catalog[drop + 1 :], minimise=minimise)  # type: ignore[arg-type]
    assert fewer.coverage <= full.coverage + 1e-9
    if fewer.coverage >= full.coverage - 1e-9:
        assert fewer.objective_value >= full.objective_value - 1e-6
