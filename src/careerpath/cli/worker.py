"""`careerpath worker`: run background jobs until SIGTERM / SIGINT (running jobs finish first).

jobs_backend=embedded: worker threads on the database queue (as `careerpath serve` runs them
in-process). jobs_backend=celery: a Celery worker on settings.broker_url, after republishing the
jobs whose publish was lost (and again every lease period).
"""

from __future__ import annotations

import logging
import signal
import threading
import uuid
from enum import StrEnum
from types import FrameType

import typer

from careerpath.config import Settings


class Pool(StrEnum):
    """Celery execution pools."""

    threads = "threads"
    prefork = "prefork"
    solo = "solo"


_THREADS = typer.Option(
    None, "--threads", "-t", min=1, help="Jobs run at once (default: job_workers, at least 1)."
)
_POOL = typer.Option(
    Pool.threads,
    "--pool",
    help="Celery only: threads (one taxonomy in memory for all), prefork (a process each), solo.",
)
_QUEUE = typer.Option("careerpath", "--queue", "-Q", help="Celery only: the queue to consume.")


def worker(threads: int | None = _THREADS, pool: Pool = _POOL, queue: str = _QUEUE) -> None:
    """Run background jobs (profile imports, re-ranking partitions) until SIGTERM or Ctrl-C."""
    settings = Settings()
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("careerpath").setLevel(logging.INFO)
    count = threads or max(1, settings.job_workers)
    if settings.jobs_backend == "celery":
        _run_celery(settings, count, pool, queue)
    else:
        _run_embedded(settings, count)


def _run_embedded(settings: Settings, count: int) -> None:
    """Embedded worker threads until a signal; then stop gracefully."""
    from careerpath.bootstrap import start_embedded_workers
    from careerpath.store.engine import redact

    stop = threading.Event()
    previous = _on_stop_signals(stop)
    workers = start_embedded_workers(settings, threads=count)
    assert workers is not None  # jobs_backend is embedded and count >= 1
    _say(
        f"careerpath worker: embedded, {count} thread(s) on {redact(settings.database_url)}, "
        f"lease {settings.job_lease_seconds:g} s; SIGTERM or Ctrl-C stops (running jobs finish)"
    )
    try:
        while not stop.wait(1.0):
            pass
    finally:
        _restore(previous)  # a second signal stops at once
        _say("careerpath worker: stopping, running jobs finish first")
        workers.stop(timeout=None)
    _say("careerpath worker: stopped")


def _run_celery(settings: Settings, count: int, pool: Pool, queue: str) -> None:
    """A Celery worker on the broker, with a startup and periodic sweep of lost publishes."""
    from careerpath.bootstrap import celery_app, job_runtime
    from careerpath.jobs.celery_app import CeleryJobQueue, Sweeper, redact_url, sweep
    from careerpath.store.engine import redact

    app = celery_app(settings, queue=queue)
    runtime = job_runtime(settings)
    publisher = CeleryJobQueue(runtime.queue, app, queue=queue)
    _say(
        f"careerpath worker: celery on {redact_url(settings.broker_url)} (queue {queue}, "
        f"{pool.value} pool, {count} at once), jobs in {redact(settings.database_url)}"
    )
    lease = settings.job_lease_seconds
    sent = sweep(runtime.queue, publisher.publish, older_than=lease)
    if sent:
        _say(f"careerpath worker: republished {sent} idle job(s)")
    sweeper = Sweeper(runtime.queue, publisher.publish, interval=lease)
    sweeper.start()
    try:
        app.worker_main(
            [
                "worker",
                f"--concurrency={count}",
                f"--pool={pool.value}",
                f"--queues={queue}",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                f"--hostname=careerpath-{uuid.uuid4().hex[:6]}@%h",
            ]
        )
    finally:
        sweeper.stop()


Handlers = dict[int, object]


def _say(message: str) -> None:
    """One line on stderr (stdout stays free)."""
    typer.echo(message, err=True)


def _on_stop_signals(stop: threading.Event) -> Handlers:
    """Make SIGTERM and SIGINT set ``stop``; the previous handlers, to restore."""

    def handle(signum: int, _frame: FrameType | None) -> None:
        """Ask the main loop to stop."""
        stop.set()

    return {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}


def _restore(previous: Handlers) -> None:
    """Put the previous signal handlers back."""
    for sig, handler in previous.items():
        signal.signal(sig, handler)  # type: ignore[arg-type]
