"""Calibration of predicted probabilities against binary outcomes: ECE, Brier, log loss, reliability.

With predictions ``p`` (shape (n,), in [0, 1]) and outcomes ``y`` (shape (n,), 0 or 1):

* Brier score ``mean((p - y)^2)``, in [0, 1], lower is better;
* log loss ``-mean(y log p + (1 - y) log(1 - p))`` with ``p`` clipped to [eps, 1 - eps];
* reliability table: predictions grouped in bins, each with its mean prediction, observed rate and
  count. Bins are ``uniform`` (equal width: bin b holds ``b/B <= p < (b+1)/B``, the last also p = 1)
  or ``quantile`` (equal mass: the predictions sorted, stably, and cut into B runs of near-equal size);
  empty bins are left out;
* expected calibration error ``ECE = sum_b (n_b / n) |mean p_b - mean y_b|``, in [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from careerpath.domain.errors import InvalidRequestError

F64 = NDArray[np.float64]
BinStrategy = Literal["uniform", "quantile"]


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    """One bin of a reliability table: its range, mean prediction, observed rate and count."""

    bin: int
    lower: float  # uniform: the bin's edge; quantile: the smallest prediction in it
    upper: float
    mean_predicted: float
    observed_rate: float
    count: int


@dataclass(frozen=True, slots=True)
class CalibrationReport:
    """Every calibration number for one set of predictions (what benches and monitors print)."""

    n: int
    ece: float
    brier: float
    log_loss: float
    base_rate: float
    bins: tuple[ReliabilityBin, ...]


def brier_score(p: ArrayLike, y: ArrayLike) -> float:
    """Mean squared error of probabilities p (n,) against outcomes y (n,), in [0, 1]."""
    pp, yy = _check(p, y)
    return float(np.mean((pp - yy) ** 2))


def log_loss(p: ArrayLike, y: ArrayLike, eps: float = 1e-15) -> float:
    """Mean negative log-likelihood (nats) of outcomes y (n,) under probabilities p (n,)."""
    pp, yy = _check(p, y)
    pp = np.clip(pp, eps, 1.0 - eps)
    return float(-np.mean(yy * np.log(pp) + (1.0 - yy) * np.log1p(-pp)))


def reliability_table(
    p: ArrayLike, y: ArrayLike, n_bins: int = 10, strategy: BinStrategy = "uniform"
) -> tuple[ReliabilityBin, ...]:
    """Non-empty bins of predictions p (n,) with mean prediction, observed rate of y (n,) and count."""
    pp, yy = _check(p, y)
    if n_bins < 1:
        raise InvalidRequestError(f"n_bins must be >= 1, got {n_bins}")
    index, edges = _bin_index(pp, n_bins, strategy)
    counts = np.bincount(index, minlength=n_bins)
    sum_p = np.bincount(index, weights=pp, minlength=n_bins)
    sum_y = np.bincount(index, weights=yy, minlength=n_bins)
    rows = []
    for b in np.flatnonzero(counts):
        lower, upper = (
            (float(edges[b]), float(edges[b + 1]))
            if edges is not None
            else (float(pp[index == b].min()), float(pp[index == b].max()))
        )
        rows.append(
            ReliabilityBin(
                bin=int(b),
                lower=lower,
                upper=upper,
                mean_predicted=float(sum_p[b] / counts[b]),
                observed_rate=float(sum_y[b] / counts[b]),
                count=int(counts[b]),
            )
        )
    return tuple(rows)


def expected_calibration_error(
    p: ArrayLike, y: ArrayLike, n_bins: int = 10, strategy: BinStrategy = "uniform"
) -> float:
    """ECE of predictions p (n,) against outcomes y (n,): count-weighted |mean p - rate| over bins."""
    table = reliability_table(p, y, n_bins, strategy)
    n = sum(b.count for b in table)
    return float(sum(b.count * abs(b.mean_predicted - b.observed_rate) for b in table) / n)


def calibration_report(
    p: ArrayLike, y: ArrayLike, n_bins: int = 10, strategy: BinStrategy = "uniform"
) -> CalibrationReport:
    """ECE, Brier, log loss, base rate and the reliability table of p (n,) against y (n,)."""
    pp, yy = _check(p, y)
    table = reliability_table(pp, yy, n_bins, strategy)
    ece = sum(b.count * abs(b.mean_predicted - b.observed_rate) for b in table) / pp.size
    return CalibrationReport(
        n=int(pp.size),
        ece=float(ece),
        brier=brier_score(pp, yy),
        log_loss=log_loss(pp, yy),
        base_rate=float(yy.mean()),
        bins=table,
    )


def _check(p: ArrayLike, y: ArrayLike) -> tuple[F64, F64]:
    """Validate and convert: p in [0, 1] and y in {0, 1}, same shape (n,), n >= 1."""
    pp = np.asarray(p, dtype=np.float64).ravel()
    yy = np.asarray(y, dtype=np.float64).ravel()
    if pp.size == 0 or pp.shape != yy.shape:
        raise InvalidRequestError(
            f"predictions and outcomes must be non-empty and of one length, got {pp.size} and {yy.size}"
        )
    if not np.all((pp >= 0.0) & (pp <= 1.0)):
        raise InvalidRequestError("predicted probabilities must lie in [0, 1] (and not be NaN)")
    if not np.all((yy == 0.0) | (yy == 1.0)):
        raise InvalidRequestError("outcomes must be 0 or 1")
    return pp, yy


def _bin_index(p: F64, n_bins: int, strategy: BinStrategy) -> tuple[NDArray[np.intp], F64 | None]:
    """Bin of each prediction, shape (n,), and the uniform edges (n_bins + 1,) or None for quantile."""
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
        return np.minimum((p * n_bins).astype(np.intp), n_bins - 1), edges
    if strategy == "quantile":
        order = np.argsort(p, kind="stable")
        index = np.empty(p.size, dtype=np.intp)
        index[order] = (np.arange(p.size) * n_bins) // p.size
        return index, None
    raise InvalidRequestError(f"unknown bin strategy {strategy!r}: use 'uniform' or 'quantile'")
