"""POST /v1/profiles (JSON profile, JSON Resume, resume upload; idempotency) and GET /v1/jobs/{id}."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.conftest import World, make_world
from api.support import bearer

RESUME = b"Pat Example\nSoftware Engineer at Initech, 2019 - present\nSkills: Python, SQL\n"


def _doc(person: str = "NEW1", **extra: Any) -> dict[str, Any]:
    return {
        "person_id": person,
        "name": "New Person",
        "roles": [{"title": "Engineer", "start": "2022-01-01", "role_id": "org:e1"}],
        "skills": [{"skill_id": "py", "level": 0.6}, {"name": "SQL", "level": "basic"}],
        **extra,
    }


def _post(world: World, body: Any, role: str = "hr_admin", **headers: str) -> Any:
    return world.client.post(
        "/v1/profiles", json=body, headers={**bearer(world.keys[role]), **headers}
    )


def _jobs(world: World) -> int:
    assert world.services.jobs is not None
    return sum(world.services.jobs.counts().values())


def test_a_profile_is_queued_as_a_job(world: World) -> None:
    response = _post(world, {"format": "profile", "document": _doc()})
    assert response.status_code == 202, response.text
    body = response.json()
    assert (
        body["status"] == "queued" and response.headers["location"] == f"/v1/jobs/{body['job_id']}"
    )
    job = world.client.get(body["links"]["self"], headers=bearer(world.keys["hr_admin"])).json()
    assert job["kind"] == "profile.import" and job["status"] == "queued"
    assert job["result"] is None and job["error"] is None and job["links"]["result"] is None
    assert world.services.jobs is not None
    stored = world.services.jobs.get(body["job_id"])
    assert stored is not None and stored.payload["person_id"] == "NEW1"


def test_idempotency_key_same_body_same_job_other_body_422(world: World) -> None:
    key = {"Idempotency-Key": "k-1"}
    first = _post(world, {"format": "profile", "document": _doc()}, **key)
    again = _post(world, {"format": "profile", "document": _doc()}, **key)
    assert first.status_code == again.status_code == 202
    assert first.json()["job_id"] == again.json()["job_id"] and _jobs(world) == 1
    other = _post(world, {"format": "profile", "document": _doc("NEW2")}, **key)
    assert other.status_code == 422 and other.json()["type"] == "/problems/idempotency-key-reused"
    assert _jobs(world) == 1  # nothing stored half-way
    long_key = _post(
        world, {"format": "profile", "document": _doc()}, **{"Idempotency-Key": "x" * 300}
    )
    assert long_key.status_code == 422


def test_a_json_resume_needs_a_person(world: World) -> None:
    resume = {
        "basics": {"name": "Pat"},
        "work": [{"position": "Engineer", "startDate": "2020-01-01"}],
    }
    missing = _post(world, {"format": "json_resume", "document": resume})
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "body.document/meta/personId"
    ok = _post(world, {"format": "json_resume", "document": resume, "person_id": "NEW3"})
    assert ok.status_code == 202, ok.text


def test_bad_documents_are_422_located_and_queue_nothing(world: World) -> None:
    cases = [
        ({"format": "xml", "document": {}}, "body.format"),
        ({"format": "profile", "document": _doc(), "colour": 1}, "body.colour"),
        ({"format": "profile", "document": _doc(colour="red")}, "body.document/colour"),
        (
            {"format": "profile", "document": _doc(roles=[{"title": "x", "start": "01/02/2020"}])},
            "body.document/roles/0/start",
        ),
        ({"format": "profile"}, "body.document"),
    ]
    for body, field in cases:
        response = _post(world, body)
        assert response.status_code == 422, (body, response.text)
        assert response.json()["errors"][0]["field"] == field, response.json()
    assert _jobs(world) == 0


def test_malformed_json_and_wrong_content_type(world: World) -> None:
    headers = {**bearer(world.keys["hr_admin"]), "Content-Type": "application/json"}
    bad = world.client.post("/v1/profiles", content=b"{not json", headers=headers)
    assert bad.status_code == 400 and bad.json()["type"] == "/problems/malformed-json"
    text = world.client.post(
        "/v1/profiles", content=b"hello", headers={**headers, "Content-Type": "text/plain"}
    )
    assert text.status_code == 415 and "multipart/form-data" in text.json()["detail"]


def test_resume_upload(world: World) -> None:
    headers = bearer(world.keys["hr_admin"])
    ok = world.client.post(
        "/v1/profiles",
        files={"file": ("cv.txt", RESUME, "text/plain")},
        data={"person_id": "NEW4"},
        headers=headers,
    )
    assert ok.status_code == 202, ok.text
    assert world.services.jobs is not None
    job = world.services.jobs.get(ok.json()["job_id"])
    assert (
        job is not None
        and job.payload["format"] == "resume"
        and job.payload["filename"] == "cv.txt"
    )
    nobody = world.client.post(
        "/v1/profiles", files={"file": ("cv.txt", RESUME, "text/plain")}, headers=headers
    )
    assert nobody.status_code == 422 and nobody.json()["errors"][0]["field"] == "body.person_id"
    empty = world.client.post(
        "/v1/profiles",
        files={"file": ("cv.txt", b"", "text/plain")},
        data={"person_id": "X"},
        headers=headers,
    )
    assert empty.status_code == 422
    nofile = world.client.post(
        "/v1/profiles", data={"person_id": "X"}, files={"other": ("a", b"b")}, headers=headers
    )
    assert nofile.status_code == 422


@pytest.fixture()
def tiny_uploads(tmp_path: Path) -> Iterator[World]:
    yield from make_world(tmp_path, max_upload_bytes=100)


def test_oversized_upload_is_413(tiny_uploads: World) -> None:
    headers = bearer(tiny_uploads.keys["hr_admin"])
    big = b"x" * 200 + RESUME
    response = tiny_uploads.client.post(
        "/v1/profiles", files={"file": ("cv.txt", big)}, data={"person_id": "N"}, headers=headers
    )
    assert response.status_code == 413
    huge = b"x" * 200_000
    response = tiny_uploads.client.post(
        "/v1/profiles", files={"file": ("cv.txt", huge)}, data={"person_id": "N"}, headers=headers
    )
    assert response.status_code == 413 and _jobs(tiny_uploads) == 0


def test_who_may_submit_whose_profile(world: World) -> None:
    own = _post(
        world,
        {"format": "profile", "document": {k: v for k, v in _doc().items() if k != "person_id"}},
        role="employee",
    )
    assert own.status_code == 202, own.text
    assert world.services.jobs is not None
    job = world.services.jobs.get(own.json()["job_id"])
    assert (
        job is not None
        and job.payload["person_id"] == "EMP"
        and job.owner == "api_key:test-employee"
    )
    assert (
        _post(world, {"format": "profile", "document": _doc("PEER")}, role="employee").status_code
        == 403
    )
    assert (
        _post(world, {"format": "profile", "document": _doc("EMP")}, role="manager").status_code
        == 403
    )
    assert (
        _post(world, {"format": "profile", "document": _doc("ANY")}, role="service").status_code
        == 202
    )
    assert (
        _post(world, {"format": "profile", "document": _doc("ANY")}, role="auditor").status_code
        == 403
    )
    # the employee reads their own job but not the service's
    mine = world.client.get(
        f"/v1/jobs/{own.json()['job_id']}", headers=bearer(world.keys["employee"])
    )
    assert mine.status_code == 200
