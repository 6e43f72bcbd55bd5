"""Governance use cases end to end on real stores (SQLite file and PostgreSQL): keys authenticate,
access follows the stored reporting line, policies version, feedback deduplicates, demo-style
``clear()`` keeps keys and policies."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from careerpath.domain.errors import AuthenticationError, PermissionDeniedError
from careerpath.domain.profile import Profile
from careerpath.engine.access import authorize
from careerpath.engine.api_keys import authenticate_api_key, create_api_key, revoke_api_key
from careerpath.engine.feedback import record_feedback
from careerpath.engine.policies import current_policy, policy_history, set_policy
from careerpath.engine.ports import UnitOfWork
from careerpath.store import open_store, tables

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
Factory = Callable[[], UnitOfWork]


@pytest.fixture(params=["sqlite", "postgres"])
def make_uow(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Factory]:
    """A migrated store of each kind, empty."""
    if request.param == "sqlite":
        yield open_store(f"sqlite:///{tmp_path / 'gov.db'}")
        return
    url = request.getfixturevalue("postgres_url")
    factory = open_store(url)
    engine = sa.create_engine(url)
    names = ", ".join(t.name for t in tables.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()
    yield factory


def test_keys_access_policy_and_feedback(make_uow: Factory) -> None:
    with make_uow() as uow:
        uow.people.add_many(
            [Profile("E1", manager_id="M1"), Profile("M1", manager_id="D1"), Profile("D1")]
        )
        uow.people.add(Profile("E2", manager_id="M2"))
        uow.commit()
    _, token = create_api_key(
        role="manager", subject="dana", person_id="D1", uow=make_uow(), now=NOW
    )
    dana = authenticate_api_key(token, uow=make_uow())
    authorize(dana, "person.read", uow=make_uow(), person_id="E1")  # two levels below
    with pytest.raises(PermissionDeniedError):
        authorize(dana, "person.read", uow=make_uow(), person_id="E2")
    with pytest.raises(PermissionDeniedError):
        authorize(dana, "policy.write", uow=make_uow())

    first = set_policy({"max_steps": 3}, author="hr", uow=make_uow(), role_ids=(), now=NOW)
    second = set_policy(
        {"rules": {"allow_pay_cut": True}}, author="hr", uow=make_uow(), role_ids=(), now=NOW
    )
    assert [v.version for v in policy_history(uow=make_uow())] == [1, 2]
    assert current_policy(uow=make_uow()) == second and first.rules.max_steps == 3

    items = [
        {"event_id": "a", "person_id": "E1", "type": "save", "occurred": "2025-05-30T08:00:00Z"},
        {"event_id": "b", "person_id": "E1", "type": "apply", "occurred": "2025-05-31T08:00:00Z"},
    ]
    assert record_feedback(items, source="dana", uow=make_uow(), now=NOW).accepted == 2
    again = record_feedback(items[::-1], source="dana", uow=make_uow(), now=NOW)
    assert (again.accepted, again.duplicates) == (0, 2)

    with make_uow() as uow:
        uow.clear()
        uow.commit()
    with make_uow() as uow:
        assert uow.people.count() == 0 and uow.feedback.of_person("E1") == []
        assert len(uow.policies.history()) == 2
    assert authenticate_api_key(token, uow=make_uow()) == dana  # keys survive a demo reload
    revoke_api_key(token[4:16], uow=make_uow(), now=NOW + timedelta(minutes=1))
    with pytest.raises(AuthenticationError):
        authenticate_api_key(token, uow=make_uow())
