"""Structured server logs: one JSON object per line, with the request id, and no personal data.

Access lines carry the method, the route *template* (``/v1/people/{person_id}/...``, never the
concrete path, which holds person ids), the status, the duration and a salted hash of the caller's
subject; never names, bodies, query strings or person ids.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import sys
from datetime import UTC, datetime
from typing import Any

_SALT = secrets.token_bytes(16)  # per process: hashes correlate lines, not people across restarts
_FIELDS = (
    "request_id", "method", "route", "status", "duration_ms", "caller", "role", "job_id", "event",
)  # fmt: skip


def pseudonym(value: str) -> str:
    """A short salted hash of an identifier (a subject, a person id) fit for a log line."""
    return hashlib.sha256(_SALT + value.encode("utf-8")).hexdigest()[:12]


class JsonFormatter(logging.Formatter):
    """Formats records as one JSON object: ts, level, logger, msg and the known extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one JSON line (an exception as its type and message, no locals)."""
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for name in _FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                out[name] = value
        if record.exc_info and record.exc_info[0] is not None:
            out["error"] = f"{record.exc_info[0].__name__}: {record.exc_info[1]}"
            out["traceback"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Plain lines: time, level, message and the known extra fields as key=value."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one text line."""
        extra = " ".join(
            f"{n}={getattr(record, n)}" for n in _FIELDS if getattr(record, n, None) is not None
        )
        line = f"{self.formatTime(record)} {record.levelname} {record.name}: {record.getMessage()}"
        text = f"{line} {extra}".rstrip()
        if record.exc_info and record.exc_info[0] is not None:
            text += "\n" + self.formatException(record.exc_info)
        return text


def configure_logging(fmt: str, *, level: int = logging.INFO) -> None:
    """Send the ``careerpath`` and ``uvicorn`` loggers to stderr as JSON or text lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    for name in ("careerpath", "uvicorn"):  # uvicorn: start, stop and server errors
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False
