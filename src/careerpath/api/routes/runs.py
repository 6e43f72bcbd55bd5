"""`/v1/recommendations/runs`: re-rank the whole organization in partition jobs, and watch a run."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from careerpath.api.deps import AppState, Caller, State
from careerpath.api.problems import ApiProblem
from careerpath.api.schemas import ERRORS, NO_NUL
from careerpath.api.schemas_runs import (
    RerankRunAccepted,
    RerankRunIn,
    RerankRunOut,
    run_accepted,
    run_out,
)
from careerpath.engine.access import authorize
from careerpath.engine.rerank import rerank_jobs, rerank_status, submit_rerank
from careerpath.engine.service_ports import JobQueue

router = APIRouter(prefix="/v1/recommendations/runs", tags=["recommendations"], responses=ERRORS)
RunId = Annotated[
    str, Path(min_length=1, max_length=128, pattern=NO_NUL, description="The run id.")
]


@router.post(
    "",
    status_code=202,
    response_model=RerankRunAccepted,
    summary="Re-rank everybody's next roles in partition jobs that workers share",
)
def post_run(
    body: RerankRunIn, principal: Caller, state: State, response: Response
) -> RerankRunAccepted:
    """Queue one job per partition of the stored people; 202 with the run id and its jobs."""
    authorize(principal, "recommendations.rerun", uow=state.services.uow_factory())
    run = submit_rerank(
        queue=_queue(state),
        uow=state.services.uow_factory(),
        owner=principal.identity,
        partition_size=body.partition_size,
        top=body.top,
        now=state.services.clock(),
    )
    accepted = run_accepted(run)
    response.headers["Location"] = accepted.links.self
    return accepted


@router.get(
    "/{run_id}",
    response_model=RerankRunOut,
    summary="A re-ranking run: its partition jobs by status and the people stored under it",
)
def get_run(run_id: RunId, principal: Caller, state: State) -> RerankRunOut:
    """Partition jobs by status, whether all are done, and the people stored under the run id."""
    jobs = rerank_jobs(run_id, queue=_queue(state))
    owner = jobs[0].owner if jobs else None  # every partition of a run has its submitter's name
    authorize(principal, "job.read", uow=state.services.uow_factory(), owner=owner)
    return run_out(rerank_status(run_id, jobs, uow=state.services.uow_factory()))


def _queue(state: AppState) -> JobQueue:
    """The job queue (503 when this server runs none)."""
    if state.services.jobs is None:
        raise ApiProblem(503, "jobs-unavailable", "this server runs no job queue")
    return state.services.jobs
