"""One error hierarchy for careerpath; each edge (CLI, API) translates it once."""

from __future__ import annotations


class CareerpathError(Exception):
    """Base of every error careerpath reports to a user (never a bug)."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message


class DataError(CareerpathError):
    """Bad or missing input data, located as precisely as possible (file, line, column)."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line is not None else "")
        if self.column:
            where += f"{' ' if where else ''}column '{self.column}'"
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} — {self.hint}" if self.hint else text


class MissingDataError(DataError):
    """A required data file or release is not where careerpath looks for it."""


class ValidationError(DataError):
    """A document (role framework, profile, ...) breaks its documented schema."""


class UnknownCodeError(CareerpathError):
    """An occupation, role or skill id that the loaded taxonomy does not hold."""


class InvalidRequestError(CareerpathError):
    """A request whose arguments contradict each other or are out of range."""


class NotFoundError(CareerpathError):
    """A person, record or other stored object that the store does not hold."""


class AuthenticationError(CareerpathError):
    """Missing, malformed, expired or forged credentials (HTTP 401)."""


class PermissionDeniedError(CareerpathError):
    """An authenticated principal asked for what its role does not allow (HTTP 403)."""


class ConflictError(CareerpathError):
    """A request that contradicts stored state, e.g. a replayed idempotency key with another body."""
