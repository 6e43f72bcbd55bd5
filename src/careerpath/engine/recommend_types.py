"""Results of the recommendation use cases: ranked roles, priced paths, mentors, what-ifs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from careerpath.domain.learning_plan import LearningPlan
from careerpath.domain.opportunities import MentorMatch, StretchProject
from careerpath.domain.paths import NoRoute
from careerpath.domain.simulation import Simulation

#: Version of the scoring rules (blend weights, path scoring, success heuristic wiring).
MODEL_VERSION = "recommend-blend-0.2"  # + the success estimator's name, see model_version()


@dataclass(frozen=True, slots=True)
class Attribution:
    """One component of a score: its value in [0, 1], its weight and weight x value."""

    feature: str
    value: float
    weight: float
    contribution: float


@dataclass(frozen=True, slots=True)
class RoleOption:
    """A next role, ranked by the blend (``recommend`` module docstring), with why and what's missing."""

    role_id: str
    title: str
    score: float
    confidence: float
    readiness: float
    transition_probability: float
    open_positions: int
    aspiration: float
    missing: tuple[str, ...]  # skill ids with a gap, largest weighted gap first
    rationale: str
    attributions: tuple[Attribution, ...]
    sources: tuple[str, ...]
    external: bool = False  # an O*NET occupation outside the organization


@dataclass(frozen=True, slots=True)
class PathOption:
    """A multi-step path priced by simulation, with its learning plan for the final role's gaps."""

    roles: tuple[str, ...]  # origin first
    titles: tuple[str, ...]
    score: float
    confidence: float
    graph_probability: float  # exp(-cost) of the path in the transition graph
    readiness: float  # for the final role, now
    plan: LearningPlan
    simulation: Simulation
    missing: tuple[str, ...]
    missing_certifications: tuple[str, ...]
    rationale: str
    attributions: tuple[Attribution, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Recommendations:
    """Everything recommended for one person; ``no_route`` says why no path was found, if so."""

    person_id: str
    origin: str | None  # the person's current org role
    target: str | None
    next_roles: tuple[RoleOption, ...]
    paths: tuple[PathOption, ...]
    mentors: tuple[MentorMatch, ...]
    stretch_projects: tuple[StretchProject, ...]
    no_route: NoRoute | None
    notes: tuple[str, ...]
    sources: tuple[str, ...]
    model_version: str
    generated: date
    policy_version: int | None = None  # the organization policy applied, None without one


@dataclass(frozen=True)
class SimulationComparison:
    """A path before and after what-if changes (same random numbers), with the deltas."""

    person_id: str
    target: str
    roles: tuple[str, ...]
    changes: tuple[str, ...]
    readiness_before: float
    readiness_after: float
    plan_hours_before: float
    plan_hours_after: float
    before: Simulation
    after: Simulation
    delta_p50_months: float
    delta_p90_months: float
    delta_cost: float
    delta_success: float
    notes: tuple[str, ...]
    model_version: str
    policy_version: int | None = None  # the organization policy applied, None without one


def model_version(success: str) -> str:
    """The version string of a recommendation: the blend's version plus the success estimator's."""
    return f"{MODEL_VERSION}+{success}"
