"""POST /v1/recommendations/runs queues the re-ranking of everybody in partition jobs (hr_admin
only); GET /v1/recommendations/runs/{run_id} counts the run's jobs by status and its stored people."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.conftest import World, make_settings
from api.support import NOW, PEOPLE, bearer, make_keys, tiny_taxonomy
from careerpath import bootstrap
from careerpath.api.app import create_app
from careerpath.api.deps import Services
from careerpath.domain.access import ROLES
from careerpath.jobs.runner import EmbeddedWorkers
from careerpath.store import open_store

RUNS = "/v1/recommendations/runs"


def _post(world: World, body: Any, role: str = "hr_admin") -> Any:
    return world.client.post(RUNS, json=body, headers=bearer(world.keys[role]))


def _get(world: World, run_id: str, role: str = "hr_admin") -> Any:
    return world.client.get(f"{RUNS}/{run_id}", headers=bearer(world.keys[role]))


def _run_jobs(world: World) -> list[str]:
    """Execute every due job in this thread (the test app runs no workers); their outcomes."""
    runtime = bootstrap.job_runtime(world.settings, taxonomy=world.services.taxonomy)
    workers = EmbeddedWorkers(
        runtime.queue, runtime.handlers, runtime.uow_factory, threads=1, lease=runtime.lease
    )
    outcomes = []
    while (outcome := workers.run_once()) is not None:
        outcomes.append(outcome)
    return outcomes


def test_hr_admin_queues_partitions_that_store_everybody_under_the_run(world: World) -> None:
    response = _post(world, {"partition_size": 2, "top": 3})
    assert response.status_code == 202, response.text
    run = response.json()
    assert run["partitions"] == 3 and len(run["jobs"]) == 3  # five people, two per partition
    assert response.headers["Location"] == run["links"]["self"] == f"{RUNS}/{run['run_id']}"
    before = _get(world, run["run_id"]).json()
    assert before["statuses"] == {"queued": 3, "running": 0, "succeeded": 0, "failed": 0, "dead": 0}
    assert before["done"] is False and before["people"] == 0 and before["jobs"] == run["jobs"]
    for job_id in run["jobs"]:
        job = world.client.get(f"/v1/jobs/{job_id}", headers=bearer(world.keys["hr_admin"]))
        assert job.status_code == 200 and job.json()["kind"] == "recommend.partition"

    assert _run_jobs(world) == ["succeeded"] * 3

    after = _get(world, run["run_id"]).json()
    assert after["statuses"]["succeeded"] == 3 and after["done"] is True
    assert after["people"] == len(PEOPLE)
    with world.services.uow_factory() as uow:
        for person in PEOPLE:
            rows = uow.organization.recommendations(person)
            assert 0 < len(rows) <= 3
            assert {r.run_id for r in rows} == {run["run_id"]}


def test_an_empty_body_takes_the_defaults(world: World) -> None:
    response = _post(world, {})
    assert response.status_code == 202, response.text
    (job_id,) = response.json()["jobs"]  # 500 per partition: one job for five people
    assert world.services.jobs is not None
    job = world.services.jobs.get(job_id)
    assert job is not None and job.owner == "api_key:test-hr_admin"
    assert job.payload["top"] == 10 and sorted(job.payload["person_ids"]) == sorted(PEOPLE)


def test_a_second_run_takes_over_the_stored_rows(world: World) -> None:
    first = _post(world, {"partition_size": 5}).json()["run_id"]
    _run_jobs(world)
    second = _post(world, {"partition_size": 5}).json()["run_id"]
    assert second != first
    _run_jobs(world)
    assert _get(world, second).json()["people"] == len(PEOPLE)
    assert _get(world, first).json()["people"] == 0  # its rows were replaced


@pytest.mark.parametrize("role", [r for r in ROLES if r != "hr_admin"])
def test_other_roles_may_not_start_a_run(world: World, role: str) -> None:
    response = _post(world, {"partition_size": 2}, role)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert "recommendations.rerun" in response.json()["detail"]
    assert world.services.jobs is not None
    assert sum(world.services.jobs.counts().values()) == 0  # nothing was queued


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"partition_size": 0}, "body.partition_size"),
        ({"partition_size": 10_001}, "body.partition_size"),
        ({"partition_size": "many"}, "body.partition_size"),
        ({"top": 0}, "body.top"),
        ({"top": 51}, "body.top"),
        ({"top": 3, "colour": "red"}, "body.colour"),
        ([], "body"),
    ],
)
def test_a_bad_body_is_a_422_naming_the_field(world: World, body: Any, field: str) -> None:
    response = _post(world, body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]
    assert world.services.jobs is not None
    assert sum(world.services.jobs.counts().values()) == 0


def test_malformed_json_is_a_400(world: World) -> None:
    response = world.client.post(
        RUNS,
        content=b"{partition_size: 2",
        headers={**bearer(world.keys["hr_admin"]), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["type"] == "/problems/malformed-json"


def test_an_unknown_run_is_a_404(world: World) -> None:
    response = _get(world, "run-20250101T120000-00000000")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "no re-ranking run" in response.json()["detail"]
    assert _get(world, "run-20250101T120000-00000000", "auditor").status_code == 404
    assert _get(world, "run-20250101T120000-00000000", "employee").status_code == 403


def test_a_run_of_another_kind_of_job_is_not_found(world: World) -> None:
    assert world.services.jobs is not None
    world.services.jobs.submit(
        "profile.import", {"n": 1}, owner="api_key:test-hr_admin", idempotency_key="run-x/0"
    )
    assert _get(world, "run-x").status_code == 404  # only re-ranking partitions make a run


@pytest.fixture()
def empty_world(tmp_path: Path) -> Iterator[World]:
    """The API on a database with roles and keys but nobody's profile."""
    settings = make_settings(tmp_path)
    uow_factory = open_store(settings.database_url)
    keys = make_keys(uow_factory)
    tax = tiny_taxonomy()
    services = Services(
        uow_factory=uow_factory,
        load_taxonomy=lambda: tax,
        jobs=bootstrap.job_queue(settings),
        clock=lambda: NOW,
    )
    with TestClient(create_app(settings, services=services), raise_server_exceptions=False) as c:
        yield World(c, settings, services, keys)


def test_nobody_to_rerank_is_a_409(empty_world: World) -> None:
    response = _post(empty_world, {})
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/conflict"
    assert "no people are stored" in response.json()["detail"]
