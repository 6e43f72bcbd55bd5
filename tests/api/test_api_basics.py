"""Operations endpoints, credentials, problem details, body limits, content types and rate limits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.conftest import World, make_world
from api.support import bearer


def test_health_ready_and_metrics_need_no_credentials(world: World) -> None:
    client = world.client
    assert client.get("/healthz").json()["status"] == "ok"
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"] == {
        "database": "ok",
        "taxonomy": "ok",
    }
    client.get("/v1/people/EMP/recommendations", headers=bearer(world.keys["hr_admin"]))
    text = client.get("/metrics").text
    assert (
        'careerpath_http_requests_total{method="GET",route="/v1/people/{person_id}/recommendations",status="200"} 1.0'
        in text
    )
    assert "careerpath_http_request_duration_seconds_bucket" in text
    assert 'careerpath_jobs{status="queued"} 0.0' in text
    assert "EMP" not in text  # route templates only, never person ids


def test_missing_forged_and_malformed_credentials_are_401_with_a_challenge(world: World) -> None:
    url = "/v1/people/EMP/recommendations"
    missing = world.client.get(url)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"].startswith("Bearer")
    assert missing.headers["content-type"] == "application/problem+json"
    body = missing.json()
    assert body["type"] == "/problems/unauthenticated" and body["status"] == 401
    assert body["instance"] == url and body["title"] == "Unauthorized"
    token = world.keys["hr_admin"]
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    for headers in (
        bearer(forged),
        {"X-API-Key": forged},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        bearer("not-a-jwt"),
        {"Authorization": "Bearer "},
    ):
        response = world.client.get(url, headers=headers)
        assert response.status_code == 401, headers
        assert 'error="invalid_token"' in response.headers["www-authenticate"], headers


def test_x_api_key_header_works_like_bearer(world: World) -> None:
    response = world.client.get("/v1/roles", headers={"X-API-Key": world.keys["auditor"]})
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["items"]] == ["org:e1", "org:e2", "org:e3", "org:ops"]


def test_request_id_is_echoed_or_generated(world: World) -> None:
    mine = world.client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert mine.headers["x-request-id"] == "abc-123"
    fresh = world.client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert (
        fresh.headers["x-request-id"] != "bad id with spaces"
        and len(fresh.headers["x-request-id"]) == 32
    )
    problem = world.client.get("/v1/roles", headers={"X-Request-ID": "req-9"}).json()
    assert problem["request_id"] == "req-9"


def test_unknown_route_and_method_are_problems(world: World) -> None:
    response = world.client.get("/v1/nothing-here")
    assert response.status_code == 404 and response.json()["type"] == "/problems/not-found"
    response = world.client.delete("/v1/policies", headers=bearer(world.keys["hr_admin"]))
    assert (
        response.status_code == 405
        and response.headers["content-type"] == "application/problem+json"
    )


def test_malformed_json_is_400_and_unknown_fields_422(world: World) -> None:
    headers = {**bearer(world.keys["hr_admin"]), "Content-Type": "application/json"}
    url = "/v1/people/EMP/simulations"
    bad = world.client.post(url, content=b'{"target": ', headers=headers)
    assert bad.status_code == 400 and bad.json()["type"] == "/problems/malformed-json"
    extra = world.client.post(url, json={"target": "org:e3", "colour": "red"}, headers=headers)
    assert extra.status_code == 422
    assert extra.json()["errors"] == [
        {
            "field": "body.colour",
            "message": "unknown field: remove it (see the schema at /openapi.json)",
        }
    ]
    wrong = world.client.post(
        url, json={"target": "org:e3", "what_if": [{"kind": "dance", "id": "x"}]}, headers=headers
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "body.what_if[0].kind"


def test_wrong_content_type_is_415(world: World) -> None:
    headers = {**bearer(world.keys["hr_admin"]), "Content-Type": "text/plain"}
    response = world.client.post("/v1/feedback", content=b"hello", headers=headers)
    assert response.status_code == 415 and "application/json" in response.json()["detail"]
    form = world.client.post(
        "/v1/feedback", files={"file": ("a.txt", b"x")}, headers=bearer(world.keys["hr_admin"])
    )
    assert form.status_code == 415  # multipart only where uploads are accepted


@pytest.fixture()
def small(tmp_path: Path) -> Iterator[World]:
    yield from make_world(tmp_path, max_json_bytes=200, rate_limit_per_minute=3)


def test_oversized_body_is_413_and_nothing_stored(small: World) -> None:
    headers = bearer(small.keys["hr_admin"])
    big = {"rules": {"excluded_roles": ["org:ops"] * 50}, "comment": "x"}
    response = small.client.put("/v1/policies", json=big, headers=headers)
    assert response.status_code == 413 and response.json()["type"] == "/problems/too-large"
    assert len(json.dumps(big)) > 200


def test_rate_limit_is_429_with_retry_after(small: World) -> None:
    headers = bearer(small.keys["auditor"])
    codes = [small.client.get("/v1/policies", headers=headers).status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
    last = small.client.get("/v1/policies", headers=headers)
    assert int(last.headers["retry-after"]) >= 1
    other = small.client.get("/v1/policies", headers=bearer(small.keys["hr_admin"]))
    assert other.status_code == 200  # limits are per caller


def test_openapi_is_served_as_3_1_with_security_schemes(world: World) -> None:
    spec = world.client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert {"bearer", "apiKey"} <= set(spec["components"]["securitySchemes"])
    assert "/v1/people/{person_id}/recommendations" in spec["paths"]
