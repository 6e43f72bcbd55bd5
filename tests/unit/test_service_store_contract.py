"""One contract for the service repositories (policies, feedback, API keys, open projects) on the
in-memory fake, SQLite (a temp file) and PostgreSQL."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from careerpath.domain.errors import ConflictError, DataError
from careerpath.domain.feedback import FeedbackEvent
from careerpath.domain.opportunities import OpenProject
from careerpath.domain.policy import PolicyRules
from careerpath.engine.ports import ImportBatch, UnitOfWork
from careerpath.engine.service_ports import ApiKeyRecord
from careerpath.store import service_repos, tables
from careerpath.store import tables_service as ts
from careerpath.store.engine import make_engine, make_session_factory
from careerpath.store.migrate import upgrade_engine
from careerpath.store.uow import SqlAlchemyUnitOfWork
from fakes import FakeStore, example_profile, uow_factory

UowFactory = Callable[[], UnitOfWork]
CEST = timezone(timedelta(hours=2))
T0 = datetime(2025, 5, 1, 12, 0, tzinfo=CEST)

FULL_RULES = PolicyRules(
    excluded_roles=frozenset({"org:ceo", "15-1252.00"}),
    required_certifications={"org:sec-3": ("CISSP", "CISM"), "org:nurse": ("RN",)},
    min_tenure_months=12.0,
    max_zone_step=1.5,
    allow_pay_cut=False,
    max_steps=3,
    include_external=True,
)


def sql_factory(engine: sa.Engine) -> UowFactory:
    """A UnitOfWork factory on a migrated engine."""
    sessions = make_session_factory(engine)
    return lambda: SqlAlchemyUnitOfWork(sessions)


def truncate(engine: sa.Engine) -> None:
    """Empty every table of the PostgreSQL test schema."""
    names = ", ".join(t.name for t in tables.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(scope="session")
def service_pg_engine(postgres_url: str) -> Iterator[sa.Engine]:
    """A migrated engine on the session's PostgreSQL schema."""
    engine = make_engine(postgres_url)
    upgrade_engine(engine)
    yield engine
    engine.dispose()


@pytest.fixture()
def sqlite_engine(tmp_path: Path) -> Iterator[sa.Engine]:
    """A migrated SQLite file."""
    engine = make_engine(f"sqlite:///{tmp_path / 'service.db'}")
    upgrade_engine(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["fake", "sqlite", "postgres"])
def make_uow(request: pytest.FixtureRequest) -> UowFactory:
    """A factory of units of work on an empty store of each kind."""
    if request.param == "fake":
        return uow_factory(FakeStore())
    if request.param == "sqlite":
        return sql_factory(request.getfixturevalue("sqlite_engine"))
    engine = request.getfixturevalue("service_pg_engine")
    truncate(engine)
    return sql_factory(engine)


def test_policy_versions_append_and_round_trip(make_uow: UowFactory) -> None:
    with make_uow() as uow:
        assert uow.policies.current() is None and uow.policies.history() == []
        first = uow.policies.add(PolicyRules(), author="ann", comment="", at=T0)
        uow.commit()
    with make_uow() as uow:
        second = uow.policies.add(FULL_RULES, author="bob", comment="tighter", at=T0 + timedelta(1))
        uow.commit()
    assert (first.version, second.version) == (1, 2)
    with make_uow() as uow:
        assert uow.policies.history() == [first, second]
        assert uow.policies.current() == second
        assert uow.policies.get(1) == first
        assert uow.policies.get(3) is None
        got = uow.policies.get(2)
    assert got is not None and got.rules == FULL_RULES and got.comment == "tighter"
    assert got.created == T0 + timedelta(1) and got.created.utcoffset() == timedelta(0)


def test_policy_add_without_commit_is_discarded(make_uow: UowFactory) -> None:
    with make_uow() as uow:
        assert uow.policies.add(FULL_RULES, author="a", comment="", at=T0).version == 1
    with make_uow() as uow:
        assert uow.policies.current() is None
        assert uow.policies.add(FULL_RULES, author="a", comment="", at=T0).version == 1


def event(event_id: str, person: str = "E1", at: datetime = T0, **kw: object) -> FeedbackEvent:
    """A feedback event (type click unless given)."""
    return FeedbackEvent(event_id, person, kw.pop("type", "click"), at, **kw)  # type: ignore[arg-type]


def test_feedback_dedups_within_batch_and_against_stored(make_uow: UowFactory) -> None:
    details = {"rank": 2, "tags": ["a", "b"], "nested": {"ok": True}}
    batch = [
        event(
            "ev-2", at=T0 + timedelta(hours=1), item_kind="role", item_id="org:a", details=details
        ),
        event("ev-1", source="svc"),
        event("ev-2", type="dismiss"),  # repeated id in one batch: the first one is kept
        event("ev-3", person="E2"),
    ]
    with make_uow() as uow:
        assert uow.feedback.add_many(batch, received=T0) == 3
        uow.commit()
    with make_uow() as uow:
        assert uow.feedback.add_many([event("ev-1", source="svc"), event("ev-4")], received=T0) == 1
        assert uow.feedback.add_many([], received=T0) == 0
        uow.commit()
    with make_uow() as uow:  # event ids are per sender: another sender's "ev-3" is a new event
        assert uow.feedback.add_many([event("ev-3", person="E2", source="app")], received=T0) == 1
        uow.commit()
    with make_uow() as uow:
        mine = uow.feedback.of_person("E1")
        assert [e.event_id for e in mine] == ["ev-1", "ev-4", "ev-2"]
        assert mine[2] == batch[0]
        assert mine[0].source == "svc" and mine[2].occurred.utcoffset() == timedelta(0)
        assert [(e.event_id, e.source) for e in uow.feedback.of_person("E2")] == [
            ("ev-3", ""),
            ("ev-3", "app"),
        ]
        assert uow.feedback.of_person("nobody") == []


def test_feedback_many_events_in_batches(make_uow: UowFactory) -> None:
    events = [event(f"ev-{i:04d}", at=T0 + timedelta(seconds=i)) for i in range(1200)]
    with make_uow() as uow:
        assert uow.feedback.add_many(events, received=T0) == 1200
        assert uow.feedback.add_many(events[::-1], received=T0) == 0
        uow.commit()
    with make_uow() as uow:
        assert [e.event_id for e in uow.feedback.of_person("E1")] == [e.event_id for e in events]


def key(key_id: str, created: datetime = T0, **kw: object) -> ApiKeyRecord:
    """An API key record (hr_admin unless given)."""
    role = kw.pop("role", "hr_admin")
    return ApiKeyRecord(key_id, "ab" * 32, role, f"subj-{key_id}", created, **kw)  # type: ignore[arg-type]


def test_api_keys_add_get_list_revoke(make_uow: UowFactory) -> None:
    later = key("k2", T0 + timedelta(days=1), role="employee", person_id="E1", description="me")
    with make_uow() as uow:
        uow.api_keys.add(later)
        uow.api_keys.add(key("k1"))
        uow.commit()
    with make_uow() as uow, pytest.raises(DataError, match="'k1' already exists"):
        uow.api_keys.add(key("k1"))
    with make_uow() as uow:
        assert uow.api_keys.all() == [key("k1"), later]
        assert uow.api_keys.get("k2") == later
        assert uow.api_keys.get("nope") is None
        assert uow.api_keys.revoke("k1", T0 + timedelta(days=2)) is True
        assert uow.api_keys.revoke("k1", T0 + timedelta(days=3)) is True  # first time kept
        assert uow.api_keys.revoke("nope", T0) is False
        uow.commit()
    with make_uow() as uow:
        got = uow.api_keys.get("k1")
        assert got is not None and got.revoked == T0 + timedelta(days=2)
        assert got.revoked.utcoffset() == timedelta(0)
        assert uow.api_keys.get("k2") == later  # untouched


def test_open_projects_insert_or_replace(make_uow: UowFactory) -> None:
    full = OpenProject("P2", "Data platform", ("s1", "s2"), date(2025, 1, 1), date(2025, 6, 30), 3)
    with make_uow() as uow:
        uow.projects.add_open([full, OpenProject("P1", "Old name")])
        uow.projects.add_open([OpenProject("P1", "New name", ("s3",))])
        uow.commit()
    with make_uow() as uow:
        assert uow.projects.open() == [OpenProject("P1", "New name", ("s3",)), full]


def test_clear_keeps_keys_policies_and_imports(make_uow: UowFactory) -> None:
    with make_uow() as uow:
        uow.people.add(example_profile("E1"))
        uow.policies.add(FULL_RULES, author="a", comment="", at=T0)
        uow.api_keys.add(key("k1"))
        uow.feedback.add_many([event("ev-1")], received=T0)
        uow.projects.add_open([OpenProject("P1", "x")])
        uow.imports.add_batch(ImportBatch("B1", "demo", "demo", T0))
        uow.commit()
    with make_uow() as uow:
        uow.clear()
        uow.commit()
    with make_uow() as uow:
        assert uow.people.count() == 0
        assert uow.feedback.of_person("E1") == []
        assert uow.projects.open() == []
        assert [p.version for p in uow.policies.history()] == [1]
        assert [k.key_id for k in uow.api_keys.all()] == ["k1"]
        assert [b.id for b in uow.imports.batches()] == ["B1"]
        assert uow.policies.add(PolicyRules(), author="a", comment="", at=T0).version == 2


def test_clear_keeps_jobs(sqlite_engine: sa.Engine) -> None:
    job = {
        "job_id": "J1",
        "kind": "k",
        "status": "queued",
        "owner": "o",
        "payload_hash": "h",
        "payload": {},
        "run_after": T0,
        "created": T0,
        "updated": T0,
    }
    with sqlite_engine.begin() as conn:
        conn.execute(sa.insert(ts.jobs).values(**job))
    make = sql_factory(sqlite_engine)
    with make() as uow:
        uow.clear()
        uow.commit()
    with sqlite_engine.connect() as conn:
        assert conn.execute(sa.select(ts.jobs.c.job_id)).scalars().all() == ["J1"]


def _wait_until_blocked(engine: sa.Engine, pid: int, worker: threading.Thread) -> None:
    """Poll until backend ``pid`` waits on a lock (fail if the worker ends first)."""
    query = sa.text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid")
    for _ in range(2400):
        with engine.connect() as conn:
            if conn.execute(query, {"pid": pid}).scalar() == "Lock":
                return
        if not worker.is_alive():
            pytest.fail("the second writer finished without waiting for the first")
        time.sleep(0.025)
    pytest.fail("the second writer never waited for the first one's lock")


def _race(engine: sa.Engine) -> tuple[int, object]:
    """Two concurrent policy adds: the first holds version 1 while the second tries to add.

    Returns the first's version and what the second got (its PolicyVersion or the exception).
    """
    make = sql_factory(engine)
    pids: queue.Queue[int] = queue.Queue()
    outcome: list[object] = []

    def second() -> None:
        try:
            with make() as uow:
                assert isinstance(uow, SqlAlchemyUnitOfWork)
                pids.put(uow.session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one())
                outcome.append(uow.policies.add(FULL_RULES, author="b", comment="", at=T0))
                uow.commit()
        except Exception as exc:  # reported to the test through ``outcome``
            outcome.append(exc)

    with make() as first:
        version = first.policies.add(PolicyRules(), author="a", comment="", at=T0).version
        worker = threading.Thread(target=second)
        worker.start()
        _wait_until_blocked(engine, pids.get(timeout=60), worker)
        first.commit()
    worker.join(timeout=60)
    return version, outcome[0]


def test_concurrent_policy_adds_get_distinct_versions(service_pg_engine: sa.Engine) -> None:
    truncate(service_pg_engine)
    first, second = _race(service_pg_engine)
    assert first == 1
    assert not isinstance(second, BaseException), second
    assert getattr(second, "version", None) == 2
    with sql_factory(service_pg_engine)() as uow:
        assert [(p.version, p.author) for p in uow.policies.history()] == [(1, "a"), (2, "b")]


def test_concurrent_policy_add_without_retries_is_a_conflict(
    service_pg_engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    truncate(service_pg_engine)
    monkeypatch.setattr(service_repos, "POLICY_ADD_ATTEMPTS", 1)
    first, second = _race(service_pg_engine)
    assert first == 1
    assert isinstance(second, ConflictError), second
    assert "changed by someone else" in str(second)
    with sql_factory(service_pg_engine)() as uow:
        assert [(p.version, p.author) for p in uow.policies.history()] == [(1, "a")]


def test_fake_timestamps_are_utc() -> None:
    with uow_factory(FakeStore())() as uow:
        version = uow.policies.add(PolicyRules(), author="a", comment="", at=T0)
        assert version.created.tzinfo == UTC and version.created == T0


def test_nested_with_joins_the_open_transaction(make_uow: UowFactory) -> None:
    uow = make_uow()
    with uow:
        uow.people.add(example_profile("E1"))
        with uow:  # e.g. authorize() called inside a route's open unit of work
            assert uow.people.get("E1") == example_profile("E1")
            uow.people.add(example_profile("E2"))
        assert uow.people.ids() == ["E1", "E2"]  # the inner exit discarded nothing
        uow.commit()
    with make_uow() as fresh:
        assert fresh.people.ids() == ["E1", "E2"]
    with uow:  # entered again after the outermost exit: a new transaction
        uow.people.add(example_profile("E3"))
        with uow:
            uow.people.add(example_profile("E4"))
    with make_uow() as fresh:
        assert fresh.people.ids() == ["E1", "E2"]
