"""Path simulation: ordering, monotonicity with common random numbers, success bounds, determinism."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.simulation import (
    DEFAULT_TIMING,
    BetaBelief,
    Change,
    MoveTiming,
    StepSpec,
    apply_change,
    simulate_path,
    what_if,
)

_step = st.builds(
    StepSpec,
    role_id=st.sampled_from(["org:a-2", "org:a-3", "org:b-3", "org:m-4"]),
    learning_hours=st.floats(0, 400),
    success=st.builds(BetaBelief, st.floats(0.2, 50), st.floats(0.2, 50)),
    timing=st.builds(MoveTiming, st.floats(3, 60), st.floats(0, 1.2), st.floats(0, 24)),
    study_hours_per_week=st.floats(0.5, 20),
    learning_cv=st.floats(0, 1),
    course_cost=st.floats(0, 5000),
    months_elapsed=st.floats(0, 60),
)
_path = st.lists(_step, min_size=1, max_size=4)


@settings(max_examples=40, deadline=None)
@given(_path, st.integers(0, 2**32 - 1))
def test_percentiles_are_ordered(steps: list[StepSpec], seed: int) -> None:
    sim = simulate_path(steps, n_draws=300, rng=seed)
    assert 0.0 <= sim.months.p10 <= sim.months.p50 <= sim.months.p90
    assert sim.cost.p10 <= sim.cost.p50 <= sim.cost.p90
    assert sim.success_interval[0] <= sim.success <= sim.success_interval[1]
    for s in sim.steps:
        assert s.months.p10 <= s.months.p50 <= s.months.p90


@settings(max_examples=40, deadline=None)
@given(_path, st.floats(0, 500), st.integers(0, 3), st.integers(0, 2**32 - 1))
def test_more_learning_never_shortens_time(
    steps: list[StepSpec], extra: float, which: int, seed: int
) -> None:
    j = which % len(steps)
    more = list(steps)
    more[j] = replace(steps[j], learning_hours=steps[j].learning_hours + extra)
    a = simulate_path(steps, n_draws=300, rng=seed)
    b = simulate_path(more, n_draws=300, rng=seed)
    for qa, qb in ((a.months, b.months), (a.steps[j].months, b.steps[j].months)):
        assert qb.p10 >= qa.p10 and qb.p50 >= qa.p50 and qb.p90 >= qa.p90 and qb.mean >= qa.mean


@settings(max_examples=40, deadline=None)
@given(_path, st.integers(0, 2**32 - 1))
def test_path_success_at_most_weakest_step(steps: list[StepSpec], seed: int) -> None:
    sim = simulate_path(steps, n_draws=300, rng=seed)
    assert 0.0 <= sim.success <= min(s.success for s in sim.steps) + 1e-12


@settings(max_examples=20, deadline=None)
@given(_path, st.integers(0, 2**32 - 1))
def test_deterministic_for_a_seed(steps: list[StepSpec], seed: int) -> None:
    a = simulate_path(steps, n_draws=200, rng=seed)
    assert a == simulate_path(steps, n_draws=200, rng=np.random.default_rng(seed))


def test_single_step_matches_closed_forms() -> None:
    step = StepSpec(
        "org:x", learning_hours=0.0, success=BetaBelief(7, 3), timing=MoveTiming(24, 0.5)
    )
    sim = simulate_path([step], n_draws=40_000, rng=3)
    assert sim.months.p50 == pytest.approx(24, rel=0.03)
    assert sim.months.p90 == pytest.approx(24 * np.exp(1.2816 * 0.5), rel=0.03)
    assert sim.success == pytest.approx(0.7, abs=0.01)
    assert sim.cost.mean == 0.0


def test_learning_dominates_when_long() -> None:
    # 520 hours at 10 h/week = 52 weeks = ~11.96 months > a fixed 3-month wait
    step = StepSpec(
        "org:x",
        learning_hours=520,
        study_hours_per_week=10,
        learning_cv=0.0,
        timing=MoveTiming(3, 0.0),
        course_cost=100,
    )
    sim = simulate_path([step], n_draws=100, rng=0, hour_value=2.0)
    assert sim.months.p50 == pytest.approx(52 / 4.348, rel=1e-6)
    assert sim.cost.mean == pytest.approx(100 + 2 * 520)


def test_months_elapsed_shortens_the_wait() -> None:
    fresh = StepSpec("org:x", timing=DEFAULT_TIMING)
    settled = StepSpec("org:x", timing=DEFAULT_TIMING, months_elapsed=20)
    a, b = simulate_path([fresh], rng=1), simulate_path([settled], rng=1)
    assert b.months.p50 < a.months.p50
    assert b.months.p10 >= 0.0


def test_timing_from_median_iqr_roundtrips() -> None:
    t = MoveTiming.from_median_iqr(24.0, 14.0)
    q25, q75 = 24 * np.exp(-0.6745 * t.sigma), 24 * np.exp(0.6745 * t.sigma)
    assert q75 - q25 == pytest.approx(14.0, rel=1e-4)
    rng = np.random.default_rng(0)
    fitted = MoveTiming.from_observed(rng.lognormal(np.log(30), 0.4, 20_000))
    assert fitted.median == pytest.approx(30, rel=0.03)
    assert fitted.sigma == pytest.approx(0.4, rel=0.05)
    assert MoveTiming.from_observed([12.0]) == DEFAULT_TIMING


def test_what_if_course_saves_time_and_raises_success() -> None:
    base = [
        StepSpec("org:a-3", learning_hours=120, success=BetaBelief.from_mean(0.6), readiness=0.7),
        StepSpec("org:a-4", learning_hours=200, success=BetaBelief.from_mean(0.5), readiness=0.5),
    ]
    change = Change(
        "course:sql-2",
        hours_saved={"org:a-3": 120, "org:a-4": 40},
        readiness_gain={"org:a-3": 0.1},
        added_cost=300.0,
    )
    result = what_if(base, change, n_draws=2000, seed=5)
    assert result.delta_p50_months <= 0.0
    assert result.delta_success > 0.0
    assert result.delta_cost == pytest.approx(300.0)
    changed = apply_change(base, change)
    assert changed[0].learning_hours == 0.0 and changed[1].learning_hours == 160.0
    assert changed[0].readiness == pytest.approx(0.8)
    assert changed[0].success.mean > 0.6
    assert changed[1].success == base[1].success


def test_readiness_gain_capped_at_one() -> None:
    step = StepSpec("org:x", readiness=0.95)
    (after,) = apply_change([step], Change("skill", readiness_gain={"org:x": 0.5}))
    assert after.readiness == pytest.approx(1.0)


@pytest.mark.parametrize(
    "step",
    [
        StepSpec("org:x", learning_hours=-1),
        StepSpec("org:x", study_hours_per_week=0),
        StepSpec("org:x", success=BetaBelief(0, 1)),
        StepSpec("org:x", timing=MoveTiming(0, 0.5)),
        StepSpec("org:x", course_cost=-5),
    ],
)
def test_bad_steps_are_clear_errors(step: StepSpec) -> None:
    with pytest.raises(InvalidRequestError, match="org:x"):
        simulate_path([step])


def test_empty_path_and_no_draws() -> None:
    with pytest.raises(InvalidRequestError):
        simulate_path([])
    with pytest.raises(InvalidRequestError):
        simulate_path([StepSpec("org:x")], n_draws=0)
