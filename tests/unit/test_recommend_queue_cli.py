"""`careerpath recommend --all --queue`: partition jobs on the configured queue (a tmp SQLite file),
which workers then run, storing everybody's next roles under the printed run id."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from api.support import PEOPLE, seed, tiny_taxonomy
from careerpath import bootstrap
from careerpath.cli import recommend as rec_cli
from careerpath.config import Settings
from careerpath.domain.errors import ConflictError, InvalidRequestError
from careerpath.engine.rerank import KIND
from careerpath.jobs.runner import EmbeddedWorkers
from careerpath.jobs.sql_queue import SqlJobQueue
from careerpath.jobs.store import close_job_stores, open_job_store
from careerpath.store import open_store

app = typer.Typer()
app.command("recommend")(rec_cli.recommend)
app.command("noop")(lambda: None)  # two commands: `recommend` is a subcommand, as in careerpath


@pytest.fixture()
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A temporary SQLite database (embedded jobs) as the configured database."""
    url = f"sqlite:///{tmp_path / 'org.db'}"
    monkeypatch.setenv("CAREERPATH_DATABASE_URL", url)
    monkeypatch.setenv("CAREERPATH_JOBS_BACKEND", "embedded")
    monkeypatch.setenv("CAREERPATH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(tmp_path / "cache"))
    yield url
    close_job_stores()


@pytest.fixture()
def seeded(db_url: str) -> str:
    """The tiny organization of the API tests (five people) in the database."""
    seed(open_store(db_url))
    return db_url


def _queue(url: str) -> SqlJobQueue:
    return SqlJobQueue(open_job_store(url).engine)


def _run_jobs() -> list[str]:
    """Execute every due job here, as `careerpath worker` would; their outcomes."""
    runtime = bootstrap.job_runtime(Settings(), taxonomy=tiny_taxonomy)
    workers = EmbeddedWorkers(runtime.queue, runtime.handlers, runtime.uow_factory, threads=1)
    outcomes = []
    while (outcome := workers.run_once()) is not None:
        outcomes.append(outcome)
    return outcomes


def test_queue_submits_partitions_that_workers_store_under_the_run(seeded: str) -> None:
    result = CliRunner().invoke(
        app, ["recommend", "--all", "--queue", "--partition-size", "2", "--top", "3"]
    )
    assert result.exit_code == 0, result.output
    found = re.search(r"run (run-\S+): 3 partition job\(s\) of up to 2 people", result.output)
    assert found is not None, result.output
    run_id = found.group(1)
    assert "careerpath worker" in result.output
    assert f"/v1/recommendations/runs/{run_id}" in result.output
    jobs = _queue(seeded).find(KIND, key_prefix=f"{run_id}/")
    assert [j.status for j in jobs] == ["queued"] * 3
    assert {j.owner for j in jobs} == {rec_cli._owner()} and rec_cli._owner().startswith("cli")
    assert sorted(p for j in jobs for p in j.payload["person_ids"]) == sorted(PEOPLE)

    assert _run_jobs() == ["succeeded"] * 3

    with open_store(seeded)() as uow:
        for person in PEOPLE:
            rows = uow.organization.recommendations(person)
            assert 0 < len(rows) <= 3 and {r.run_id for r in rows} == {run_id}


def test_json_output_names_the_run_and_its_jobs(seeded: str) -> None:
    result = CliRunner().invoke(app, ["recommend", "--all", "--queue", "-f", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["partitions"] == 1 and out["backend"] == "embedded"  # 500 people per partition
    assert out["watch"] == f"/v1/recommendations/runs/{out['run_id']}"
    (job_id,) = out["jobs"]
    job = _queue(seeded).get(job_id)
    assert job is not None and job.kind == KIND and job.payload["top"] == 10


@pytest.mark.parametrize(
    "args",
    [
        ["recommend", "--queue"],
        ["recommend", "EMP", "--queue"],
        ["recommend", "--all", "--partition-size", "5"],
        ["recommend", "--all", "--queue", "--partition-size", "0"],
        ["recommend", "--all", "--queue", "--target", "org:e3"],
    ],
)
def test_misuse_is_refused_and_queues_nothing(seeded: str, args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert isinstance(result.exception, InvalidRequestError), result.output
    assert sum(_queue(seeded).counts().values()) == 0


def test_an_empty_database_queues_nothing(db_url: str) -> None:
    open_store(db_url)  # migrated, nobody stored
    result = CliRunner().invoke(app, ["recommend", "--all", "--queue"])
    assert isinstance(result.exception, ConflictError)
    assert "no people are stored" in str(result.exception)
    assert sum(_queue(db_url).counts().values()) == 0
