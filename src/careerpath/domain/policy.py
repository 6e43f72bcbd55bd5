"""The organization's recommendation policy: constraints and prefilters applied to every
recommendation, versioned (a change adds a version; old versions stay readable for audit).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


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
