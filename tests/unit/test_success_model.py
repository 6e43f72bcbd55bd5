"""Success models: a calibrated fit on a known logistic truth, the heuristic, the choice between them."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from careerpath.domain.calibration import brier_score, expected_calibration_error
from careerpath.domain.errors import InvalidRequestError
from careerpath.ml.success import (
    FEATURES,
    MIN_OUTCOMES,
    HeuristicSuccess,
    SuccessModel,
    choose_success_model,
)

TRUE_COEF = np.array([6.0, -2.0, -0.6, 0.02, 1.2, 0.5, 0.8])
TRUE_INTERCEPT = -4.2


def _synthetic(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features (n, 7), outcomes (n,) and true probabilities (n,) from a known logistic truth."""
    rng = np.random.default_rng(seed)
    readiness = rng.beta(5, 2, n)
    gap = np.clip(0.4 * (1 - readiness) + rng.normal(0, 0.05, n), 0, 1)
    x = np.column_stack(
        [
            readiness,
            gap,
            rng.integers(-1, 3, n).astype(float),
            rng.gamma(3, 9, n),
            rng.beta(4, 3, n),
            (rng.random(n) < 0.6).astype(float),
            rng.beta(1, 6, n),
        ]
    )
    p = 1 / (1 + np.exp(-(TRUE_INTERCEPT + x @ TRUE_COEF)))
    y = (rng.random(n) < p).astype(int)
    x[rng.random(n) < 0.1, 4] = np.nan  # performance sometimes unknown
    return x, y, p


@pytest.fixture(scope="module")
def fitted() -> SuccessModel:
    x, y, _ = _synthetic(20_000, seed=1)
    return SuccessModel(random_state=0).fit(x, y)


def test_fit_returns_self_and_sets_learned_state() -> None:
    x, y, _ = _synthetic(1000, seed=2)
    model = SuccessModel(C=0.5, random_state=3)
    assert model.fit(x, y) is model
    assert model.coef_.shape == (len(FEATURES),)
    assert model.n_features_in_ == 7
    assert not hasattr(SuccessModel(), "model_")  # __init__ stores parameters only


def test_calibrated_on_a_logistic_truth(fitted: SuccessModel) -> None:
    x, y, p_true = _synthetic(20_000, seed=9)
    p = fitted.success_probability(x)
    assert p.shape == (20_000,)
    assert expected_calibration_error(p, y) <= 0.05
    assert expected_calibration_error(p, y, strategy="quantile") <= 0.05
    assert brier_score(p, y) <= brier_score(p_true, y) + 0.005
    assert np.sign(fitted.coef_[0]) == 1  # readiness raises success


def test_predict_proba_rows_sum_to_one(fitted: SuccessModel) -> None:
    x, _, _ = _synthetic(50, seed=4)
    proba = fitted.predict_proba(x)
    assert proba.shape == (50, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_random_state_makes_fit_deterministic() -> None:
    x, y, _ = _synthetic(2000, seed=5)
    a = SuccessModel(random_state=7).fit(x, y).success_probability(x)
    b = SuccessModel(random_state=7).fit(x, y).success_probability(x)
    np.testing.assert_array_equal(a, b)


def test_unfitted_predict_is_a_clear_error() -> None:
    with pytest.raises(NotFittedError, match="call fit"):
        SuccessModel().predict_proba(np.zeros((1, 7)))


def test_bad_input() -> None:
    with pytest.raises(InvalidRequestError, match="shape"):
        SuccessModel().fit(np.zeros((10, 3)), np.zeros(10))
    with pytest.raises(InvalidRequestError, match="successes"):
        SuccessModel().fit(np.zeros((10, 7)), np.zeros(10))
    with pytest.raises(InvalidRequestError, match="0 or 1"):
        SuccessModel().fit(np.zeros((10, 7)), np.full(10, 2))


def test_heuristic_in_unit_interval_and_monotone_in_readiness() -> None:
    rng = np.random.default_rng(0)
    x = np.column_stack(
        [
            rng.random(500),
            rng.random(500),
            rng.integers(-2, 4, 500),
            rng.gamma(3, 9, 500),
            rng.random(500),
            rng.integers(0, 2, 500),
            rng.random(500),
        ]
    ).astype(float)
    x[::7, 4] = np.nan
    h = HeuristicSuccess()
    assert h.fit(x) is h
    p = h.success_probability(x)
    assert np.all((p >= 0) & (p <= 1))
    higher = x.copy()
    higher[:, 0] = np.minimum(1.0, x[:, 0] + 0.1)
    assert np.all(h.success_probability(higher) >= p)
    assert h.predict_proba(x).shape == (500, 2)


def test_heuristic_needs_readiness() -> None:
    x = np.zeros((1, 7))
    x[0, 0] = np.nan
    with pytest.raises(InvalidRequestError, match="readiness"):
        HeuristicSuccess().success_probability(x)


def test_choice_by_amount_of_history() -> None:
    assert isinstance(choose_success_model(0), HeuristicSuccess)
    assert isinstance(choose_success_model(MIN_OUTCOMES - 1), HeuristicSuccess)
    assert isinstance(choose_success_model(MIN_OUTCOMES), SuccessModel)
    assert isinstance(choose_success_model(10_000, n_successes=9_990), HeuristicSuccess)
    assert choose_success_model(10_000, 5_000, random_state=4).random_state == 4  # type: ignore[union-attr]
