"""SqlJobQueue: durable jobs in the ``jobs`` table (SQLite or PostgreSQL).

Submitting is idempotent per (owner, idempotency key). Workers claim a job with one guarded UPDATE
(PostgreSQL picks the row with ``FOR UPDATE SKIP LOCKED``; SQLite's single writer serialises the
statement), which takes a lease: ``locked_by`` / ``locked_until``. A job whose lease ran out (its
worker died) is claimed again; ``attempts`` counts claims, so a job whose workers keep dying ends
``dead`` too. Every finishing write is guarded by ``locked_by = me AND status = 'running'``:
a worker that lost its lease changes nothing. Finished jobs drop their payload (``DROPPED``).
See docs/jobs.md.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Collection, Mapping
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Engine, and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from careerpath.domain.errors import ConflictError, InvalidRequestError
from careerpath.domain.jobs import JOB_STATUSES, Job, backoff_seconds, payload_digest
from careerpath.jobs.doorbell import Doorbell
from careerpath.jobs.records import Clock, row_to_job, utc_now
from careerpath.store.tables_service import jobs

MAX_KEY_LENGTH = 200
#: The payload of a finished job (succeeded or failed): profile documents and resume files are
#: personal data, kept only while needed; the payload hash still answers idempotent replays.
#: Dead letters keep theirs for inspection.
DROPPED: dict[str, Any] = {}
#: The error stored when a job's last allowed attempt lost its worker (lease ran out).
LEASE_LOST = {
    "type": "LeaseExpired",
    "title": "worker lost",
    "detail": "the worker running the last allowed attempt stopped before finishing "
    "(its lease ran out); the job is a dead letter",
}


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Queued and due, or running under a lease that ran out with attempts left."""
    return or_(
        and_(jobs.c.status == "queued", jobs.c.run_after <= now),
        and_(
            jobs.c.status == "running",
            jobs.c.locked_until < now,
            jobs.c.attempts < jobs.c.max_attempts,
        ),
    )


def _exhausted(now: datetime) -> ColumnElement[bool]:
    """Running under a lease that ran out, with no attempts left."""
    return and_(
        jobs.c.status == "running",
        jobs.c.locked_until < now,
        jobs.c.attempts >= jobs.c.max_attempts,
    )


def _held_by(job_id: str, worker: str) -> ColumnElement[bool]:
    """The guard of every write by a worker: the job is still running under its lease."""
    return and_(jobs.c.job_id == job_id, jobs.c.locked_by == worker, jobs.c.status == "running")


class SqlJobQueue:
    """The JobQueue port on the ``jobs`` table, plus the worker side: claim, lease, finish."""

    def __init__(
        self,
        engine: Engine,
        *,
        max_attempts: int = 5,
        clock: Clock = utc_now,
        doorbell: Doorbell | None = None,
        kinds: Collection[str] | None = None,
        backoff: Callable[[int], float] = backoff_seconds,
    ) -> None:
        self.engine = engine
        self.max_attempts = max_attempts
        self.clock = clock
        self.doorbell = doorbell or Doorbell()
        self.kinds = frozenset(kinds) if kinds is not None else None
        self.backoff = backoff

    # --- the JobQueue port ----------------------------------------------------------------------

    def submit(
        self,
        kind: str,
        payload: Mapping[str, Any],
        *,
        owner: str,
        idempotency_key: str | None = None,
    ) -> Job:
        """Store a new queued job (or return the one this idempotency key made); see JobQueue."""
        return self.submit_new(kind, payload, owner=owner, idempotency_key=idempotency_key)[0]

    def submit_new(
        self,
        kind: str,
        payload: Mapping[str, Any],
        *,
        owner: str,
        idempotency_key: str | None = None,
    ) -> tuple[Job, bool]:
        """``submit``, also telling whether the job is new (False: an idempotent replay)."""
        document = self._check_submission(kind, payload, owner, idempotency_key)
        digest = payload_digest(kind, document)
        if idempotency_key is not None:
            found = self._by_key(owner, idempotency_key)
            if found is not None:
                return _replay(found, kind, digest), False
        now = self.clock()
        job = Job(
            id=uuid.uuid4().hex,
            kind=kind,
            payload=document,
            owner=owner,
            created=now,
            updated=now,
            run_after=now,
            max_attempts=self.max_attempts,
            idempotency_key=idempotency_key,
            payload_hash=digest,
        )
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(jobs).values(_new_row(job)))
        except IntegrityError:  # a concurrent submit with the same key won the race
            found = self._by_key(owner, idempotency_key) if idempotency_key is not None else None
            if found is None:
                raise
            return _replay(found, kind, digest), False
        self.doorbell.ring()
        return job, True

    def get(self, job_id: str) -> Job | None:
        """One job, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(jobs).where(jobs.c.job_id == job_id)).mappings().first()
        return row_to_job(row) if row is not None else None

    def counts(self) -> dict[str, int]:
        """Number of jobs per status (every status present)."""
        stmt = select(jobs.c.status, func.count()).group_by(jobs.c.status)
        with self.engine.connect() as conn:
            found = {str(status): int(n) for status, n in conn.execute(stmt)}
        return {status: found.get(status, 0) for status in JOB_STATUSES}

    def find(self, kind: str, *, key_prefix: str) -> list[Job]:
        """The jobs of ``kind`` (any owner) whose idempotency key starts with ``key_prefix``."""
        stmt = (
            select(jobs)
            .where(
                jobs.c.kind == kind, jobs.c.idempotency_key.startswith(key_prefix, autoescape=True)
            )
            .order_by(jobs.c.created, jobs.c.job_id)
        )
        with self.engine.connect() as conn:
            return [row_to_job(row) for row in conn.execute(stmt).mappings()]

    # --- the worker side -----------------------------------------------------------------------

    def claim(self, worker: str, *, lease: float, job_id: str | None = None) -> Job | None:
        """Take the next due job (or job ``job_id``) under a lease of ``lease`` seconds, or None.

        Running jobs whose lease ran out with no attempts left become dead letters first.
        """
        now = self.clock()
        wanted = (jobs.c.job_id == job_id) if job_id is not None else None
        if not self._anything(now, wanted):
            return None
        with self.engine.begin() as conn:
            conn.execute(_reap(now, wanted))
            pick = _pick(_claimable(now), wanted)
            stmt = (
                update(jobs)
                .where(jobs.c.job_id == pick)
                .values(
                    status="running",
                    locked_by=worker,
                    locked_until=now + timedelta(seconds=lease),
                    attempts=jobs.c.attempts + 1,
                    updated=now,
                )
                .returning(*jobs.c)
            )
            row = conn.execute(stmt).mappings().first()
        return row_to_job(row) if row is not None else None

    def extend_lease(self, job_id: str, worker: str, *, lease: float) -> bool:
        """Push the lease ``lease`` seconds past now; False when the worker no longer holds it."""
        with self.engine.begin() as conn:
            return conn.execute(self._touch(job_id, worker, lease)).first() is not None

    def hold(self, session: Session, job_id: str, worker: str, *, lease: float) -> bool:
        """In the execution transaction, first: renew the lease and lock the job (False: lost).

        The row lock (PostgreSQL) or the write lock (SQLite) keeps other workers off the job until
        the transaction ends, however long the handler runs.
        """
        return session.execute(self._touch(job_id, worker, lease)).first() is not None

    def succeed(
        self, session: Session, job_id: str, worker: str, result: Mapping[str, Any]
    ) -> bool:
        """In the execution transaction: mark the job succeeded with ``result`` (False: lost)."""
        now = self.clock()
        stmt = (
            update(jobs)
            .where(_held_by(job_id, worker))
            .values(
                status="succeeded",
                result=dict(result),
                error=None,
                payload=DROPPED,
                locked_until=None,
                finished=now,
                updated=now,
            )
            .returning(jobs.c.job_id)
        )
        return session.execute(stmt).first() is not None

    def fail(self, job_id: str, worker: str, error: Mapping[str, Any]) -> bool:
        """Mark the job failed for good (bad input) with ``error``; False when the lease was lost."""
        now = self.clock()
        values: dict[str, Any] = {"status": "failed", "error": dict(error), "payload": DROPPED}
        values.update(locked_until=None, finished=now)
        with self.engine.begin() as conn:
            stmt = update(jobs).where(_held_by(job_id, worker)).values(updated=now, **values)
            return conn.execute(stmt.returning(jobs.c.job_id)).first() is not None

    def retry(
        self, job: Job, worker: str, error: Mapping[str, Any]
    ) -> Literal["queued", "dead"] | None:
        """After an unexpected error: queued again after the backoff, or dead when out of attempts.

        Returns the new status, or None when the worker no longer held the job.
        """
        now = self.clock()
        values: dict[str, Any] = {"error": dict(error), "locked_by": None, "locked_until": None}
        status: Literal["queued", "dead"]
        if job.attempts >= job.max_attempts:
            status = "dead"
            values.update(status=status, finished=now)
        else:
            status = "queued"
            wait = timedelta(seconds=self.backoff(job.attempts))
            values.update(status=status, run_after=now + wait)
        with self.engine.begin() as conn:
            stmt = update(jobs).where(_held_by(job.id, worker)).values(updated=now, **values)
            return status if conn.execute(stmt.returning(jobs.c.job_id)).first() else None

    def stale(self, older_than: float) -> list[str]:
        """Ids of due queued jobs and lease-expired running jobs untouched for ``older_than`` s.

        Each is marked touched now, so that sweeps by several workers do not all republish it.
        """
        now = self.clock()
        cutoff = now - timedelta(seconds=older_than)
        idle = or_(
            and_(jobs.c.status == "queued", jobs.c.run_after <= now),
            and_(jobs.c.status == "running", jobs.c.locked_until < now),
        )
        picked = (
            select(jobs.c.job_id)
            .where(idle, jobs.c.updated <= cutoff)
            .with_for_update(skip_locked=True)
        )
        stmt = update(jobs).where(jobs.c.job_id.in_(picked)).values(updated=now)
        with self.engine.begin() as conn:
            return sorted(str(r[0]) for r in conn.execute(stmt.returning(jobs.c.job_id)))

    # --- helpers ---------------------------------------------------------------------------------

    def _touch(self, job_id: str, worker: str, lease: float) -> Any:
        """The guarded lease renewal statement (returns the job id when it matched)."""
        now = self.clock()
        until = now + timedelta(seconds=lease)
        return (
            update(jobs)
            .where(_held_by(job_id, worker))
            .values(locked_until=until, updated=now)
            .returning(jobs.c.job_id)
        )

    def _anything(self, now: datetime, wanted: ColumnElement[bool] | None) -> bool:
        """A read-only look for claimable or exhausted jobs (spares the write lock when idle)."""
        cond = or_(_claimable(now), _exhausted(now))
        stmt = select(jobs.c.job_id).where(cond if wanted is None else and_(cond, wanted))
        with self.engine.connect() as conn:
            return conn.execute(stmt.limit(1)).first() is not None

    def _by_key(self, owner: str, key: str) -> Job | None:
        """The job ``owner`` submitted with idempotency key ``key``, if any."""
        stmt = select(jobs).where(jobs.c.owner == owner, jobs.c.idempotency_key == key)
        with self.engine.connect() as conn:
            row = conn.execute(stmt).mappings().first()
        return row_to_job(row) if row is not None else None

    def _check_submission(
        self, kind: str, payload: Mapping[str, Any], owner: str, key: str | None
    ) -> dict[str, Any]:
        """The payload as a plain JSON object; InvalidRequestError for what cannot be stored."""
        if not kind or (self.kinds is not None and kind not in self.kinds):
            known = ", ".join(sorted(self.kinds or ())) or "none"
            raise InvalidRequestError(f"unknown job kind {kind!r}", hint=f"known kinds: {known}")
        if not owner:
            raise InvalidRequestError("a job needs an owner (the submitting principal)")
        if key is not None and not 0 < len(key) <= MAX_KEY_LENGTH:
            raise InvalidRequestError(
                f"an idempotency key is 1 to {MAX_KEY_LENGTH} characters, got {len(key)}"
            )
        if not isinstance(payload, Mapping):
            raise InvalidRequestError("a job payload is a JSON object")
        try:
            document = json.loads(json.dumps(payload, allow_nan=False))
        except (TypeError, ValueError) as exc:
            raise InvalidRequestError(f"the job payload is not plain JSON: {exc}") from None
        return dict(document)


def _pick(cond: ColumnElement[bool], wanted: ColumnElement[bool] | None) -> Any:
    """The id of the next job meeting ``cond`` (oldest due first), skipping rows others lock."""
    where = cond if wanted is None else and_(cond, wanted)
    return (
        select(jobs.c.job_id)
        .where(where)
        .order_by(jobs.c.run_after, jobs.c.created, jobs.c.job_id)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )


def _reap(now: datetime, wanted: ColumnElement[bool] | None) -> Any:
    """Running jobs out of attempts whose lease ran out become dead letters."""
    cond = _exhausted(now) if wanted is None else and_(_exhausted(now), wanted)
    picked = select(jobs.c.job_id).where(cond).with_for_update(skip_locked=True)
    return (
        update(jobs)
        .where(jobs.c.job_id.in_(picked))
        .values(status="dead", error=LEASE_LOST, locked_until=None, finished=now, updated=now)
    )


def _replay(found: Job, kind: str, digest: str) -> Job:
    """The stored job for a replayed idempotency key, or ConflictError when the body differs."""
    if found.kind == kind and found.payload_hash == digest:
        return found
    raise ConflictError(
        f"idempotency key {found.idempotency_key!r} was already used for another request "
        f"(job {found.id})",
        hint="send the same body to get that job back, or use a new idempotency key",
    )


def _new_row(job: Job) -> dict[str, Any]:
    """The ``jobs`` row of a new job."""
    return {
        "job_id": job.id,
        "kind": job.kind,
        "status": job.status,
        "owner": job.owner,
        "idempotency_key": job.idempotency_key,
        "payload_hash": job.payload_hash,
        "payload": dict(job.payload),
        "attempts": job.attempts,
        "max_attempts": job.max_attempts,
        "run_after": job.run_after,
        "created": job.created,
        "updated": job.updated,
    }
