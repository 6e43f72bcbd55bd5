"""The organization's policy applied to every recommendation, simulation and batch run."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from test_recommend import Run, _store, _taxonomy, run  # noqa: F401 (the ``run`` fixture)

from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.paths import NoRouteError
from careerpath.domain.policy import PolicyRules
from careerpath.domain.profile import Certification
from careerpath.engine.recommend import recommend_for
from careerpath.engine.recommend_all import recommend_all
from careerpath.engine.recommend_whatif import simulate_for
from fakes import FakeStore, FakeUnitOfWork, uow_factory

TODAY = date(2025, 1, 1)


def _with_policy(store: FakeStore, *rules: PolicyRules) -> FakeStore:
    with FakeUnitOfWork(store) as uow:
        for r in rules:
            uow.policies.add(r, author="hr", comment="test", at=datetime(2024, 12, 1, tzinfo=UTC))
        uow.commit()
    return store


def test_no_policy_no_version() -> None:
    rec = recommend_for("P1", uow=FakeUnitOfWork(_store()), taxonomy=_taxonomy(), today=TODAY)
    assert rec.policy_version is None
    assert not any("policy" in n for n in rec.notes)


def test_excluded_roles_leave_next_roles_and_paths() -> None:
    store = _with_policy(_store(), PolicyRules(), PolicyRules(excluded_roles=frozenset({"org:e2"})))
    rec = recommend_for(
        "P1", uow=FakeUnitOfWork(store), taxonomy=_taxonomy(), today=TODAY, target="org:e3"
    )
    assert rec.policy_version == 2 and any("version 2" in n for n in rec.notes)
    assert "org:e2" not in {r.role_id for r in rec.next_roles}
    assert rec.paths == () and rec.no_route is not None  # e2 was the only rung to e3
    with pytest.raises(InvalidRequestError, match="policy"):
        recommend_for(
            "P1", uow=FakeUnitOfWork(store), taxonomy=_taxonomy(), today=TODAY, target="org:e2"
        )


def test_steps_tenure_and_certifications() -> None:
    short = _with_policy(_store(), PolicyRules(max_steps=1))
    rec = recommend_for(
        "P1", uow=FakeUnitOfWork(short), taxonomy=_taxonomy(), today=TODAY, target="org:e3"
    )
    assert rec.paths == () and rec.no_route is not None and "within 1 moves" in rec.no_route.reason
    base = recommend_for(
        "P1", uow=FakeUnitOfWork(_store()), taxonomy=_taxonomy(), today=TODAY, target="org:e2"
    )
    patient = _with_policy(_store(), PolicyRules(min_tenure_months=60.0))
    slow = recommend_for(
        "P1", uow=FakeUnitOfWork(patient), taxonomy=_taxonomy(), today=TODAY, target="org:e2"
    )
    assert slow.paths[0].simulation.months.p10 > base.paths[0].simulation.months.p10
    tenure = (TODAY - date(2022, 1, 1)).days / 30.4375  # months in role already
    assert slow.paths[0].simulation.months.p10 == pytest.approx(60.0 - tenure)
    certified = _with_policy(
        _store(), PolicyRules(required_certifications={"org:e2": ("PE license",)})
    )
    rec = recommend_for(
        "P1", uow=FakeUnitOfWork(certified), taxonomy=_taxonomy(), today=TODAY, target="org:e3"
    )
    e2 = next(r for r in rec.next_roles if r.role_id == "org:e2")
    assert "PE license" in e2.rationale and rec.paths == ()
    with FakeUnitOfWork(certified) as uow:
        p1 = uow.people.get("P1")
        assert p1 is not None
        uow.people.add(replace(p1, certifications=(Certification("PE license"),)))
        uow.commit()
    rec = recommend_for(
        "P1", uow=FakeUnitOfWork(certified), taxonomy=_taxonomy(), today=TODAY, target="org:e3"
    )
    assert rec.paths and rec.paths[0].roles == ("org:e1", "org:e2", "org:e3")


def test_simulation_obeys_the_policy() -> None:
    store = _with_policy(_store(), PolicyRules(excluded_roles=frozenset({"org:e2"})))
    with pytest.raises(NoRouteError):
        simulate_for(
            "P1",
            target="org:e3",
            what_if=[("course", "c-lead")],
            uow=FakeUnitOfWork(store),
            taxonomy=_taxonomy(),
            today=TODAY,
        )
    ok = simulate_for(
        "P1",
        target="org:e3",
        what_if=[],
        uow=FakeUnitOfWork(_with_policy(_store(), PolicyRules(min_tenure_months=1.0))),
        taxonomy=_taxonomy(),
        today=TODAY,
    )
    assert ok.policy_version == 1


def test_batch_run_applies_and_names_the_policy() -> None:
    store = _with_policy(_store(), PolicyRules(excluded_roles=frozenset({"org:e2"})))
    summary = recommend_all(
        uow_factory=uow_factory(store), taxonomy=_taxonomy(), top=3, today=TODAY
    )
    assert summary.policy_version == 1
    with FakeUnitOfWork(store) as uow:
        rows = uow.organization.recommendations("P1")
    assert rows and "org:e2" not in {r.role_id for r in rows}


def test_cli_json_names_the_policy(run: Run) -> None:  # noqa: F811
    code, out, _ = run("recommend", "P1", "--format", "json")
    assert code == 0 and json.loads(out)["policy_version"] is None


def test_goals_skip_excluded_target_roles() -> None:
    store = _with_policy(_store(), PolicyRules(excluded_roles=frozenset({"org:e3"})))
    with FakeUnitOfWork(store) as uow:
        p1 = uow.people.get("P1")
        assert p1 is not None
        uow.people.add(replace(p1, preferences=replace(p1.preferences, target_roles=("org:e3",))))
        uow.commit()
    rec = recommend_for("P1", uow=FakeUnitOfWork(store), taxonomy=_taxonomy(), today=TODAY)
    assert rec.paths and all("org:e3" not in p.roles for p in rec.paths)
    assert rec.no_route is None
