"""Bulk re-ranking partitioned into jobs: the same rows as `recommend --all`, each partition once."""

from __future__ import annotations

import copy
import random
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from careerpath.domain.errors import InvalidRequestError, ValidationError
from careerpath.domain.jobs import Job
from careerpath.domain.policy import PolicyRules
from careerpath.domain.profile import (
    OpenPosition,
    Preferences,
    Profile,
    RoleRequirement,
    RoleSpell,
    SkillClaim,
)
from careerpath.domain.taxonomy import Occupation, OrgRoleInfo, Taxonomy
from careerpath.engine.ports import UnitOfWork
from careerpath.engine.recommend_all import recommend_all
from careerpath.engine.rerank import KIND, submit_rerank
from careerpath.jobs.handlers import RecommendPartitionHandler
from careerpath.jobs.runner import EmbeddedWorkers
from careerpath.jobs.sql_queue import SqlJobQueue
from careerpath.store.engine import make_session_factory
from careerpath.store.uow import SqlAlchemyUnitOfWork
from fakes import FakeStore, FakeUnitOfWork, uow_factory
from jobs_support import sqlite_engine, wait_for

NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
SKILLS = ("py", "sql", "lead", "ops")
ROLES = (("org:e1", 1, ("org:e2",)), ("org:e2", 2, ()), ("org:ops", 1, ()), ("org:lead", 3, ()))


class ListQueue:
    """A JobQueue that only records what was submitted (idempotent by owner and key)."""

    def __init__(self) -> None:
        self.jobs: dict[tuple[str, str | None], Job] = {}

    def submit(
        self,
        kind: str,
        payload: Mapping[str, Any],
        *,
        owner: str,
        idempotency_key: str | None = None,
    ) -> Job:
        key = (owner, idempotency_key)
        if key not in self.jobs or idempotency_key is None:
            self.jobs[key] = Job(str(len(self.jobs)), kind, payload, owner, NOW, NOW, NOW)
        return self.jobs[key]

    def get(self, job_id: str) -> Job | None:
        return next((j for j in self.jobs.values() if j.id == job_id), None)

    def counts(self) -> dict[str, int]:
        return {"queued": len(self.jobs)}


def _fill(uow: UnitOfWork, n: int = 23) -> None:
    rng = random.Random(11)
    roles = []
    for rid, level, nxt in ROLES:
        reqs = [RoleRequirement(s, rng.random(), rng.random()) for s in rng.sample(SKILLS, 2)]
        info = OrgRoleInfo("Eng", level=level, next_roles=nxt)
        roles.append((Occupation(rid, rid, "org", job_zone=2.0, org=info), reqs))
    uow.organization.add_roles(roles)
    uow.organization.add_positions([OpenPosition("p1", "org:e2")])
    people = []
    for i in range(n):
        claims = tuple(SkillClaim(s, rng.random(), 0.8) for s in rng.sample(SKILLS, 2))
        role = rng.choice([r for r, _, _ in ROLES])
        spell = (RoleSpell("x", date(2022, 1, 1), None, role),)
        people.append(Profile(f"P{i:02d}", history=spell, skills=claims, preferences=Preferences()))
    uow.people.add_many(people)
    uow.commit()


@pytest.fixture
def store() -> FakeStore:
    """A small organization: four roles, 23 people."""
    made = FakeStore()
    with FakeUnitOfWork(made) as uow:
        _fill(uow)
    return made


def test_partitions_cover_everyone_once_with_keys_per_partition(store: FakeStore) -> None:
    queue = ListQueue()
    run_id = submit_rerank(
        queue=queue, uow=FakeUnitOfWork(store), owner="hr", partition_size=10, now=NOW
    )
    payloads = [j.payload for j in queue.jobs.values()]
    assert [len(p["person_ids"]) for p in payloads] == [10, 10, 3]
    assert sorted(i for p in payloads for i in p["person_ids"]) == sorted(store.people)
    assert {j.kind for j in queue.jobs.values()} == {KIND}
    assert [k for _, k in queue.jobs] == [f"{run_id}/0", f"{run_id}/1", f"{run_id}/2"]
    assert {p["created"] for p in payloads} == {NOW.isoformat()}


def test_partitioned_rows_equal_recommend_all(store: FakeStore) -> None:
    with FakeUnitOfWork(store) as uow:  # the policy applies to both
        rules = PolicyRules(excluded_roles=frozenset({"org:e2"}))
        uow.policies.add(rules, author="hr", comment="freeze e2", at=NOW)
        uow.commit()
    reference = copy.deepcopy(store)
    recommend_all(
        uow_factory=uow_factory(reference), taxonomy=Taxonomy({}, {}, {}), top=3, today=NOW.date()
    )
    queue = ListQueue()
    run_id = submit_rerank(
        queue=queue, uow=FakeUnitOfWork(store), owner="hr", partition_size=7, top=3, now=NOW
    )
    handler = RecommendPartitionHandler(lambda: Taxonomy({}, {}, {}))
    for job in queue.jobs.values():
        with FakeUnitOfWork(store) as uow:
            result = handler(job.payload, uow)
            uow.commit()
        assert result["run_id"] == run_id and result["people"] == len(job.payload["person_ids"])
    for pid in store.people:
        got = store.recommendations[pid]
        want = reference.recommendations[pid]
        assert [(r.role_id, r.rank, r.score) for r in got] == [
            (r.role_id, r.rank, r.score) for r in want
        ]
        assert {r.run_id for r in got} == {run_id}
        assert "org:e2" not in {r.role_id for r in got}


def test_bad_partition_payloads_fail_the_job(store: FakeStore) -> None:
    handler = RecommendPartitionHandler(lambda: Taxonomy({}, {}, {}))
    for payload, field in [
        ({"person_ids": []}, "run_id"),
        ({"run_id": "r", "person_ids": "P01"}, "person_ids"),
        ({"run_id": "r", "person_ids": [], "top": 0}, "top"),
        ({"run_id": "r", "person_ids": [], "created": "yesterday"}, "created"),
    ]:
        with pytest.raises(ValidationError) as err, FakeUnitOfWork(store) as uow:
            handler(payload, uow)
        assert err.value.column == field
    with pytest.raises(InvalidRequestError):
        submit_rerank(queue=ListQueue(), uow=FakeUnitOfWork(store), owner="hr", partition_size=0)


def test_workers_share_the_partitions_of_a_run(tmp_path: Path) -> None:
    engine = sqlite_engine(tmp_path / "org.db")
    sessions = make_session_factory(engine)
    with SqlAlchemyUnitOfWork(sessions) as uow:
        _fill(uow)
    queue = SqlJobQueue(engine)
    handlers = {KIND: RecommendPartitionHandler(lambda: Taxonomy({}, {}, {}))}
    workers = EmbeddedWorkers(
        queue, handlers, lambda: SqlAlchemyUnitOfWork(sessions), threads=2, poll=0.05
    )
    workers.start()
    try:
        run_id = submit_rerank(
            queue=queue, uow=SqlAlchemyUnitOfWork(sessions), owner="hr", partition_size=5
        )
        wait_for(lambda: queue.counts()["succeeded"] == 5, what="5 partitions")
    finally:
        workers.stop()
    with SqlAlchemyUnitOfWork(sessions) as uow:
        for pid in uow.people.ids():
            rows = uow.organization.recommendations(pid)
            assert rows and {r.run_id for r in rows} == {run_id}
    engine.dispose()
