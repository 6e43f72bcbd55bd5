"""Bulk re-ranking partitioned into jobs: the same rows as `recommend --all`, each partition once."""

from __future__ import annotations

import copy
import random
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from careerpath.domain.errors import (
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    ValidationError,
)
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
from careerpath.engine.rerank import KIND, rerank_jobs, rerank_status, submit_rerank
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
            job_id = str(len(self.jobs))
            self.jobs[key] = Job(
                job_id, kind, payload, owner, NOW, NOW, NOW, idempotency_key=idempotency_key
            )
        return self.jobs[key]

    def get(self, job_id: str) -> Job | None:
        return next((j for j in self.jobs.values() if j.id == job_id), None)

    def counts(self) -> dict[str, int]:
        return {"queued": len(self.jobs)}

    def find(self, kind: str, *, key_prefix: str) -> list[Job]:
        return [
            j
            for j in self.jobs.values()
            if j.kind == kind and (j.idempotency_key or "").startswith(key_prefix)
        ]


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
    run = submit_rerank(
        queue=queue, uow=FakeUnitOfWork(store), owner="hr", partition_size=10, now=NOW
    )
    run_id = run.run_id
    assert run.job_ids == tuple(j.id for j in queue.jobs.values())
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
    ).run_id
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
        run = submit_rerank(
            queue=queue, uow=SqlAlchemyUnitOfWork(sessions), owner="hr", partition_size=5
        )
        wait_for(lambda: queue.counts()["succeeded"] == 5, what="5 partitions")
    finally:
        workers.stop()
    with SqlAlchemyUnitOfWork(sessions) as uow:
        for pid in uow.people.ids():
            rows = uow.organization.recommendations(pid)
            assert rows and {r.run_id for r in rows} == {run.run_id}
    jobs = rerank_jobs(run.run_id, queue=queue)
    assert tuple(j.id for j in jobs) == run.job_ids  # in partition order
    status = rerank_status(run.run_id, jobs, uow=SqlAlchemyUnitOfWork(sessions))
    assert status.done and status.statuses["succeeded"] == 5 and status.people == 23
    engine.dispose()


def test_status_counts_jobs_and_the_people_stored_under_the_run(store: FakeStore) -> None:
    queue = ListQueue()
    run = submit_rerank(queue=queue, uow=FakeUnitOfWork(store), owner="hr", partition_size=10)
    other = submit_rerank(queue=queue, uow=FakeUnitOfWork(store), owner="hr", partition_size=30)
    jobs = rerank_jobs(run.run_id, queue=queue)
    assert [j.id for j in jobs] == list(run.job_ids)  # the other run's job is not among them
    handler = RecommendPartitionHandler(lambda: Taxonomy({}, {}, {}))
    with FakeUnitOfWork(store) as uow:
        handler(jobs[0].payload, uow)
        uow.commit()
    status = rerank_status(run.run_id, jobs, uow=FakeUnitOfWork(store))
    assert status.people == 10 and not status.done
    assert status.statuses == {"queued": 3, "running": 0, "succeeded": 0, "failed": 0, "dead": 0}
    with FakeUnitOfWork(store) as uow:  # the later run replaces the rows of everybody
        handler(rerank_jobs(other.run_id, queue=queue)[0].payload, uow)
        uow.commit()
    assert rerank_status(run.run_id, jobs, uow=FakeUnitOfWork(store)).people == 0
    with pytest.raises(NotFoundError, match="no re-ranking run"):
        rerank_status("run-nope", rerank_jobs("run-nope", queue=queue), uow=FakeUnitOfWork(store))


def test_status_is_done_once_every_partition_is_final(store: FakeStore) -> None:
    queue = ListQueue()
    run = submit_rerank(queue=queue, uow=FakeUnitOfWork(store), owner="hr", partition_size=10)
    jobs = rerank_jobs(run.run_id, queue=queue)
    finished = [replace(jobs[0], status="succeeded"), replace(jobs[1], status="dead"), jobs[2]]
    assert not rerank_status(run.run_id, finished, uow=FakeUnitOfWork(store)).done
    finished[2] = replace(jobs[2], status="failed")
    status = rerank_status(run.run_id, finished, uow=FakeUnitOfWork(store))
    assert status.done and status.statuses["failed"] == 1 and status.statuses["dead"] == 1


def test_an_empty_organization_is_refused() -> None:
    queue = ListQueue()
    with pytest.raises(ConflictError, match="no people are stored"):
        submit_rerank(queue=queue, uow=FakeUnitOfWork(FakeStore()), owner="hr")
    assert queue.jobs == {}


def test_sql_queue_finds_jobs_by_kind_and_key_prefix(engine: sa.Engine) -> None:
    queue = SqlJobQueue(engine)
    wanted = [
        queue.submit(KIND, {"n": i}, owner=f"o{i}", idempotency_key=f"r_1/{i}") for i in (0, 1)
    ]
    queue.submit("other.kind", {"n": 2}, owner="o", idempotency_key="r_1/2")  # another kind
    queue.submit(KIND, {"n": 3}, owner="o", idempotency_key="rX1/3")  # "_" is no wildcard
    queue.submit(KIND, {"n": 4}, owner="o")  # no key
    found = queue.find(KIND, key_prefix="r_1/")
    assert sorted(j.id for j in found) == sorted(j.id for j in wanted)
    assert queue.find(KIND, key_prefix="nothing/") == []


def test_sql_store_counts_people_recommended_by_a_run(engine: sa.Engine) -> None:
    sessions = make_session_factory(engine)
    with SqlAlchemyUnitOfWork(sessions) as uow:
        _fill(uow)
    handler = RecommendPartitionHandler(lambda: Taxonomy({}, {}, {}))
    payload = {"run_id": "r1", "person_ids": ["P00", "P01", "P02"], "top": 2}
    with SqlAlchemyUnitOfWork(sessions) as uow:
        rows = handler(payload, uow)["rows"]
        uow.commit()
    with SqlAlchemyUnitOfWork(sessions) as uow:
        assert rows == 6  # two rows each, counted once per person
        assert uow.organization.count_recommended("r1") == 3
        assert uow.organization.count_recommended("r2") == 0
