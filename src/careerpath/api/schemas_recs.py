"""Response schemas of recommendations and simulations, and their mapping from the use cases."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from careerpath.domain.learning_plan import LearningPlan
from careerpath.domain.opportunities import MentorMatch, StretchProject
from careerpath.domain.simulation import Quantiles, Simulation, StepResult
from careerpath.engine.recommend_types import (
    Attribution,
    PathOption,
    RoleOption,
)

Label = Callable[[str], str]
Kind = Literal["roles", "paths", "projects", "mentors"]
KINDS: tuple[Kind, ...] = ("roles", "paths", "projects", "mentors")


class Out(BaseModel):
    """Base of the response schemas (unknown fields never appear)."""

    model_config = ConfigDict(extra="forbid")


def num(x: float) -> float | None:
    """A finite float, or None (JSON has no NaN or infinity)."""
    return float(x) if math.isfinite(x) else None


class SkillRef(Out):
    """A skill by id with its label."""

    id: str
    label: str


class AttributionOut(Out):
    """One component of a score: value in [0, 1], weight, and weight x value."""

    feature: str
    value: float | None
    weight: float | None
    contribution: float | None


class QuantilesOut(Out):
    """p10 / p50 / p90 and mean of a simulated quantity (months, or money in the catalog's unit)."""

    p10: float | None
    p50: float | None
    p90: float | None
    mean: float | None


class RoleOut(Out):
    """A ranked next role with its confidence, readiness, gaps, rationale and attributions."""

    role_id: str
    title: str
    score: float | None
    confidence: float | None
    readiness: float | None
    transition_probability: float | None
    open_positions: int
    aspiration: float | None
    external: bool
    missing_skills: list[SkillRef]
    rationale: str
    attributions: list[AttributionOut]
    sources: list[str]


class PlanStepOut(Out):
    """One course of a learning plan."""

    course_id: str
    title: str
    hours: float | None
    cost: float | None
    skills: list[SkillRef]


class UncoveredOut(Out):
    """A gap the catalog cannot close, and why."""

    skill: SkillRef
    needed: float | None
    current: float | None
    reached: float | None
    reason: str


class LearningPlanOut(Out):
    """Courses that close the final role's gaps (weighted set cover), with totals and coverage."""

    steps: list[PlanStepOut]
    total_hours: float | None
    total_cost: float | None
    coverage: float | None
    solver: str
    uncovered: list[UncoveredOut]


class StepOut(Out):
    """One move of a path as simulated."""

    role_id: str
    months: QuantilesOut
    learning_hours: float | None
    cost: float | None
    success: float | None
    success_interval: list[float | None]


class SimulationOut(Out):
    """Monte Carlo pricing: time to role (months), cost, success probability with a 90 % interval."""

    draws: int
    time_to_role_months: QuantilesOut
    cost: QuantilesOut
    success: float | None
    success_interval: list[float | None]
    steps: list[StepOut]


class PathOut(Out):
    """A multi-step path, priced by simulation, with its learning plan."""

    roles: list[str]
    titles: list[str]
    score: float | None
    confidence: float | None
    graph_probability: float | None
    readiness: float | None
    simulation: SimulationOut
    learning_plan: LearningPlanOut
    missing_skills: list[SkillRef]
    missing_certifications: list[str]
    rationale: str
    attributions: list[AttributionOut]
    sources: list[str]


class MentorOut(Out):
    """A suggested mentor: relevance, shared skills, free places and why."""

    person_id: str
    name: str
    relevance: str
    score: float | None
    shared_skills: list[SkillRef]
    free_places: int
    reason: str


class ProjectOut(Out):
    """A stretch project (gig) exercising the person's gap skills."""

    project_id: str
    name: str
    score: float | None
    exercised: float | None
    skills: list[SkillRef]
    starts_in_months: float | None
    reason: str


class NoRouteOut(Out):
    """Why no path was found, and the closest reachable roles."""

    reason: str
    closest: list[str]


class RolesPage(Out):
    """One page of ranked next roles."""

    total: int
    items: list[RoleOut]


class PathsPage(Out):
    """One page of priced paths."""

    total: int
    items: list[PathOut]


class MentorsPage(Out):
    """One page of mentors."""

    total: int
    items: list[MentorOut]


class ProjectsPage(Out):
    """One page of stretch projects (gigs)."""

    total: int
    items: list[ProjectOut]


class RecommendationsOut(Out):
    """Recommendations for one person: the requested sections, each paged with ``limit``/``offset``."""

    person_id: str
    origin: str | None = Field(description="The person's current org role.")
    target: str | None
    generated: str = Field(description="Date the recommendations are for (ISO 8601).")
    model_version: str
    policy_version: int | None = Field(description="The organization policy applied, if any.")
    data_sources: list[str]
    notes: list[str]
    no_route: NoRouteOut | None
    limit: int
    offset: int
    next: str | None = Field(description="Link to the next page, when a section has more.")
    roles: RolesPage | None = None
    paths: PathsPage | None = None
    mentors: MentorsPage | None = None
    projects: ProjectsPage | None = None


def _q(q: Quantiles) -> QuantilesOut:
    return QuantilesOut(p10=num(q.p10), p50=num(q.p50), p90=num(q.p90), mean=num(q.mean))


def _attr(a: Attribution) -> AttributionOut:
    return AttributionOut(
        feature=a.feature,
        value=num(a.value),
        weight=num(a.weight),
        contribution=num(a.contribution),
    )


def _skills(ids: Sequence[str], label: Label) -> list[SkillRef]:
    return [SkillRef(id=s, label=label(s)) for s in ids]


def role_out(r: RoleOption, label: Label) -> RoleOut:
    """A RoleOption as its response schema."""
    return RoleOut(
        role_id=r.role_id,
        title=r.title,
        score=num(r.score),
        confidence=num(r.confidence),
        readiness=num(r.readiness),
        transition_probability=num(r.transition_probability),
        open_positions=r.open_positions,
        aspiration=num(r.aspiration),
        external=r.external,
        missing_skills=_skills(r.missing, label),
        rationale=r.rationale,
        attributions=[_attr(a) for a in r.attributions],
        sources=list(r.sources),
    )


def _step(s: StepResult) -> StepOut:
    lo, hi = s.success_interval
    return StepOut(
        role_id=s.role_id,
        months=_q(s.months),
        learning_hours=num(s.learning_hours),
        cost=num(s.cost),
        success=num(s.success),
        success_interval=[num(lo), num(hi)],
    )


def simulation_out(sim: Simulation) -> SimulationOut:
    """A Simulation as its response schema."""
    lo, hi = sim.success_interval
    return SimulationOut(
        draws=sim.n_draws,
        time_to_role_months=_q(sim.months),
        cost=_q(sim.cost),
        success=num(sim.success),
        success_interval=[num(lo), num(hi)],
        steps=[_step(s) for s in sim.steps],
    )


def plan_out(plan: LearningPlan, label: Label) -> LearningPlanOut:
    """A LearningPlan as its response schema."""
    return LearningPlanOut(
        steps=[
            PlanStepOut(
                course_id=s.course_id,
                title=s.title,
                hours=num(s.hours),
                cost=num(s.cost),
                skills=_skills([p.skill_id for p in s.skills], label),
            )
            for s in plan.steps
        ],
        total_hours=num(plan.total_hours),
        total_cost=num(plan.total_cost),
        coverage=num(plan.coverage),
        solver=plan.solver,
        uncovered=[
            UncoveredOut(
                skill=SkillRef(id=u.skill_id, label=label(u.skill_id)),
                needed=num(u.needed),
                current=num(u.current),
                reached=num(u.reached),
                reason=u.reason,
            )
            for u in plan.uncovered
        ],
    )


def path_out(p: PathOption, label: Label) -> PathOut:
    """A PathOption as its response schema."""
    return PathOut(
        roles=list(p.roles),
        titles=list(p.titles),
        score=num(p.score),
        confidence=num(p.confidence),
        graph_probability=num(p.graph_probability),
        readiness=num(p.readiness),
        simulation=simulation_out(p.simulation),
        learning_plan=plan_out(p.plan, label),
        missing_skills=_skills(p.missing, label),
        missing_certifications=list(p.missing_certifications),
        rationale=p.rationale,
        attributions=[_attr(a) for a in p.attributions],
        sources=list(p.sources),
    )


def mentor_out(m: MentorMatch, label: Label) -> MentorOut:
    """A MentorMatch as its response schema."""
    return MentorOut(
        person_id=m.person_id,
        name=m.name,
        relevance=m.relevance,
        score=num(m.score),
        shared_skills=_skills(m.shared_skills, label),
        free_places=m.free_places,
        reason=m.reason,
    )


def project_out(p: StretchProject, label: Label) -> ProjectOut:
    """A StretchProject as its response schema."""
    return ProjectOut(
        project_id=p.project_id,
        name=p.name,
        score=num(p.score),
        exercised=num(p.exercised),
        skills=_skills(p.skills, label),
        starts_in_months=num(p.starts_in_months),
        reason=p.reason,
    )
