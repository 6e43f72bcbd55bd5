"""/v1/policies (versioned, applied to recommendations) and /v1/feedback (single, batch, dedup)."""

from __future__ import annotations

from api.conftest import World
from api.support import bearer


def test_no_policy_yet_then_versions_accumulate(world: World) -> None:
    admin = bearer(world.keys["hr_admin"])
    empty = world.client.get("/v1/policies", headers=admin).json()
    assert empty == {"version": None, "created": None, "author": None, "comment": "", "rules": {}}
    one = world.client.put(
        "/v1/policies",
        json={"rules": {"excluded_roles": ["org:ops"]}, "comment": "no ops"},
        headers=admin,
    )
    assert one.status_code == 200, one.text
    assert one.json()["version"] == 1 and one.json()["author"] == "test-hr_admin"
    two = world.client.post(
        "/v1/policies/versions", json={"rules": {"max_steps": 2}}, headers=admin
    )
    assert two.status_code == 201 and two.headers["location"] == "/v1/policies/versions/2"
    current = world.client.get("/v1/policies", headers=admin).json()
    assert current["version"] == 2 and current["rules"]["max_steps"] == 2
    history = world.client.get("/v1/policies/versions", headers=admin).json()
    assert [v["version"] for v in history["items"]] == [1, 2] and history["total"] == 2
    old = world.client.get("/v1/policies/versions/1", headers=admin).json()
    assert old["rules"]["excluded_roles"] == ["org:ops"] and old["comment"] == "no ops"
    assert world.client.get("/v1/policies/versions/9", headers=admin).status_code == 404


def test_bad_policies_are_422_naming_the_field_and_store_nothing(world: World) -> None:
    admin = bearer(world.keys["hr_admin"])
    typo = world.client.put(
        "/v1/policies", json={"rules": {"exclude_roles": ["org:ops"]}}, headers=admin
    )
    assert typo.status_code == 422
    assert typo.json()["errors"][0]["field"] == "exclude_roles"
    assert "excluded_roles" in typo.json()["errors"][0]["message"]
    unknown = world.client.put(
        "/v1/policies", json={"rules": {"excluded_roles": ["org:zz"]}}, headers=admin
    )
    assert unknown.status_code == 422 and "org:zz" in unknown.json()["detail"]
    wrong = world.client.put("/v1/policies", json={"rules": {"max_steps": -1}}, headers=admin)
    assert wrong.status_code == 422
    assert world.client.get("/v1/policies/versions", headers=admin).json()["total"] == 0


def test_only_hr_admin_may_change_the_policy(world: World) -> None:
    for role in ("employee", "manager", "auditor", "service"):
        response = world.client.put(
            "/v1/policies", json={"rules": {}}, headers=bearer(world.keys[role])
        )
        assert response.status_code == 403, role
        assert world.client.get("/v1/policies", headers=bearer(world.keys[role])).status_code == 200


def test_a_policy_change_reaches_the_next_recommendation(world: World) -> None:
    admin = bearer(world.keys["hr_admin"])
    before = world.client.get("/v1/people/EMP/recommendations?kind=roles", headers=admin).json()
    assert "org:e2" in [r["role_id"] for r in before["roles"]["items"]]
    world.client.put("/v1/policies", json={"rules": {"excluded_roles": ["org:e2"]}}, headers=admin)
    assert before["policy_version"] is None
    after = world.client.get("/v1/people/EMP/recommendations?kind=roles", headers=admin).json()
    assert after["policy_version"] == 1
    assert "org:e2" not in [r["role_id"] for r in after["roles"]["items"]]
    sim = world.client.post("/v1/people/EMP/simulations", json={"target": "org:e2"}, headers=admin)
    assert sim.status_code == 422 and "excludes" in sim.json()["detail"]


def _event(eid: str, person: str = "EMP", kind: str = "click") -> dict[str, object]:
    return {
        "event_id": eid,
        "person_id": person,
        "type": kind,
        "occurred": "2025-01-01T10:00:00+00:00",
        "item_kind": "role",
        "item_id": "org:e2",
    }


def test_feedback_single_batch_and_duplicates(world: World) -> None:
    service = bearer(world.keys["service"])
    one = world.client.post("/v1/feedback", json=_event("ev-1"), headers=service)
    assert one.status_code == 200, one.text
    assert one.json() == {"accepted": 1, "duplicates": 0, "event_ids": ["ev-1"]}
    batch = world.client.post(
        "/v1/feedback",
        json=[_event("ev-1"), _event("ev-2", "PEER", "save"), _event("ev-2", "PEER", "save")],
        headers=service,
    )
    assert batch.json() == {"accepted": 1, "duplicates": 1, "event_ids": ["ev-1", "ev-2"]}
    with world.services.uow_factory() as uow:
        assert [e.event_id for e in uow.feedback.of_person("PEER")] == ["ev-2"]


def test_bad_feedback_is_422_per_item_and_nothing_is_stored(world: World) -> None:
    service = bearer(world.keys["service"])
    bad = [
        _event("ok-1"),
        {**_event("bad-1"), "type": "like"},
        {**_event("bad-2"), "occurred": "yesterday"},
    ]
    response = world.client.post("/v1/feedback", json=bad, headers=service)
    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields == ["items[1].type", "items[2].occurred"]
    assert world.client.post("/v1/feedback", json=[], headers=service).status_code == 422
    assert world.client.post("/v1/feedback", json="text", headers=service).status_code == 422
    with world.services.uow_factory() as uow:
        assert uow.feedback.of_person("EMP") == []


def test_an_employee_sends_feedback_only_about_themself(world: World) -> None:
    emp = bearer(world.keys["employee"])
    assert world.client.post("/v1/feedback", json=_event("e-1"), headers=emp).status_code == 200
    other = world.client.post(
        "/v1/feedback", json=[_event("e-2"), _event("e-3", "PEER")], headers=emp
    )
    assert other.status_code == 403
    with world.services.uow_factory() as uow:
        assert [e.event_id for e in uow.feedback.of_person("EMP")] == ["e-1"]  # all or nothing
