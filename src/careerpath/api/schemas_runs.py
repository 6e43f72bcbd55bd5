"""Schemas of bulk re-ranking runs: the request, the accepted run and where a run stands."""

from __future__ import annotations

from pydantic import Field

from careerpath.api.schemas import In, Out
from careerpath.engine.rerank import DEFAULT_PARTITION, DEFAULT_TOP, RerankRun, RerankStatus

MAX_PARTITION = 10_000
MAX_TOP = 50


class RerankRunIn(In):
    """How to partition the run and how many next roles to store per person."""

    partition_size: int = Field(
        default=DEFAULT_PARTITION,
        ge=1,
        le=MAX_PARTITION,
        description="People per partition job (workers share the jobs).",
    )
    top: int = Field(default=DEFAULT_TOP, ge=1, le=MAX_TOP, description="Next roles per person.")


class RunLinks(Out):
    """Where to watch the run; each job is at /v1/jobs/{job_id}."""

    self: str


class RerankRunAccepted(Out):
    """A queued run: its id and its partition jobs, in partition order."""

    run_id: str
    partitions: int
    jobs: list[str] = Field(description="The partition jobs' ids (see GET /v1/jobs/{job_id}).")
    links: RunLinks


class JobStatusCounts(Out):
    """How many of a run's partition jobs are in each status."""

    queued: int
    running: int
    succeeded: int
    failed: int
    dead: int


class RerankRunOut(Out):
    """Where a run stands: its jobs by status and the people stored under its id."""

    run_id: str
    partitions: int
    done: bool = Field(description="Every partition job is final (succeeded, failed or dead).")
    statuses: JobStatusCounts
    people: int = Field(
        description="People whose stored recommendations carry this run id (a later run "
        "replaces a person's rows)."
    )
    jobs: list[str]
    links: RunLinks


def run_link(run_id: str) -> str:
    """The run's URL path."""
    return f"/v1/recommendations/runs/{run_id}"


def run_accepted(run: RerankRun) -> RerankRunAccepted:
    """A submitted run as its 202 answer."""
    return RerankRunAccepted(
        run_id=run.run_id,
        partitions=len(run.job_ids),
        jobs=list(run.job_ids),
        links=RunLinks(self=run_link(run.run_id)),
    )


def run_out(status: RerankStatus) -> RerankRunOut:
    """A run's status as its response schema."""
    return RerankRunOut(
        run_id=status.run_id,
        partitions=len(status.job_ids),
        done=status.done,
        statuses=JobStatusCounts.model_validate(dict(status.statuses)),
        people=status.people,
        jobs=list(status.job_ids),
        links=RunLinks(self=run_link(status.run_id)),
    )
