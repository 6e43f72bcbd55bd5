"""Bulk re-ranking of the whole organization, partitioned into jobs that workers share.

``submit_rerank`` splits every stored person id into partitions and submits one
"recommend.partition" job each (idempotency key ``<run id>/<partition>``, so a replayed submit
queues nothing twice); ``rerank_people`` is what one job does: the next roles of its people,
scored exactly as ``recommend --all`` does (``engine.recommend_all``), stored under the run id in
the job's transaction. Storing replaces each person's earlier rows, so a retried partition is
idempotent. ``rerank_jobs`` and ``rerank_status`` tell where a run stands.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from careerpath.domain.errors import ConflictError, InvalidRequestError, NotFoundError
from careerpath.domain.jobs import FINAL_STATUSES, JOB_STATUSES, Job
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import UnitOfWork
from careerpath.engine.recommend_all import Scoring, compile_run, rank_chunk
from careerpath.engine.service_ports import JobQueue

KIND = "recommend.partition"
DEFAULT_PARTITION = 500
DEFAULT_TOP = 10


@dataclass(frozen=True, slots=True)
class RerankRun:
    """A submitted re-ranking run: its id and its partition jobs' ids, in partition order."""

    run_id: str
    job_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RerankStatus:
    """Where a run stands: its partition jobs by status, and the people stored under its id."""

    run_id: str
    job_ids: tuple[str, ...]
    statuses: Mapping[str, int]  # every status of domain.jobs.JOB_STATUSES, even when 0
    people: int  # people whose stored recommendations carry the run id

    @property
    def done(self) -> bool:
        """True once every partition job is final (succeeded, failed or dead)."""
        return sum(self.statuses.get(s, 0) for s in FINAL_STATUSES) == len(self.job_ids)


def submit_rerank(
    *,
    queue: JobQueue,
    uow: UnitOfWork,
    owner: str,
    partition_size: int = DEFAULT_PARTITION,
    top: int = DEFAULT_TOP,
    now: datetime | None = None,
) -> RerankRun:
    """Queue the re-ranking of every stored person in partitions of ``partition_size``.

    ConflictError when no people are stored (a run without jobs could never be watched).
    """
    if partition_size < 1:
        raise InvalidRequestError(f"partition_size is at least 1, got {partition_size}")
    if top < 1:
        raise InvalidRequestError(f"top is at least 1, got {top}")
    created = (now or datetime.now(UTC)).astimezone(UTC)
    run_id = f"run-{created:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    with uow:
        ids = uow.people.ids()
    if not ids:
        raise ConflictError(
            "nobody to re-rank: no people are stored",
            hint="import profiles first (careerpath people import, or POST /v1/profiles)",
        )
    job_ids = []
    for part, begin in enumerate(range(0, len(ids), partition_size)):
        payload = {
            "run_id": run_id,
            "person_ids": ids[begin : begin + partition_size],
            "top": top,
            "created": created.isoformat(),
        }
        job = queue.submit(KIND, payload, owner=owner, idempotency_key=f"{run_id}/{part}")
        job_ids.append(job.id)
    return RerankRun(run_id, tuple(job_ids))


def rerank_jobs(run_id: str, *, queue: JobQueue) -> list[Job]:
    """The partition jobs of a run, in partition order (empty for an unknown run)."""
    prefix = f"{run_id}/"
    found = [j for j in queue.find(KIND, key_prefix=prefix) if j.idempotency_key]
    return sorted(found, key=lambda j: _partition_number(str(j.idempotency_key)[len(prefix) :]))


def rerank_status(run_id: str, jobs: Sequence[Job], *, uow: UnitOfWork) -> RerankStatus:
    """Where a run stands, from its jobs (``rerank_jobs``); NotFoundError when it has none."""
    if not jobs:
        raise NotFoundError(
            f"no re-ranking run {run_id!r}",
            hint="a run id is what submitting a re-ranking answered, e.g. run-20250101T120000-1a2b3c4d",
        )
    statuses: dict[str, int] = dict.fromkeys(JOB_STATUSES, 0)
    for job in jobs:
        statuses[job.status] += 1
    with uow:
        people = uow.organization.count_recommended(run_id)
    return RerankStatus(run_id, tuple(j.id for j in jobs), statuses, people)


def _partition_number(suffix: str) -> int:
    """The partition number of an idempotency key's suffix (-1 when it is not a number)."""
    return int(suffix) if suffix.isdigit() else -1


def rerank_people(
    run_id: str,
    person_ids: Sequence[str],
    *,
    uow: UnitOfWork,
    taxonomy: Taxonomy,
    created: datetime,
    top: int = DEFAULT_TOP,
    scoring: Scoring | None = None,
) -> int:
    """Re-rank these people's next roles and store the rows in the open ``uow`` (no commit).

    ``scoring`` is the organization compiled once per run (``compile_run``); compiled from ``uow``
    when not given. Unknown ids are skipped. Returns how many rows were stored.
    """
    scoring = scoring or compile_run(uow, taxonomy, created.date())
    profiles = uow.people.get_many(person_ids)
    rows = rank_chunk(profiles, scoring, top, created)
    uow.organization.save_recommendations(run_id, rows)
    return len(rows)
