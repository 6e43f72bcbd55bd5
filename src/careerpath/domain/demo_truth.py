"""The demo organization's HIDDEN ground-truth model: how true skills grow, who moves where, who succeeds.

Nothing here is stored: the demo keeps its people's true skill levels and these probabilities in
memory only (``DemoTruth``), so later learned models can be checked against the truth by rebuilding
the demo from its seed. All parameters are documented in ``docs/demo-organization.md``.

Notation: ``s`` a person's true levels over the skill universe (n_skills,), ``L`` the roles' required
levels and ``W`` their importances (n_roles, n_skills), all in [0, 1].

* Readiness for role r: 1 - sum_k W[r,k] max(0, L[r,k] - s_k) / sum_k W[r,k] L[r,k]  (gap-weighted).
* Skills in a role: required skills approach L[cur] x (1 + stretch x aptitude) with time constant
  ``grow_months``; skills the role does not use fade with ``decay_months``.
* Decision points every ``review_months`` in a role (from ``min_tenure_months`` on):
  P(exit) = sigmoid(exit_base + exit_perf x perf + exit_stuck x years since promotion + exit_failure x failed)
  P(move) = sigmoid(move_base + move_perf x perf + move_ready x (best ladder readiness - 0.8)
                    + move_tenure x min(years in role beyond the minimum, 4))
  destination ~ softmax over roles r != current of
      w_ready x readiness_r + w_ladder x [r is a next role] + w_feasible x feasibility(cur -> r)
      + w_family x [same job family] + w_open x log(1 + 10 demand_r)
      + w_jump x max(0, step - 1) + w_down x max(0, -step) + w_lateral x [step == 0]
      - bias x [person in the bias group] x [step > 0]        (step = level_r - level_cur)
* Success 12 months after a move: P = sigmoid(success_base + success_ready x (readiness - 0.8)
  + success_perf x perf).
* Performance z = perf_aptitude x aptitude + perf_ready x (readiness in the current role - 0.8)
  + perf_noise x N(0, 1) - failure_penalty x [failed the last move]; rating 1-5 by cut points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]

RATING_CUTS = (-1.4, -0.5, 0.7, 1.6)  # z below the first cut rates 1, above the last rates 5


@dataclass(frozen=True)
class TruthParams:
    """Every parameter of the hidden ground truth (documented in docs/demo-organization.md)."""

    grow_months: float = 10.0
    decay_months: float = 96.0
    stretch: float = 0.10
    learn_gain: float = 0.5
    pass_bonus: float = 0.2
    project_gain: float = 0.25
    review_months: float = 6.0
    min_tenure_months: float = 12.0
    move_base: float = -2.6
    move_perf: float = 0.8
    move_ready: float = 4.0
    move_tenure: float = 0.45
    exit_base: float = -3.6
    exit_perf: float = -0.5
    exit_stuck: float = 0.15
    exit_failure: float = 1.0
    w_ready: float = 6.0
    w_ladder: float = 2.0
    w_feasible: float = 3.0
    w_family: float = 1.5
    w_open: float = 0.6
    w_jump: float = -3.0
    w_down: float = -4.5
    w_lateral: float = -0.8
    success_base: float = 0.9
    success_ready: float = 7.0
    success_perf: float = 0.5
    success_months: float = 12.0
    perf_aptitude: float = 0.7
    perf_ready: float = 2.5
    perf_noise: float = 0.6
    failure_penalty: float = 0.6
    bias: float = 0.0
    bias_attribute: str = "gender"
    bias_value: str = "female"


@dataclass(frozen=True)
class RoleTable:
    """Roles as arrays: level, family, demand, closed (R,); next roles, feasibility (R, R); req (R, S)."""

    ids: tuple[str, ...]
    level: I64
    family: I64
    next_roles: B
    feasibility: F32
    demand: F32
    req_level: F32
    req_weight: F32
    closed: B  # (R,) roles nobody moves into (the chief executive)

    def __len__(self) -> int:
        return len(self.ids)


def sigmoid(x: float) -> float:
    """The logistic function."""
    return float(1.0 / (1.0 + np.exp(-x)))


def readiness(levels: F32, roles: RoleTable) -> F32:
    """Gap-weighted readiness of one person for every role, float32 (R,) in [0, 1]."""
    gap = np.maximum(roles.req_level - levels[None, :], 0.0)
    need = (roles.req_weight * roles.req_level).sum(axis=1)
    miss = (roles.req_weight * gap).sum(axis=1)
    out = 1.0 - np.divide(miss, need, out=np.zeros_like(miss), where=need > 0)
    clipped: F32 = np.minimum(np.maximum(out, 0.0), 1.0).astype(np.float32)
    return clipped


def readiness_for(levels: F32, role: int, roles: RoleTable) -> float:
    """Gap-weighted readiness of one person for one role, in [0, 1]."""
    w, need = roles.req_weight[role], roles.req_level[role]
    total = float(w @ need)
    if total <= 0:
        return 1.0
    return min(1.0, max(0.0, 1.0 - float(w @ np.maximum(need - levels, 0.0)) / total))


def grow_skills(
    levels: F32, role: int, aptitude: float, months: float, roles: RoleTable, p: TruthParams
) -> F32:
    """True levels after ``months`` in role ``role``: required skills grow, unused ones fade."""
    target = np.minimum(roles.req_level[role] * np.float32(1.0 + p.stretch * aptitude), 1.0)
    pull = np.float32(1.0 - np.exp(-months / p.grow_months))
    fade = np.float32(np.exp(-months / p.decay_months))
    grown = levels + np.maximum(target - levels, 0.0) * pull
    out: F32 = np.where(roles.req_weight[role] > 0, grown, levels * fade).astype(np.float32)
    return out


def learn(level: float, course_level: float, verb: str, p: TruthParams) -> float:
    """A true level after a course: completed closes ``learn_gain`` of the gap, passed more."""
    gain = {"completed": p.learn_gain, "passed": p.learn_gain + p.pass_bonus, "experienced": 0.15}
    return level + gain.get(verb, 0.0) * max(0.0, course_level - level)


def performance_z(
    aptitude: float, ready_now: float, noise: float, failed: bool, p: TruthParams
) -> float:
    """The latent performance of a year (standard-normal-ish)."""
    z = p.perf_aptitude * aptitude + p.perf_ready * (ready_now - 0.8) + p.perf_noise * noise
    return z - (p.failure_penalty if failed else 0.0)


def rating(z: float) -> int:
    """A 1-5 performance rating from latent performance."""
    return 1 + int(np.searchsorted(np.asarray(RATING_CUTS), z))


def exit_probability(
    perf: float, years_since_promotion: float, failed: bool, p: TruthParams
) -> float:
    """P(leaving at one decision point)."""
    x = p.exit_base + p.exit_perf * perf + p.exit_stuck * years_since_promotion
    return sigmoid(x + (p.exit_failure if failed else 0.0))


def move_probability(
    perf: float, ready: F32, current: int, months_in_role: float, roles: RoleTable, p: TruthParams
) -> float:
    """P(moving at one decision point), from performance, ladder readiness and time in role."""
    ladder = roles.next_roles[current]
    best = float(ready[ladder].max()) if ladder.any() else float(ready[current])
    extra = min(max(0.0, months_in_role - p.min_tenure_months) / 12.0, 4.0)
    return sigmoid(
        p.move_base + p.move_perf * perf + p.move_ready * (best - 0.8) + p.move_tenure * extra
    )


def destination_logits(
    ready: F32, current: int, biased: bool, roles: RoleTable, p: TruthParams
) -> F64:
    """Utilities of moving from ``current`` to every role, float64 (R,); -inf for staying put."""
    step = (roles.level - roles.level[current]).astype(np.float64)
    u = (
        p.w_ready * ready.astype(np.float64)
        + p.w_ladder * roles.next_roles[current]
        + p.w_feasible * roles.feasibility[current]
        + p.w_family * (roles.family == roles.family[current])
        + p.w_open * np.log1p(10.0 * roles.demand)
        + p.w_jump * np.maximum(step - 1.0, 0.0)
        + p.w_down * np.maximum(-step, 0.0)
        + p.w_lateral * (step == 0)
    )
    if biased and p.bias:
        u -= p.bias * (step > 0)
    u[roles.closed] = -np.inf
    u[current] = -np.inf
    return np.asarray(u, dtype=np.float64)


def destination_probabilities(
    ready: F32, current: int, biased: bool, roles: RoleTable, p: TruthParams
) -> F64:
    """Softmax of the destination utilities, float64 (R,), zero for the current role."""
    u = destination_logits(ready, current, biased, roles, p)
    e = np.exp(u - u.max())
    return np.asarray(e / e.sum(), dtype=np.float64)


def success_probability(ready: float, perf: float, p: TruthParams) -> float:
    """P(succeeding in a new role), judged ``success_months`` after the move."""
    return sigmoid(p.success_base + p.success_ready * (ready - 0.8) + p.success_perf * perf)
