"""Calibration metrics: exact values on small cases, properties on synthetic data."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.domain.calibration import (
    BinStrategy,
    brier_score,
    calibration_report,
    expected_calibration_error,
    log_loss,
    reliability_table,
)
from careerpath.domain.errors import InvalidRequestError


def test_known_values() -> None:
    p, y = [0.2, 0.8], [0, 1]
    assert brier_score(p, y) == pytest.approx(0.04)
    assert log_loss(p, y) == pytest.approx(-math.log(0.8))
    assert expected_calibration_error(p, y, n_bins=2) == pytest.approx(0.2)
    assert expected_calibration_error(p, y, n_bins=2, strategy="quantile") == pytest.approx(0.2)


def test_reliability_table_bins_and_counts() -> None:
    p = [0.05, 0.15, 0.15, 0.95, 1.0]
    y = [0, 0, 1, 1, 1]
    table = reliability_table(p, y, n_bins=10)
    assert [b.bin for b in table] == [0, 1, 9]  # empty bins left out; p = 1 in the last bin
    assert [b.count for b in table] == [1, 2, 2]
    assert table[1].observed_rate == pytest.approx(0.5)
    assert table[1].mean_predicted == pytest.approx(0.15)
    assert (table[1].lower, table[1].upper) == pytest.approx((0.1, 0.2))
    # ECE = (1*0.05 + 2*0.35 + 2*0.025) / 5
    assert expected_calibration_error(p, y) == pytest.approx((0.05 + 0.7 + 0.05) / 5)


def test_equal_mass_bins_have_equal_counts() -> None:
    rng = np.random.default_rng(1)
    p = rng.beta(2, 5, 1000)
    y = rng.random(1000) < p
    table = reliability_table(p, y, n_bins=10, strategy="quantile")
    assert [b.count for b in table] == [100] * 10
    assert all(b.lower <= b.upper for b in table)
    assert all(a.upper <= b.lower for a, b in itertools.pairwise(table))


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_perfectly_calibrated_data_has_small_ece(strategy: BinStrategy) -> None:
    rng = np.random.default_rng(0)
    p = rng.random(200_000)
    y = (rng.random(p.size) < p).astype(int)
    assert expected_calibration_error(p, y, 10, strategy) < 0.01


def test_miscalibrated_data_is_detected() -> None:
    rng = np.random.default_rng(0)
    p = rng.random(50_000)
    y = rng.random(p.size) < p**2  # overconfident predictions
    report = calibration_report(p, y)
    assert report.ece > 0.1
    assert report.n == 50_000
    assert report.ece == pytest.approx(expected_calibration_error(p, y))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 1), st.booleans()), min_size=1, max_size=200),
    st.integers(1, 20),
    st.sampled_from(["uniform", "quantile"]),
)
def test_metrics_in_range(
    rows: list[tuple[float, bool]], n_bins: int, strategy: BinStrategy
) -> None:
    p = [r[0] for r in rows]
    y = [int(r[1]) for r in rows]
    ece = expected_calibration_error(p, y, n_bins, strategy)
    assert 0.0 <= ece <= 1.0
    assert 0.0 <= brier_score(p, y) <= 1.0
    assert log_loss(p, y) >= 0.0
    assert sum(b.count for b in reliability_table(p, y, n_bins, strategy)) == len(p)


@pytest.mark.parametrize(
    ("p", "y"),
    [([], []), ([0.5], [0, 1]), ([1.5], [1]), ([float("nan")], [1]), ([0.5], [2])],
)
def test_bad_input_is_a_clear_error(p: list[float], y: list[int]) -> None:
    with pytest.raises(InvalidRequestError):
        brier_score(p, y)


def test_unknown_strategy_and_bins() -> None:
    with pytest.raises(InvalidRequestError, match="strategy"):
        reliability_table([0.5], [1], strategy="bogus")  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="n_bins"):
        reliability_table([0.5], [1], n_bins=0)
