"""Request and response schemas of profiles, jobs, policies, feedback and health (pydantic)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from careerpath.domain.jobs import Job

ID_MAX = 256
#: Ids in paths and headers: no NUL characters (PostgreSQL refuses NUL in text).
NO_NUL = r"^[^\x00]+$"


class In(BaseModel):
    """Base of request bodies: unknown fields are refused (422 naming them)."""

    model_config = ConfigDict(extra="forbid")


class Out(BaseModel):
    """Base of response bodies."""

    model_config = ConfigDict(extra="forbid")


class ProfileSubmission(In):
    """A profile to import, as JSON: careerpath's canonical profile or a JSON Resume.

    ``person_id`` says whose profile it is (for a JSON Resume, or to override the document's own);
    employees and managers may leave it out to submit their own profile.
    """

    format: Literal["profile", "json_resume"]
    document: dict[str, Any] = Field(description="The profile or JSON Resume document.")
    person_id: str | None = Field(default=None, min_length=1, max_length=ID_MAX)


class JobLinks(Out):
    """Where to look next."""

    self: str
    result: str | None = None


class JobAccepted(Out):
    """A job was queued (or, for a replayed Idempotency-Key, the earlier job is returned)."""

    job_id: str
    status: str
    links: JobLinks


class JobError(Out):
    """Why a job failed: a problem type, title and detail."""

    type: str
    title: str
    detail: str


class JobOut(Out):
    """A background job: status, attempts, timestamps, result (when succeeded) or error."""

    job_id: str
    kind: str
    status: Literal["queued", "running", "succeeded", "failed", "dead"]
    attempts: int
    created: datetime
    updated: datetime
    finished: datetime | None
    result: dict[str, Any] | None
    error: JobError | None
    links: JobLinks


def job_out(job: Job, result_link: str | None) -> JobOut:
    """A Job as its response schema."""
    error = None
    if job.error is not None:
        error = JobError(
            type=str(job.error.get("type", "")),
            title=str(job.error.get("title", "")),
            detail=str(job.error.get("detail", "")),
        )
    return JobOut(
        job_id=job.id,
        kind=job.kind,
        status=job.status,
        attempts=job.attempts,
        created=job.created,
        updated=job.updated,
        finished=job.finished,
        result=dict(job.result) if job.result is not None else None,
        error=error,
        links=JobLinks(self=f"/v1/jobs/{job.id}", result=result_link),
    )


class PolicyIn(In):
    """A new policy version: its rules (see docs/api.md#policies) and why it changed."""

    rules: dict[str, Any] = Field(
        description="excluded_roles, required_certifications, min_tenure_months, max_zone_step, "
        "allow_pay_cut, max_steps, include_external (every field optional)."
    )
    comment: str = Field(default="", max_length=2000)


class PolicyOut(Out):
    """One policy version (version null and empty rules when no policy was ever set)."""

    version: int | None
    created: str | None
    author: str | None
    comment: str
    rules: dict[str, Any]


class PolicyHistory(Out):
    """Every policy version, oldest first."""

    items: list[PolicyOut]
    total: int


class FeedbackEventIn(In):
    """One feedback event (validated in full by the use case: types, times, sizes)."""

    event_id: str = Field(min_length=1, max_length=128)
    person_id: str = Field(min_length=1, max_length=ID_MAX)
    type: Literal[
        "impression", "click", "save", "dismiss", "apply", "enroll", "complete", "move", "outcome"
    ]
    occurred: str = Field(description="ISO 8601 date-time with a time zone.", max_length=64)
    item_kind: Literal["role", "path", "course", "project", "mentor", ""] = ""
    item_id: str = Field(default="", max_length=512)
    details: dict[str, Any] = Field(default_factory=dict)


class FeedbackResultOut(Out):
    """How many events were stored and how many were duplicates of stored event ids."""

    accepted: int
    duplicates: int
    event_ids: list[str]


class Health(Out):
    """Liveness or readiness with the checks made."""

    status: Literal["ok", "ready"]
    checks: dict[str, str] = Field(default_factory=dict)


class FieldError(BaseModel):
    """One invalid field: where (e.g. body.items[2].type, query.limit) and what is wrong."""

    field: str
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem: type, title, status, detail, instance, and the invalid fields."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    request_id: str | None = None
    errors: list[FieldError] | None = None


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": Problem.model_json_schema()}},
    }


#: Problem responses every route may give (documented once per route in the OpenAPI).
ERRORS: dict[int | str, dict[str, Any]] = {
    400: _problem("Malformed JSON or form"),
    401: _problem("Missing, malformed, expired or forged credentials (see WWW-Authenticate)"),
    403: _problem("The caller's role may not do this for this person"),
    404: _problem("No such person, job, role or version"),
    409: _problem("Conflicts with stored state"),
    413: _problem("Body or upload too large"),
    415: _problem("Unsupported content type"),
    422: _problem("Invalid fields (see errors[])"),
    429: _problem("Too many requests (see Retry-After)"),
    503: _problem("Not ready, or a dependency is unavailable"),
}
