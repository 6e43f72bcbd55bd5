"""The organization's recommendation policy: constraints and prefilters applied to every
recommendation, versioned (a change adds a version; old versions stay readable for audit).

``apply_policy`` merges the rules into a request's PathConstraints; ``rules_to_json`` and
``rules_from_json`` are the stored JSON form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from careerpath.domain.constraints import PathConstraints, Policy


@dataclass(frozen=True, slots=True)
class PolicyRules:
    """What a policy says; every field optional so an empty policy changes nothing.

    - ``excluded_roles``: roles never recommended nor entered on a path.
    - ``required_certifications``: role id -> certifications a person must hold to be moved there
      (added to what the role framework already requires).
    - ``min_tenure_months``: months in the current role before any move is recommended.
    - ``max_zone_step``: the largest preparation-level (job zone) rise of one step.
    - ``allow_pay_cut``: whether moves into a lower pay band are allowed.
    - ``max_steps``: the longest path offered.
    - ``include_external``: whether external (non-framework) occupations may be suggested.
    """

    excluded_roles: frozenset[str] = frozenset()
    required_certifications: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    min_tenure_months: float | None = None
    max_zone_step: float | None = None
    allow_pay_cut: bool | None = None
    max_steps: int | None = None
    include_external: bool | None = None


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    """One stored version of the policy: its rules, who set it, when and why."""

    version: int
    rules: PolicyRules
    created: datetime
    author: str
    comment: str = ""


def rules_to_json(rules: PolicyRules) -> dict[str, Any]:
    """The rules as a plain JSON object: lists sorted, fields left unset (None) omitted."""
    out: dict[str, Any] = {}
    if rules.excluded_roles:
        out["excluded_roles"] = sorted(rules.excluded_roles)
    if rules.required_certifications:
        out["required_certifications"] = {
            role: list(certs) for role, certs in sorted(rules.required_certifications.items())
        }
    for name in _OPTIONAL_FIELDS:
        value = getattr(rules, name)
        if value is not None:
            out[name] = value
    return out


def rules_from_json(body: Mapping[str, Any]) -> PolicyRules:
    """Rules from what ``rules_to_json`` wrote (trusted stored data; unknown keys are ignored)."""
    certs = body.get("required_certifications") or {}
    steps = body.get("max_steps")
    return PolicyRules(
        excluded_roles=frozenset(body.get("excluded_roles") or ()),
        required_certifications={str(k): tuple(v) for k, v in certs.items()},
        min_tenure_months=_float_or_none(body.get("min_tenure_months")),
        max_zone_step=_float_or_none(body.get("max_zone_step")),
        allow_pay_cut=body.get("allow_pay_cut"),
        max_steps=int(steps) if steps is not None else None,
        include_external=body.get("include_external"),
    )


def apply_policy(rules: PolicyRules, constraints: PathConstraints) -> PathConstraints:
    """The constraints with the policy merged in; an empty policy returns them unchanged.

    Excluded roles are united; the minimum tenure is the larger and the job-zone step the smaller
    of the two; ``allow_pay_cut`` and ``max_steps`` are replaced when the policy sets them. A role
    with ``required_certifications`` the person does not hold (``held_certifications``) is refused
    as the destination of any move, through the constraints' policy hook (combined with any hook
    already there). ``include_external`` is not a path constraint: candidate generation reads it.
    """
    changes: dict[str, Any] = {}
    if rules.excluded_roles - constraints.excluded:
        changes["excluded"] = constraints.excluded | rules.excluded_roles
    if rules.min_tenure_months is not None:
        changes["min_tenure_months"] = max(constraints.min_tenure_months, rules.min_tenure_months)
    if rules.max_zone_step is not None:
        step = constraints.max_zone_step
        changes["max_zone_step"] = (
            rules.max_zone_step if step is None else min(step, rules.max_zone_step)
        )
    if rules.allow_pay_cut is not None:
        changes["allow_pay_cut"] = rules.allow_pay_cut
    if rules.max_steps is not None:
        changes["max_steps"] = rules.max_steps
    blocked = frozenset(
        role
        for role, certs in rules.required_certifications.items()
        if not constraints.held_certifications.issuperset(certs)
    )
    if blocked:
        changes["policy"] = _blocking(blocked, constraints.policy)
    return replace(constraints, **changes) if changes else constraints


def _blocking(blocked: frozenset[str], previous: Policy | None) -> Policy:
    """A move hook refusing moves into ``blocked`` roles, then asking ``previous`` (if any)."""

    def allowed(source: str, target: str) -> bool:
        """False for a move into a blocked role, else what the previous hook says."""
        if target in blocked:
            return False
        return previous is None or previous(source, target)

    return allowed


def _float_or_none(value: Any) -> float | None:
    return float(value) if value is not None else None


_OPTIONAL_FIELDS = (
    "min_tenure_months",
    "max_zone_step",
    "allow_pay_cut",
    "max_steps",
    "include_external",
)
