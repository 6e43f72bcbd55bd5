"""Schemas of what-if simulations: the request and the before/after comparison."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from careerpath.api.schemas_recs import Out, SimulationOut, num, simulation_out
from careerpath.engine.recommend_types import SimulationComparison


class WhatIfIn(BaseModel):
    """One what-if change: a skill gained, a course completed or a project taken."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["skill", "course", "project"]
    id: str = Field(min_length=1, max_length=512)


class SimulationIn(BaseModel):
    """A what-if simulation request: the target role and up to 20 changes."""

    model_config = ConfigDict(extra="forbid")

    target: str = Field(min_length=1, max_length=512, description="Target org role id.")
    what_if: list[WhatIfIn] = Field(default_factory=list, max_length=20)


class SimulationOutcome(Out):
    """The best path to the target simulated before and after the changes, with the deltas."""

    person_id: str
    target: str
    roles: list[str]
    changes: list[str]
    readiness_before: float | None
    readiness_after: float | None
    plan_hours_before: float | None
    plan_hours_after: float | None
    before: SimulationOut
    after: SimulationOut
    delta_p50_months: float | None
    delta_p90_months: float | None
    delta_cost: float | None
    delta_success: float | None
    notes: list[str]
    model_version: str
    policy_version: int | None


def comparison_out(c: SimulationComparison) -> SimulationOutcome:
    """A SimulationComparison as its response schema."""
    return SimulationOutcome(
        person_id=c.person_id,
        target=c.target,
        roles=list(c.roles),
        changes=list(c.changes),
        readiness_before=num(c.readiness_before),
        readiness_after=num(c.readiness_after),
        plan_hours_before=num(c.plan_hours_before),
        plan_hours_after=num(c.plan_hours_after),
        before=simulation_out(c.before),
        after=simulation_out(c.after),
        delta_p50_months=num(c.delta_p50_months),
        delta_p90_months=num(c.delta_p90_months),
        delta_cost=num(c.delta_cost),
        delta_success=num(c.delta_success),
        notes=list(c.notes),
        model_version=c.model_version,
        policy_version=c.policy_version,
    )
