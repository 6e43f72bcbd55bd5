"""Every role x every endpoint x self / report / other person -> the expected status.

The expectations restate the access rules of the issue (not the code's matrix): employees act on
themselves only; managers read and simulate themselves and their reports (the whole line below
them) and write only for themselves; hr_admin does everything; auditors read everything and write
nothing; services submit profiles and feedback and read people and the catalog, but simulate
nothing and change no policy. An employee never sees another person. Only hr_admin re-ranks the
whole organization; a re-ranking run is read like its jobs (its submitter, hr_admin, auditors).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from api.conftest import World
from api.support import PEOPLE, ROLE_PERSON, bearer
from careerpath.domain.access import ROLES

TEAM = {"MGR": {"MGR", "EMP", "PEER"}}  # the manager and everyone below them
TARGETS = sorted(PEOPLE)  # BOSS, EMP, MGR, OUTSIDER, PEER
RUNS = "/v1/recommendations/runs"


def _reach(role: str, person: str, rule: str) -> bool:
    """Whether ``role`` reaches ``person`` under a rule: any, self, team, none."""
    me = ROLE_PERSON[role]
    return {
        "any": True,
        "self": person == me,
        "team": me is not None and person in TEAM.get(me, {me}),
        "none": False,
    }[rule]


RULES: dict[str, dict[str, str]] = {
    # action: role -> rule
    "read": {
        "employee": "self",
        "manager": "team",
        "hr_admin": "any",
        "auditor": "any",
        "service": "any",
    },
    "simulate": {
        "employee": "self",
        "manager": "team",
        "hr_admin": "any",
        "auditor": "any",
        "service": "none",
    },
    "write": {
        "employee": "self",
        "manager": "self",
        "hr_admin": "any",
        "auditor": "none",
        "service": "any",
    },
}

Call = Callable[[World, dict[str, str], str], Any]


def _read(world: World, headers: dict[str, str], person: str) -> Any:
    return world.client.get(f"/v1/people/{person}/recommendations?kind=roles", headers=headers)


def _simulate(world: World, headers: dict[str, str], person: str) -> Any:
    target = "org:e3" if person != "BOSS" else "org:e2"  # BOSS holds org:e3 already
    body = {"target": target, "what_if": [{"kind": "skill", "id": "lead"}]}
    return world.client.post(f"/v1/people/{person}/simulations", json=body, headers=headers)


def _feedback(world: World, headers: dict[str, str], person: str) -> Any:
    event = {
        "event_id": f"ev-{person}-{headers['Authorization'][-6:]}",
        "person_id": person,
        "type": "click",
        "occurred": "2025-01-01T09:00:00Z",
    }
    return world.client.post("/v1/feedback", json=event, headers=headers)


PERSON_ENDPOINTS: list[tuple[str, Call, str, int]] = [
    # name, call, rule, status when allowed
    ("GET recommendations", _read, "read", 200),
    ("POST simulations", _simulate, "simulate", 200),
    ("POST feedback", _feedback, "write", 200),
]


@pytest.mark.parametrize("role", ROLES)
def test_person_endpoints(world: World, role: str) -> None:
    headers = bearer(world.keys[role])
    seen = []
    for name, call, rule, ok in PERSON_ENDPOINTS:
        for person in TARGETS:
            allowed = _reach(role, person, RULES[rule][role])
            response = call(world, headers, person)
            seen.append((name, person, response.status_code, ok if allowed else 403))
            if not allowed:
                assert response.headers["content-type"] == "application/problem+json"
                assert f"Name {person}" not in response.text
    wrong = [s for s in seen if s[2] != s[3]]
    assert not wrong, wrong


def test_an_employee_never_sees_another_person(world: World) -> None:
    headers = bearer(world.keys["employee"])
    for person in [*TARGETS, "NOBODY"]:
        if person == "EMP":
            continue
        for call in (_read, _simulate):
            response = call(world, headers, person)
            assert response.status_code == 403  # the same answer whether the person exists or not
            assert person not in response.json()["detail"]


CATALOG = (
    "/v1/roles",
    "/v1/roles/org:e1",
    "/v1/skills?q=sql",
    "/v1/taxonomy",
    "/v1/policies",
    "/v1/policies/versions",
)


@pytest.mark.parametrize("role", ROLES)
def test_catalog_and_policy_reads_are_open_to_every_role(world: World, role: str) -> None:
    headers = bearer(world.keys[role])
    assert [world.client.get(u, headers=headers).status_code for u in CATALOG] == [200] * len(
        CATALOG
    )


@pytest.mark.parametrize("role", ROLES)
def test_policy_writes_are_hr_admin_only(world: World, role: str) -> None:
    response = world.client.put(
        "/v1/policies", json={"rules": {}}, headers=bearer(world.keys[role])
    )
    assert response.status_code == (200 if role == "hr_admin" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_jobs_are_read_by_their_owner_hr_and_auditors(world: World, role: str) -> None:
    assert world.services.jobs is not None
    mine = world.services.jobs.submit("profile.import", {"n": 1}, owner=f"api_key:test-{role}")
    theirs = world.services.jobs.submit("profile.import", {"n": 2}, owner="somebody-else")
    headers = bearer(world.keys[role])
    every = role in ("hr_admin", "auditor")
    assert world.client.get(f"/v1/jobs/{mine.id}", headers=headers).status_code == 200
    assert world.client.get(f"/v1/jobs/{theirs.id}", headers=headers).status_code == (
        200 if every else 403
    )
    assert world.client.get("/v1/jobs/nope", headers=headers).status_code == (404 if every else 403)


@pytest.mark.parametrize("role", ROLES)
def test_rerank_runs_are_started_by_hr_admin_and_read_like_jobs(world: World, role: str) -> None:
    headers = bearer(world.keys[role])
    started = world.client.post(RUNS, json={"partition_size": 2}, headers=headers)
    assert started.status_code == (202 if role == "hr_admin" else 403)
    by_hr = world.client.post(RUNS, json={}, headers=bearer(world.keys["hr_admin"]))
    run_id = by_hr.json()["run_id"]
    every = role in ("hr_admin", "auditor")
    assert world.client.get(f"{RUNS}/{run_id}", headers=headers).status_code == (
        200 if every else 403
    )
    assert world.client.get(f"{RUNS}/nope", headers=headers).status_code == (404 if every else 403)


def test_starting_a_rerank_run_needs_credentials(world: World) -> None:
    assert world.client.post(RUNS, json={}).status_code == 401


@pytest.mark.parametrize(
    "path",
    [
        "/v1/people/EMP/recommendations",
        "/v1/recommendations/runs/x",
        "/v1/policies",
        "/v1/roles",
        "/v1/jobs/x",
        "/v1/taxonomy",
        "/v1/skills",
    ],
)
def test_every_v1_read_needs_credentials(world: World, path: str) -> None:
    assert world.client.get(path).status_code == 401
