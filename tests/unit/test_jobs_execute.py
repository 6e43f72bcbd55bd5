"""Executing jobs: effects and completion in one transaction, failures, retries, lost leases.

Runs on SQLite (a temp file) and PostgreSQL; the handlers are the test plugin's (tests/jobs_plugin).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpath.domain.errors import MissingDataError
from careerpath.domain.jobs import backoff_seconds
from careerpath.engine.ports import UnitOfWork
from careerpath.jobs.execute import Heartbeat, JobRuntime, execute_job
from careerpath.store.tables_service import jobs
from jobs_plugin import HANDLERS, effect, effects
from jobs_support import FakeClock, runtime, sqlite_engine, uow_on, wait_for


@pytest.fixture
def rt(engine: sa.Engine, clock: FakeClock) -> JobRuntime:
    """A runtime with the test handlers, 3 attempts per job, a 30 s lease."""
    return runtime(engine, dict(HANDLERS), clock=clock)


def _effects(engine: sa.Engine, tag: str | None = None) -> int:
    with uow_on(engine) as uow:
        return effects(uow, tag)


def _run_next(rt: JobRuntime, worker: str = "w") -> str:
    job = rt.queue.claim(worker, lease=rt.lease)
    assert job is not None, "no job was due"
    return execute_job(job, rt, worker=worker)


def test_effect_and_completion_commit_together(rt: JobRuntime, engine: sa.Engine) -> None:
    job = rt.queue.submit("test.effect", {"tag": "one"}, owner="svc")
    assert _run_next(rt) == "succeeded"
    done = rt.queue.get(job.id)
    assert done is not None and done.status == "succeeded" and done.attempts == 1
    assert done.result is not None and done.result["tag"] == "one"
    assert done.finished is not None and done.error is None
    assert done.payload == {}  # personal data is not kept once the job is done
    assert _effects(engine, "one") == 1


def test_bad_input_fails_without_retry_and_rolls_back(rt: JobRuntime, engine: sa.Engine) -> None:
    job = rt.queue.submit("test.bad", {}, owner="svc")
    assert _run_next(rt) == "failed"
    failed = rt.queue.get(job.id)
    assert failed is not None and failed.status == "failed" and failed.attempts == 1
    assert failed.error == {
        "type": "DataError",
        "title": "bad input",
        "detail": "column 'person_id': the payload names no person — send person_id",
        "field": "person_id",
        "hint": "send person_id",
    }
    assert rt.queue.claim("w", lease=5) is None  # never retried
    assert _effects(engine) == 0  # the handler's write was rolled back


def test_unexpected_errors_retry_with_backoff_then_dead_letter(
    rt: JobRuntime, engine: sa.Engine, clock: FakeClock
) -> None:
    job = rt.queue.submit("test.crash", {}, owner="svc")
    assert _run_next(rt) == "queued"
    queued = rt.queue.get(job.id)
    assert queued is not None and queued.status == "queued" and queued.attempts == 1
    assert queued.run_after == clock() + timedelta(seconds=backoff_seconds(1))
    assert queued.error is not None
    assert queued.error["type"] == "RuntimeError" and queued.error["detail"] == "the disk is full"
    assert "Traceback" not in str(queued.error) and "attempt 1 of 3" in queued.error["title"]
    clock.advance(backoff_seconds(1))
    assert _run_next(rt) == "queued"
    clock.advance(backoff_seconds(2))
    assert _run_next(rt) == "dead"
    dead = rt.queue.get(job.id)
    assert dead is not None and dead.status == "dead" and dead.attempts == 3
    assert rt.queue.claim("w", lease=5) is None
    assert _effects(engine) == 0


def test_unknown_kind_fails(rt: JobRuntime) -> None:
    job = rt.queue.submit("nobody.handles", {}, owner="svc")
    assert _run_next(rt) == "failed"
    failed = rt.queue.get(job.id)
    assert failed is not None and failed.error is not None
    assert failed.error["type"] == "InvalidRequestError"
    assert "nobody.handles" in failed.error["detail"]


def test_a_worker_that_lost_its_lease_runs_nothing(
    rt: JobRuntime, engine: sa.Engine, clock: FakeClock
) -> None:
    calls: list[str] = []

    def counting(payload: Mapping[str, Any], uow: UnitOfWork) -> Mapping[str, Any]:
        calls.append(str(payload["tag"]))
        return effect(payload, uow)

    rt = JobRuntime(rt.queue, {"count": counting}, rt.uow_factory, lease=5)
    job = rt.queue.submit("count", {"tag": "x"}, owner="svc")
    slow = rt.queue.claim("slow", lease=5)
    assert slow is not None
    clock.advance(6)  # the slow worker stalled past its lease; another takes the job
    fast = rt.queue.claim("fast", lease=5)
    assert fast is not None and fast.attempts == 2
    assert execute_job(slow, rt, worker="slow") == "lost"
    assert calls == []  # the guard stopped it before the handler
    assert execute_job(fast, rt, worker="fast") == "succeeded"
    assert calls == ["x"] and _effects(engine, "x") == 1
    assert rt.queue.get(job.id).locked_by == "fast"  # type: ignore[union-attr]


def test_a_lease_lost_mid_job_rolls_the_effect_back(rt: JobRuntime, engine: sa.Engine) -> None:
    def thief(payload: Mapping[str, Any], uow: UnitOfWork) -> Mapping[str, Any]:
        result = effect(payload, uow)
        session = uow.session  # type: ignore[attr-defined]
        session.execute(sa.update(jobs).values(locked_by="another-worker"))
        return result

    rt = JobRuntime(rt.queue, {"thief": thief}, rt.uow_factory, lease=5)
    job = rt.queue.submit("thief", {"tag": "t"}, owner="svc")
    assert _run_next(rt, "me") == "lost"
    assert _effects(engine, "t") == 0  # nothing of the attempt was committed
    stored = rt.queue.get(job.id)
    assert stored is not None and stored.status == "running" and stored.locked_by == "me"


def test_a_handler_returning_no_object_is_retried(rt: JobRuntime) -> None:
    rt = JobRuntime(rt.queue, {"odd": lambda p, u: [1, 2]}, rt.uow_factory, lease=5)  # type: ignore[arg-type,return-value]
    job = rt.queue.submit("odd", {}, owner="svc")
    assert _run_next(rt) == "queued"
    assert rt.queue.get(job.id).error["type"] == "TypeError"  # type: ignore[index,union-attr]


def test_prepare_runs_before_the_transaction(rt: JobRuntime, engine: sa.Engine) -> None:
    seen: list[str] = []

    class Prepared:
        def prepare(self, payload: Mapping[str, Any]) -> None:
            seen.append("prepare")

        def __call__(self, payload: Mapping[str, Any], uow: UnitOfWork) -> Mapping[str, Any]:
            seen.append("run")
            return {}

    rt = JobRuntime(rt.queue, {"p": Prepared()}, rt.uow_factory, lease=5)
    rt.queue.submit("p", {}, owner="svc")
    assert _run_next(rt) == "succeeded"
    assert seen == ["prepare", "run"]


def test_heartbeat_extends_the_lease(engine: sa.Engine) -> None:
    rt = runtime(engine, {})  # the real clock
    job = rt.queue.submit("k", {}, owner="svc")
    claimed = rt.queue.claim("w", lease=0.3)
    assert claimed is not None and claimed.locked_until is not None
    with Heartbeat(rt.queue, job.id, "w", 0.3):
        wait_for(
            lambda: rt.queue.get(job.id).locked_until > claimed.locked_until,  # type: ignore[operator,union-attr]
            what="a heartbeat",
        )
    assert rt.queue.get(job.id).status == "running"  # type: ignore[union-attr]


def test_concurrent_workers_apply_each_effect_once(engine: sa.Engine) -> None:
    rt = runtime(engine, dict(HANDLERS))
    for i in range(12):
        rt.queue.submit("test.effect", {"tag": f"t{i}"}, owner="svc")

    def work(name: str) -> None:
        while (job := rt.queue.claim(name, lease=30)) is not None:
            execute_job(job, rt, worker=name)

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert rt.queue.counts()["succeeded"] == 12
    for i in range(12):
        assert _effects(engine, f"t{i}") == 1


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(outcomes=st.lists(st.sampled_from(["crash", "killed"]), min_size=1, max_size=6))
def test_attempts_count_claims_until_dead(tmp_path: Path, outcomes: list[str]) -> None:
    """Any mix of crashing handlers and killed workers: attempts count claims; dead at the max."""
    engine = sqlite_engine(tmp_path / f"{uuid.uuid4().hex}.db")
    clock = FakeClock()
    rt = runtime(engine, dict(HANDLERS), clock=clock, max_attempts=4, lease=5)
    job = rt.queue.submit("test.crash", {}, owner="svc")
    try:
        for n, what in enumerate(outcomes[:4], 1):
            claimed = rt.queue.claim(f"w{n}", lease=5)
            assert claimed is not None and claimed.attempts == n
            if what == "crash":
                execute_job(claimed, rt, worker=f"w{n}")
            clock.advance(400)  # past any backoff and any lease
        probe = rt.queue.claim("probe", lease=5)
        stored = rt.queue.get(job.id)
        assert stored is not None
        if len(outcomes) >= 4:
            assert probe is None and stored.status == "dead" and stored.attempts == 4
        else:
            assert probe is not None and probe.attempts == len(outcomes) + 1
        assert _effects(engine) == 0
    finally:
        engine.dispose()


def test_set_up_errors_are_retried_not_failed(rt: JobRuntime) -> None:
    class Broken:
        def prepare(self, payload: Mapping[str, Any]) -> None:
            raise MissingDataError("no O*NET release in the data folder")

        def __call__(self, payload: Mapping[str, Any], uow: UnitOfWork) -> Mapping[str, Any]:
            raise AssertionError("never reached")

    rt = JobRuntime(rt.queue, {"broken": Broken()}, rt.uow_factory, lease=5)
    job = rt.queue.submit("broken", {}, owner="svc")
    assert _run_next(rt) == "queued"  # the operator's problem, not the job's input: retried
    error = rt.queue.get(job.id).error  # type: ignore[union-attr]
    assert error is not None and error["type"] == "MissingDataError"
