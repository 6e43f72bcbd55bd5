"""Probability that a move succeeds: a calibrated logistic model on history, or a documented heuristic.

Both estimators follow scikit-learn: ``__init__`` stores parameters, ``fit`` returns ``self``, learned
state ends in ``_``, randomness only through ``random_state``; ``predict_proba(X)`` has shape (n, 2)
(columns: failure, success) and ``success_probability(X)`` shape (n,).

``X`` has shape (n, 7), columns in ``FEATURES`` order:

==================  ===============================================================================
readiness           readiness for the destination, [0, 1] (1 - normalised weighted gap)
weighted_gap        importance-weighted mean shortfall sum W max(0, L - s) / sum W, [0, 1]
zone_step           destination job zone - origin job zone (O*NET preparation level), integer
months_in_role      months in the origin role at the move
performance         latest rating scaled to [0, 1]; NaN when unknown
is_ladder_move      1 if the destination is one of the origin's framework next roles, else 0
transition_rate     observed share of the origin's moves that went to the destination; NaN unknown
==================  ===============================================================================

``SuccessModel``: median imputation -> standardisation -> L2 logistic regression (``C``), calibrated by
``CalibratedClassifierCV`` with ``cv`` stratified shuffled folds (seeded by ``random_state``): each fold's
model is calibrated on its held-out fold and the fold models are averaged. Calibration defaults to
Platt (``sigmoid``): the base model is already logistic, so a two-parameter monotone map corrects the
shrinkage of regularisation at low variance; ``isotonic`` suits several thousand outcomes or more.

``HeuristicSuccess`` (no history), with performance NaN read as 0.5:
``p = sigmoid(intercept + w_r (readiness - center) + w_l is_ladder_move - w_z max(0, zone_step - 1)
+ w_p (performance - 0.5))``.

``choose_success_model`` uses the heuristic below ``MIN_OUTCOMES`` labelled outcomes or
``MIN_PER_CLASS`` of either class (about 7 events per feature, and enough for the calibration folds).
"""

from __future__ import annotations

from typing import Literal, Protocol

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.calibration import CalibratedClassifierCV
from sklearn.exceptions import NotFittedError
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from careerpath.domain.errors import InvalidRequestError

F64 = NDArray[np.float64]
FEATURES: tuple[str, ...] = (
    "readiness",
    "weighted_gap",
    "zone_step",
    "months_in_role",
    "performance",
    "is_ladder_move",
    "transition_rate",
)
#: Fewest labelled outcomes, and of each class, for the learned model (else the heuristic).
MIN_OUTCOMES = 300
MIN_PER_CLASS = 50


class SuccessEstimator(Protocol):
    """What the engine needs from a success model (both estimators here satisfy it)."""

    def fit(self, X: ArrayLike, y: ArrayLike) -> SuccessEstimator:
        """Learn from features X (n, 7) and outcomes y (n,) in {0, 1}; return self."""
        ...

    def predict_proba(self, X: ArrayLike) -> F64:
        """Probabilities (n, 2): columns failure, success."""
        ...

    def success_probability(self, X: ArrayLike) -> F64:
        """Probability of success per row of X (n, 7), shape (n,)."""
        ...


class SuccessModel:
    """Calibrated, L2-regularised logistic regression of move success on ``FEATURES``."""

    def __init__(
        self,
        C: float = 1.0,
        calibration: Literal["sigmoid", "isotonic"] = "sigmoid",
        cv: int = 5,
        max_iter: int = 1000,
        random_state: int | None = None,
    ) -> None:
        self.C = C
        self.calibration = calibration
        self.cv = cv
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, X: ArrayLike, y: ArrayLike) -> SuccessModel:
        """Fit on features X (n, 7) and outcomes y (n,) in {0, 1}; return self."""
        xx = _features(X)
        yy = _labels(y, xx.shape[0])
        counts = np.bincount(yy, minlength=2)
        if counts.min() < self.cv:
            raise InvalidRequestError(
                f"need at least {self.cv} successes and {self.cv} failures to fit, got {counts[1]} and {counts[0]}",
                hint="use HeuristicSuccess (choose_success_model) for organizations with little history",
            )
        base = make_pipeline(
            SimpleImputer(strategy="median", keep_empty_features=True),
            StandardScaler(),
            LogisticRegression(C=self.C, max_iter=self.max_iter),
        )
        folds = StratifiedKFold(n_splits=self.cv, shuffle=True, random_state=self.random_state)
        self.model_ = CalibratedClassifierCV(base, method=self.calibration, cv=folds).fit(xx, yy)
        self.coef_ = _raw_coef(self.model_)
        self.classes_ = np.array([0, 1])
        self.n_features_in_ = len(FEATURES)
        return self

    def predict_proba(self, X: ArrayLike) -> F64:
        """Calibrated probabilities, shape (n, 2): columns failure, success."""
        if not hasattr(self, "model_"):
            raise NotFittedError(
                "SuccessModel is not fitted yet: call fit(X, y) before predict_proba"
            )
        out: F64 = self.model_.predict_proba(_features(X)).astype(np.float64)
        return out

    def success_probability(self, X: ArrayLike) -> F64:
        """Calibrated probability of success per row of X (n, 7), shape (n,)."""
        return self.predict_proba(X)[:, 1]


class HeuristicSuccess:
    """Success probability without history: the documented logistic formula of the module docstring."""

    def __init__(
        self,
        intercept: float = 0.4,
        readiness_weight: float = 5.0,
        readiness_center: float = 0.75,
        ladder_weight: float = 0.5,
        zone_step_weight: float = 0.8,
        performance_weight: float = 1.5,
    ) -> None:
        self.intercept = intercept
        self.readiness_weight = readiness_weight
        self.readiness_center = readiness_center
        self.ladder_weight = ladder_weight
        self.zone_step_weight = zone_step_weight
        self.performance_weight = performance_weight

    def fit(self, X: ArrayLike, y: ArrayLike | None = None) -> HeuristicSuccess:
        """Check X (n, 7); nothing is learned (the formula is fixed). Return self."""
        _features(X)
        self.n_features_in_ = len(FEATURES)
        return self

    def predict_proba(self, X: ArrayLike) -> F64:
        """Probabilities, shape (n, 2): columns failure, success (no fit needed)."""
        p = self.success_probability(X)
        return np.column_stack([1.0 - p, p])

    def success_probability(self, X: ArrayLike) -> F64:
        """Probability of success per row of X (n, 7), shape (n,), in [0, 1]; monotone in readiness."""
        xx = _features(X)
        readiness = np.clip(xx[:, 0], 0.0, 1.0)
        zone_step, ladder = xx[:, 2], xx[:, 5]
        if not (np.all(np.isfinite(readiness)) and np.all(np.isfinite(zone_step + ladder))):
            raise InvalidRequestError(
                "readiness, zone_step and is_ladder_move must be known (not NaN)"
            )
        performance = np.nan_to_num(xx[:, 4], nan=0.5)
        logit = (
            self.intercept
            + self.readiness_weight * (readiness - self.readiness_center)
            + self.ladder_weight * ladder
            - self.zone_step_weight * np.maximum(0.0, zone_step - 1.0)
            + self.performance_weight * (performance - 0.5)
        )
        out: F64 = 1.0 / (1.0 + np.exp(-logit))
        return out


def choose_success_model(
    n_outcomes: int,
    n_successes: int | None = None,
    *,
    random_state: int | None = None,
) -> SuccessModel | HeuristicSuccess:
    """The learned model with enough labelled outcomes (MIN_OUTCOMES, MIN_PER_CLASS), else the heuristic."""
    enough = n_outcomes >= MIN_OUTCOMES
    if n_successes is not None:
        enough = enough and min(n_successes, n_outcomes - n_successes) >= MIN_PER_CLASS
    return SuccessModel(random_state=random_state) if enough else HeuristicSuccess()


def _features(X: ArrayLike) -> F64:
    """X as float64 of shape (n, 7), n >= 1; infinities rejected (NaN marks unknown values)."""
    xx = np.asarray(X, dtype=np.float64)
    if xx.ndim != 2 or xx.shape[1] != len(FEATURES) or xx.shape[0] == 0:
        raise InvalidRequestError(
            f"features must have shape (n, {len(FEATURES)}) with n >= 1, got {xx.shape}",
            hint="columns: " + ", ".join(FEATURES),
        )
    if np.isinf(xx).any():
        raise InvalidRequestError("features must be finite (NaN only where unknown)")
    return xx


def _labels(y: ArrayLike, n: int) -> NDArray[np.int64]:
    """Outcomes as int64 of shape (n,), each 0 or 1."""
    yy = np.asarray(y).ravel()
    if yy.shape != (n,) or not np.all((yy == 0) | (yy == 1)):
        raise InvalidRequestError(f"outcomes must be {n} values, each 0 or 1")
    return yy.astype(np.int64)


def _raw_coef(model: CalibratedClassifierCV) -> F64:
    """Mean logistic coefficients over the fold models, per unit of each raw feature, shape (7,)."""
    coefs = []
    for cc in model.calibrated_classifiers_:
        pipe: Pipeline = cc.estimator
        scale = pipe.named_steps["standardscaler"].scale_
        coefs.append(pipe.named_steps["logisticregression"].coef_[0] / scale)
    out: F64 = np.mean(coefs, axis=0)
    return out
