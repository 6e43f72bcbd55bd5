"""SqlJobQueue on SQLite (a temp file) and PostgreSQL: submit, idempotency, claim, lease, counts."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from careerpath.domain.errors import ConflictError, InvalidRequestError
from careerpath.domain.jobs import JOB_STATUSES
from careerpath.jobs.sql_queue import SqlJobQueue
from careerpath.store.tables_service import jobs
from jobs_support import START, FakeClock


@pytest.fixture
def queue(engine: sa.Engine, clock: FakeClock) -> SqlJobQueue:
    """A queue with 3 attempts per job on the fake clock."""
    return SqlJobQueue(engine, max_attempts=3, clock=clock)


def _rows(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(jobs)).scalar_one())


def test_submit_stores_a_queued_job_that_get_returns(queue: SqlJobQueue) -> None:
    job = queue.submit("k", {"b": [1, 2], "a": "x"}, owner="svc")
    got = queue.get(job.id)
    assert got == job
    assert (got.status, got.attempts, got.max_attempts, got.owner) == ("queued", 0, 3, "svc")
    assert got.payload == {"a": "x", "b": [1, 2]}
    assert got.created == START and got.created.tzinfo is not None
    assert queue.get("nope") is None


def test_counts_lists_every_status(queue: SqlJobQueue) -> None:
    assert queue.counts() == dict.fromkeys(JOB_STATUSES, 0)
    queue.submit("k", {}, owner="a")
    queue.submit("k", {}, owner="a")
    queue.claim("w", lease=10)
    assert queue.counts() == {**dict.fromkeys(JOB_STATUSES, 0), "queued": 1, "running": 1}


def test_same_key_and_body_returns_the_same_job(queue: SqlJobQueue, engine: sa.Engine) -> None:
    first = queue.submit("k", {"a": 1, "b": 2}, owner="svc", idempotency_key="key-1")
    again, new = queue.submit_new("k", {"b": 2, "a": 1}, owner="svc", idempotency_key="key-1")
    assert again.id == first.id and new is False
    assert _rows(engine) == 1


def test_a_finished_job_drops_its_payload_but_still_answers_replays(queue: SqlJobQueue) -> None:
    job = queue.submit("k", {"cv": "personal"}, owner="svc", idempotency_key="key-1")
    assert queue.claim("w", lease=5) is not None
    assert queue.fail(job.id, "w", {"type": "DataError"}) is True
    failed = queue.get(job.id)
    assert failed is not None and failed.status == "failed" and failed.payload == {}
    again = queue.submit("k", {"cv": "personal"}, owner="svc", idempotency_key="key-1")
    assert again.id == job.id
    with pytest.raises(ConflictError):
        queue.submit("k", {"cv": "other"}, owner="svc", idempotency_key="key-1")


def test_same_key_other_body_is_a_conflict(queue: SqlJobQueue) -> None:
    queue.submit("k", {"a": 1}, owner="svc", idempotency_key="key-1")
    with pytest.raises(ConflictError, match="key-1"):
        queue.submit("k", {"a": 2}, owner="svc", idempotency_key="key-1")
    with pytest.raises(ConflictError):
        queue.submit("other", {"a": 1}, owner="svc", idempotency_key="key-1")


def test_keys_are_per_owner(queue: SqlJobQueue) -> None:
    a = queue.submit("k", {"a": 1}, owner="alice", idempotency_key="same")
    b = queue.submit("k", {"a": 2}, owner="bob", idempotency_key="same")
    assert a.id != b.id


def test_concurrent_submits_with_one_key_make_one_job(
    queue: SqlJobQueue, engine: sa.Engine
) -> None:
    barrier = threading.Barrier(6)
    ids: list[str] = []
    errors: list[BaseException] = []

    def submit() -> None:
        barrier.wait()
        try:
            ids.append(queue.submit("k", {"n": 1}, owner="svc", idempotency_key="race").id)
        except BaseException as exc:  # collected: the assertion below names it
            errors.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(ids) == 6 and len(set(ids)) == 1
    assert _rows(engine) == 1


def test_submit_refuses_what_cannot_be_stored(engine: sa.Engine) -> None:
    queue = SqlJobQueue(engine, kinds={"known"})
    with pytest.raises(InvalidRequestError, match="unknown job kind 'other'"):
        queue.submit("other", {}, owner="svc")
    with pytest.raises(InvalidRequestError, match="not plain JSON"):
        queue.submit("known", {"x": object()}, owner="svc")
    with pytest.raises(InvalidRequestError, match="owner"):
        queue.submit("known", {}, owner="")
    with pytest.raises(InvalidRequestError, match="idempotency key"):
        queue.submit("known", {}, owner="svc", idempotency_key="")


def test_submit_rings_the_doorbell(queue: SqlJobQueue) -> None:
    before = queue.doorbell.ticket()
    queue.submit("k", {}, owner="svc")
    assert queue.doorbell.ticket() != before


def test_claim_takes_the_oldest_due_job_once(queue: SqlJobQueue, clock: FakeClock) -> None:
    first = queue.submit("k", {"n": 1}, owner="svc")
    clock.advance(1)
    second = queue.submit("k", {"n": 2}, owner="svc")
    got = queue.claim("w1", lease=10)
    assert got is not None and got.id == first.id
    assert (got.status, got.attempts, got.locked_by) == ("running", 1, "w1")
    assert got.locked_until == clock() + timedelta(seconds=10)
    again = queue.claim("w2", lease=10)
    assert again is not None and again.id == second.id
    assert queue.claim("w3", lease=10) is None


def test_claim_by_id_takes_only_that_job(queue: SqlJobQueue) -> None:
    a = queue.submit("k", {"n": 1}, owner="svc")
    b = queue.submit("k", {"n": 2}, owner="svc")
    got = queue.claim("w", lease=5, job_id=b.id)
    assert got is not None and got.id == b.id
    assert queue.claim("w", lease=5, job_id=b.id) is None  # running under a live lease
    assert queue.get(a.id).status == "queued"  # type: ignore[union-attr]


def test_an_expired_lease_is_claimed_again(queue: SqlJobQueue, clock: FakeClock) -> None:
    job = queue.submit("k", {}, owner="svc")
    assert queue.claim("dead-worker", lease=5) is not None
    clock.advance(4)
    assert queue.claim("w2", lease=5) is None  # the lease still runs
    clock.advance(2)
    again = queue.claim("w2", lease=5)
    assert again is not None and again.id == job.id
    assert (again.attempts, again.locked_by) == (2, "w2")
    assert queue.extend_lease(job.id, "dead-worker", lease=5) is False
    assert queue.fail(job.id, "dead-worker", {"type": "X"}) is False
    assert queue.get(job.id).locked_by == "w2"  # type: ignore[union-attr]


def test_extend_lease_pushes_the_deadline(queue: SqlJobQueue, clock: FakeClock) -> None:
    job = queue.submit("k", {}, owner="svc")
    queue.claim("w", lease=5)
    clock.advance(4)
    assert queue.extend_lease(job.id, "w", lease=5) is True
    clock.advance(4)
    assert queue.claim("other", lease=5) is None  # extended to START + 9 s
    assert queue.get(job.id).locked_until == START + timedelta(seconds=9)  # type: ignore[union-attr]


def test_a_job_whose_workers_keep_dying_ends_dead(queue: SqlJobQueue, clock: FakeClock) -> None:
    job = queue.submit("k", {}, owner="svc")
    for attempt in range(1, 4):
        got = queue.claim(f"w{attempt}", lease=5)
        assert got is not None and got.attempts == attempt
        clock.advance(6)  # the worker is killed: the lease runs out
    assert queue.claim("w4", lease=5) is None
    dead = queue.get(job.id)
    assert dead is not None and dead.status == "dead" and dead.attempts == 3
    assert dead.error is not None and dead.error["type"] == "LeaseExpired"
    assert dead.finished == clock()


def test_retry_backs_off_then_dead_letters(queue: SqlJobQueue, clock: FakeClock) -> None:
    job = queue.submit("k", {}, owner="svc")
    waits = []
    for attempt in (1, 2):
        got = queue.claim("w", lease=5)
        assert got is not None and got.attempts == attempt
        assert queue.retry(got, "w", {"type": "RuntimeError"}) == "queued"
        stored = queue.get(job.id)
        assert stored is not None and stored.status == "queued" and stored.locked_by is None
        waits.append((stored.run_after - clock()).total_seconds())
        assert queue.claim("w", lease=5) is None  # not due yet
        clock.advance(waits[-1])
    assert waits == [2.0, 4.0]  # backoff_seconds(1), backoff_seconds(2)
    last = queue.claim("w", lease=5)
    assert last is not None and last.attempts == 3
    assert queue.retry(last, "w", {"type": "RuntimeError"}) == "dead"
    assert queue.get(job.id).status == "dead"  # type: ignore[union-attr]


def test_stale_lists_idle_jobs_once_per_period(queue: SqlJobQueue, clock: FakeClock) -> None:
    idle = queue.submit("k", {"n": 1}, owner="svc")
    running = queue.submit("k", {"n": 2}, owner="svc")
    assert queue.claim("w", lease=5, job_id=running.id) is not None
    assert queue.stale(10) == []  # nothing idle for 10 s yet
    clock.advance(11)
    assert queue.stale(10) == sorted([idle.id, running.id])  # queued, and the expired lease
    assert queue.stale(10) == []  # touched: the next sweep waits another period


@pytest.mark.parametrize(("n_jobs", "n_threads"), [(1, 4), (25, 4), (40, 8)])
def test_concurrent_claimers_never_share_a_job(
    queue: SqlJobQueue, n_jobs: int, n_threads: int
) -> None:
    ids = {queue.submit("k", {"n": i}, owner="svc").id for i in range(n_jobs)}
    claimed: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(n_threads)

    def claimer(name: str) -> None:
        barrier.wait()
        while (job := queue.claim(name, lease=60)) is not None:
            with lock:
                claimed.append(job.id)

    threads = [threading.Thread(target=claimer, args=(f"w{i}",)) for i in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Counter(claimed) == Counter(ids)  # every job claimed, none twice
    assert queue.counts()["running"] == n_jobs
