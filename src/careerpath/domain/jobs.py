"""Durable background jobs: the job record, its states, retry backoff and payload fingerprints.

A job is ``queued`` until a worker claims it (``running``, under a time-limited lease). It ends
``succeeded`` (with a JSON result), ``failed`` (bad input: a CareerpathError, never retried) or,
after ``max_attempts`` unexpected errors, ``dead`` (a dead letter, kept for inspection). A job
whose worker died goes back to the queue when its lease runs out. Retries wait
``min(cap, base * 2 ** (attempt - 1))`` seconds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

JobStatus = Literal["queued", "running", "succeeded", "failed", "dead"]
JOB_STATUSES: tuple[JobStatus, ...] = ("queued", "running", "succeeded", "failed", "dead")
FINAL_STATUSES: frozenset[str] = frozenset({"succeeded", "failed", "dead"})


@dataclass(frozen=True, slots=True)
class Job:
    """One job: what to do (kind, JSON payload), who asked, where it stands, and its outcome."""

    id: str
    kind: str
    payload: Mapping[str, Any]
    owner: str
    created: datetime
    updated: datetime
    run_after: datetime
    status: JobStatus = "queued"
    attempts: int = 0
    max_attempts: int = 5
    idempotency_key: str | None = None
    payload_hash: str = ""
    result: Mapping[str, Any] | None = None
    error: Mapping[str, Any] | None = None  # {"type", "title", "detail"} of the last failure
    finished: datetime | None = None
    locked_by: str | None = field(default=None, compare=False)
    locked_until: datetime | None = field(default=None, compare=False)

    @property
    def done(self) -> bool:
        """True once the job has reached a final state (succeeded, failed or dead)."""
        return self.status in FINAL_STATUSES


def backoff_seconds(attempt: int, *, base: float = 2.0, cap: float = 300.0) -> float:
    """Seconds to wait before retry number ``attempt`` (1 = first retry): base * 2^(n-1), capped."""
    if attempt < 1:
        return 0.0
    return float(min(cap, base * 2.0 ** min(attempt - 1, 60)))


def payload_digest(kind: str, payload: Mapping[str, Any]) -> str:
    """SHA-256 hex of the kind and the canonical JSON of the payload (key order does not matter)."""
    text = json.dumps(
        {"kind": kind, "payload": payload}, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
