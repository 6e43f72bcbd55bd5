"""EmbeddedWorkers: in-process worker threads over the database job queue (no services needed).

Each thread claims the next due job, executes it (``jobs.execute``) and looks again; when there is
nothing to do it sleeps ``poll`` seconds, or less: a submit through the same queue object (or any
queue on the same store in this process) rings the doorbell and wakes it at once. Jobs live in the
database, so a restarted process picks up where the last one stopped, and a job whose worker died
is claimed again when its lease runs out. ``stop`` is graceful: running jobs finish first.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping

from careerpath.engine.service_ports import JobHandler
from careerpath.jobs.execute import JobRuntime, Outcome, UowFactory, execute_job
from careerpath.jobs.records import worker_name
from careerpath.jobs.sql_queue import SqlJobQueue

log = logging.getLogger("careerpath.jobs")

DEFAULT_POLL_SECONDS = 1.0


class EmbeddedWorkers:
    """``threads`` worker threads executing the queue's jobs until ``stop``."""

    def __init__(
        self,
        queue: SqlJobQueue,
        handlers: Mapping[str, JobHandler],
        uow_factory: UowFactory,
        *,
        threads: int = 2,
        lease: float = 60.0,
        poll: float = DEFAULT_POLL_SECONDS,
        name: str = "embedded",
    ) -> None:
        if threads < 1:
            raise ValueError("EmbeddedWorkers needs at least one thread")
        self.runtime = JobRuntime(queue, dict(handlers), uow_factory, lease)
        self.threads = threads
        self.poll = poll
        self.name = worker_name(name)
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def queue(self) -> SqlJobQueue:
        """The queue the workers take jobs from."""
        return self.runtime.queue

    def start(self) -> None:
        """Start the worker threads (once)."""
        if self._threads:
            raise RuntimeError("these workers were already started")
        for i in range(self.threads):
            thread = threading.Thread(
                target=self._loop, args=(f"{self.name}#{i}",), name=f"job-worker-{i}", daemon=True
            )
            self._threads.append(thread)
            thread.start()
        log.info("%d embedded job workers started (%s)", self.threads, self.name)

    def stop(self, timeout: float | None = 30.0) -> bool:
        """Stop taking jobs, let running ones finish; True when every thread ended in ``timeout``."""
        self._stopping.set()
        self.queue.doorbell.ring()
        for thread in self._threads:
            thread.join(timeout)
        alive = [t.name for t in self._threads if t.is_alive()]
        if alive:
            log.warning("job workers still running after %s s: %s", timeout, ", ".join(alive))
        return not alive

    @property
    def running(self) -> bool:
        """True while some worker thread is alive."""
        return any(t.is_alive() for t in self._threads)

    def run_once(self, worker: str | None = None) -> Outcome | None:
        """Claim and execute one due job in this thread; its outcome, or None when none was due."""
        worker = worker or f"{self.name}#once"
        job = self.queue.claim(worker, lease=self.runtime.lease)
        if job is None:
            return None
        return execute_job(job, self.runtime, worker=worker)

    def _loop(self, worker: str) -> None:
        """One thread: claim, execute, repeat; wait for the doorbell or ``poll`` when idle."""
        bell = self.queue.doorbell
        while not self._stopping.is_set():
            ticket = bell.ticket()
            try:
                outcome = self.run_once(worker)
            except Exception:  # the database is unreachable or busy: try again later
                log.warning("job worker %s: cannot claim a job", worker, exc_info=True)
                outcome = None
            if outcome is None and not self._stopping.is_set():
                bell.wait(ticket, self.poll)
