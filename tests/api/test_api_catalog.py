"""/v1/roles, /v1/skills (search, normalise), /v1/titles/normalize and /v1/taxonomy."""

from __future__ import annotations

from api.conftest import World
from api.support import bearer


def test_roles_list_search_and_detail(world: World) -> None:
    h = bearer(world.keys["employee"])
    page = world.client.get("/v1/roles?q=engineer&limit=2", headers=h).json()
    assert page["total"] == 3 and [r["id"] for r in page["items"]] == ["org:e1", "org:e2"]
    detail = world.client.get("/v1/roles/org:e3", headers=h).json()
    assert detail["title"] == "Staff Engineer" and detail["level"] == 3
    assert {r["skill_id"] for r in detail["requirements"]} == {"py", "sql", "lead"}
    missing = world.client.get("/v1/roles/org:nope", headers=h)
    assert missing.status_code == 404 and missing.json()["type"] == "/problems/not-found"
    assert world.client.get("/v1/roles?taxonomy=onet", headers=h).json()["total"] == 0


def test_skills_search(world: World) -> None:
    h = bearer(world.keys["service"])
    found = world.client.get("/v1/skills?q=sq", headers=h).json()
    assert [s["id"] for s in found["items"]] == ["sql"] and found["total"] == 1
    every = world.client.get("/v1/skills?taxonomy=org", headers=h).json()
    assert every["total"] == 4
    bad = world.client.get("/v1/skills?taxonomy=klingon", headers=h)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "query.taxonomy"


def test_taxonomy_says_what_is_loaded(world: World) -> None:
    body = world.client.get("/v1/taxonomy", headers=bearer(world.keys["auditor"])).json()
    assert body["org_roles"] == 4
    assert body["taxonomies"] == [{"name": "org", "occupations": 0, "skills": 4, "facets": []}]
    assert isinstance(body["fingerprint"], str)


def test_normalize_requests_are_validated(world: World) -> None:
    h = bearer(world.keys["hr_admin"])
    assert (
        world.client.post("/v1/skills/normalize", json={"texts": []}, headers=h).status_code == 422
    )
    too_many = world.client.post(
        "/v1/titles/normalize", json={"titles": ["x"], "top": 500}, headers=h
    )
    assert too_many.status_code == 422 and too_many.json()["errors"][0]["field"] == "body.top"
