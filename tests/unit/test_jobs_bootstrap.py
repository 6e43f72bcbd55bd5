"""Wiring of the jobs: bootstrap's queue, handlers and workers; the Celery task's decisions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerpath import bootstrap
from careerpath.cli import app
from careerpath.config import Settings
from careerpath.jobs.celery_app import (
    TASK,
    CeleryJobQueue,
    make_celery,
    redact_url,
    run_job_id,
    sweep,
)
from careerpath.jobs.runner import EmbeddedWorkers
from careerpath.jobs.sql_queue import SqlJobQueue
from careerpath.jobs.store import close_job_stores
from jobs_plugin import HANDLERS
from jobs_support import FakeClock, runtime, sqlite_engine, wait_for


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    """Settings on a temp database with the test plugin."""
    yield Settings(
        database_url=f"sqlite:///{tmp_path / 'jobs.db'}",
        job_plugins="jobs_plugin:HANDLERS",
        data_dir=tmp_path / "data",
        cache_dir=tmp_path / "cache",
        job_workers=1,
    )
    close_job_stores()


def test_handlers_cover_the_known_kinds_and_plugins(settings: Settings) -> None:
    kinds = set(bootstrap.job_handlers(settings))
    assert kinds == {"profile.import", "recommend.partition", *HANDLERS}


def test_embedded_queue_and_workers_share_the_doorbell(settings: Settings) -> None:
    queue = bootstrap.job_queue(settings)
    assert isinstance(queue, SqlJobQueue)
    workers = bootstrap.start_embedded_workers(settings)
    assert isinstance(workers, EmbeddedWorkers)
    try:
        assert workers.queue.doorbell is queue.doorbell  # a submit wakes the workers at once
        job = queue.submit("test.effect", {"tag": "boot"}, owner="svc")
        wait_for(lambda: queue.get(job.id).status == "succeeded", what="the job")  # type: ignore[union-attr]
    finally:
        assert workers.stop() is True


def test_no_embedded_workers_for_celery_or_zero_threads(settings: Settings) -> None:
    assert bootstrap.start_embedded_workers(settings.model_copy(update={"job_workers": 0})) is None
    celery = settings.model_copy(update={"jobs_backend": "celery"})
    assert bootstrap.start_embedded_workers(celery) is None
    queue = bootstrap.job_queue(celery)  # builds the app; connects to nothing yet
    assert isinstance(queue, CeleryJobQueue)


def test_the_celery_app_acks_late_and_speaks_json() -> None:
    app = make_celery(Settings(broker_url="redis://127.0.0.1:1/0"), queue="q1")
    conf = app.conf
    assert conf.task_acks_late is True and conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1 and conf.task_default_queue == "q1"
    assert conf.task_serializer == "json" and list(conf.accept_content) == ["json"]
    assert TASK in app.tasks


def test_publishing_to_a_dead_broker_leaves_the_job_queued(tmp_path: Path) -> None:
    engine = sqlite_engine(tmp_path / "jobs.db")
    sql = SqlJobQueue(engine)
    app = make_celery(Settings(broker_url="redis://127.0.0.1:1/0"))
    queue = CeleryJobQueue(sql, app)
    job = queue.submit("k", {}, owner="svc")
    assert sql.get(job.id).status == "queued"  # type: ignore[union-attr]
    assert sweep(sql, queue.publish, older_than=0) == 0  # still no broker: nothing sent
    sent: list[str] = []
    assert sweep(sql, lambda i: sent.append(i) or True, older_than=0) == 1
    assert sent == [job.id]
    engine.dispose()


def test_the_task_claims_only_its_job_and_says_when_to_look_again(tmp_path: Path) -> None:
    engine = sqlite_engine(tmp_path / "jobs.db")
    clock = FakeClock()
    rt = runtime(engine, dict(HANDLERS), clock=clock, lease=10)
    ok = rt.queue.submit("test.effect", {"tag": "t"}, owner="svc")
    assert run_job_id(ok.id, rt, worker="a") == ("succeeded", None)
    assert run_job_id(ok.id, rt, worker="b") == ("succeeded", None)  # redelivered: nothing done
    assert run_job_id("missing", rt, worker="a") == ("unknown", None)
    crash = rt.queue.submit("test.crash", {}, owner="svc")
    assert run_job_id(crash.id, rt, worker="a") == ("queued", 2.0)  # retried after the backoff
    assert run_job_id(crash.id, rt, worker="b") == ("queued", 2.0)  # early redelivery: wait
    clock.advance(2)
    held = rt.queue.claim("live-worker", lease=10, job_id=crash.id)
    assert held is not None
    status, again = run_job_id(crash.id, rt, worker="c")
    assert status == "running" and again == pytest.approx(11.0)  # after the live lease
    assert rt.queue.get(crash.id).locked_by == "live-worker"  # type: ignore[union-attr]
    clock.advance(timedelta(seconds=11).total_seconds())
    assert run_job_id(crash.id, rt, worker="c") == ("dead", None)  # attempt 3 of 3 crashed
    engine.dispose()


def test_urls_are_printed_without_passwords() -> None:
    assert redact_url("amqp://guest:secret@mq:5672//") == "amqp://guest:***@mq:5672//"
    assert redact_url("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"
    assert redact_url("redis://:pw@host/1") == "redis://:***@host/1"


def test_the_worker_command_is_registered() -> None:
    from careerpath.cli import _register

    _register()
    result = CliRunner().invoke(app, ["worker", "--help"])
    assert result.exit_code == 0
    assert "--threads" in result.output and "--pool" in result.output
