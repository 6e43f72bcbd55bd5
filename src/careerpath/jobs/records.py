"""Job rows as domain Jobs, UTC timestamps, error records and worker names."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from careerpath.domain.errors import CareerpathError, DataError
from careerpath.domain.jobs import JOB_STATUSES, Job

#: The time source of the queue and the runners (timezone-aware UTC); tests pass a fake clock.
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime (SQLite gives stored timestamps back naive, in UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def maybe_utc(moment: datetime | None) -> datetime | None:
    """``as_utc`` of a timestamp that may be missing."""
    return None if moment is None else as_utc(moment)


def row_to_job(row: Mapping[Any, Any]) -> Job:
    """A Job from a ``jobs`` row mapping (column name -> value)."""
    status = str(row["status"])
    if status not in JOB_STATUSES:
        raise DataError(f"job {row['job_id']!r} has an unknown status {status!r}")
    return Job(
        id=row["job_id"],
        kind=row["kind"],
        payload=row["payload"],
        owner=row["owner"],
        created=as_utc(row["created"]),
        updated=as_utc(row["updated"]),
        run_after=as_utc(row["run_after"]),
        status=status,
        attempts=int(row["attempts"]),
        max_attempts=int(row["max_attempts"]),
        idempotency_key=row["idempotency_key"],
        payload_hash=row["payload_hash"],
        result=row["result"],
        error=row["error"],
        finished=maybe_utc(row["finished"]),
        locked_by=row["locked_by"],
        locked_until=maybe_utc(row["locked_until"]),
    )


def error_record(exc: BaseException, *, title: str) -> dict[str, Any]:
    """The stored error of a job: {type, title, detail} (plus field/line when known); no traceback."""
    record: dict[str, Any] = {
        "type": type(exc).__name__,
        "title": title,
        "detail": str(exc) or type(exc).__name__,
    }
    if isinstance(exc, DataError):
        if exc.column:
            record["field"] = exc.column
        if exc.line is not None:
            record["line"] = exc.line
    if isinstance(exc, CareerpathError) and exc.hint:
        record["hint"] = exc.hint
    return record


def worker_name(prefix: str = "worker") -> str:
    """A name unique to this process and call: prefix@host:pid:random."""
    return f"{prefix}@{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def thread_name() -> str:
    """The current thread's name (part of a Celery worker's lease owner)."""
    return threading.current_thread().name
