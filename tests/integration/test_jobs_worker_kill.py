"""`careerpath worker` (embedded) killed with SIGKILL mid-job: no job lost, no effect applied twice.

The worker is a real process on a temp SQLite database, running the test plugin's "test.effect"
handler (tests/jobs_plugin.py): it writes its effect row, then sleeps inside the open transaction.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from careerpath.jobs.sql_queue import SqlJobQueue
from jobs_plugin import effects
from jobs_support import sqlite_engine, start_worker, stop, uow_on, wait_for, worker_env


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[sa.Engine]:
    """The migrated job database the workers share."""
    made = sqlite_engine(tmp_path / "jobs.db")
    yield made
    made.dispose()


def test_a_killed_embedded_worker_loses_no_job_and_applies_no_effect_twice(
    tmp_path: Path, engine: sa.Engine
) -> None:
    env = worker_env(
        tmp_path, f"sqlite:///{tmp_path / 'jobs.db'}", CAREERPATH_JOBS_BACKEND="embedded"
    )
    queue = SqlJobQueue(engine)
    marker = tmp_path / "mid-job"
    job = queue.submit(
        "test.effect", {"tag": "kill", "marker": str(marker), "sleep": 600}, owner="test"
    )
    first = start_worker(tmp_path, env, "first", "--threads", "1")
    try:
        wait_for(marker.exists, what="the first worker to be mid-job")
        first.send_signal(signal.SIGKILL)
        first.wait(30)
    finally:
        stop(first)
    killed = queue.get(job.id)
    assert killed is not None and killed.status == "running" and killed.attempts == 1
    with uow_on(engine) as uow:
        assert effects(uow, "kill") == 0  # the killed attempt committed nothing

    second = start_worker(tmp_path, env, "second", "--threads", "1")
    try:
        wait_for(lambda: queue.get(job.id).done, what="the second worker to finish the job")  # type: ignore[union-attr]
        done = queue.get(job.id)
        assert done is not None and done.status == "succeeded" and done.attempts == 2
        assert done.result is not None and done.result["pid"] == second.pid
        with uow_on(engine) as uow:
            assert effects(uow, "kill") == 1  # applied exactly once
        second.send_signal(signal.SIGTERM)  # graceful
        assert second.wait(60) == 0
    finally:
        stop(second)
    said = (tmp_path / "second.err").read_text(encoding="utf-8")
    assert "embedded, 1 thread(s) on sqlite:///" in said and "stopped" in said
