"""Concurrent writers of one person take turns on PostgreSQL (``PeopleRepository.lock``).

Two profile jobs for the same new person: without the lock both plan an insert and the second
fails on the primary key; with it the second waits, then sees the first's profile and replaces it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
import sqlalchemy as sa

from careerpath.store.engine import make_engine, make_session_factory
from careerpath.store.migrate import upgrade_engine
from careerpath.store.uow import SqlAlchemyUnitOfWork
from fakes import example_profile


@pytest.fixture()
def engine(postgres_url: str) -> Iterator[sa.Engine]:
    """A migrated engine on a fresh PostgreSQL schema."""
    eng = make_engine(postgres_url)
    upgrade_engine(eng)
    yield eng
    eng.dispose()


def test_second_writer_waits_then_replaces(engine: sa.Engine) -> None:
    """The second transaction blocks on the lock until the first commits, then finds the person."""
    sessions = make_session_factory(engine)
    pid_of_second: list[int] = []
    seen: list[bool] = []

    def second() -> None:
        with SqlAlchemyUnitOfWork(sessions) as uow:
            pid_of_second.append(uow.session.execute(sa.text("SELECT pg_backend_pid()")).scalar())
            uow.people.lock("E1")
            stored = uow.people.get("E1")
            seen.append(stored is not None)
            uow.people.add(replace(example_profile("E1"), name="Second"))
            uow.commit()

    with SqlAlchemyUnitOfWork(sessions) as first:
        first.people.lock("E1")
        assert first.people.get("E1") is None
        worker = threading.Thread(target=second)
        worker.start()
        _wait_until_blocked(engine, pid_of_second, worker)
        first.people.add_many([replace(example_profile("E1"), name="First")])
        first.commit()
    worker.join(timeout=60)
    assert seen == [True]
    with SqlAlchemyUnitOfWork(sessions) as uow:
        stored = uow.people.get("E1")
        assert stored is not None and stored.name == "Second"


def _wait_until_blocked(engine: sa.Engine, pid: list[int], worker: threading.Thread) -> None:
    """Poll pg_stat_activity until the second backend waits on a lock."""
    query = sa.text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid")
    for _ in range(2400):
        if pid:
            with engine.connect() as conn:
                if conn.execute(query, {"pid": pid[0]}).scalar() == "Lock":
                    return
        if not worker.is_alive():
            pytest.fail("the second writer finished without waiting for the first")
        time.sleep(0.025)
    pytest.fail("the second writer never waited for the first one's lock")
