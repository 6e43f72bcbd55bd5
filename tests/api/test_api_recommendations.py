"""GET /v1/people/{id}/recommendations and POST /v1/people/{id}/simulations."""

from __future__ import annotations

from api.conftest import World
from api.support import bearer


def _get(world: World, url: str, role: str = "hr_admin") -> dict:  # type: ignore[type-arg]
    response = world.client.get(url, headers=bearer(world.keys[role]))
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_recommendations_carry_rationale_attributions_sources_and_versions(world: World) -> None:
    body = _get(world, "/v1/people/EMP/recommendations")
    assert body["person_id"] == "EMP" and body["origin"] == "org:e1"
    assert body["model_version"].startswith("recommend-blend")
    assert body["generated"] == "2025-01-01" and body["data_sources"]
    first = body["roles"]["items"][0]
    assert first["role_id"] == "org:e2" and 0 < first["confidence"] <= 1
    assert first["rationale"] and first["sources"]
    assert abs(sum(a["contribution"] for a in first["attributions"]) - first["score"]) < 1e-6
    assert {"mentors", "projects", "paths"} <= set(body)
    assert body["roles"]["total"] == 3  # every org role but the current one


def test_paths_have_time_cost_success_and_a_learning_plan(world: World) -> None:
    body = _get(world, "/v1/people/EMP/recommendations?target=org:e3&kind=paths")
    assert body["roles"] is None and body["paths"]["total"] >= 1
    best = body["paths"]["items"][0]
    assert best["roles"] == ["org:e1", "org:e2", "org:e3"]
    sim = best["simulation"]
    months = sim["time_to_role_months"]
    assert 0 < months["p10"] <= months["p50"] <= months["p90"]
    lo, hi = sim["success_interval"]
    assert 0 <= lo <= sim["success"] <= hi <= 1
    assert [s["course_id"] for s in best["learning_plan"]["steps"]] == ["c-lead"]
    assert best["missing_skills"][0] == {"id": "lead", "label": "Leadership"}


def test_pagination_and_next_link(world: World) -> None:
    first = _get(world, "/v1/people/EMP/recommendations?kind=roles&limit=2")
    assert len(first["roles"]["items"]) == 2 and first["roles"]["total"] == 3
    assert first["next"] == "/v1/people/EMP/recommendations?kind=roles&limit=2&offset=2"
    second = _get(world, first["next"])
    assert len(second["roles"]["items"]) == 1 and second["next"] is None
    ids = [r["role_id"] for r in first["roles"]["items"] + second["roles"]["items"]]
    assert len(set(ids)) == 3


def test_page_size_is_clamped_to_the_maximum(world: World) -> None:
    body = _get(world, "/v1/people/EMP/recommendations?kind=roles&limit=100000")
    assert body["limit"] == world.settings.max_page_size


def test_filters(world: World) -> None:
    ready = _get(world, "/v1/people/EMP/recommendations?kind=roles&min_readiness=0.99")
    assert all(r["readiness"] >= 0.99 for r in ready["roles"]["items"])
    assert ready["roles"]["total"] < 3
    sure = _get(world, "/v1/people/EMP/recommendations?kind=paths&target=org:e3&min_success=1")
    assert sure["paths"]["items"] == [] or all(
        p["simulation"]["success"] >= 1 for p in sure["paths"]["items"]
    )


def test_bad_queries_are_422_with_the_field(world: World) -> None:
    headers = bearer(world.keys["hr_admin"])
    for query, field in (
        ("kind=everything", "query.kind[0]"),
        ("limit=0", "query.limit"),
        ("min_success=2", "query.min_success"),
    ):
        response = world.client.get(f"/v1/people/EMP/recommendations?{query}", headers=headers)
        assert response.status_code == 422, query
        assert response.json()["errors"][0]["field"] == field
    unknown = world.client.get("/v1/people/EMP/recommendations?target=org:nope", headers=headers)
    assert unknown.status_code == 422 and "org:nope" in unknown.json()["detail"]


def test_unknown_person_is_404_for_hr_and_403_for_an_employee(world: World) -> None:
    url = "/v1/people/NOBODY/recommendations"
    assert world.client.get(url, headers=bearer(world.keys["hr_admin"])).status_code == 404
    assert world.client.get(url, headers=bearer(world.keys["employee"])).status_code == 403


def test_results_are_remembered_until_the_profile_changes(world: World) -> None:
    first = _get(world, "/v1/people/EMP/recommendations?kind=roles")
    again = _get(world, "/v1/people/EMP/recommendations?kind=roles")
    assert first == again
    with world.services.uow_factory() as uow:
        from dataclasses import replace

        from careerpath.domain.profile import SkillClaim

        p = uow.people.get("EMP")
        assert p is not None
        uow.people.add(replace(p, skills=(*p.skills, SkillClaim("lead", 0.9, 1.0))))
        uow.commit()
    changed = _get(world, "/v1/people/EMP/recommendations?kind=roles")
    e3 = next(r for r in changed["roles"]["items"] if r["role_id"] == "org:e3")
    before = next(r for r in first["roles"]["items"] if r["role_id"] == "org:e3")
    assert e3["readiness"] > before["readiness"]


def test_simulation_of_a_course(world: World) -> None:
    response = world.client.post(
        "/v1/people/EMP/simulations",
        json={"target": "org:e3", "what_if": [{"kind": "course", "id": "c-lead"}]},
        headers=bearer(world.keys["employee"]),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["changes"] == ["course=c-lead"]
    assert body["readiness_after"] > body["readiness_before"]
    assert body["plan_hours_after"] < body["plan_hours_before"]
    assert body["before"]["time_to_role_months"]["p50"] > 0


def test_simulation_bad_input(world: World) -> None:
    headers = bearer(world.keys["hr_admin"])
    url = "/v1/people/EMP/simulations"
    unknown = world.client.post(
        url,
        json={"target": "org:e3", "what_if": [{"kind": "course", "id": "nope"}]},
        headers=headers,
    )
    assert unknown.status_code == 422 and "nope" in unknown.json()["detail"]
    missing = world.client.post(url, json={}, headers=headers)
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "body.target"
    empty = world.client.post(url, headers=headers)
    assert empty.status_code == 422
