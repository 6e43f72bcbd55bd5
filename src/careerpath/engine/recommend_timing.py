"""Time in role before a move, fitted on the organization's history with censoring and performance.

Spells (``spells``): every spell in an org role that starts with a recorded move (``move`` /
``promotion`` outcome; a person's first role, from hire, has no recorded start) is used: those that
ended with the person's next move are events, those still running at ``today`` (default: the latest
outcome's date) or ended by an ``exit`` are censored. Each spell carries the person's performance at
its end (the latest ``rating`` outcome on or before it, None without one).

Model (``fit_timing``): log months in role r = mu_r + b x (perf - mean perf of r's spells) + sigma_r e,
e standard normal, fitted by maximum likelihood under right censoring (``domain.simulation``): first
per role without performance, then the shared effect b on the spells with a rating, then each role
again with b x (perf - mean) as an offset. A role with fewer than ``MIN_MOVES`` moves uses the fit
pooled over every role; fewer than ``MIN_RATED`` rated spells leaves b at 0. Fitting the completed
spells alone (the model before this one) keeps only the moves that came early: about 30 % of people
had moved by the median it predicted, against 50 % for a calibrated one (bench/recommend_quality).
``median_for(role, performance)`` is a person's median months in the role before a move.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from careerpath.domain.profile import Outcome
from careerpath.domain.simulation import MIN_MOVES, MoveTiming, censored_effect

MOVE_EVENTS = ("move", "promotion")
MIN_RATED = 30
_MONTH_DAYS = 30.4375
Spell = tuple[str, float, bool, float | None]  # (role, months in it, ended by a move, performance)
Move = tuple[str, str, float | None]  # (origin role, destination role, months in origin or None)


@dataclass(frozen=True)
class TimingModel:
    """Fitted time in role (module docstring); empty when the organization has no history."""

    per_role: Mapping[str, MoveTiming] = field(default_factory=dict)
    base: MoveTiming | None = None  # pooled over every role
    perf_effect: float = 0.0  # b: log-months per unit of performance (negative: sooner)
    perf_mean: Mapping[str, float] = field(default_factory=dict)  # role ("" pooled) -> mean

    def timing(self, role: str) -> MoveTiming | None:
        """The role's fit, else the pooled one, else None."""
        return self.per_role.get(role) or self.base

    def median_for(self, role: str, performance: float | None) -> float | None:
        """Median months in ``role`` before a move for a person with this performance (0-1)."""
        fit = self.timing(role)
        if fit is None:
            return None
        if performance is None or math.isnan(performance) or not self.perf_effect:
            return fit.median
        mean = self.perf_mean.get(role if role in self.per_role else "", performance)
        return fit.median * math.exp(self.perf_effect * (performance - mean))


def person_moves(events: Sequence[Outcome], roles: set[str]) -> list[tuple[Outcome, Move]]:
    """One person's moves from their move events (sorted here), each with the event recording it.

    The origin is the role named in the detail (``from <role id>``), else the previous move's
    destination; months in the origin are the time since the previous move (None for the first).
    """
    events = sorted((o for o in events if o.event in MOVE_EVENTS), key=lambda o: o.at)
    out: list[tuple[Outcome, Move]] = []
    prev: Outcome | None = None
    for o in events:
        named = o.detail[5:].strip() if o.detail.startswith("from ") else ""
        origin = named if named in roles else (prev.role_id if prev else None)
        months = (o.at - prev.at).days / _MONTH_DAYS if prev is not None else None
        if origin is not None and o.role_id is not None and origin != o.role_id:
            out.append((o, (origin, o.role_id, months)))
        prev = o
    return out


def spells(outcomes: Sequence[Outcome], roles: set[str], today: date | None = None) -> list[Spell]:
    """Every spell that starts with a recorded move, censored or not, with performance (docstring)."""
    end = today or max((o.at for o in outcomes), default=None)
    by_person: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        if o.event in (*MOVE_EVENTS, "exit", "rating"):
            by_person[o.person_id].append(o)
    out: list[Spell] = []
    for events in by_person.values():
        ratings = sorted(
            (o.at, o.value) for o in events if o.event == "rating" and o.value is not None
        )
        moved = person_moves([o for o in events if o.role_id in roles], roles)
        for o, (a, _, m) in moved:
            if m is not None:
                out.append((a, m, True, _rating_at(ratings, o.at)))
        if moved and end is not None:
            last, (_, role, _) = moved[-1]
            left = min((o.at for o in events if o.event == "exit" and o.at >= last.at), default=end)
            if left > last.at:
                months = (left - last.at).days / _MONTH_DAYS
                out.append((role, months, False, _rating_at(ratings, left)))
    return out


def _rating_at(ratings: list[tuple[date, float]], when: date) -> float | None:
    """The latest rating on or before ``when`` (ratings sorted by date), None without one."""
    found = None
    for at, value in ratings:
        if at > when:
            break
        found = value
    return found


def fit_timing(found: Sequence[Spell]) -> TimingModel:
    """Fit the model of the module docstring to spells."""
    by_role: dict[str, list[Spell]] = defaultdict(list)
    for s in found:
        by_role[s[0]].append(s)
    fitted = [r for r, ss in by_role.items() if sum(1 for s in ss if s[2]) >= MIN_MOVES]
    if sum(1 for s in found if s[2]) < MIN_MOVES:
        return TimingModel()
    means = {r: _mean_perf(by_role[r]) for r in fitted} | {"": _mean_perf(list(found))}
    model = TimingModel({r: _fit(by_role[r]) for r in fitted}, _fit(list(found)), 0.0, means)
    effect = _effect(found, model)
    if not effect:
        return model
    per_role = {r: _fit(by_role[r], effect, means[r]) for r in fitted}
    return TimingModel(per_role, _fit(list(found), effect, means[""]), effect, means)


def _mean_perf(ss: Sequence[Spell]) -> float:
    """Mean performance of the rated spells (0.5 without any)."""
    rated = [s[3] for s in ss if s[3] is not None]
    return float(np.mean(rated)) if rated else 0.5


def _fit(ss: Sequence[Spell], effect: float = 0.0, mean: float = 0.5) -> MoveTiming:
    """Censored lognormal of spells, offset by the performance effect (0 when unrated)."""
    offset = [effect * (s[3] - mean) if s[3] is not None else 0.0 for s in ss]
    return MoveTiming.from_spells([s[1] for s in ss], [s[2] for s in ss], offset=offset)


def _effect(found: Sequence[Spell], model: TimingModel) -> float:
    """The shared performance effect on log months, given each role's fit (0: too few rated)."""
    rated = [s for s in found if s[3] is not None and s[1] > 0 and model.timing(s[0])]
    if len(rated) < MIN_RATED or sum(1 for s in rated if s[2]) < MIN_MOVES:
        return 0.0
    fits = [model.timing(s[0]) for s in rated]
    mu = np.log([f.median for f in fits if f is not None])
    sigma = np.array([f.sigma for f in fits if f is not None])
    key = [s[0] if s[0] in model.per_role else "" for s in rated]
    x = np.array([float(s[3] or 0.0) - model.perf_mean[k] for s, k in zip(rated, key, strict=True)])
    log_t = np.log([s[1] for s in rated])
    moved = np.array([s[2] for s in rated], dtype=np.bool_)
    return censored_effect(log_t, moved, mu, sigma, x)
