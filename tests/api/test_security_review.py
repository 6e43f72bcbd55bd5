"""Holes found in the security review of the REST API, each pinned by a test.

Rate limits keyed on the caller (not on the raw header text), no 5xx for deeply nested JSON,
out-of-range timestamps or NUL characters in ids, and JSON Resume person ids taken literally.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.conftest import World, make_world
from api.support import bearer


@pytest.fixture()
def small(tmp_path: Path) -> Iterator[World]:
    yield from make_world(tmp_path, rate_limit_per_minute=3)


def _jobs(world: World) -> int:
    assert world.services.jobs is not None
    return sum(world.services.jobs.counts().values())


def test_rate_limit_cannot_be_dodged_by_rewriting_the_authorization_header(small: World) -> None:
    token = small.keys["auditor"]
    variants = [
        {"Authorization": f"Bearer {token}"},
        {"Authorization": f"bearer  {token}"},
        {"Authorization": f"BEARER   {token} "},
        {"X-API-Key": f" {token}"},
    ]
    codes = [small.client.get("/v1/policies", headers=h).status_code for h in variants]
    assert codes == [200, 200, 200, 429]  # one caller, one bucket, however the token is written


def test_failed_authentications_are_rate_limited_per_client(small: World) -> None:
    codes = []
    for i in range(4):
        forged = f"cpk_{'a' * 12}_{str(i) * 43}"  # a new made-up key each time
        codes.append(small.client.get("/v1/policies", headers=bearer(forged)).status_code)
    assert codes == [401, 401, 401, 429]
    ok = small.client.get("/v1/policies", headers=bearer(small.keys["hr_admin"]))
    assert ok.status_code == 200  # a real caller keeps its own budget


def test_deeply_nested_profile_json_is_400_not_500(world: World) -> None:
    depth = 5000
    body = '{"format":"profile","document":' + '{"a":' * depth + "1" + "}" * depth + "}"
    headers = {**bearer(world.keys["hr_admin"]), "Content-Type": "application/json"}
    response = world.client.post("/v1/profiles", content=body, headers=headers)
    assert response.status_code == 400, response.text
    assert response.json()["type"] == "/problems/malformed-json"
    assert "nested" in response.json()["detail"] and _jobs(world) == 0


def test_feedback_time_that_cannot_be_converted_to_utc_is_422(world: World) -> None:
    event = {
        "event_id": "ev-old",
        "person_id": "EMP",
        "type": "click",
        "occurred": "0001-01-01T00:00:00+14:00",  # before year 1 once in UTC
    }
    response = world.client.post("/v1/feedback", json=event, headers=bearer(world.keys["employee"]))
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "items[0].occurred"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/v1/people/EM%00P/recommendations", None),
        ("POST", "/v1/people/EM%00P/simulations", {"target": "org:e3", "what_if": []}),
        ("GET", "/v1/jobs/a%00b", None),
        ("GET", "/v1/recommendations/runs/r%00", None),
    ],
)
def test_nul_in_a_path_id_is_422(world: World, method: str, path: str, body: Any) -> None:
    # PostgreSQL refuses NUL in text: these reached the database and answered 500 there
    headers = bearer(world.keys["hr_admin"])
    response = world.client.request(method, path, json=body, headers=headers)
    assert response.status_code == 422, response.text


def test_nul_in_feedback_ids_is_422_and_nothing_stored(world: World) -> None:
    event = {
        "event_id": "ev\x00",
        "person_id": "EMP",
        "type": "click",
        "occurred": "2024-05-01T00:00:00Z",
    }
    response = world.client.post("/v1/feedback", json=event, headers=bearer(world.keys["employee"]))
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "items[0].event_id"
    with world.services.uow_factory() as uow:
        assert uow.feedback.of_person("EMP") == []


def test_nul_in_person_id_or_idempotency_key_of_a_profile_is_422(world: World) -> None:
    headers = bearer(world.keys["hr_admin"])
    doc = {"format": "profile", "document": {"person_id": "NEW\x00", "name": "N"}}
    response = world.client.post("/v1/profiles", json=doc, headers=headers)
    assert response.status_code == 422, response.text
    ok = {"format": "profile", "document": {"person_id": "NEW1", "name": "N"}}
    keyed = world.client.post(
        "/v1/profiles", json=ok, headers={**headers, "Idempotency-Key": "k\x00"}
    )
    assert keyed.status_code == 422, keyed.text
    assert _jobs(world) == 0


def _resume(meta: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"format": "json_resume", "document": {"basics": {"name": "X"}, "meta": meta}, **extra}


def test_json_resume_person_id_must_be_a_string(world: World) -> None:
    headers = bearer(world.keys["hr_admin"])
    for value in (None, 5, ["EMP"]):
        response = world.client.post(
            "/v1/profiles", json=_resume({"personId": value}), headers=headers
        )
        assert response.status_code == 422, (value, response.text)  # was: person "None", "5"...
        assert response.json()["errors"][0]["field"] == "body.document/meta/personId"
    assert _jobs(world) == 0


def test_json_resume_naming_another_person_than_the_request_is_422(world: World) -> None:
    body = _resume({"personId": "PEER"}, person_id="EMP")
    response = world.client.post("/v1/profiles", json=body, headers=bearer(world.keys["employee"]))
    assert response.status_code == 422, response.text  # as for a canonical profile
    assert _jobs(world) == 0


def test_overlong_person_id_form_field_is_422_not_truncated(world: World) -> None:
    response = world.client.post(
        "/v1/profiles",
        files={"file": ("cv.txt", b"Pat\nEngineer\nPython\n")},
        data={"person_id": "P" * 300},
        headers=bearer(world.keys["hr_admin"]),
    )
    assert response.status_code == 422, response.text
    assert _jobs(world) == 0


def test_database_errors_keep_statement_parameters_out_of_the_logs(tmp_path: Path) -> None:
    # an unexpected database error is logged with its message: it must not carry the row's values
    import sqlalchemy as sa

    from careerpath.store.engine import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE t (name TEXT NOT NULL UNIQUE)"))
        conn.execute(sa.text("INSERT INTO t VALUES (:n)"), {"n": "Ada Lovelace"})
    with pytest.raises(sa.exc.IntegrityError) as caught, engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO t VALUES (:n)"), {"n": "Ada Lovelace"})
    assert "Ada Lovelace" not in str(caught.value)


def test_upload_file_name_loses_nul_and_path_parts(world: World) -> None:
    body = (
        b'--b\r\nContent-Disposition: form-data; name="person_id"\r\n\r\nEMP\r\n'
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="../../etc/cv\x00.txt"'
        b"\r\nContent-Type: text/plain\r\n\r\nPat\nEngineer\nPython\n\r\n--b--\r\n"
    )
    headers = {**bearer(world.keys["hr_admin"]), "Content-Type": "multipart/form-data; boundary=b"}
    response = world.client.post("/v1/profiles", content=body, headers=headers)
    assert response.status_code == 202, response.text
    assert world.services.jobs is not None
    job = world.services.jobs.get(response.json()["job_id"])
    assert job is not None and job.payload["filename"] == "cv.txt"  # the job writes this name


def test_forged_token_with_a_non_latin1_key_id_is_401_not_500(tmp_path: Path) -> None:
    from api.test_api_jwt import AUDIENCE, ISSUER, _jwks, _token

    jwks = _jwks(tmp_path / "jwks.json")
    oidc = make_world(tmp_path, oidc_issuer=ISSUER, oidc_audience=AUDIENCE, oidc_jwks_url=str(jwks))
    world = next(oidc)
    try:
        response = world.client.get(
            "/v1/people/EMP/recommendations", headers=bearer(_token(kid="\U0001f600"))
        )
        assert response.status_code == 401, response.text
        challenge = response.headers["www-authenticate"]
        assert challenge.isascii() and 'error="invalid_token"' in challenge
    finally:
        oidc.close()


def test_own_submissions_are_self_service_and_hr_ones_are_not(world: World) -> None:
    """An employee's own profile job keeps the HR fields (self_service); an hr_admin's does not."""
    assert world.services.jobs is not None
    for role, expected in (("employee", True), ("hr_admin", None)):
        person = "EMP" if role == "employee" else "PEER"
        doc = {"format": "profile", "document": {"person_id": person, "manager_id": "ME"}}
        response = world.client.post("/v1/profiles", json=doc, headers=bearer(world.keys[role]))
        assert response.status_code == 202, response.text
        job = world.services.jobs.get(response.json()["job_id"])
        assert job is not None and job.payload.get("self_service") is expected
