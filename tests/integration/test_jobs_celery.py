"""The Celery adapter end to end: real `careerpath worker` processes over Redis and RabbitMQ.

Each test uses its own queue name (removed afterwards) and a temp SQLite job database. A broker
that is not running fails the test under CI=true and skips it otherwise
(CAREERPATH_TEST_REDIS_URL, CAREERPATH_TEST_AMQP_URL).
"""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from careerpath.config import Settings
from careerpath.jobs.celery_app import CeleryJobQueue, make_celery
from careerpath.jobs.sql_queue import SqlJobQueue
from jobs_plugin import effects
from jobs_support import (
    require_service,
    sqlite_engine,
    start_worker,
    stop,
    uow_on,
    wait_for,
    worker_env,
)

BROKERS = {
    "redis": ("CAREERPATH_TEST_REDIS_URL", "redis://127.0.0.1:6379/9", "Redis"),
    "rabbitmq": ("CAREERPATH_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//", "RabbitMQ"),
}


def _broker(name: str) -> str:
    env, default, what = BROKERS[name]
    return require_service(os.environ.get(env, default), what, env)


@pytest.fixture(params=sorted(BROKERS))
def broker_url(request: pytest.FixtureRequest) -> str:
    """Each reachable broker."""
    return _broker(request.param)


@pytest.fixture
def redis_url() -> str:
    """The Redis broker."""
    return _broker("redis")


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[sa.Engine]:
    """The migrated job database of the workers and the test."""
    made = sqlite_engine(tmp_path / "jobs.db")
    yield made
    made.dispose()


class Deployment:
    """One test's deployment: the broker, a private queue, the job database, worker processes."""

    def __init__(self, tmp_path: Path, broker: str, engine: sa.Engine) -> None:
        self.tmp_path, self.broker, self.engine = tmp_path, broker, engine
        self.queue_name = f"cp-test-{uuid.uuid4().hex[:10]}"
        self.env = worker_env(
            tmp_path,
            f"sqlite:///{tmp_path / 'jobs.db'}",
            CAREERPATH_JOBS_BACKEND="celery",
            CAREERPATH_BROKER_URL=broker,
        )
        self.sql = SqlJobQueue(engine, max_attempts=2)
        self.jobs = self.queue_on(broker)
        self.workers: list[object] = []

    def queue_on(self, broker: str) -> CeleryJobQueue:
        """The API side: a CeleryJobQueue publishing to ``broker``."""
        app = make_celery(Settings(broker_url=broker), queue=self.queue_name)
        return CeleryJobQueue(self.sql, app, queue=self.queue_name)

    def start(self, name: str) -> object:
        """A `careerpath worker` (Celery, threads pool, one at a time) on the private queue."""
        proc = start_worker(
            self.tmp_path, self.env, name, "--threads", "1", "--queue", self.queue_name
        )
        self.workers.append(proc)
        return proc

    def effects(self, tag: str) -> int:
        """Effect rows of ``tag``."""
        with uow_on(self.engine) as uow:
            return effects(uow, tag)

    def close(self) -> None:
        """Stop the workers; remove the queue (and Redis' unacked copies of its messages)."""
        for proc in self.workers:
            stop(proc)  # type: ignore[arg-type]
        from kombu import Connection

        with Connection(self.broker, connect_timeout=5) as conn:
            conn.default_channel.queue_delete(self.queue_name)
            conn.default_channel.exchange_delete(self.queue_name)  # Celery's exchange of the queue
        if self.broker.startswith("redis"):
            _drop_redis_unacked(self.broker, self.queue_name)


def _drop_redis_unacked(url: str, queue: str) -> None:
    """Remove what kombu kept in Redis for ``queue``: bindings, unacked messages of killed workers."""
    import redis

    client = redis.Redis.from_url(url)
    client.delete(f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    for tag, value in client.hgetall("unacked").items():
        if queue.encode() in value:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
    client.close()


@pytest.fixture
def deployment(tmp_path: Path, broker_url: str, engine: sa.Engine) -> Iterator[Deployment]:
    """A deployment on each broker."""
    made = Deployment(tmp_path, broker_url, engine)
    yield made
    made.close()


@pytest.fixture
def redis_deployment(tmp_path: Path, redis_url: str, engine: sa.Engine) -> Iterator[Deployment]:
    """A deployment on Redis."""
    made = Deployment(tmp_path, redis_url, engine)
    yield made
    made.close()


def _done(d: Deployment, job_id: str) -> bool:
    job = d.sql.get(job_id)
    return job is not None and job.done


def test_a_worker_runs_jobs_end_to_end(deployment: Deployment) -> None:
    d = deployment
    ok = d.jobs.submit("test.effect", {"tag": "e2e"}, owner="svc")
    bad = d.jobs.submit("test.bad", {}, owner="svc")
    crash = d.jobs.submit("test.crash", {}, owner="svc")
    d.start("worker")
    for job in (ok, bad, crash):
        wait_for(lambda job=job: _done(d, job.id), what=f"job {job.kind}")  # type: ignore[misc]
    done = d.sql.get(ok.id)
    assert done is not None and done.status == "succeeded" and done.attempts == 1
    assert d.effects("e2e") == 1
    assert d.sql.get(bad.id).status == "failed"  # type: ignore[union-attr]
    dead = d.sql.get(crash.id)  # retried once through the broker after its backoff, then dead
    assert dead is not None and dead.status == "dead" and dead.attempts == 2
    assert d.effects("crash") == 0 and d.effects("bad") == 0
    replay = d.jobs.submit("test.effect", {"tag": "e2e"}, owner="svc", idempotency_key="k")
    same = d.jobs.submit("test.effect", {"tag": "e2e"}, owner="svc", idempotency_key="k")
    assert same.id == replay.id
    wait_for(lambda: _done(d, replay.id), what="the keyed job")
    assert d.effects("e2e") == 2  # the first job and the keyed one: the replay added nothing


def test_jobs_submitted_while_the_broker_is_down_are_swept(redis_deployment: Deployment) -> None:
    d = redis_deployment
    down = d.queue_on("redis://127.0.0.1:1/0")  # nothing listens on port 1
    job = down.submit("test.effect", {"tag": "swept"}, owner="svc")
    assert d.sql.get(job.id).status == "queued"  # type: ignore[union-attr]
    d.start("worker")
    wait_for(lambda: _done(d, job.id), what="the swept job")
    assert d.sql.get(job.id).status == "succeeded"  # type: ignore[union-attr]
    assert d.effects("swept") == 1


def test_a_killed_celery_worker_loses_no_job_and_applies_no_effect_twice(
    deployment: Deployment,
) -> None:
    d = deployment
    marker = d.tmp_path / "mid-job"
    job = d.jobs.submit(
        "test.effect", {"tag": "kill", "marker": str(marker), "sleep": 600}, owner="svc"
    )
    first = d.start("first")
    wait_for(marker.exists, what="the first worker to be mid-job")
    first.send_signal(signal.SIGKILL)  # type: ignore[attr-defined]
    first.wait(30)  # type: ignore[attr-defined]
    assert d.sql.get(job.id).attempts == 1  # type: ignore[union-attr]
    assert d.effects("kill") == 0
    second = d.start("second")
    wait_for(lambda: _done(d, job.id), what="the second worker to finish the job")
    done = d.sql.get(job.id)
    assert done is not None and done.status == "succeeded" and done.attempts == 2
    assert done.result is not None and done.result["pid"] == second.pid  # type: ignore[attr-defined]
    assert d.effects("kill") == 1
