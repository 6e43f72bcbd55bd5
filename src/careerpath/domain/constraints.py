"""Constraints on career paths: what a role must satisfy to be entered, and what a move must satisfy.

A role on a path (never the origin, which the person already holds) is refused when it is excluded,
its job zone rises more than ``max_zone_step`` over the previous role's, its pay band minimum lies
below ``pay_floor`` (unless ``allow_pay_cut``), none of its locations is allowed, or the policy hook
rejects the move. Certifications: a role whose required certifications the person lacks is, with
``certifications="final_only"`` (default), allowed only as the last role of a path, and the path
carries the missing certifications as a flag; with ``"exclude"`` it is never entered. Unknown job
zones, pay bands or locations never block.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from careerpath.domain.errors import InvalidRequestError, UnknownCodeError
from careerpath.domain.taxonomy import Occupation

#: An organization rule on a move (origin role id, destination role id) -> allowed.
Policy = Callable[[str, str], bool]


@dataclass(frozen=True, slots=True)
class RoleAttrs:
    """What constraints read of a role: job zone 1-5, pay band minimum, certifications, locations."""

    job_zone: float | None = None
    pay_min: float | None = None
    certifications: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()  # empty = anywhere / unknown


def role_attrs(occupation: Occupation, locations: tuple[str, ...] = ()) -> RoleAttrs:
    """The RoleAttrs of an occupation or org role (org pay band and certifications when present)."""
    org = occupation.org
    band = org.pay_band if org is not None else None
    return RoleAttrs(
        job_zone=occupation.job_zone,
        pay_min=band.minimum if band is not None else None,
        certifications=org.certifications if org is not None else (),
        locations=locations,
    )


@dataclass(frozen=True)
class PathConstraints:
    """Limits on a path (module docstring): steps, zone step, pay, certifications, tenure, places."""

    max_steps: int = 4
    max_zone_step: float | None = 1.0
    pay_floor: float | None = None  # the person's current band minimum
    allow_pay_cut: bool = False
    held_certifications: frozenset[str] = frozenset()
    certifications: Literal["final_only", "exclude"] = "final_only"
    tenure_months: float = 0.0  # months already spent in the origin role
    min_tenure_months: float = 0.0  # months in the origin role before the first move
    locations: frozenset[str] | None = None  # None = anywhere
    excluded: frozenset[str] = frozenset()
    policy: Policy | None = None

    def missing_certifications(self, attrs: RoleAttrs) -> tuple[str, ...]:
        """Certifications a role requires that the person does not hold."""
        return tuple(c for c in attrs.certifications if c not in self.held_certifications)

    def role_ok(self, attrs: RoleAttrs, role: str, *, final: bool) -> bool:
        """Whether a role may be entered on a path (as the last role when ``final``)."""
        if role in self.excluded:
            return False
        if not self.allow_pay_cut and _below(attrs.pay_min, self.pay_floor):
            return False
        if (
            self.locations is not None
            and attrs.locations
            and self.locations.isdisjoint(attrs.locations)
        ):
            return False
        if self.missing_certifications(attrs):
            return final and self.certifications == "final_only"
        return True

    def move_ok(self, source: str, a: RoleAttrs, target: str, b: RoleAttrs) -> bool:
        """Whether one move respects the job-zone step limit and the policy hook."""
        step = self.max_zone_step
        if step is not None and a.job_zone is not None and b.job_zone is not None:
            return b.job_zone - a.job_zone <= step + 1e-9 and self._policy_ok(source, target)
        return self._policy_ok(source, target)

    def _policy_ok(self, source: str, target: str) -> bool:
        """Whether the policy hook (if any) allows the move."""
        return self.policy is None or self.policy(source, target)

    def first_wait(self, months: float) -> float:
        """Expected months before the first move, given its typical months in role."""
        return max(0.0, months - self.tenure_months, self.min_tenure_months - self.tenure_months)

    def validate(self, roles: Mapping[str, RoleAttrs], origin: str, target: str | None) -> None:
        """Raise if the request names unknown roles or contradicts itself."""
        for role in (origin, target):
            if role is not None and role not in roles:
                raise UnknownCodeError(f"unknown role {role!r}", hint="not in the transition graph")
        if self.max_steps < 0 or (self.max_zone_step is not None and self.max_zone_step < 0):
            raise InvalidRequestError("max_steps and max_zone_step must be >= 0")
        if target is None:
            return
        if target == origin:
            raise InvalidRequestError(f"{origin!r} is already the person's role")
        if self.max_steps == 0:
            raise InvalidRequestError("max_steps is 0 but the target differs from the origin")
        if not self.role_ok(roles[target], target, final=True):
            raise InvalidRequestError(
                f"the constraints exclude the target {target!r} itself",
                hint="excluded, below the pay floor, outside the allowed locations or uncertified",
            )


def _below(value: float | None, floor: float | None) -> bool:
    """Whether a known value lies below a known floor."""
    return value is not None and floor is not None and value < floor
