"""Problem details (RFC 9457): every error the API returns, as application/problem+json.

The careerpath error hierarchy is translated here, once: bad input is a precise 4xx with what was
wrong, where (``errors[].field``) and how to fix it; anything unexpected is a bare 500 whose detail
never leaks internals (the traceback goes to the log with the request id).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from careerpath.domain import errors as e

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "/problems/"  # relative references, documented in docs/api.md#problems
WWW_AUTHENTICATE = 'Bearer realm="careerpath"'

log = logging.getLogger("careerpath.api")


class ApiProblem(Exception):
    """An HTTP-level problem raised by the API itself (415, 413, 429, 422 for idempotency ...)."""

    def __init__(
        self,
        status: int,
        slug: str,
        detail: str,
        *,
        errors: Sequence[Mapping[str, str]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.slug, self.detail = status, slug, detail
        self.errors = list(errors)
        self.headers = dict(headers or {})


class MissingCredentialsError(e.AuthenticationError):
    """No credentials at all: the challenge names no error (RFC 6750 section 3.1)."""


#: careerpath error class -> (status, type slug); the first matching base class wins.
_STATUS: tuple[tuple[type[e.CareerpathError], int, str], ...] = (
    (e.AuthenticationError, 401, "unauthenticated"),
    (e.PermissionDeniedError, 403, "forbidden"),
    (e.NotFoundError, 404, "not-found"),
    (e.ConflictError, 409, "conflict"),
    (e.MissingDataError, 503, "data-missing"),
    (e.ValidationError, 422, "validation"),
    (e.DataError, 422, "invalid-data"),
    (e.UnknownCodeError, 422, "unknown-code"),
    (e.InvalidRequestError, 422, "invalid-request"),
)


def problem_response(
    status: int,
    slug: str,
    detail: str,
    *,
    instance: str = "",
    request_id: str = "",
    errors: Sequence[Mapping[str, str]] = (),
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A problem+json response: type, title, status, detail, instance (+ errors, request_id)."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + slug,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    if errors:
        body["errors"] = [dict(x) for x in errors]
    if request_id:
        body["request_id"] = request_id
    return Response(
        json.dumps(body, ensure_ascii=False),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=dict(headers or {}),
    )


def classify(exc: e.CareerpathError) -> tuple[int, str]:
    """The HTTP status and problem type slug of a careerpath error."""
    for cls, status, slug in _STATUS:
        if isinstance(exc, cls):
            return status, slug
    return 400, "bad-request"


def error_fields(exc: e.CareerpathError) -> list[dict[str, str]]:
    """``errors`` entries: each listed problem (field, message[, hint]), or the located field."""
    listed = getattr(exc, "problems", None)
    if isinstance(listed, tuple) and listed:
        return [
            {"field": str(p[0]), "message": " — ".join(str(x) for x in p[1:] if x)}
            for p in listed
            if isinstance(p, tuple) and len(p) >= 2
        ]
    if not isinstance(exc, e.DataError):
        return []
    parts = [p for p in (exc.path, exc.column) if p]
    if exc.line is not None:
        parts.append(f"line {exc.line}")
    if not parts:
        return []
    message = f"{exc.message} — {exc.hint}" if exc.hint else exc.message
    return [{"field": ".".join(parts), "message": message}]


def _request_id(request: Request) -> str:
    return str(getattr(request.state, "request_id", ""))


def _careerpath_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, e.CareerpathError)
    status, slug = classify(exc)
    headers = {"WWW-Authenticate": _challenge(exc)} if status == 401 else None
    return problem_response(
        status,
        slug,
        str(exc) if not isinstance(exc, e.DataError) else _data_detail(exc),
        instance=request.url.path,
        request_id=_request_id(request),
        errors=error_fields(exc),
        headers=headers,
    )


def _data_detail(exc: e.DataError) -> str:
    """A data error's message and hint, without server-side file paths."""
    return f"{exc.message} — {exc.hint}" if exc.hint else exc.message


def _challenge(exc: e.CareerpathError) -> str:
    """The WWW-Authenticate challenge: invalid_token when a token was sent (RFC 6750)."""
    if isinstance(exc, MissingCredentialsError):
        return WWW_AUTHENTICATE
    # RFC 6750: printable ASCII without '"' and '\\' (the message may quote a token's header)
    reason = "".join(c if " " <= c <= "~" and c not in '"\\' else "?" for c in exc.message)
    return f'{WWW_AUTHENTICATE}, error="invalid_token", error_description="{reason}"'


def _api_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiProblem)
    return problem_response(
        exc.status,
        exc.slug,
        exc.detail,
        instance=request.url.path,
        request_id=_request_id(request),
        errors=exc.errors,
        headers=exc.headers,
    )


def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [_field_error(err) for err in exc.errors()]
    if any(err.get("type") == "json_invalid" for err in exc.errors()):
        detail = "the request body is not valid JSON: " + "; ".join(
            f"{x['field']}: {x['message']}" for x in errors
        )
        return problem_response(
            400, "malformed-json", detail, instance=request.url.path,
            request_id=_request_id(request), errors=errors,
        )  # fmt: skip
    return problem_response(
        422,
        "validation",
        f"{len(errors)} invalid field(s): "
        + "; ".join(f"{x['field']}: {x['message']}" for x in errors[:5]),
        instance=request.url.path,
        request_id=_request_id(request),
        errors=errors,
    )


def _field_error(err: Mapping[str, Any]) -> dict[str, str]:
    """One pydantic error as {field, message}: the location joined by dots, e.g. body.items[2].type."""
    field = ""
    for part in err.get("loc", ()):
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    message = str(err.get("msg", "invalid"))
    if err.get("type") == "extra_forbidden":
        message = "unknown field: remove it (see the schema at /openapi.json)"
    return {"field": field or "body", "message": message}


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
    detail = str(exc.detail) if exc.detail else HTTPStatus(exc.status_code).phrase
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no such endpoint: {request.method} {request.url.path} (see /docs)"
    return problem_response(
        exc.status_code,
        slug,
        detail,
        instance=request.url.path,
        request_id=_request_id(request),
        headers=getattr(exc, "headers", None),
    )


def _unexpected(request: Request, exc: Exception) -> Response:
    log.error(
        "unexpected error",
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"request_id": _request_id(request)},
    )
    return problem_response(
        500,
        "internal",
        "an unexpected error occurred; the server log has the details under this request id",
        instance=request.url.path,
        request_id=_request_id(request),
    )


def install(app: FastAPI) -> None:
    """Register the problem-details handlers on ``app``."""
    app.add_exception_handler(e.CareerpathError, _careerpath_error)
    app.add_exception_handler(ApiProblem, _api_problem)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
