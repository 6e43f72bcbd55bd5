"""The Celery adapter: job records in the database, only job ids on the broker (Redis or RabbitMQ).

``CeleryJobQueue.submit`` stores the job (the same SQL store as the embedded runner) and, after the
commit, publishes its id. The one task, ``careerpath.run_job(job_id)``, claims THAT job in the
database and executes it exactly as the embedded runner does (``jobs.execute``); a redelivered or
duplicate message finds the job done, or held by a live worker, and changes nothing (acks late,
idempotent). A job whose publish failed (broker down) stays queued: ``sweep`` republishes due
queued jobs and lease-expired running ones that nobody touched for a while; ``careerpath worker``
sweeps at start and then every lease period.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from celery import Celery  # type: ignore[import-untyped]

from careerpath.config import Settings
from careerpath.domain.jobs import Job
from careerpath.jobs.execute import JobRuntime, execute_job
from careerpath.jobs.records import worker_name
from careerpath.jobs.sql_queue import SqlJobQueue

log = logging.getLogger("careerpath.jobs")

TASK = "careerpath.run_job"
DEFAULT_QUEUE = "careerpath"
RECHECK_SECONDS = 1.0  # a due job another worker just took: look again this much later
Publish = Callable[[str], bool]


def make_celery(
    settings: Settings,
    *,
    runtime: Callable[[], JobRuntime] | None = None,
    queue: str = DEFAULT_QUEUE,
) -> Any:
    """The Celery app on ``settings.broker_url`` with the ``careerpath.run_job`` task.

    ``runtime`` builds what executing needs (queue, handlers, units of work) once per process,
    lazily (after a prefork); without it the app can publish but its task refuses to run.
    """
    app = Celery("careerpath", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        task_default_queue=queue,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=5,
        task_publish_retry_policy={
            "max_retries": 2,
            "interval_start": 0,
            "interval_step": 0.5,
            "interval_max": 1,
        },
        worker_hijack_root_logger=False,
    )
    per_process = _PerProcess(runtime)

    def run_job(task: Any, job_id: str) -> str:
        """Claim job ``job_id`` in the database and execute it; retried later when not due yet."""
        status, again_in = run_job_id(job_id, per_process(), worker=worker_name("celery"))
        if again_in is not None:
            raise task.retry(countdown=again_in, max_retries=None)
        return status

    app.task(name=TASK, bind=True, shared=False, acks_late=True, max_retries=None)(run_job)
    return app


class _PerProcess:
    """The runtime, built once per process (engines and pools must not cross a fork)."""

    def __init__(self, build: Callable[[], JobRuntime] | None) -> None:
        self.build = build
        self._lock = threading.Lock()
        self._built: dict[int, JobRuntime] = {}

    def __call__(self) -> JobRuntime:
        if self.build is None:
            raise RuntimeError("this Celery app only publishes jobs: run `careerpath worker`")
        pid = os.getpid()
        with self._lock:
            if pid not in self._built:
                self._built = {pid: self.build()}
            return self._built[pid]


def run_job_id(job_id: str, runtime: JobRuntime, *, worker: str) -> tuple[str, float | None]:
    """Claim and execute one job by id: (what happened, seconds after which to look again)."""
    queue = runtime.queue
    job = queue.claim(worker, lease=runtime.lease, job_id=job_id)
    if job is not None:
        outcome = execute_job(job, runtime, worker=worker)
        if outcome == "queued":  # an unexpected error, retried after the backoff
            again = queue.get(job_id)
            return outcome, _until(again.run_after if again else None, queue.clock())
        return outcome, None
    current = queue.get(job_id)
    if current is None:
        log.warning("job %s: no such job (message dropped)", job_id)
        return "unknown", None
    if current.done:
        return current.status, None  # a redelivery or a duplicate: already done
    return current.status, _recheck(current, queue.clock())


def _recheck(job: Job, now: datetime) -> float:
    """When to look again at a job this worker could not claim (not due, or held by another)."""
    if job.status == "queued" and job.run_after > now:
        return _until(job.run_after, now) or RECHECK_SECONDS
    if job.status == "running" and job.locked_until is not None and job.locked_until > now:
        return (job.locked_until - now).total_seconds() + RECHECK_SECONDS
    return RECHECK_SECONDS


def _until(moment: datetime | None, now: datetime) -> float | None:
    """Seconds from ``now`` to ``moment`` (at least a little), None without a moment."""
    if moment is None:
        return None
    return max(0.1, (moment - now).total_seconds())


class CeleryJobQueue:
    """The JobQueue port for jobs_backend=celery: the SQL store, plus a publish per job id."""

    def __init__(self, sql: SqlJobQueue, app: Any, *, queue: str = DEFAULT_QUEUE) -> None:
        self.sql = sql
        self.app = app
        self.queue = queue

    def submit(
        self,
        kind: str,
        payload: Mapping[str, Any],
        *,
        owner: str,
        idempotency_key: str | None = None,
    ) -> Job:
        """Store the job (idempotently, see JobQueue) and publish its id when it is queued."""
        job, _ = self.sql.submit_new(kind, payload, owner=owner, idempotency_key=idempotency_key)
        if job.status == "queued":  # a replay of a queued job republishes: harmless, may help
            self.publish(job.id)
        return job

    def get(self, job_id: str) -> Job | None:
        """One job, or None."""
        return self.sql.get(job_id)

    def counts(self) -> dict[str, int]:
        """Number of jobs per status."""
        return self.sql.counts()

    def find(self, kind: str, *, key_prefix: str) -> list[Job]:
        """The jobs of ``kind`` whose idempotency key starts with ``key_prefix``."""
        return self.sql.find(kind, key_prefix=key_prefix)

    def publish(self, job_id: str, countdown: float | None = None) -> bool:
        """Send the job id to the workers; False (logged) when the broker cannot be reached."""
        try:
            self.app.send_task(TASK, args=[job_id], queue=self.queue, countdown=countdown)
        except Exception as exc:  # the job stays queued; a worker's sweep republishes it
            log.warning("job %s: broker unreachable (%s), left for the sweep", job_id, exc)
            return False
        return True


def sweep(queue: SqlJobQueue, publish: Publish, *, older_than: float) -> int:
    """Republish due queued and lease-expired running jobs idle for ``older_than`` s; how many."""
    ids = queue.stale(older_than)
    sent = sum(1 for job_id in ids if publish(job_id))
    if ids:
        log.info("sweep: %d of %d idle jobs republished", sent, len(ids))
    return sent


class Sweeper:
    """A daemon thread sweeping every ``interval`` seconds until ``stop``."""

    def __init__(self, queue: SqlJobQueue, publish: Publish, *, interval: float) -> None:
        self.queue, self.publish, self.interval = queue, publish, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="job-sweeper", daemon=True)

    def start(self) -> None:
        """Start sweeping."""
        self._thread.start()

    def stop(self) -> None:
        """Stop sweeping."""
        self._stop.set()
        self._thread.join(self.interval + 5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                sweep(self.queue, self.publish, older_than=self.interval)
            except Exception:  # the database or broker is down: the next round tries again
                log.warning("sweep failed", exc_info=True)


def redact_url(url: str) -> str:
    """A broker or database URL with its password replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user, _, host = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{user.partition(':')[0]}:***@{host}"))
