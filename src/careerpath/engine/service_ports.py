"""Ports of the service: the job queue and the repositories of policies, feedback, API keys and
open projects."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from careerpath.domain.access import Role
from careerpath.domain.feedback import FeedbackEvent
from careerpath.domain.jobs import Job
from careerpath.domain.opportunities import OpenProject
from careerpath.domain.policy import PolicyRules, PolicyVersion
from careerpath.engine.ports import UnitOfWork

#: A job handler: runs one job's payload inside the given open unit of work and returns its JSON
#: result. The runner commits the handler's writes and the job's completion in one transaction, so
#: a handler must not commit itself. Raise a CareerpathError for bad input (the job fails, no retry);
#: anything else is retried with backoff.
JobHandler = Callable[[Mapping[str, Any], UnitOfWork], Mapping[str, Any]]


class JobQueue(Protocol):
    """Durable jobs: submit (idempotently), look up, count; executed by workers elsewhere."""

    def submit(
        self,
        kind: str,
        payload: Mapping[str, Any],
        *,
        owner: str,
        idempotency_key: str | None = None,
    ) -> Job:
        """Store a new queued job and hand it to the workers; returns it.

        With an ``idempotency_key`` already used by ``owner``: the same kind and payload return the
        existing job (nothing new is stored); a different one raises ConflictError.
        """
        ...

    def get(self, job_id: str) -> Job | None:
        """One job, or None."""
        ...

    def counts(self) -> dict[str, int]:
        """Number of jobs per status (every status of domain.jobs.JOB_STATUSES present)."""
        ...

    def find(self, kind: str, *, key_prefix: str) -> list[Job]:
        """The jobs of ``kind`` (any owner) whose idempotency key starts with ``key_prefix``."""
        ...


class PolicyRepository(Protocol):
    """Versioned policies: versions are appended, never changed."""

    def current(self) -> PolicyVersion | None:
        """The newest version, or None when no policy was ever set."""
        ...

    def get(self, version: int) -> PolicyVersion | None:
        """One version, or None."""
        ...

    def history(self) -> list[PolicyVersion]:
        """Every version, oldest first."""
        ...

    def add(self, rules: PolicyRules, *, author: str, comment: str, at: datetime) -> PolicyVersion:
        """Append a new version (the current number + 1, starting at 1) and return it."""
        ...


class FeedbackRepository(Protocol):
    """Feedback events, deduplicated by event id per sender (``FeedbackEvent.source``)."""

    def add_many(self, events: Sequence[FeedbackEvent], *, received: datetime) -> int:
        """Store the events whose (event id, source) are new, also within ``events``; how many."""
        ...

    def of_person(self, person_id: str) -> list[FeedbackEvent]:
        """One person's events, oldest first."""
        ...


@dataclass(frozen=True, slots=True)
class ApiKeyRecord:
    """A stored API key: id, a hash of its secret (never the secret), role, subject, person."""

    key_id: str
    secret_hash: str
    role: Role
    subject: str
    created: datetime
    person_id: str | None = None
    description: str = ""
    revoked: datetime | None = None


class ApiKeyRepository(Protocol):
    """API keys of services and the local admin."""

    def add(self, record: ApiKeyRecord) -> None:
        """Insert one key (DataError when the id exists)."""
        ...

    def get(self, key_id: str) -> ApiKeyRecord | None:
        """One key, or None."""
        ...

    def all(self) -> list[ApiKeyRecord]:
        """Every key, oldest first."""
        ...

    def revoke(self, key_id: str, at: datetime) -> bool:
        """Mark a key revoked; False when there is no such key."""
        ...


class ProjectRepository(Protocol):
    """Open projects (stretch assignments, gigs) looking for people."""

    def add_open(self, projects: Sequence[OpenProject]) -> None:
        """Insert or replace open projects by id."""
        ...

    def open(self) -> list[OpenProject]:
        """Every open project, by id."""
        ...
