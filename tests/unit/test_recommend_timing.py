"""Time in role fitted under censoring, with a performance effect, from outcome events."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.domain.profile import Outcome
from careerpath.domain.simulation import DEFAULT_TIMING, MoveTiming, censored_effect
from careerpath.engine.recommend_timing import TimingModel, fit_timing, spells

ROLES = {"org:a", "org:b", "org:c"}


def test_censored_fit_recovers_the_median_the_completed_spells_miss() -> None:
    rng = np.random.default_rng(1)
    true = rng.lognormal(math.log(30.0), 0.5, 4000)
    seen = rng.uniform(0.0, 60.0, 4000)  # when observation stops
    months, moved = np.minimum(true, seen), true <= seen
    fit = MoveTiming.from_spells(months, moved)
    assert fit.median == pytest.approx(30.0, rel=0.05) and fit.sigma == pytest.approx(0.5, rel=0.1)
    assert MoveTiming.from_observed(months[moved]).median < 25.0  # completed only: too short
    assert MoveTiming.from_spells([10.0] * 9, [True] * 4 + [False] * 5) == DEFAULT_TIMING


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(1.0, 200.0), min_size=5, max_size=60, unique=True))
def test_uncensored_fit_is_the_lognormal_mle(months: list[float]) -> None:
    logs = np.log(months)
    fit = MoveTiming.from_spells(months, [True] * len(months))
    assert math.log(fit.median) == pytest.approx(logs.mean(), abs=1e-3)
    assert fit.sigma == pytest.approx(max(0.05, float(logs.std())), rel=1e-2, abs=1e-3)


def test_censored_effect_recovers_a_planted_effect() -> None:
    rng = np.random.default_rng(2)
    x = rng.uniform(-0.5, 0.5, 5000)
    true = np.exp(math.log(24.0) - 1.2 * x + 0.4 * rng.standard_normal(5000))
    seen = rng.uniform(0.0, 50.0, 5000)
    t, moved = np.minimum(true, seen), true <= seen
    mu, sigma = np.full(5000, math.log(24.0)), np.full(5000, 0.4)
    assert censored_effect(np.log(t), moved, mu, sigma, x) == pytest.approx(-1.2, abs=0.1)


def _o(
    pid: str, event: str, at: date, role: str, value: float | None = None, detail: str = ""
) -> Outcome:
    return Outcome(pid, event, at, role, value, detail)


def test_spells_from_outcomes_completed_running_and_left() -> None:
    d = date(2020, 1, 1)
    outcomes = [
        _o("A", "rating", d, "org:a", 0.25),
        _o("A", "promotion", d + timedelta(days=30), "org:b", detail="from org:a"),
        _o("A", "rating", d + timedelta(days=300), "org:b", 0.75),
        _o("A", "move", d + timedelta(days=395), "org:c", detail="from org:b"),
        _o("B", "move", d, "org:b", detail="from org:a"),
        _o("B", "exit", d + timedelta(days=200), "org:b"),
        _o("C", "move", d, "org:c", detail="from org:a"),
    ]
    got = sorted(
        (r, round(m * 30.4375), moved, perf)
        for r, m, moved, perf in spells(outcomes, ROLES, today=d + timedelta(days=700))
    )
    assert got == [
        ("org:b", 200, False, None),  # B: left while in b (censored at leaving)
        ("org:b", 365, True, 0.75),  # A: b -> c, with the rating before the move
        ("org:c", 305, False, 0.75),  # A: still in c
        ("org:c", 700, False, None),  # C: still in c, never rated
    ]


def test_fit_timing_performance_moves_the_median() -> None:
    rng = np.random.default_rng(3)
    found = []
    for _ in range(600):
        perf = float(rng.choice([0.0, 0.25, 0.5, 0.75, 1.0]))
        true = math.exp(math.log(24.0) - 1.0 * (perf - 0.5) + 0.4 * rng.standard_normal())
        seen = float(rng.uniform(0.0, 48.0))
        found.append(("org:a", min(true, seen), true <= seen, perf))
    model = fit_timing(found)
    assert model.perf_effect == pytest.approx(-1.0, abs=0.2)
    mid = model.median_for("org:a", model.perf_mean["org:a"])
    assert mid == pytest.approx(24.0, rel=0.1)
    high, low = model.median_for("org:a", 1.0), model.median_for("org:a", 0.0)
    assert high is not None and low is not None and mid is not None and high < mid < low
    assert model.base is not None and model.median_for("org:zz", None) == model.base.median
    assert fit_timing(found[:3]) == TimingModel()
