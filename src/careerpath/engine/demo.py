"""The demo organization: a deterministic, seeded company built from the real taxonomy, and its truth.

``build_demo`` returns plain domain objects (``DemoOrganization``); ``write_demo`` persists them in one
transaction. The hidden ground truth (true skill levels, move and success probabilities) stays in
``DemoOrganization.truth`` and is never stored: rebuild the demo from its seed to check models against
it. See docs/demo-organization.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import numpy as np

from careerpath.domain import demo_truth as truth
from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.opportunities import OpenProject
from careerpath.domain.profile import (
    Assessment,
    Course,
    Demographics,
    LearningRecord,
    MentorOffer,
    OpenPosition,
    Outcome,
    Profile,
    ProjectRecord,
    RoleRequirement,
)
from careerpath.domain.taxonomy import Occupation, Taxonomy
from careerpath.engine import demo_profiles as assemble
from careerpath.engine.demo_people import Life, TrueMove, World, chief_executive, simulate
from careerpath.engine.demo_world import make_world
from careerpath.engine.ports import ImportBatch, UnitOfWork

Progress = Callable[[str, int, int], None]  # (stage, done, total)
MAX_SIZE = 100_000
WRITE_CHUNK = 5_000


@dataclass(frozen=True)
class DemoTruth:
    """The hidden ground truth: parameters, true levels (n_people, n_skills) float32, every move."""

    params: truth.TruthParams
    skill_ids: tuple[str, ...]
    person_ids: tuple[str, ...]
    true_levels: np.ndarray
    aptitude: np.ndarray  # (n_people,)
    role_ids: tuple[str, ...]
    demand: np.ndarray  # (n_roles,) hidden role demand that open positions are drawn from
    moves: tuple[TrueMove, ...]


@dataclass(frozen=True)
class DemoOrganization:
    """Everything the demo made, as domain objects, with its hidden truth alongside."""

    seed: int
    today: date
    departments: tuple[str, ...]
    roles: tuple[tuple[Occupation, tuple[RoleRequirement, ...]], ...]
    people: tuple[Profile, ...]
    demographics: tuple[Demographics, ...]
    courses: tuple[Course, ...]
    learning: tuple[LearningRecord, ...]
    projects: tuple[ProjectRecord, ...]
    assessments: tuple[Assessment, ...]
    mentors: tuple[MentorOffer, ...]
    positions: tuple[OpenPosition, ...]
    outcomes: tuple[Outcome, ...]
    truth: DemoTruth = field(repr=False, compare=False)
    open_projects: tuple[OpenProject, ...] = ()  # stretch projects looking for people

    def counts(self) -> dict[str, int]:
        """How many of each thing the demo holds."""
        events = Counter(o.event for o in self.outcomes)
        current = sum(1 for p in self.people if p.current is not None)
        return {
            "people": len(self.people),
            "current employees": current,
            "former employees": len(self.people) - current,
            "departments": len(self.departments),
            "roles": len(self.roles),
            "courses": len(self.courses),
            "learning records": len(self.learning),
            "projects": len({p.project_id for p in self.projects}),
            "project records": len(self.projects),
            "assessments": len(self.assessments),
            "mentors": len(self.mentors),
            "open positions": len(self.positions),
            "open projects": len(self.open_projects),
            "outcomes": len(self.outcomes),
            **{f"outcomes: {k}": v for k, v in sorted(events.items())},
        }

    def sample_person(self) -> str:
        """A current employee with a move in their history, to try with `careerpath people show`."""
        for p in self.people:
            if p.current is not None and sum(1 for s in p.history if s.role_id) > 1:
                return p.person_id
        return self.people[0].person_id if self.people else ""


def build_demo(
    *,
    taxonomy: Taxonomy,
    size: int = 2000,
    seed: int = 7,
    today: date,
    params: truth.TruthParams | None = None,
    progress: Progress | None = None,
) -> DemoOrganization:
    """A demo organization of ``size`` current employees (plus those who left), same seed same output."""
    if not 1 <= size <= MAX_SIZE:
        raise InvalidRequestError(f"demo size must be 1-{MAX_SIZE:,}, got {size:,}")
    p = params or truth.TruthParams()
    world = make_world(taxonomy, seed=seed, today=today, params=p)
    if not world.departments:
        raise InvalidRequestError(
            "the taxonomy holds none of the O*NET occupations the demo's ladders map to",
            hint="load the O*NET release (`careerpath data fetch`)",
        )
    lives = _simulate_all(world, size, p, progress)
    ceo = next((i for i, r in enumerate(world.roles) if r.department == "Executive"), None)
    if ceo is not None:
        lives.insert(0, chief_executive(world, ceo))
    return _assemble(world, lives, "E000000" if ceo is not None else None, size, progress)


def _simulate_all(
    world: World, size: int, p: truth.TruthParams, progress: Progress | None
) -> list[Life]:
    """Simulate people in index order until ``size`` of them are still employed today."""
    lives: list[Life] = []
    current, index = 0, 0
    while current < size and index < 20 * size:
        group = assemble.fixed_attributes(world.seed, index).get(p.bias_attribute)
        life = simulate(index, world, biased=bool(p.bias) and group == p.bias_value)
        lives.append(life)
        current += life.exited is None
        index += 1
        if progress is not None and (current % 500 == 0 or current == size):
            progress("people", current, size)
    return lives


def _assemble(
    world: World, lives: list[Life], ceo: str | None, size: int, progress: Progress | None
) -> DemoOrganization:
    """Profiles, records and the truth from the simulated lives."""
    managers = assemble.reporting_tree([x for x in lives if x.person_id != ceo], world, ceo)
    courses = {c.id: c for c in world.courses}
    requirements: dict[str, Sequence[RoleRequirement]] = {r.id: r.requirements for r in world.roles}
    requirements.update(world.outside_requirements)
    people, assessed_all = [], []
    for n, life in enumerate(lives, 1):
        manager = managers.get(life.person_id, "")
        assessed = assemble.assessments(life, world, manager)
        assessed_all += assessed
        people.append(
            assemble.profile(
                life,
                world,
                manager=manager,
                requirements=requirements,
                courses=courses,
                assessed=assessed,
            )
        )
        if progress is not None and (n % 1000 == 0 or n == len(lives)):
            progress("profiles", n, len(lives))
    outcomes = sorted(
        (o for x in lives for o in x.outcomes), key=lambda o: (o.at, o.person_id, o.event)
    )
    return DemoOrganization(
        seed=world.seed,
        today=world.today,
        departments=world.departments,
        roles=tuple((r.occupation, r.requirements) for r in world.roles),
        people=tuple(people),
        demographics=tuple(assemble.demographics(x, world.seed, world.today) for x in lives),
        courses=world.courses,
        learning=tuple(r for x in lives for r in x.learning),
        projects=tuple(r for x in lives for r in x.projects),
        assessments=tuple(assessed_all),
        mentors=tuple(assemble.mentors(lives, world)),
        positions=tuple(assemble.positions(world, size)),
        outcomes=tuple(outcomes),
        truth=_truth(world, lives),
        open_projects=tuple(assemble.open_projects(world)),
    )


def _truth(world: World, lives: list[Life]) -> DemoTruth:
    levels = np.stack([x.levels for x in lives]) if lives else np.zeros((0, len(world.skills)))
    return DemoTruth(
        params=world.params,
        skill_ids=world.skills,
        person_ids=tuple(x.person_id for x in lives),
        true_levels=levels.astype(np.float32),
        aptitude=np.array([x.aptitude for x in lives], dtype=np.float32),
        role_ids=world.table.ids,
        demand=world.table.demand,
        moves=tuple(m for x in lives for m in x.moves),
    )


def write_demo(
    demo: DemoOrganization,
    uow: UnitOfWork,
    *,
    replace: bool = False,
    progress: Progress | None = None,
) -> None:
    """Persist the demo in one transaction; refuses a store that holds people unless ``replace``."""
    started = datetime.now(UTC)
    with uow:
        _make_room(uow, replace)
        uow.organization.add_roles([(occ, list(reqs)) for occ, reqs in demo.roles])
        uow.learning.add_courses(demo.courses)
        for k in range(0, len(demo.people), WRITE_CHUNK):
            uow.people.add_many(demo.people[k : k + WRITE_CHUNK])
            if progress is not None:
                progress("write", min(k + WRITE_CHUNK, len(demo.people)), len(demo.people))
        uow.people.set_demographics(demo.demographics)
        uow.learning.add_records(demo.learning)
        uow.learning.add_projects(demo.projects)
        uow.learning.add_assessments(demo.assessments)
        uow.organization.add_positions(demo.positions)
        uow.projects.add_open(demo.open_projects)
        uow.organization.add_mentors(demo.mentors)
        uow.organization.add_outcomes(demo.outcomes)
        uow.imports.add_batch(
            ImportBatch(
                id=f"demo-{started:%Y%m%dT%H%M%S}-seed{demo.seed}",
                kind="demo",
                file=f"(generated: seed {demo.seed}, {len(demo.people)} people)",
                started=started,
                finished=datetime.now(UTC),
                status="ok",
                accepted=len(demo.people),
            )
        )
        uow.commit()


def _make_room(uow: UnitOfWork, replace: bool) -> None:
    """Clear a store that holds only an earlier demo (or anything, with ``replace``); else refuse."""
    stored = uow.people.count()
    if not stored:
        return
    only_demo = all(b.kind == "demo" for b in uow.imports.batches())
    if not (replace or only_demo):
        raise InvalidRequestError(
            f"the store already holds {stored:,} people from imports, not only an earlier demo",
            hint="pass --replace to delete everything in it and write the demo instead",
        )
    uow.clear()
