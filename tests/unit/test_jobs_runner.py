"""EmbeddedWorkers on a SQLite file: run jobs, wake on submit, stop gracefully, survive restarts."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from careerpath.engine.ports import UnitOfWork
from careerpath.jobs.doorbell import Doorbell
from careerpath.jobs.runner import EmbeddedWorkers
from careerpath.jobs.sql_queue import SqlJobQueue
from careerpath.store.engine import make_session_factory
from careerpath.store.uow import SqlAlchemyUnitOfWork
from jobs_plugin import HANDLERS, effect, effects
from jobs_support import background, sqlite_engine, uow_on, wait_for


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[sa.Engine]:
    """A migrated SQLite job database."""
    made = sqlite_engine(tmp_path / "jobs.db")
    yield made
    made.dispose()


def _workers(
    engine: sa.Engine,
    handlers: Mapping[str, Any] | None = None,
    *,
    threads: int = 2,
    poll: float = 0.05,
    lease: float = 30.0,
) -> EmbeddedWorkers:
    sessions = make_session_factory(engine)
    return EmbeddedWorkers(
        SqlJobQueue(engine),
        dict(handlers or HANDLERS),
        lambda: SqlAlchemyUnitOfWork(sessions),
        threads=threads,
        lease=lease,
        poll=poll,
    )


def _effects(engine: sa.Engine, tag: str | None = None) -> int:
    with uow_on(engine) as uow:
        return effects(uow, tag)


def test_doorbell_wakes_a_waiter_rung_after_its_ticket() -> None:
    bell = Doorbell()
    ticket = bell.ticket()
    assert bell.wait(ticket, 0) is False
    bell.ring()
    assert bell.wait(ticket, 30) is True  # rung since the ticket: no sleep at all
    assert bell.wait(bell.ticket(), 0) is False


def test_workers_run_every_job_once(engine: sa.Engine) -> None:
    workers = _workers(engine, threads=3)
    workers.start()
    try:
        for i in range(20):
            workers.queue.submit("test.effect", {"tag": f"t{i}"}, owner="svc")
        wait_for(lambda: workers.queue.counts()["succeeded"] == 20, what="20 jobs")
    finally:
        assert workers.stop(timeout=30) is True
    assert not workers.running
    assert all(_effects(engine, f"t{i}") == 1 for i in range(20))


def test_stop_lets_the_running_job_finish(engine: sa.Engine) -> None:
    started, release = threading.Event(), threading.Event()

    def blocking(payload: Mapping[str, Any], uow: UnitOfWork) -> Mapping[str, Any]:
        started.set()
        release.wait(30)
        return effect(payload, uow)

    workers = _workers(engine, {"block": blocking, **HANDLERS}, threads=1)
    workers.start()
    job = workers.queue.submit("block", {"tag": "b"}, owner="svc")
    wait_for(started.is_set, what="the job to start")
    stopped: list[bool] = []
    with background(lambda: stopped.append(workers.stop(timeout=None))) as stopper:
        assert workers.queue.get(job.id).status == "running"  # type: ignore[union-attr]
        assert stopper.is_alive()  # stop waits for the running job
        release.set()
    assert not stopper.is_alive() and stopped == [True]
    assert workers.queue.get(job.id).status == "succeeded"  # type: ignore[union-attr]
    assert _effects(engine, "b") == 1
    later = workers.queue.submit("test.effect", {"tag": "late"}, owner="svc")
    assert workers.run_once() == "succeeded"  # only run by hand: the threads have stopped
    assert workers.queue.get(later.id).attempts == 1  # type: ignore[union-attr]


def test_jobs_survive_a_restart(engine: sa.Engine, tmp_path: Path) -> None:
    queue = SqlJobQueue(engine)
    waiting = queue.submit("test.effect", {"tag": "waiting"}, owner="svc")
    orphan = queue.submit("test.effect", {"tag": "orphan"}, owner="svc")
    assert queue.claim("a-worker-that-died", lease=0.01, job_id=orphan.id) is not None
    engine.dispose()  # the process is gone; a new one opens the database anew
    fresh = sqlite_engine(tmp_path / "jobs.db")
    workers = _workers(fresh)
    workers.start()
    try:
        wait_for(lambda: workers.queue.counts()["succeeded"] == 2, what="both jobs")
    finally:
        workers.stop()
    again = workers.queue.get(orphan.id)
    assert again is not None and again.attempts == 2  # claimed again after its lease ran out
    assert workers.queue.get(waiting.id).attempts == 1  # type: ignore[union-attr]
    assert _effects(fresh, "orphan") == 1 and _effects(fresh, "waiting") == 1
    fresh.dispose()


def test_run_once_reports_no_job(engine: sa.Engine) -> None:
    workers = _workers(engine)
    assert workers.run_once() is None
    workers.queue.submit("test.bad", {}, owner="svc")
    assert workers.run_once() == "failed"


def test_workers_need_a_thread(engine: sa.Engine) -> None:
    with pytest.raises(ValueError, match="at least one thread"):
        _workers(engine, threads=0)
