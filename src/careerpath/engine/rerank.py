"""Bulk re-ranking of the whole organization, partitioned into jobs that workers share.

``submit_rerank`` splits every stored person id into partitions and submits one
"recommend.partition" job each (idempotency key ``<run id>/<partition>``, so a replayed submit
queues nothing twice); ``rerank_people`` is what one job does: the next roles of its people,
scored exactly as ``recommend --all`` does (``engine.recommend_all``), stored under the run id in
the job's transaction. Storing replaces each person's earlier rows, so a retried partition is
idempotent.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime

from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import UnitOfWork
from careerpath.engine.recommend_all import Scoring, compile_scoring, rank_chunk
from careerpath.engine.recommend_context import org_context
from careerpath.engine.service_ports import JobQueue

KIND = "recommend.partition"
DEFAULT_PARTITION = 500
DEFAULT_TOP = 10


def submit_rerank(
    *,
    queue: JobQueue,
    uow: UnitOfWork,
    owner: str,
    partition_size: int = DEFAULT_PARTITION,
    top: int = DEFAULT_TOP,
    now: datetime | None = None,
) -> str:
    """Queue the re-ranking of every stored person in partitions of ``partition_size``; the run id."""
    if partition_size < 1:
        raise InvalidRequestError(f"partition_size is at least 1, got {partition_size}")
    if top < 1:
        raise InvalidRequestError(f"top is at least 1, got {top}")
    created = (now or datetime.now(UTC)).astimezone(UTC)
    run_id = f"run-{created:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    with uow:
        ids = uow.people.ids()
    for part, begin in enumerate(range(0, len(ids), partition_size)):
        payload = {
            "run_id": run_id,
            "person_ids": ids[begin : begin + partition_size],
            "top": top,
            "created": created.isoformat(),
        }
        queue.submit(KIND, payload, owner=owner, idempotency_key=f"{run_id}/{part}")
    return run_id


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


def compile_run(uow: UnitOfWork, taxonomy: Taxonomy, today: date) -> Scoring:
    """The organization compiled as ``recommend --all`` compiles it (current policy, externals)."""
    policy = uow.policies.current()
    context = org_context(uow, taxonomy, today)
    return compile_scoring(context, taxonomy=taxonomy, policy=policy)
