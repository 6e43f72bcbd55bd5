"""Helpers of the job tests: a fake clock, job databases (SQLite file or the session's PostgreSQL
schema), service checks (Redis, RabbitMQ) that fail under CI=true and skip otherwise, polling."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from careerpath.jobs.execute import JobRuntime
from careerpath.jobs.sql_queue import SqlJobQueue
from careerpath.store import tables
from careerpath.store.engine import make_engine, make_session_factory
from careerpath.store.migrate import upgrade_engine
from careerpath.store.uow import SqlAlchemyUnitOfWork

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


class FakeClock:
    """A settable UTC clock (thread-safe)."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        with self._lock:
            self.now += timedelta(seconds=seconds)


def sqlite_engine(path: Path) -> sa.Engine:
    """A migrated SQLite engine on a file."""
    engine = make_engine(f"sqlite:///{path}")
    upgrade_engine(engine)
    return engine


def clean(engine: sa.Engine) -> None:
    """Delete the rows the job tests write (jobs, effects, people, recommendations, imports)."""
    with engine.begin() as conn:
        for table in reversed(tables.metadata.sorted_tables):
            conn.execute(table.delete())


def runtime(
    engine: sa.Engine,
    handlers: dict[str, object],
    *,
    clock: Callable[[], datetime] | None = None,
    max_attempts: int = 3,
    lease: float = 30.0,
) -> JobRuntime:
    """A JobRuntime on ``engine`` with the given handlers."""
    queue = SqlJobQueue(engine, max_attempts=max_attempts, **({"clock": clock} if clock else {}))
    sessions = make_session_factory(engine)
    return JobRuntime(queue, handlers, lambda: SqlAlchemyUnitOfWork(sessions), lease)  # type: ignore[arg-type]


def uow_on(engine: sa.Engine) -> SqlAlchemyUnitOfWork:
    """A unit of work on ``engine`` (to read what jobs wrote)."""
    return SqlAlchemyUnitOfWork(make_session_factory(engine))


def wait_for(check: Callable[[], bool], *, what: str, deadline: float = 60.0) -> None:
    """Poll ``check`` until it holds; fail naming ``what`` after ``deadline`` seconds (a hang)."""
    end = time.monotonic() + deadline
    while not check():
        if time.monotonic() > end:
            pytest.fail(f"gave up waiting for {what} after {deadline:g} s")
        time.sleep(0.05)


def require_service(url: str, what: str, env: str) -> str:
    """``url`` when its host:port accepts connections; fail under CI=true, skip otherwise."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 0), 3):
            return url
    except OSError as exc:
        message = f"{what} not reachable at {parts.hostname}:{parts.port}: {exc} (set {env})"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def background(target: Callable[[], object]) -> Iterator[threading.Thread]:
    """Run ``target`` in a thread for the block; joined at the end."""
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        thread.join(30)


TESTS = Path(__file__).resolve().parent
LEASE = 2


def worker_env(tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a worker process: its database, short leases, the test plugin."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREERPATH_")}
    env.update(
        CAREERPATH_DATABASE_URL=database_url,
        CAREERPATH_JOB_LEASE_SECONDS=str(LEASE),
        CAREERPATH_JOB_PLUGINS="jobs_plugin:HANDLERS",
        CAREERPATH_CACHE_DIR=str(tmp_path / "cache"),
        CAREERPATH_DATA_DIR=str(tmp_path / "data"),
        PYTHONPATH=os.pathsep.join([str(TESTS), env.get("PYTHONPATH", "")]),
        **extra,
    )
    return env


def start_worker(
    tmp_path: Path, env: dict[str, str], name: str, *args: str
) -> subprocess.Popen[bytes]:
    """`careerpath worker` as a child process; its output goes to files named after ``name``."""
    cmd = [sys.executable, "-c", "from careerpath.cli import main; main()", "worker", *args]
    with (tmp_path / f"{name}.out").open("wb") as out, (tmp_path / f"{name}.err").open("wb") as err:
        return subprocess.Popen(cmd, env=env, stdout=out, stderr=err, cwd=tmp_path)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Kill a worker that is still running (test clean-up)."""
    if proc.poll() is None:
        proc.kill()
        proc.wait(30)
