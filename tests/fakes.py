"""In-memory fakes of the ports, for unit tests (no mock.patch): same contract as the real adapters.

``FakeUnitOfWork`` copies the committed state when it begins; ``commit()`` publishes the working
copy, leaving the ``with`` block without committing discards it. Several units of work built on
one ``FakeStore`` see each other's committed changes, like sessions on one database::

    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        uow.people.add(profile)
        uow.commit()
    with FakeUnitOfWork(store) as uow:
        assert uow.people.get(profile.person_id) == profile
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from careerpath.domain.errors import DataError
from careerpath.domain.feedback import FeedbackEvent
from careerpath.domain.opportunities import OpenProject
from careerpath.domain.policy import PolicyRules, PolicyVersion
from careerpath.domain.profile import (
    Assessment,
    Certification,
    Consent,
    Course,
    Demographics,
    Education,
    Evidence,
    Language,
    LearningRecord,
    MentorOffer,
    OpenPosition,
    Outcome,
    Preferences,
    Profile,
    ProjectRecord,
    RoleRequirement,
    RoleSpell,
    SkillClaim,
)
from careerpath.domain.taxonomy import Occupation
from careerpath.engine.ports import ImportBatch, StoredRecommendation
from careerpath.engine.service_ports import ApiKeyRecord

RoleEntry = tuple[Occupation, list[RoleRequirement]]


@dataclass
class FakeStore:
    """The committed state of a fake database (all records are frozen, so copies are shallow)."""

    people: dict[str, Profile] = field(default_factory=dict)
    demographics: dict[str, Demographics] = field(default_factory=dict)
    courses: dict[str, Course] = field(default_factory=dict)
    records: list[LearningRecord] = field(default_factory=list)
    projects: list[ProjectRecord] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    roles: dict[str, RoleEntry] = field(default_factory=dict)
    positions: dict[str, OpenPosition] = field(default_factory=dict)
    mentors: dict[str, MentorOffer] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    batches: dict[str, ImportBatch] = field(default_factory=dict)
    recommendations: dict[str, tuple[StoredRecommendation, ...]] = field(default_factory=dict)
    policies: list[PolicyVersion] = field(default_factory=list)
    feedback: dict[tuple[str, str], FeedbackEvent] = field(default_factory=dict)
    api_keys: dict[str, ApiKeyRecord] = field(default_factory=dict)
    open_projects: dict[str, OpenProject] = field(default_factory=dict)
    revisions: dict[str, int] = field(default_factory=dict)

    def copy(self) -> FakeStore:
        """A working copy: new containers holding the same frozen records."""
        clone = copy.copy(self)
        for name, value in vars(self).items():
            setattr(clone, name, copy.copy(value))
        clone.roles = {k: (occ, list(reqs)) for k, (occ, reqs) in self.roles.items()}
        return clone


class FakePeopleRepository:
    """PeopleRepository over a FakeStore."""

    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def get(self, person_id: str) -> Profile | None:
        """One profile, or None."""
        return self.store.people.get(person_id)

    def get_many(self, person_ids: Sequence[str]) -> list[Profile]:
        """The stored profiles among ``person_ids``, in the order given."""
        return [self.store.people[p] for p in person_ids if p in self.store.people]

    def lock(self, person_id: str) -> None:
        """Nothing to do: one fake transaction at a time."""

    def revision(self, person_id: str) -> str | None:
        """The write counter of the profile as text; None when not stored."""
        if person_id not in self.store.people:
            return None
        return str(self.store.revisions.get(person_id, 0))

    def add(self, profile: Profile) -> None:
        """Insert or replace one profile."""
        self.store.people[profile.person_id] = profile
        self.store.revisions[profile.person_id] = self.store.revisions.get(profile.person_id, 0) + 1

    def add_many(self, profiles: Sequence[Profile]) -> None:
        """Insert new profiles; DataError (nothing written) on a repeated or stored id."""
        seen: set[str] = set()
        for p in profiles:
            if p.person_id in seen:
                raise DataError(f"person {p.person_id!r} appears twice in one add_many batch")
            if p.person_id in self.store.people:
                raise DataError(
                    f"person {p.person_id!r} is already stored",
                    hint="add_many inserts new people only; use add() to replace a profile",
                )
            seen.add(p.person_id)
        self.store.people.update((p.person_id, p) for p in profiles)
        for p in profiles:
            self.store.revisions[p.person_id] = self.store.revisions.get(p.person_id, 0) + 1

    def ids(self) -> list[str]:
        """Every person id, sorted."""
        return sorted(self.store.people)

    def count(self) -> int:
        """How many people are stored."""
        return len(self.store.people)

    def set_demographics(self, records: Sequence[Demographics]) -> None:
        """Store demographic attributes, replacing each person's."""
        self.store.demographics.update((r.person_id, r) for r in records)

    def demographics(self, person_ids: Sequence[str] | None = None) -> list[Demographics]:
        """Stored demographic records by person id."""
        wanted = set(person_ids) if person_ids is not None else None
        return [
            self.store.demographics[k]
            for k in sorted(self.store.demographics)
            if wanted is None or k in wanted
        ]


class FakeLearningRepository:
    """LearningRepository over a FakeStore."""

    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def add_courses(self, courses: Sequence[Course]) -> None:
        """Insert or replace catalog entries."""
        self.store.courses.update((c.id, c) for c in courses)

    def courses(self) -> list[Course]:
        """The whole catalog, by id."""
        return [self.store.courses[k] for k in sorted(self.store.courses)]

    def add_records(self, records: Sequence[LearningRecord]) -> None:
        """Insert learning records."""
        self.store.records.extend(records)

    def records_of(self, person_id: str) -> list[LearningRecord]:
        """One person's learning records, oldest first (ties in insertion order)."""
        mine = [r for r in self.store.records if r.person_id == person_id]
        return sorted(mine, key=lambda r: r.timestamp)

    def add_projects(self, projects: Sequence[ProjectRecord]) -> None:
        """Insert project records."""
        self.store.projects.extend(projects)

    def projects_of(self, person_id: str) -> list[ProjectRecord]:
        """One person's project records, in insertion order."""
        return [p for p in self.store.projects if p.person_id == person_id]

    def add_assessments(self, assessments: Sequence[Assessment]) -> None:
        """Insert assessments."""
        self.store.assessments.extend(assessments)

    def assessments_of(self, person_id: str) -> list[Assessment]:
        """One person's assessments, oldest first (undated first, ties in insertion order)."""
        mine = [a for a in self.store.assessments if a.person_id == person_id]
        return sorted(mine, key=lambda a: (a.assessed is not None, a.assessed or date.min))


class FakeOrganizationRepository:
    """OrganizationRepository over a FakeStore."""

    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def add_roles(self, roles: Sequence[tuple[Occupation, Sequence[RoleRequirement]]]) -> None:
        """Insert or replace org roles with their requirements."""
        self.store.roles.update((occ.id, (occ, list(reqs))) for occ, reqs in roles)

    def roles(self) -> list[tuple[Occupation, list[RoleRequirement]]]:
        """Every org role with its requirements, by id."""
        return [(o, list(r)) for o, r in (self.store.roles[k] for k in sorted(self.store.roles))]

    def add_positions(self, positions: Sequence[OpenPosition]) -> None:
        """Insert (or replace, by id) open positions."""
        self.store.positions.update((p.id, p) for p in positions)

    def positions(self) -> list[OpenPosition]:
        """Every open position, by id."""
        return [self.store.positions[k] for k in sorted(self.store.positions)]

    def add_mentors(self, offers: Sequence[MentorOffer]) -> None:
        """Insert or replace (by person) mentor offers."""
        self.store.mentors.update((m.person_id, m) for m in offers)

    def mentors(self) -> list[MentorOffer]:
        """Every mentor offer, by person id."""
        return [self.store.mentors[k] for k in sorted(self.store.mentors)]

    def add_outcomes(self, outcomes: Sequence[Outcome]) -> None:
        """Append outcome events."""
        self.store.outcomes.extend(outcomes)

    def outcomes(self, person_id: str | None = None) -> list[Outcome]:
        """Outcome events, oldest first (ties in insertion order)."""
        rows = [o for o in self.store.outcomes if person_id is None or o.person_id == person_id]
        return sorted(rows, key=lambda o: o.at)

    def save_recommendations(self, run_id: str, rows: Sequence[StoredRecommendation]) -> None:
        """Store a run's rows (``run_id`` set on each), replacing the earlier rows of their people."""
        mine: dict[str, list[StoredRecommendation]] = {}
        for r in rows:
            created = r.created.astimezone(UTC)
            mine.setdefault(r.person_id, []).append(replace(r, run_id=run_id, created=created))
        self.store.recommendations.update((k, tuple(v)) for k, v in mine.items())

    def recommendations(self, person_id: str) -> list[StoredRecommendation]:
        """One person's latest stored recommendations, best first."""
        return sorted(self.store.recommendations.get(person_id, ()), key=lambda r: r.rank)

    def count_recommended(self, run_id: str) -> int:
        """How many people's stored recommendations carry ``run_id``."""
        stored = self.store.recommendations.values()
        return sum(1 for rows in stored if any(r.run_id == run_id for r in rows))


class FakeImportRepository:
    """ImportRepository over a FakeStore (timestamps normalised to UTC, as the real store does)."""

    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def add_batch(self, batch: ImportBatch) -> None:
        """Insert or replace one batch with its rejects."""
        finished = batch.finished.astimezone(UTC) if batch.finished else None
        utc = replace(batch, started=batch.started.astimezone(UTC), finished=finished)
        self.store.batches[batch.id] = utc

    def get_batch(self, batch_id: str) -> ImportBatch | None:
        """One batch, or None."""
        return self.store.batches.get(batch_id)

    def marker(self, exclude_kinds: Collection[str] = ()) -> tuple[int, datetime | None]:
        """How many batches not of ``exclude_kinds`` there are, and the latest start."""
        kept = [b for b in self.store.batches.values() if b.kind not in exclude_kinds]
        return len(kept), max((b.started for b in kept), default=None)

    def batches(self, kind: str | None = None) -> list[ImportBatch]:
        """Batches, oldest first; only those of ``kind`` when given."""
        rows = [b for b in self.store.batches.values() if kind is None or b.kind == kind]
        return sorted(rows, key=lambda b: (b.started, b.id))


class FakePolicyRepository:
    """PolicyRepository over a FakeStore (versions appended, timestamps normalised to UTC)."""

    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def current(self) -> PolicyVersion | None:
        """The newest version, or None."""
        return self.store.policies[-1] if self.store.policies else None

    def get(self, version: int) -> PolicyVersion | None:
        """One version, or None."""
        return next((p for p in self.store.policies if p.version == version), None)

    def history(self) -> list[PolicyVersion]:
        """Every version, oldest first."""
        return list(self.store.policies)

    def add(self, rules: PolicyRules, *, author: str, comment: str, at: datetime) -> PolicyVersion:
        """Append version n + 1."""
        number = self.store.policies[-1].version + 1 if self.store.policies else 1
        version = PolicyVersion(number, rules, at.astimezone(UTC), author, comment)
        self.store.policies.append(version)
        return version


class FakeFeedbackRepository:
    """FeedbackRepository over a FakeStore (deduplicated by event id per sender)."""

    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def add_many(self, events: Sequence[FeedbackEvent], *, received: datetime) -> int:
        """Store the events whose ids are new (also within ``events``); how many were new."""
        new = 0
        for e in events:
            if (e.event_id, e.source) not in self.store.feedback:
                occurred = e.occurred.astimezone(UTC)
                self.store.feedback[e.event_id, e.source] = replace(e, occurred=occurred)
                new += 1
        return new

    def of_person(self, person_id: str) -> list[FeedbackEvent]:
        """One person's events, oldest first (ties by event id, then sender)."""
        mine = [e for e in self.store.feedback.values() if e.person_id == person_id]
        return sorted(mine, key=lambda e: (e.occurred, e.event_id, e.source))


class FakeApiKeyRepository:
    """ApiKeyRepository over a FakeStore."""

    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def add(self, record: ApiKeyRecord) -> None:
        """Insert one key (DataError when the id exists)."""
        if record.key_id in self.store.api_keys:
            raise DataError(f"API key {record.key_id!r} already exists", hint="create a new key")
        revoked = record.revoked.astimezone(UTC) if record.revoked else None
        utc = replace(record, created=record.created.astimezone(UTC), revoked=revoked)
        self.store.api_keys[record.key_id] = utc

    def get(self, key_id: str) -> ApiKeyRecord | None:
        """One key, or None."""
        return self.store.api_keys.get(key_id)

    def all(self) -> list[ApiKeyRecord]:
        """Every key, oldest first (ties by id)."""
        return sorted(self.store.api_keys.values(), key=lambda k: (k.created, k.key_id))

    def revoke(self, key_id: str, at: datetime) -> bool:
        """Mark a key revoked (keeping a first revocation time); False when unknown."""
        record = self.store.api_keys.get(key_id)
        if record is None:
            return False
        if record.revoked is None:
            self.store.api_keys[key_id] = replace(record, revoked=at.astimezone(UTC))
        return True


class FakeProjectRepository:
    """ProjectRepository over a FakeStore."""

    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def add_open(self, projects: Sequence[OpenProject]) -> None:
        """Insert or replace open projects by id."""
        self.store.open_projects.update((p.id, p) for p in projects)

    def open(self) -> list[OpenProject]:
        """Every open project, by id."""
        return [self.store.open_projects[k] for k in sorted(self.store.open_projects)]


class FakeUnitOfWork:
    """UnitOfWork over a FakeStore: copy on begin, publish on commit, discard on exit."""

    people: FakePeopleRepository
    learning: FakeLearningRepository
    organization: FakeOrganizationRepository
    imports: FakeImportRepository
    policies: FakePolicyRepository
    feedback: FakeFeedbackRepository
    api_keys: FakeApiKeyRepository
    projects: FakeProjectRepository

    def __init__(self, store: FakeStore | None = None) -> None:
        self.store = store if store is not None else FakeStore()
        self.commits = 0  # how many times commit() was called, for tests
        self._depth = 0  # nested ``with`` blocks join the open transaction
        self._begin()

    def _begin(self) -> None:
        self._attach(self.store.copy())

    def _attach(self, working: FakeStore) -> None:
        """Point the repositories at ``working``."""
        self._working = working
        self.people = FakePeopleRepository(working)
        self.learning = FakeLearningRepository(working)
        self.organization = FakeOrganizationRepository(working)
        self.imports = FakeImportRepository(working)
        self.policies = FakePolicyRepository(working)
        self.feedback = FakeFeedbackRepository(working)
        self.api_keys = FakeApiKeyRepository(working)
        self.projects = FakeProjectRepository(working)

    def __enter__(self) -> FakeUnitOfWork:
        """Begin the transaction on a copy of the committed state (a nested enter joins it)."""
        if not self._depth:
            self._begin()
        self._depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        """Leaving the outermost block: discard whatever was not committed."""
        self._depth -= 1
        if not self._depth:
            self.rollback()

    def commit(self) -> None:
        """Publish the working copy; the transaction goes on from the committed state."""
        for name, value in vars(self._working).items():
            setattr(self.store, name, value)
        self.commits += 1
        self._begin()

    def clear(self) -> None:
        """Delete the working copy's organization data; keep imports, API keys and policies."""
        w = self._working
        self._attach(FakeStore(batches=w.batches, policies=w.policies, api_keys=w.api_keys))

    def rollback(self) -> None:
        """Discard the working copy's changes."""
        self._begin()


def _example_claims() -> tuple[SkillClaim, ...]:
    """Two skill claims: one assessed with two pieces of evidence, one bare."""
    return (
        SkillClaim(
            "2.A.2.a",
            0.62,
            0.8,
            (
                Evidence("role", 0.6, 0.55, "held Software Engineer II", "spell:1"),
                Evidence("self_assessment", 0.9, 0.7, "self", "a-17", date(2024, 5, 2)),
            ),
            "assessed",
        ),
        SkillClaim("onet:tech:43232408", 0.5, 0.4),
    )


def example_profile(person_id: str = "E0001") -> Profile:
    """A profile with every field set (and a few None values), for round-trip tests."""
    return Profile(
        person_id=person_id,
        name="Ada Lovelace",
        email="ada@example.org",
        location="London",
        org_unit="Engineering/Platform",
        manager_id="E0100",
        hire_date=date(2019, 3, 1),
        history=(
            RoleSpell("Analyst", date(2015, 9, 1), date(2019, 2, 28), None, "15-2051.00", "Acme"),
            RoleSpell(
                "Software Engineer II",
                date(2019, 3, 1),
                None,
                "org:swe-2",
                "15-1252.00",
                "Initech",
                "Engineering/Platform",
                "E0100",
                "London",
            ),
        ),
        skills=_example_claims(),
        education=(
            Education("University of London", "BSc", "Mathematics", date(2012, 9, 1), None),
            Education("Open University"),
        ),
        certifications=(Certification("AWS SAA", "Amazon", date(2022, 1, 10), None),),
        languages=(Language("English", "native"), Language("French", "B2")),
        preferences=Preferences(
            target_roles=("org:swe-3", "org:em-1"),
            min_pay=85000.5,
            work_life_balance=0.7,
            locations=("London", "Remote"),
            willing_to_relocate=False,
        ),
        consent=Consent(True, False, True, date(2024, 1, 2)),
        performance=0.75,
    )


def uow_factory(store: FakeStore) -> Callable[[], FakeUnitOfWork]:
    """A UnitOfWork factory (what bootstrap hands to use cases) whose units share ``store``."""
    return lambda: FakeUnitOfWork(store)


__all__ = [
    "FakeApiKeyRepository",
    "FakeFeedbackRepository",
    "FakeImportRepository",
    "FakeLearningRepository",
    "FakeOrganizationRepository",
    "FakePeopleRepository",
    "FakePolicyRepository",
    "FakeProjectRepository",
    "FakeStore",
    "FakeUnitOfWork",
    "uow_factory",
]
