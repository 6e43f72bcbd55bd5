"""One contract for every UnitOfWork: the in-memory fake, SQLite (a temp file) and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from careerpath.domain.errors import DataError
from careerpath.domain.profile import (
    Assessment,
    Course,
    CourseSkill,
    Demographics,
    LearningRecord,
    MentorOffer,
    OpenPosition,
    Outcome,
    Profile,
    ProjectRecord,
    RoleRequirement,
    SkillClaim,
)
from careerpath.domain.taxonomy import Occupation, OrgRoleInfo, PayBand, Wages
from careerpath.engine.ports import ImportBatch, ImportReject, UnitOfWork
from careerpath.store import tables
from careerpath.store.engine import make_engine, make_session_factory
from careerpath.store.migrate import upgrade_engine
from careerpath.store.uow import SqlAlchemyUnitOfWork
from fakes import FakeStore, example_profile, uow_factory

UowFactory = Callable[[], UnitOfWork]


def sql_factory(engine: sa.Engine) -> UowFactory:
    """A UnitOfWork factory on a migrated engine."""
    sessions = make_session_factory(engine)
    return lambda: SqlAlchemyUnitOfWork(sessions)


@pytest.fixture(scope="session")
def postgres_engine(postgres_url: str) -> Iterator[sa.Engine]:
    """A migrated engine on the session's PostgreSQL schema."""
    engine = make_engine(postgres_url)
    upgrade_engine(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["fake", "sqlite", "postgres"])
def make_uow(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[UowFactory]:
    """A factory of units of work on an empty store of each kind."""
    if request.param == "fake":
        yield uow_factory(FakeStore())
    elif request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'people.db'}")
        upgrade_engine(engine)
        yield sql_factory(engine)
        engine.dispose()
    else:
        engine = request.getfixturevalue("postgres_engine")
        names = ", ".join(t.name for t in tables.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        yield sql_factory(engine)


def stored(make_uow: UowFactory, person_id: str) -> Profile | None:
    """The profile as a new unit of work sees it."""
    with make_uow() as uow:
        return uow.people.get(person_id)


def test_full_profile_round_trips(make_uow: UowFactory) -> None:
    full, bare = example_profile("E1"), Profile("E2")
    with make_uow() as uow:
        uow.people.add(full)
        uow.people.add(bare)
        uow.commit()
    assert stored(make_uow, "E1") == full
    assert stored(make_uow, "E2") == bare
    assert stored(make_uow, "nobody") is None


def test_add_replaces_the_whole_profile(make_uow: UowFactory) -> None:
    first = example_profile("E1")
    second = replace(
        first, name="Ada King", history=first.history[:1], skills=(SkillClaim("x", 0.3, 0.5),)
    )
    with make_uow() as uow:
        uow.people.add(first)
        uow.commit()
    with make_uow() as uow:
        uow.people.add(second)
        uow.commit()
    assert stored(make_uow, "E1") == second
    with make_uow() as uow:
        assert uow.people.count() == 1


def test_revision_moves_at_every_write_only(make_uow: UowFactory) -> None:
    """A profile's revision is None before it is stored, stable across reads, new after a write."""
    with make_uow() as uow:
        assert uow.people.revision("E1") is None
        uow.people.add_many([example_profile("E1")])
        uow.commit()
    with make_uow() as uow:
        first = uow.people.revision("E1")
        assert first is not None
        assert uow.people.revision("E1") == first
        uow.people.add(replace(example_profile("E1"), name="Ada King"))
        uow.commit()
    with make_uow() as uow:
        assert uow.people.revision("E1") not in (None, first)


def test_import_marker_counts_and_dates_other_kinds(make_uow: UowFactory) -> None:
    """The import marker counts batches not of the excluded kinds and names the latest start."""
    with make_uow() as uow:
        assert uow.imports.marker() == (0, None)
        for i, kind in enumerate(("hris", "resume", "courses")):
            at = datetime(2025, 5, 1 + i, tzinfo=UTC)
            uow.imports.add_batch(ImportBatch(f"B{i}", kind, "f", at))
        uow.commit()
    with make_uow() as uow:
        assert uow.imports.marker() == (3, datetime(2025, 5, 3, tzinfo=UTC))
        assert uow.imports.marker({"courses"}) == (2, datetime(2025, 5, 2, tzinfo=UTC))
        assert uow.imports.marker({"hris", "resume", "courses"}) == (0, None)


def test_leaving_without_commit_discards(make_uow: UowFactory) -> None:
    with make_uow() as uow:
        uow.people.add(example_profile("E1"))
        assert uow.people.get("E1") == example_profile("E1")  # visible inside the transaction
    assert stored(make_uow, "E1") is None


def test_rollback_discards_and_commit_persists(make_uow: UowFactory) -> None:
    with make_uow() as uow:
        uow.people.add(Profile("E1"))
        uow.rollback()
        uow.people.add(Profile("E2"))
        uow.commit()
        uow.people.add(Profile("E3"))  # after the commit, not committed
    with make_uow() as uow:
        assert uow.people.ids() == ["E2"]


def test_add_many_then_get(make_uow: UowFactory) -> None:
    people = [example_profile(f"P{i:03d}") for i in range(30, 0, -1)]
    with make_uow() as uow:
        uow.people.add_many(people)
        uow.commit()
    with make_uow() as uow:
        assert uow.people.count() == 30
        assert uow.people.ids() == sorted(p.person_id for p in people)
        assert uow.people.get("P007") == example_profile("P007")
        assert uow.people.get_many(["P002", "nobody", "P001"]) == [
            example_profile("P002"),
            example_profile("P001"),
        ]


def test_add_many_refuses_duplicates_before_writing(make_uow: UowFactory) -> None:
    with make_uow() as uow:
        uow.people.add(Profile("E1"))
        uow.commit()
    with make_uow() as uow:
        with pytest.raises(DataError, match="'E2' appears twice"):
            uow.people.add_many([Profile("E2"), Profile("E2")])
        with pytest.raises(DataError, match="'E1' is already stored"):
            uow.people.add_many([Profile("E3"), Profile("E1")])
        assert uow.people.ids() == ["E1"]


def test_demographics_are_kept_apart(make_uow: UowFactory) -> None:
    person = example_profile("E1")
    with make_uow() as uow:
        uow.people.add(person)
        uow.people.set_demographics(
            [
                Demographics("E1", (("gender", "female"), ("age_band", "30-39"))),
                Demographics("E9", (("gender", "male"),)),
            ]
        )
        uow.people.set_demographics([Demographics("E9", (("gender", "nonbinary"),))])
        uow.commit()
    with make_uow() as uow:
        assert uow.people.get("E1") == person
        assert uow.people.demographics() == [
            Demographics("E1", (("gender", "female"), ("age_band", "30-39"))),
            Demographics("E9", (("gender", "nonbinary"),)),
        ]
        assert uow.people.demographics(["E9", "E5"]) == [
            Demographics("E9", (("gender", "nonbinary"),))
        ]


def org_role(key: str, *, band: bool = True) -> Occupation:
    """An org role with every field set (pay band optional)."""
    return Occupation(
        id=f"org:{key}",
        title=f"Role {key}",
        taxonomy="org",
        description="Builds things.",
        alt_titles=("Dev",),
        tasks=("Write code", "Review code"),
        job_zone=4.0,
        group="Engineering",
        links=("15-1252.00",),
        wages=Wages("15-1252", 1000.0, 1.5, None, None, 2.5, None, None, 30.0, "2025"),
        org=OrgRoleInfo(
            job_family="Engineering",
            track="IC",
            level=2,
            pay_band=PayBand("B2", 70000.0, 95000.0, "EUR") if band else None,
            certifications=("AWS",),
            onet_codes=("15-1252.00",),
            next_roles=("org:swe-3",),
        ),
    )


def test_org_roles_round_trip_and_replace(make_uow: UowFactory) -> None:
    reqs = [RoleRequirement("2.A.2.a", 0.8, 0.6), RoleRequirement("2.B.1.a", 0.5, 0.4)]
    bare = Occupation("org:intern", "Intern", "org")
    with make_uow() as uow:
        uow.organization.add_roles([(org_role("b", band=False), reqs), (org_role("a"), reqs[:1])])
        uow.organization.add_roles([(bare, [])])
        uow.commit()
    with make_uow() as uow:
        uow.organization.add_roles([(org_role("a"), reqs[1:])])
        uow.commit()
    with make_uow() as uow:
        assert uow.organization.roles() == [
            (org_role("a"), reqs[1:]),
            (org_role("b", band=False), reqs),
            (bare, []),
        ]


def test_positions_mentors_outcomes(make_uow: UowFactory) -> None:
    pos = [
        OpenPosition("J2", "org:a", "Eng", "Paris", date(2025, 1, 1), None),
        OpenPosition("J1", "org:b"),
    ]
    outcomes = [
        Outcome("E1", "promotion", date(2024, 6, 1), "org:b", 1.0, "promoted"),
        Outcome("E2", "exit", date(2023, 1, 1)),
        Outcome("E1", "move", date(2022, 1, 1), "org:a"),
    ]
    with make_uow() as uow:
        uow.organization.add_positions(pos)
        uow.organization.add_positions([replace(pos[0], location="Berlin")])
        uow.organization.add_mentors(
            [MentorOffer("E5", 2, ("org:a", "2.A.2.a")), MentorOffer("E3", 1)]
        )
        uow.organization.add_mentors([MentorOffer("E5", 3)])
        uow.organization.add_outcomes(outcomes)
        uow.commit()
    with make_uow() as uow:
        org = uow.organization
        assert org.positions() == [pos[1], replace(pos[0], location="Berlin")]
        assert org.mentors() == [MentorOffer("E3", 1), MentorOffer("E5", 3)]
        assert org.outcomes() == [outcomes[2], outcomes[1], outcomes[0]]
        assert org.outcomes("E1") == [outcomes[2], outcomes[0]]


def test_learning_catalog_records_projects_assessments(make_uow: UowFactory) -> None:
    course = Course(
        "C1", "Python", (CourseSkill("s1", 0.5), CourseSkill("s2", 0.3)), 12.5, 300.0, "Coursera"
    )
    records = [
        LearningRecord("E1", "C1", "completed", date(2024, 3, 1), 0.9),
        LearningRecord("E1", "C2", "experienced", date(2023, 3, 1)),
        LearningRecord("E2", "C1", "passed", date(2024, 1, 1), 1.0),
    ]
    projects = [
        ProjectRecord("PR1", "E1", "Migration", "lead", ("s1", "s2"), date(2024, 1, 1), None)
    ]
    assessed = [
        Assessment("E1", "s1", 0.7, "manager", "E9", date(2024, 2, 1)),
        Assessment("E1", "s2", 0.4, "self"),
        Assessment("E1", "s3", 0.5, "self", "", date(2023, 2, 1)),
    ]
    with make_uow() as uow:
        uow.learning.add_courses([replace(course, title="old"), Course("C0", "Intro")])
        uow.learning.add_courses([course])
        uow.learning.add_records(records)
        uow.learning.add_projects([*projects, ProjectRecord("PR2", "E2", "Other")])
        uow.learning.add_assessments(assessed)
        uow.commit()
    with make_uow() as uow:
        assert uow.learning.courses() == [Course("C0", "Intro"), course]
        assert uow.learning.records_of("E1") == [records[1], records[0]]
        assert uow.learning.projects_of("E1") == projects
        assert uow.learning.assessments_of("E1") == [assessed[1], assessed[2], assessed[0]]
        assert uow.learning.records_of("nobody") == []


def test_import_batches_with_rejects(make_uow: UowFactory) -> None:
    started = datetime(2025, 5, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    batch = ImportBatch(
        "B1",
        "hris",
        "people.csv",
        started,
        started + timedelta(seconds=3),
        "rejected",
        10,
        2,
        (
            ImportReject(3, "hire_date", "date in the future", "2999-01-01"),
            ImportReject(7, "", "duplicate person"),
        ),
    )
    later = ImportBatch("B2", "xapi", "log.json", datetime(2025, 5, 2, tzinfo=UTC))
    with make_uow() as uow:
        uow.imports.add_batch(later)
        uow.imports.add_batch(replace(batch, status="running", rejects=()))
        uow.imports.add_batch(batch)
        uow.commit()
    with make_uow() as uow:
        got = uow.imports.get_batch("B1")
        assert got == batch
        assert (
            got is not None
            and got.started.tzinfo is not None
            and got.started.utcoffset() == timedelta(0)
        )
        assert uow.imports.batches() == [batch, later]
        assert uow.imports.batches("xapi") == [later]
        assert uow.imports.get_batch("nope") is None


def test_clear_deletes_records_but_keeps_import_history(make_uow: UowFactory) -> None:
    with make_uow() as uow:
        uow.people.add(example_profile("E1"))
        uow.learning.add_courses([Course("C1", "Python")])
        uow.organization.add_outcomes([Outcome("E1", "exit", date(2023, 1, 1))])
        uow.imports.add_batch(ImportBatch("B1", "demo", "demo", datetime(2025, 5, 1, tzinfo=UTC)))
        uow.commit()
    with make_uow() as uow:
        uow.clear()
        assert uow.people.count() == 0
    with make_uow() as uow:  # not committed: nothing was deleted
        assert uow.people.count() == 1
        uow.clear()
        uow.commit()
    with make_uow() as uow:
        assert uow.people.count() == 0
        assert uow.learning.courses() == []
        assert uow.organization.outcomes() == []
        assert [b.id for b in uow.imports.batches()] == ["B1"]
