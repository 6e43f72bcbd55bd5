"""Monte Carlo over the steps of a career path: time to role, cost and success probability.

Each step (one move) draws, per simulated draw d and step s, with common random numbers (the same
seed gives the same underlying normals and uniforms whatever the parameters, so a change's effect is
not hidden by noise, and more learning hours can never shorten a draw):

* learning hours ``H = h * exp(sigma * Z - sigma^2 / 2)`` (lognormal, mean ``h``, ``sigma^2 = log(1 + cv^2)``),
  learned at ``study_hours_per_week`` (``WEEKS_PER_MONTH`` weeks a month): ``learn = H / (rate * 4.348)``;
* months in the role before the move from a lognormal ``MoveTiming`` (fitted from the history's
  median and IQR, or ``DEFAULT_TIMING``), conditioned on the months already spent there (first step):
  ``wait = max(F^-1(F(e) + U (1 - F(e))), min_months) - e``;
* the step takes ``max(learn, wait)`` months: learning happens while in the current role;
* the move succeeds with probability ``p ~ Beta(alpha, beta)`` (uncertainty about the rate itself).

Time to role is the sum of step times (conditional on every move happening); the path succeeds with
probability ``prod_s p_s`` per draw, reported as its mean with a 5-95 % interval over the draws. Cost is
course costs plus, optionally, ``hour_value`` per learning hour.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize
from scipy.special import log_ndtr, ndtr, ndtri

from careerpath.domain.errors import InvalidRequestError

F64 = NDArray[np.float64]
#: Weeks in an average month (52.1775 / 12).
WEEKS_PER_MONTH = 4.348
#: z of the 75th percentile of a standard normal (IQR of N(0, 1) is 2 * 0.6745).
_Z75 = 0.6744897501960817
#: Log-odds gained per unit of readiness in ``what_if`` when no success function is given.
DEFAULT_READINESS_SLOPE = 5.0


@dataclass(frozen=True, slots=True)
class MoveTiming:
    """Months in a role before moving on: lognormal with ``median`` (months) and log-sd ``sigma``."""

    median: float
    sigma: float
    min_months: float = 0.0  # policy minimum tenure

    @classmethod
    def from_median_iqr(cls, median: float, iqr: float, min_months: float = 0.0) -> MoveTiming:
        """Fit from an observed median and interquartile range (months): IQR = 2 m sinh(0.6745 s)."""
        if median <= 0 or iqr < 0:
            raise InvalidRequestError(
                f"time in role needs median > 0 and IQR >= 0, got {median}, {iqr}"
            )
        return cls(median, math.asinh(iqr / (2.0 * median)) / _Z75, min_months)

    @classmethod
    def from_observed(cls, months: Sequence[float] | F64, min_months: float = 0.0) -> MoveTiming:
        """Fit from observed completed spells (months, shape (n,)); DEFAULT_TIMING below 5 spells."""
        m = np.asarray(months, dtype=np.float64)
        m = m[np.isfinite(m) & (m > 0)]
        if m.size < 5:
            return replace(DEFAULT_TIMING, min_months=min_months)
        q25, q50, q75 = np.percentile(m, [25, 50, 75])
        return cls.from_median_iqr(float(q50), float(q75 - q25), min_months)

    @classmethod
    def from_spells(
        cls,
        months: Sequence[float] | F64,
        moved: Sequence[bool] | NDArray[np.bool_],
        min_months: float = 0.0,
        offset: Sequence[float] | F64 | None = None,
    ) -> MoveTiming:
        """Fit from spells in a role, ended by a move or still running (censored); all (n,).

        Maximum likelihood of a lognormal under right censoring: a spell that ended with a move
        adds log f(t), one still running (or ended otherwise, e.g. by leaving) log S(t). Ignoring
        the running spells, as ``from_observed`` does, keeps only the moves that came early and
        biases time in role short. ``offset`` (log-months per spell, e.g. a covariate's effect)
        shifts each spell's location: the fitted median is the one at offset 0. DEFAULT_TIMING
        below ``MIN_MOVES`` moves.
        """
        t = np.asarray(months, dtype=np.float64)
        ended = np.asarray(moved, dtype=np.bool_)
        shift = np.zeros_like(t) if offset is None else np.asarray(offset, dtype=np.float64)
        keep = np.isfinite(t) & (t > 0)
        t, ended, shift = t[keep], ended[keep], shift[keep]
        if int(ended.sum()) < MIN_MOVES:
            return replace(DEFAULT_TIMING, min_months=min_months)
        mu, sigma = _censored_lognormal(np.log(t) - shift, ended)
        return cls(float(np.exp(mu)), sigma, min_months)


#: Time in role when an organization has no history: median 24 months, p10 ~ 13, p90 ~ 46.
DEFAULT_TIMING = MoveTiming(median=24.0, sigma=0.5)
#: Fewest moves to fit time in role from spells (``MoveTiming.from_spells``).
MIN_MOVES = 5
_SIGMA_RANGE = (0.05, 3.0)


def _censored_lognormal(log_t: F64, moved: NDArray[np.bool_]) -> tuple[float, float]:
    """(mu, sigma) maximising the right-censored normal likelihood of log spell lengths (n,)."""
    start = np.array([float(np.median(log_t[moved])), math.log(0.5)])

    def loss(theta: F64) -> tuple[float, F64]:
        nll, d_mu, d_log_s = _censored_nll(log_t - float(theta[0]), moved, float(theta[1]))
        return nll, np.array([-d_mu, d_log_s])

    bounds = [(None, None), (math.log(_SIGMA_RANGE[0]), math.log(_SIGMA_RANGE[1]))]
    fit = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds)
    return float(fit.x[0]), float(math.exp(fit.x[1]))


def _censored_nll(r: F64, moved: NDArray[np.bool_], log_s: float) -> tuple[float, float, float]:
    """Censored normal negative log-likelihood of residuals r (n,) with sd exp(log_s), and its
    derivatives with respect to the residuals' common shift and to log_s."""
    sigma = math.exp(log_s)
    z = r / sigma
    tail = log_ndtr(-z[~moved])
    ratio = np.exp(-0.5 * z[~moved] ** 2 - tail) / math.sqrt(2.0 * math.pi)  # phi / S
    nll = float(np.sum(0.5 * z[moved] ** 2) + moved.sum() * log_s - np.sum(tail))
    d_shift = float(np.sum(z[moved]) + np.sum(ratio)) / sigma
    d_log_s = float(moved.sum() - np.sum(z[moved] ** 2) - np.sum(ratio * z[~moved]))
    return nll, d_shift, d_log_s


def censored_effect(
    log_t: F64, moved: NDArray[np.bool_], mu: F64, sigma: F64, x: F64, bound: float = 5.0
) -> float:
    """The effect b of a covariate on log time in role, log T = mu + b x + sigma e, all (n,), by
    maximum likelihood under right censoring (spells still running censored), in [-bound, bound]."""

    def loss(theta: F64) -> tuple[float, F64]:
        z = (log_t - mu - float(theta[0]) * x) / sigma
        tail = log_ndtr(-z[~moved])
        ratio = np.exp(-0.5 * z[~moved] ** 2 - tail) / math.sqrt(2.0 * math.pi)
        nll = float(np.sum(0.5 * z[moved] ** 2) - np.sum(tail))
        grad = -float(np.sum(z[moved] * x[moved] / sigma[moved]))
        grad -= float(np.sum(ratio * x[~moved] / sigma[~moved]))
        return nll, np.array([grad])

    fit = minimize(loss, np.zeros(1), jac=True, method="L-BFGS-B", bounds=[(-bound, bound)])
    return float(fit.x[0])


@dataclass(frozen=True, slots=True)
class BetaBelief:
    """Uncertain success probability of a move: Beta(alpha, beta), mean alpha / (alpha + beta)."""

    alpha: float
    beta: float

    @classmethod
    def from_counts(cls, successes: float, failures: float, prior: float = 1.0) -> BetaBelief:
        """Posterior from observed outcomes under a Beta(prior, prior) prior."""
        return cls(successes + prior, failures + prior)

    @classmethod
    def from_mean(cls, mean: float, strength: float = 20.0) -> BetaBelief:
        """A belief with this mean, as certain as ``strength`` pseudo-outcomes."""
        p = min(max(mean, 1e-6), 1.0 - 1e-6)
        return cls(p * strength, (1.0 - p) * strength)

    @property
    def mean(self) -> float:
        """Expected success probability, in [0, 1]."""
        return self.alpha / (self.alpha + self.beta)


@dataclass(frozen=True, slots=True)
class StepSpec:
    """One move of a path: the learning before it, when it happens, what it costs, how likely it works."""

    role_id: str
    learning_hours: float = 0.0  # expected hours still to learn before the move
    success: BetaBelief = field(default_factory=lambda: BetaBelief.from_mean(0.7))
    timing: MoveTiming = DEFAULT_TIMING
    study_hours_per_week: float = 4.0
    learning_cv: float = 0.3  # coefficient of variation of the learning hours
    course_cost: float = 0.0  # money for the courses of this step
    months_elapsed: float = 0.0  # months already spent in the role the move starts from
    readiness: float | None = None  # for what-if: readiness for the destination, [0, 1]


@dataclass(frozen=True, slots=True)
class Quantiles:
    """p10 / p50 / p90 and mean of a simulated quantity."""

    p10: float
    p50: float
    p90: float
    mean: float


@dataclass(frozen=True, slots=True)
class StepResult:
    """Per-step breakdown: months of the step, learning hours, cost and success probability."""

    role_id: str
    months: Quantiles
    learning_hours: float  # mean over draws
    cost: float  # mean over draws
    success: float  # mean over draws of the step's success probability
    success_interval: tuple[float, float]  # 5 % and 95 % over draws


@dataclass(frozen=True, slots=True)
class Simulation:
    """A path's simulated time to role (months), cost, success probability and per-step breakdown."""

    n_draws: int
    months: Quantiles
    cost: Quantiles
    success: float
    success_interval: tuple[float, float]
    steps: tuple[StepResult, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """A what-if (add a skill, complete a course, take a project): per-step effects keyed by role id."""

    label: str
    hours_saved: Mapping[str, float] = field(default_factory=dict)
    readiness_gain: Mapping[str, float] = field(default_factory=dict)
    added_cost: float = 0.0  # charged to the first step (e.g. the course price)


@dataclass(frozen=True, slots=True)
class WhatIf:
    """A change's effect: both simulations and the after - before deltas (months, cost, probability)."""

    change: Change
    before: Simulation
    after: Simulation
    delta_p50_months: float
    delta_p90_months: float
    delta_cost: float
    delta_success: float


def simulate_path(
    steps: Sequence[StepSpec],
    *,
    n_draws: int = 4000,
    rng: np.random.Generator | int | None = 0,
    hour_value: float = 0.0,
) -> Simulation:
    """Simulate a path of steps (n_draws draws, vectorised): months, cost and success of the whole path."""
    if not steps:
        raise InvalidRequestError("a path needs at least one step to simulate")
    if n_draws < 1:
        raise InvalidRequestError(f"n_draws must be >= 1, got {n_draws}")
    for s in steps:
        _validate(s)
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    shape = (n_draws, len(steps))
    z = gen.standard_normal(shape)  # fixed-size draws first: common random numbers
    u = gen.random(shape)
    hours = _learning_hours(steps, z)
    months = np.maximum(
        hours / _column(steps, "study_hours_per_week") / WEEKS_PER_MONTH, _wait(steps, u)
    )
    p = gen.beta(_column(steps, "success", "alpha"), _column(steps, "success", "beta"), shape)
    cost = _column(steps, "course_cost") + hour_value * hours
    return _summarise(steps, months, hours, cost, p)


def apply_change(
    steps: Sequence[StepSpec],
    change: Change,
    *,
    readiness_slope: float = DEFAULT_READINESS_SLOPE,
) -> tuple[StepSpec, ...]:
    """Steps after a change: fewer hours, higher readiness (logit p += slope * gain), added cost."""
    out: list[StepSpec] = []
    for i, s in enumerate(steps):
        hours = max(0.0, float(s.learning_hours - change.hours_saved.get(s.role_id, 0.0)))
        gain = change.readiness_gain.get(s.role_id, 0.0)
        if s.readiness is not None:
            gain = min(gain, 1.0 - s.readiness)
        success = _shift(s.success, readiness_slope * gain) if gain > 0 else s.success
        readiness = None if s.readiness is None else s.readiness + gain
        cost = s.course_cost + (change.added_cost if i == 0 else 0.0)
        out.append(
            replace(s, learning_hours=hours, success=success, readiness=readiness, course_cost=cost)
        )
    return tuple(out)


def what_if(
    base_steps: Sequence[StepSpec],
    change: Change,
    *,
    n_draws: int = 4000,
    seed: int = 0,
    hour_value: float = 0.0,
    readiness_slope: float = DEFAULT_READINESS_SLOPE,
) -> WhatIf:
    """Simulate a path before and after a change with the same seed; return both and the deltas."""
    before = simulate_path(base_steps, n_draws=n_draws, rng=seed, hour_value=hour_value)
    changed = apply_change(base_steps, change, readiness_slope=readiness_slope)
    after = simulate_path(changed, n_draws=n_draws, rng=seed, hour_value=hour_value)
    return WhatIf(
        change=change,
        before=before,
        after=after,
        delta_p50_months=after.months.p50 - before.months.p50,
        delta_p90_months=after.months.p90 - before.months.p90,
        delta_cost=after.cost.mean - before.cost.mean,
        delta_success=after.success - before.success,
    )


def _validate(s: StepSpec) -> None:
    problems = []
    if not s.learning_hours >= 0:
        problems.append(f"learning_hours {s.learning_hours} < 0")
    if not s.study_hours_per_week > 0:
        problems.append(f"study_hours_per_week {s.study_hours_per_week} <= 0")
    if not (s.success.alpha > 0 and s.success.beta > 0):
        problems.append("success Beta needs alpha > 0 and beta > 0")
    if not (s.timing.median > 0 and s.timing.sigma >= 0):
        problems.append("timing needs median > 0 and sigma >= 0")
    if s.learning_cv < 0 or s.course_cost < 0 or s.months_elapsed < 0:
        problems.append("learning_cv, course_cost and months_elapsed must be >= 0")
    if problems:
        raise InvalidRequestError(f"step {s.role_id!r}: " + "; ".join(problems))


def _column(steps: Sequence[StepSpec], name: str, sub: str | None = None) -> F64:
    values = [getattr(s, name) for s in steps]
    if sub is not None:
        values = [getattr(v, sub) for v in values]
    return np.asarray(values, dtype=np.float64)


def _learning_hours(steps: Sequence[StepSpec], z: F64) -> F64:
    """Learning hours per draw and step, shape (n_draws, n_steps): lognormal with the steps' means."""
    sigma = np.sqrt(np.log1p(_column(steps, "learning_cv") ** 2))
    return _column(steps, "learning_hours") * np.exp(sigma * z - 0.5 * sigma**2)


def _wait(steps: Sequence[StepSpec], u: F64) -> F64:
    """Months until the move is due, shape (n_draws, n_steps), given months already in the role."""
    mu = np.log(_column(steps, "timing", "median"))
    sigma = np.maximum(_column(steps, "timing", "sigma"), 1e-9)
    elapsed = _column(steps, "months_elapsed")
    with np.errstate(divide="ignore"):
        f0 = ndtr((np.log(elapsed) - mu) / sigma)  # log(0) = -inf -> F = 0
    q = np.minimum(f0 + u * (1.0 - f0), 1.0 - 1e-12)
    tenure = np.maximum(np.exp(mu + sigma * ndtri(q)), _column(steps, "timing", "min_months"))
    return np.maximum(tenure - elapsed, 0.0)


def _shift(belief: BetaBelief, logit_gain: float) -> BetaBelief:
    """The same-strength belief with its mean moved by ``logit_gain`` on the log-odds scale."""
    m = belief.mean
    new = 1.0 / (1.0 + math.exp(-(math.log(m / (1.0 - m)) + logit_gain)))
    return BetaBelief.from_mean(new, belief.alpha + belief.beta)


def _quantiles(x: F64) -> Quantiles:
    p10, p50, p90 = np.percentile(x, [10, 50, 90])
    return Quantiles(float(p10), float(p50), float(p90), float(np.mean(x)))


def _interval(x: F64) -> tuple[float, float]:
    lo, hi = np.percentile(x, [5, 95])
    return float(lo), float(hi)


def _summarise(steps: Sequence[StepSpec], months: F64, hours: F64, cost: F64, p: F64) -> Simulation:
    """Reduce per-draw arrays, each (n_draws, n_steps), to a Simulation."""
    path_p = np.prod(p, axis=1)
    results = tuple(
        StepResult(
            role_id=s.role_id,
            months=_quantiles(months[:, j]),
            learning_hours=float(hours[:, j].mean()),
            cost=float(cost[:, j].mean()),
            success=float(p[:, j].mean()),
            success_interval=_interval(p[:, j]),
        )
        for j, s in enumerate(steps)
    )
    return Simulation(
        n_draws=months.shape[0],
        months=_quantiles(months.sum(axis=1)),
        cost=_quantiles(cost.sum(axis=1)),
        success=float(path_p.mean()),
        success_interval=_interval(path_p),
        steps=results,
    )
