"""`POST /v1/profiles` (a profile to import, as an async job) and `GET /v1/jobs/{job_id}`."""

from __future__ import annotations

import base64
import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError as PydanticValidationError
from starlette.datastructures import UploadFile

from careerpath.api.deps import AppState, Caller, State
from careerpath.api.problems import ApiProblem
from careerpath.api.schemas import (
    ERRORS,
    ID_MAX,
    NO_NUL,
    JobAccepted,
    JobLinks,
    JobOut,
    ProfileSubmission,
    job_out,
)
from careerpath.domain.access import Principal, scope
from careerpath.domain.errors import ConflictError, DataError, NotFoundError, ValidationError
from careerpath.engine.access import authorize
from careerpath.jobs.sql_queue import MAX_KEY_LENGTH
from careerpath.jobs.submissions import safe_filename, validate_profile_payload

router = APIRouter(prefix="/v1", tags=["profiles and jobs"], responses=ERRORS)
PROFILE_JOB = "profile.import"
IDEMPOTENCY_MAX = MAX_KEY_LENGTH

_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {"schema": ProfileSubmission.model_json_schema()},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "PDF, DOCX or text",
                    },
                    "person_id": {"type": "string", "minLength": 1, "maxLength": 256},
                },
            }
        },
    },
}


@router.post(
    "/profiles",
    status_code=202,
    response_model=JobAccepted,
    openapi_extra={"requestBody": _BODY},
    summary="Submit a profile (canonical JSON, JSON Resume, or a resume file) for import",
)
async def post_profile(
    request: Request,
    response: Response,
    principal: Caller,
    state: State,
    idempotency_key: Annotated[
        str | None, Header(max_length=IDEMPOTENCY_MAX, pattern=NO_NUL)
    ] = None,
) -> JobAccepted:
    """Validate the submission, then queue its import; 202 with the job id."""
    payload = await _payload(request, state)
    job_id, status = await run_in_threadpool(
        submit_profile, state, principal, payload, idempotency_key
    )
    response.headers["Location"] = f"/v1/jobs/{job_id}"
    return JobAccepted(job_id=job_id, status=status, links=JobLinks(self=f"/v1/jobs/{job_id}"))


async def _payload(request: Request, state: AppState) -> dict[str, Any]:
    """The job payload from a JSON body or a multipart upload (4xx problems for bad input)."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "multipart/form-data":
        return await _upload(request, state)
    raw = await request.body()
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiProblem(
            400, "malformed-json", f"the request body is not valid JSON: {exc}"
        ) from None
    except RecursionError:
        raise ApiProblem(
            400, "malformed-json", "the request body is nested too deeply: flatten the document"
        ) from None
    try:
        sub = ProfileSubmission.model_validate(data)
    except PydanticValidationError as exc:
        from fastapi.exceptions import RequestValidationError

        raise RequestValidationError(
            [{**err, "loc": ("body", *err["loc"])} for err in exc.errors()]
        ) from None
    payload: dict[str, Any] = {"format": sub.format, "document": sub.document}
    if sub.person_id is not None:
        payload["person_id"] = sub.person_id
    return payload


async def _upload(request: Request, state: AppState) -> dict[str, Any]:
    """A resume file from a multipart form (fields: file, person_id)."""
    try:
        form = await request.form(max_files=1, max_fields=4)
    except Exception as exc:  # multipart parse errors of any kind are the client's
        raise ApiProblem(
            400, "malformed-form", f"the multipart form cannot be read: {exc}"
        ) from None
    unknown = sorted(set(form.keys()) - {"file", "person_id"})
    if unknown:
        errors = [{"field": f"body.{k}", "message": "unknown field: remove it"} for k in unknown]
        raise ApiProblem(
            422, "validation", f"unknown form field(s): {', '.join(unknown)}", errors=errors
        )
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise ApiProblem(
            422, "validation", "the form needs a 'file' part (the resume: PDF, DOCX or text)",
            errors=[{"field": "body.file", "message": "field required: a file part"}],
        )  # fmt: skip
    data = await upload.read(state.settings.max_upload_bytes + 1)
    if len(data) > state.settings.max_upload_bytes:
        raise ApiProblem(
            413, "too-large", f"the file is larger than {state.settings.max_upload_bytes:,} bytes"
        )
    payload: dict[str, Any] = {
        "format": "resume",
        "file_b64": base64.b64encode(data).decode("ascii"),
        "filename": safe_filename(upload.filename or ""),
    }
    person = form.get("person_id")
    if isinstance(person, str) and person.strip():
        if len(person.strip()) > ID_MAX:
            raise ApiProblem(
                422, "validation", f"body.person_id: at most {ID_MAX} characters",
                errors=[{"field": "body.person_id", "message": f"at most {ID_MAX} characters"}],
            )  # fmt: skip
        payload["person_id"] = person.strip()
    return payload


def submit_profile(
    state: AppState, principal: Principal, payload: dict[str, Any], key: str | None
) -> tuple[str, str]:
    """Validate, authorize and queue one profile import; (job id, status)."""
    if scope(principal.role, "profile.submit") == "none":
        _authorize(state, principal, None)  # refused before the body is even looked at
    if "person_id" not in payload and principal.person_id and not _names_person(payload):
        payload = {**payload, "person_id": principal.person_id}  # one's own profile
    today = state.services.clock().date()
    max_bytes = state.settings.max_upload_bytes
    try:
        person_id = validate_profile_payload(payload, max_bytes=max_bytes, today=today)
    except DataError as exc:
        raise _invalid(exc) from None
    _authorize(state, principal, person_id)
    payload = {**payload, "person_id": person_id}  # explicit for the handler and the job record
    if scope(principal.role, "profile.submit") == "self":  # employees, managers: HR fields kept
        payload["self_service"] = True
    try:
        job = _queue(state).submit(
            PROFILE_JOB, payload, owner=principal.identity, idempotency_key=key
        )
    except ConflictError as exc:
        raise ApiProblem(
            422,
            "idempotency-key-reused",
            f"{exc.message}: this Idempotency-Key was used with another request body; "
            "use a new key for a new submission",
        ) from None
    return job.id, job.status


def _invalid(exc: DataError) -> ApiProblem:
    """A submission's validation error as a 422 (413 for size) naming the field by JSON pointer."""
    column = exc.column or ""
    field = "body.document" + column if column.startswith("/") else f"body.{column or 'document'}"
    message = f"{exc.message} — {exc.hint}" if exc.hint else exc.message
    oversize = not isinstance(exc, ValidationError) and "limit" in exc.message  # the size check
    status, slug = (413, "too-large") if oversize else (422, "validation")
    return ApiProblem(
        status, slug, f"{field}: {message}", errors=[{"field": field, "message": message}]
    )


def _authorize(state: AppState, principal: Principal, person_id: str | None) -> None:
    with state.services.uow_factory() as uow:
        authorize(principal, "profile.submit", uow=uow, person_id=person_id)


def _names_person(payload: dict[str, Any]) -> bool:
    """Whether the document itself says whose it is (profile: person_id; JSON Resume: meta)."""
    doc = payload.get("document")
    if not isinstance(doc, dict):
        return False
    meta = doc.get("meta")
    return "person_id" in doc or (isinstance(meta, dict) and "personId" in meta)


def _queue(state: AppState) -> Any:
    queue = state.services.jobs
    if queue is None:
        raise ApiProblem(503, "jobs-unavailable", "this server runs no job queue")
    return queue


@router.get(
    "/jobs/{job_id}",
    response_model=JobOut,
    summary="A background job's status, result link and error",
)
def get_job(
    job_id: Annotated[str, Path(min_length=1, max_length=ID_MAX, pattern=NO_NUL)],
    principal: Caller,
    state: State,
) -> JobOut:
    """Status, attempts, result (with a link to the person's recommendations) or error."""
    job = _queue(state).get(job_id)
    with state.services.uow_factory() as uow:
        authorize(principal, "job.read", uow=uow, owner=job.owner if job else None)
    if job is None:
        raise NotFoundError(f"no job with id {job_id!r}")
    state.metrics.observe_job(job)
    person = (job.result or {}).get("person_id") if job.status == "succeeded" else None
    link = f"/v1/people/{person}/recommendations" if isinstance(person, str) else None
    return job_out(job, link)
