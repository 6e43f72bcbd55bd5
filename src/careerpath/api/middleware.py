"""One ASGI middleware around the app: request ids, body limits, content types, metrics, access log.

- ``X-Request-ID``: taken from the request when it is a sane token (<= 128 chars of
  ``[A-Za-z0-9._-]``), else generated; echoed on the response and put in problem details.
- Bodies of POST/PUT/PATCH: JSON (``application/json`` or ``application/*+json``) up to
  ``max_json_bytes``; ``multipart/form-data`` only where a route allows it (resume uploads), up to
  ``max_upload_bytes`` plus a little room for the form's framing. Too large: 413; another content
  type: 415. The body is read here once and replayed to the app, so a handler never sees a
  half-read stream.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from careerpath.api.metrics import ApiMetrics
from careerpath.api.problems import problem_response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MULTIPART_OVERHEAD = 64 * 1024
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
log = logging.getLogger("careerpath.api.access")


class ServiceMiddleware:
    """Request id, body size and content type checks, metrics and one access log line per request."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: ApiMetrics,
        max_json_bytes: int,
        max_upload_bytes: int,
        multipart_paths: frozenset[str],
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.max_json = max_json_bytes
        self.max_upload = max_upload_bytes + MULTIPART_OVERHEAD
        self.multipart_paths = multipart_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one HTTP request (other scopes pass through)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        status = [500]

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode("ascii")))
                message["headers"] = headers
            await send(message)

        try:
            refusal = await self._screen_body(scope, receive)
            if isinstance(refusal, tuple):
                code, slug, detail = refusal
                response = problem_response(
                    code, slug, detail, instance=scope.get("path", ""), request_id=request_id
                )
                await response(scope, receive, send_wrapper)
            else:
                await self.app(scope, refusal, send_wrapper)
        finally:
            self._finish(scope, status[0], time.perf_counter() - started, request_id)

    async def _screen_body(self, scope: Scope, receive: Receive) -> Receive | tuple[int, str, str]:
        """A replaying receive for an accepted body, or (status, slug, detail) to refuse it."""
        if scope.get("method") not in _BODY_METHODS:
            return receive
        headers = dict(scope.get("headers", []))
        ctype = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()
        multipart = ctype == "multipart/form-data"
        limit = self.max_upload if multipart else self.max_json
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return 413, "too-large", _too_large(limit, multipart)
        body, more = bytearray(), True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return receive
            body += message.get("body", b"")
            more = bool(message.get("more_body", False))
            if len(body) > limit:
                return 413, "too-large", _too_large(limit, multipart)
        refusal = self._content_type(scope, ctype, multipart, bool(body))
        return refusal if refusal is not None else _replay(bytes(body), receive)

    def _content_type(
        self, scope: Scope, ctype: str, multipart: bool, has_body: bool
    ) -> tuple[int, str, str] | None:
        """None when the content type suits the route, else a 415 refusal."""
        if not has_body and not ctype:
            return None  # the route says what is missing (422)
        if ctype == "application/json" or (
            ctype.startswith("application/") and ctype.endswith("+json")
        ):
            return None
        if multipart and scope.get("path") in self.multipart_paths:
            return None
        allowed = "application/json" + (
            " or multipart/form-data" if scope.get("path") in self.multipart_paths else ""
        )
        return (
            415,
            "unsupported-media-type",
            (f"content type {ctype or '(none)'!r} is not accepted here: send {allowed}"),
        )

    def _finish(self, scope: Scope, status: int, seconds: float, request_id: str) -> None:
        """Metrics and the access log line (route template only: no ids, no query, no body)."""
        route = getattr(scope.get("route"), "path", None) or "(unmatched)"
        method = str(scope.get("method", ""))
        self.metrics.observe_request(method, route, status, seconds)
        state = scope.get("state", {})
        log.info(
            "request",
            extra={
                "request_id": request_id,
                "method": method,
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
                "caller": state.get("caller"),
                "role": state.get("role"),
            },
        )


def _request_id(scope: Scope) -> str:
    """The client's X-Request-ID when it is a sane token, else a new one."""
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            text: str = value.decode("latin-1")
            if _REQUEST_ID.match(text):
                return text
    return uuid.uuid4().hex


def _too_large(limit: int, multipart: bool) -> str:
    what = "upload" if multipart else "JSON body"
    return f"the {what} is larger than {limit:,} bytes: send a smaller one"


def _replay(body: bytes, upstream: Receive) -> Receive:
    """A receive callable that hands the app the whole body once, then the client's messages."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await upstream()

    return receive
