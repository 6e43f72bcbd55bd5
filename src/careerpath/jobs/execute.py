"""Running one claimed job with exactly-once database effects.

The handler runs inside a unit of work whose first statement renews and locks the job (``hold``)
and whose last marks it succeeded (``succeed``), both guarded by ``locked_by = me AND status =
'running'``: the handler's writes and the job's completion commit together or not at all. A worker
killed mid-job commits nothing, so the next claim starts from a clean slate; a worker whose lease
was taken over changes nothing. Bad input (a CareerpathError) fails the job for good; any other
exception is retried with backoff until ``max_attempts``, then the job is dead.

A handler may have a ``prepare(payload)`` method: it runs before the transaction, under a lease
heartbeat, for slow set-up that needs no lock (loading the taxonomy, the skill linker).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from careerpath.domain.errors import (
    CareerpathError,
    ConflictError,
    DataError,
    InvalidRequestError,
    NotFoundError,
    UnknownCodeError,
    ValidationError,
)
from careerpath.domain.jobs import Job
from careerpath.engine.service_ports import JobHandler
from careerpath.jobs.records import error_record
from careerpath.jobs.sql_queue import SqlJobQueue
from careerpath.store.uow import SqlAlchemyUnitOfWork

log = logging.getLogger("careerpath.jobs")

Outcome = Literal["succeeded", "failed", "queued", "dead", "lost"]
UowFactory = Callable[[], SqlAlchemyUnitOfWork]


@dataclass(frozen=True)
class JobRuntime:
    """What executing jobs needs: the queue, the handlers by kind, units of work, the lease."""

    queue: SqlJobQueue
    handlers: Mapping[str, JobHandler]
    uow_factory: UowFactory
    lease: float = 60.0


class LeaseNotHeld(Exception):
    """The job's lease passed to another worker; nothing of this attempt may be committed."""


class Heartbeat:
    """Extends a job's lease every third of it in a background thread while the block runs."""

    def __init__(self, queue: SqlJobQueue, job_id: str, worker: str, lease: float) -> None:
        self.queue, self.job_id, self.worker, self.lease = queue, job_id, worker, lease
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{job_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        """Start beating."""
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop beating (waits for a beat in progress)."""
        self._stop.set()
        self._thread.join()

    def _beat(self) -> None:
        while not self._stop.wait(self.lease / 3):
            try:
                if not self.queue.extend_lease(self.job_id, self.worker, lease=self.lease):
                    return
            except Exception:  # a database hiccup: the next beat tries again
                log.warning("job %s: could not extend the lease", self.job_id, exc_info=True)


def execute_job(job: Job, runtime: JobRuntime, *, worker: str) -> Outcome:
    """Run a job ``worker`` has claimed and record the outcome (module docstring)."""
    try:
        handler = _handler(runtime.handlers, job.kind)
    except CareerpathError as exc:
        return _fail(job, runtime, worker, exc)
    try:
        _prepare(job, handler, runtime, worker)
    except Exception as exc:  # set-up (data, models) is not the job's fault, even a CareerpathError
        return _retry(job, runtime, worker, exc)
    try:
        _run_in_transaction(job, handler, runtime, worker)
    except LeaseNotHeld:
        log.warning("job %s (%s): lease lost, attempt %d abandoned", job.id, job.kind, job.attempts)
        return "lost"
    except CareerpathError as exc:
        return _fail(job, runtime, worker, exc)
    except Exception as exc:
        return _retry(job, runtime, worker, exc)
    log.info("job %s (%s) succeeded (attempt %d)", job.id, job.kind, job.attempts)
    return "succeeded"


def _prepare(job: Job, handler: JobHandler, runtime: JobRuntime, worker: str) -> None:
    """The handler's ``prepare(payload)``, if it has one, under a lease heartbeat."""
    prepare = getattr(handler, "prepare", None)
    if callable(prepare):
        with Heartbeat(runtime.queue, job.id, worker, runtime.lease):
            prepare(job.payload)


def _fail(job: Job, runtime: JobRuntime, worker: str, exc: CareerpathError) -> Outcome:
    """Bad input: the job fails for good with the error recorded."""
    log.info("job %s (%s) failed: %s", job.id, job.kind, type(exc).__name__)
    done = runtime.queue.fail(job.id, worker, error_record(exc, title=_title(exc)))
    return "failed" if done else "lost"


def _retry(job: Job, runtime: JobRuntime, worker: str, exc: Exception) -> Outcome:
    """An unexpected error: logged with its traceback; queued after the backoff, or dead."""
    log.error("job %s (%s): attempt %d raised", job.id, job.kind, job.attempts, exc_info=exc)
    title = f"unexpected error (attempt {job.attempts} of {job.max_attempts})"
    status = runtime.queue.retry(job, worker, error_record(exc, title=title))
    return status or "lost"


def _run_in_transaction(job: Job, handler: JobHandler, runtime: JobRuntime, worker: str) -> None:
    """Hold the job, run the handler, mark the job succeeded: one transaction (or none of it)."""
    queue = runtime.queue
    with runtime.uow_factory() as uow:
        if not queue.hold(uow.session, job.id, worker, lease=runtime.lease):
            raise LeaseNotHeld(job.id)
        result = handler(job.payload, uow)
        if not queue.succeed(uow.session, job.id, worker, _plain(result)):
            raise LeaseNotHeld(job.id)  # leaving the block rolls the handler's writes back
        uow.commit()


def _handler(handlers: Mapping[str, JobHandler], kind: str) -> JobHandler:
    """The handler of ``kind``; InvalidRequestError (the job fails) when there is none."""
    handler = handlers.get(kind)
    if handler is None:
        known = ", ".join(sorted(handlers)) or "none"
        raise InvalidRequestError(
            f"no handler for job kind {kind!r} in this worker", hint=f"known kinds: {known}"
        )
    return handler


def _plain(result: Mapping[str, Any]) -> dict[str, Any]:
    """The handler's result as a dict (a handler returning something else is a bug: retried)."""
    if not isinstance(result, Mapping):
        raise TypeError(f"a job handler returns a JSON object, not {type(result).__name__}")
    return dict(result)


def _title(exc: CareerpathError) -> str:
    """A short title for a job's error record."""
    for kind, title in _TITLES:
        if isinstance(exc, kind):
            return title
    return "cannot do this job"


_TITLES: tuple[tuple[type[CareerpathError], str], ...] = (
    (ValidationError, "invalid document"),
    (DataError, "bad input"),
    (UnknownCodeError, "unknown code"),
    (NotFoundError, "not found"),
    (InvalidRequestError, "invalid request"),
    (ConflictError, "conflict"),
)
