"""Ports: what use cases need from adapters, as typing.Protocols."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, Self

import numpy as np

from careerpath.domain.matching import Match
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
from careerpath.domain.taxonomy import Occupation

if TYPE_CHECKING:  # service_ports imports this module (JobHandler takes a UnitOfWork)
    from careerpath.engine.service_ports import (
        ApiKeyRepository,
        FeedbackRepository,
        PolicyRepository,
        ProjectRepository,
    )


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of shape (n_texts, dim)."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Encode texts; returns float32 (len(texts), dim), rows of unit length."""
        ...


class SkillLinker(Protocol):
    """Links free text (one item per text) to ranked taxonomy skills."""

    def link(self, texts: Sequence[str], *, taxonomy: str, top: int) -> list[list[Match]]:
        """For each text, up to ``top`` skills of ``taxonomy`` (esco|onet), best first."""
        ...


class TitleNormalizer(Protocol):
    """Maps job titles as people write them to ranked occupations or org roles."""

    def normalize(self, titles: Sequence[str], *, taxonomy: str, top: int) -> list[list[Match]]:
        """For each title, up to ``top`` occupations of ``taxonomy`` (esco|onet|org), best first."""
        ...


class PeopleRepository(Protocol):
    """Profiles, with their history, skills and evidence; demographics kept apart."""

    def get(self, person_id: str) -> Profile | None:
        """One profile, or None."""
        ...

    def get_many(self, person_ids: Sequence[str]) -> list[Profile]:
        """The stored profiles among ``person_ids``, in the order given (unknown ids skipped)."""
        ...

    def lock(self, person_id: str) -> None:
        """Make concurrent writers of this person take turns until the transaction ends."""
        ...

    def revision(self, person_id: str) -> str | None:
        """A token that changes whenever the person's profile is written; None when not stored.

        Cheap (one key lookup): caches of results derived from a profile key on it.
        """
        ...

    def add(self, profile: Profile) -> None:
        """Insert or replace one profile (history, skills, evidence and all)."""
        ...

    def add_many(self, profiles: Sequence[Profile]) -> None:
        """Insert many new profiles in bulk (a fast path for imports and the demo).

        Raises DataError, before writing anything, when a person id repeats or is already stored.
        """
        ...

    def ids(self) -> list[str]:
        """Every person id, sorted."""
        ...

    def count(self) -> int:
        """How many people are stored."""
        ...

    def set_demographics(self, records: Sequence[Demographics]) -> None:
        """Store demographic attributes, replacing each person's (read only by fairness audits)."""
        ...

    def demographics(self, person_ids: Sequence[str] | None = None) -> list[Demographics]:
        """The audit read: stored demographic records by person id (all, or those of ``person_ids``)."""
        ...


class LearningRepository(Protocol):
    """The course catalog, learning records, projects and assessments."""

    def add_courses(self, courses: Sequence[Course]) -> None:
        """Insert or replace catalog entries."""
        ...

    def courses(self) -> list[Course]:
        """The whole catalog, by id."""
        ...

    def add_records(self, records: Sequence[LearningRecord]) -> None:
        """Insert learning records."""
        ...

    def records_of(self, person_id: str) -> list[LearningRecord]:
        """One person's learning records, oldest first."""
        ...

    def add_projects(self, projects: Sequence[ProjectRecord]) -> None:
        """Insert project records."""
        ...

    def projects_of(self, person_id: str) -> list[ProjectRecord]:
        """One person's project records."""
        ...

    def add_assessments(self, assessments: Sequence[Assessment]) -> None:
        """Insert assessments."""
        ...

    def assessments_of(self, person_id: str) -> list[Assessment]:
        """One person's assessments, oldest first."""
        ...


@dataclass(frozen=True, slots=True)
class StoredRecommendation:
    """One stored next-role recommendation of a batch run (``recommend --all``)."""

    person_id: str
    rank: int  # 1 = best
    role_id: str
    score: float
    readiness: float
    model_version: str
    created: datetime  # timezone-aware (the store returns UTC)
    run_id: str = ""


class OrganizationRepository(Protocol):
    """The organization's roles (with requirements), open positions, mentors and outcomes."""

    def add_roles(self, roles: Sequence[tuple[Occupation, Sequence[RoleRequirement]]]) -> None:
        """Insert or replace org roles (taxonomy 'org') with their skill requirements."""
        ...

    def roles(self) -> list[tuple[Occupation, list[RoleRequirement]]]:
        """Every org role with its requirements, by id."""
        ...

    def add_positions(self, positions: Sequence[OpenPosition]) -> None:
        """Insert open positions."""
        ...

    def positions(self) -> list[OpenPosition]:
        """Every open position."""
        ...

    def add_mentors(self, offers: Sequence[MentorOffer]) -> None:
        """Insert or replace mentor offers."""
        ...

    def mentors(self) -> list[MentorOffer]:
        """Every mentor offer."""
        ...

    def add_outcomes(self, outcomes: Sequence[Outcome]) -> None:
        """Append outcome events."""
        ...

    def outcomes(self, person_id: str | None = None) -> list[Outcome]:
        """Outcome events, oldest first; one person's when ``person_id`` is given."""
        ...

    def save_recommendations(self, run_id: str, rows: Sequence[StoredRecommendation]) -> None:
        """Store a run's rows (``run_id`` set on each), replacing the earlier rows of their people."""
        ...

    def recommendations(self, person_id: str) -> list[StoredRecommendation]:
        """One person's latest stored recommendations, best first (empty when none)."""
        ...

    def count_recommended(self, run_id: str) -> int:
        """How many people's stored recommendations carry ``run_id`` (a later run replaces them)."""
        ...


@dataclass(frozen=True, slots=True)
class ImportReject:
    """One rejected input row: where (row number, field) and why, with the offending value."""

    row: int
    field: str
    reason: str
    value: str = ""


@dataclass(frozen=True, slots=True)
class ImportBatch:
    """One import run: what kind of file, when, how many rows were accepted and rejected, and why.

    Timestamps are timezone-aware (the store returns them in UTC).
    """

    id: str
    kind: str  # hris | json_resume | resume | xapi | courses | projects | assessments | demo ...
    file: str
    started: datetime
    finished: datetime | None = None
    status: str = "running"  # running | ok | rejected | failed
    accepted: int = 0
    rejected: int = 0
    rejects: tuple[ImportReject, ...] = ()


class ImportRepository(Protocol):
    """The record of import runs and their rejects report."""

    def add_batch(self, batch: ImportBatch) -> None:
        """Insert or replace one import batch with its rejects."""
        ...

    def get_batch(self, batch_id: str) -> ImportBatch | None:
        """One batch with its rejects, or None."""
        ...

    def marker(self, exclude_kinds: Collection[str] = ()) -> tuple[int, datetime | None]:
        """How many batches not of ``exclude_kinds`` there are and the latest start (cheap)."""
        ...

    def batches(self, kind: str | None = None) -> list[ImportBatch]:
        """Batches (with rejects), oldest first; only those of ``kind`` when given."""
        ...


class UnitOfWork(Protocol):
    """One transaction over the repositories: commit explicitly, roll back on exit otherwise.

    After a repository raises (e.g. DataError for a duplicate person), the transaction must be
    rolled back: leave the ``with`` block without committing. Entering a unit of work that is
    already open joins its transaction: only leaving the outermost block rolls back and closes.
    """

    @property
    def people(self) -> PeopleRepository:
        """Profiles and demographics."""
        ...

    @property
    def learning(self) -> LearningRepository:
        """Courses, learning records, projects, assessments."""
        ...

    @property
    def organization(self) -> OrganizationRepository:
        """Org roles, positions, mentors, outcomes."""
        ...

    @property
    def imports(self) -> ImportRepository:
        """Import runs and their rejects."""
        ...

    @property
    def policies(self) -> PolicyRepository:
        """Versions of the recommendation policy."""
        ...

    @property
    def feedback(self) -> FeedbackRepository:
        """Feedback events on recommendations."""
        ...

    @property
    def api_keys(self) -> ApiKeyRepository:
        """API keys (hashes of their secrets)."""
        ...

    @property
    def projects(self) -> ProjectRepository:
        """Open projects looking for people."""
        ...

    def __enter__(self) -> Self:
        """Begin the transaction."""
        ...

    def __exit__(self, *exc: object) -> None:
        """Roll back whatever was not committed, and close."""
        ...

    def clear(self) -> None:
        """Delete the organization's data (within this transaction), for a fresh import or demo.

        Keeps the import history, API keys, policy versions and jobs; deletes people, learning,
        organization records, stored recommendations, feedback events and open projects.
        """
        ...

    def commit(self) -> None:
        """Make the transaction's changes durable."""
        ...

    def rollback(self) -> None:
        """Discard the transaction's changes."""
        ...
