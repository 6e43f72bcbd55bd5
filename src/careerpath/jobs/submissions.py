"""Profile submissions checked before they are queued, so malformed input is refused at once.

``validate_profile_submission`` checks what can be checked without the taxonomy: the format, the
size, the document's shape (a canonical profile is read in full; a JSON Resume's sections, entries
and dates; a resume file's base64 and file type) and that the person is known. It raises a
ValidationError / DataError whose ``column`` is the JSON pointer (or payload field) at fault.
``profile_import_payload`` builds the payload of a "profile.import" job.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from datetime import date
from pathlib import PurePath
from typing import Any, Literal

from careerpath.domain.errors import DataError, ValidationError
from careerpath.ingest.json_resume import SECTIONS, EntryError, parse_date
from careerpath.ingest.jsonpos import pointer_of
from careerpath.ingest.resume.files import sniff
from careerpath.jobs.profile_doc import read_profile_document

ProfileFormat = Literal["profile", "json_resume", "resume"]
FORMATS: tuple[ProfileFormat, ...] = ("profile", "json_resume", "resume")
PAYLOAD_FIELDS = ("format", "person_id", "document", "file_b64", "filename", "self_service")
_FORMAT_HINT = "format is one of " + ", ".join(FORMATS)
#: Where a document names its person.
_PERSON_POINTER = {"profile": "/person_id", "json_resume": "/meta/personId", "resume": "person_id"}


def validate_profile_submission(
    format: str,
    data: Mapping[str, Any] | bytes,
    *,
    max_bytes: int,
    person_id: str | None = None,
    filename: str | None = None,
    today: date | None = None,
) -> str:
    """Check a submission (a JSON document, or a resume file's bytes); returns the person id.

    Raises ValidationError / DataError (``column``: the JSON pointer or field at fault).
    """
    fmt = _format(format)
    today = today or date.today()
    if fmt == "resume":
        if not isinstance(data, bytes | bytearray):
            raise ValidationError("a resume submission is a file", column="file")
        return _check_resume(bytes(data), person_id, filename or "", max_bytes)
    if not isinstance(data, Mapping):
        raise ValidationError("the document is not a JSON object", column="document")
    _check_size(len(json.dumps(data, default=str).encode("utf-8")), max_bytes, "document")
    _check_no_nul(data)
    if fmt == "profile":
        return read_profile_document(data, person_id=person_id, today=today).profile.person_id
    return _check_json_resume(data, person_id, today)


def _check_no_nul(document: Mapping[str, Any]) -> None:
    """ValidationError at the JSON pointer of the first key or text holding a NUL character
    (no database stores it in text, so the job could only fail later)."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError(
                "the text contains a NUL character", column=pointer_of(*path) or "/",
                hint="remove the NUL (\\u0000) characters",
            )  # fmt: skip
        if isinstance(value, Mapping):
            for key, item in value.items():
                if "\x00" in str(key):
                    raise ValidationError("a field name contains a NUL character",
                                          column=pointer_of(*path, str(key)))  # fmt: skip
                stack.append(((*path, str(key)), item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in enumerate(value))


def validate_profile_payload(
    payload: Mapping[str, Any], *, max_bytes: int, today: date | None = None
) -> str:
    """``validate_profile_submission`` of a whole "profile.import" job payload; the person id."""
    unknown = sorted(set(payload) - set(PAYLOAD_FIELDS))
    if unknown:
        raise ValidationError(f"unknown payload field {unknown[0]!r}", column=unknown[0])
    fmt = _format(payload.get("format"))
    if not isinstance(payload.get("self_service", False), bool):
        raise ValidationError("self_service is true or false", column="self_service")
    person_id = payload.get("person_id")
    if person_id is not None and (not isinstance(person_id, str) or not person_id.strip()):
        raise ValidationError("person_id is not a non-empty string", column="person_id")
    data: Mapping[str, Any] | bytes
    filename: str | None = None
    if fmt == "resume":
        data = decode_file(payload.get("file_b64"))
        filename = payload.get("filename")
        if not isinstance(filename, str):
            raise ValidationError("a resume needs its file name", column="filename")
    else:
        document = payload.get("document")
        if not isinstance(document, Mapping):
            raise ValidationError("the document is not a JSON object", column="document")
        data = document
    found = validate_profile_submission(
        fmt, data, max_bytes=max_bytes, person_id=person_id, filename=filename, today=today
    )
    if "\x00" in found:  # PostgreSQL cannot store NUL in text
        raise ValidationError(
            "the person id contains a NUL character",
            column="person_id" if person_id else _PERSON_POINTER[fmt],
            hint="send the HRIS person id as plain text",
        )
    return found


def profile_import_payload(
    format: str,
    data: Mapping[str, Any] | bytes,
    *,
    person_id: str | None = None,
    filename: str | None = None,
) -> dict[str, Any]:
    """The payload of a "profile.import" job (a file's bytes go base64-encoded)."""
    fmt = _format(format)
    payload: dict[str, Any] = {"format": fmt}
    if person_id:
        payload["person_id"] = person_id
    if isinstance(data, bytes | bytearray):
        payload["file_b64"] = base64.b64encode(bytes(data)).decode("ascii")
        payload["filename"] = filename or "resume"
    else:
        payload["document"] = dict(data)
    return payload


def decode_file(value: object) -> bytes:
    """The bytes of a base64 ``file_b64`` field."""
    if not isinstance(value, str):
        raise ValidationError("file_b64 is not a base64 string", column="file_b64")
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ValidationError("file_b64 is not valid base64", column="file_b64") from None


def safe_filename(filename: str) -> str:
    """The last component of a client's file name, without path tricks ('resume' when empty)."""
    plain = "".join(c for c in filename if c.isprintable())  # NUL breaks writing the file
    name = PurePath(plain.replace("\\", "/")).name.strip().lstrip(".")
    return name[:120] or "resume"


def _format(value: object) -> ProfileFormat:
    """The submission format; ValidationError for anything else."""
    if value not in FORMATS:
        raise ValidationError(f"unknown format {value!r}", column="format", hint=_FORMAT_HINT)
    return value


def _check_size(size: int, max_bytes: int, field: str) -> None:
    """DataError when a submission is over the upload limit."""
    if size > max_bytes:
        raise DataError(
            f"the submission is {size:,} bytes, over the {max_bytes:,}-byte limit",
            column=field,
            hint="send a smaller file or raise CAREERPATH_MAX_UPLOAD_BYTES",
        )


def _check_resume(data: bytes, person_id: str | None, filename: str, max_bytes: int) -> str:
    """A resume file: a person, a size within the limit, a type careerpath reads."""
    if not person_id:
        raise ValidationError("a resume needs the person id it belongs to", column="person_id")
    _check_size(len(data), max_bytes, "file")
    if not data.strip():
        raise ValidationError("the file is empty", column="file")
    try:
        sniff(data, name=safe_filename(filename))
    except DataError as exc:
        raise ValidationError(exc.message, path=exc.path, column="file", hint=exc.hint) from None
    return person_id


def _check_json_resume(data: Mapping[str, Any], person_id: str | None, today: date) -> str:
    """A JSON Resume's shape: a person id, sections as arrays of objects, work dates valid."""
    meta = data.get("meta")
    found = meta.get("personId", "") if isinstance(meta, Mapping) else ""
    if not isinstance(found, str):
        raise ValidationError("is not a string", column="/meta/personId")
    if person_id and found and found != person_id:
        raise ValidationError(
            f'"{found}" is not the person of this request ({person_id})',
            column="/meta/personId",
            hint="leave person_id out, or send the resume of that person",
        )
    if not (person_id or found):
        raise ValidationError(
            "no person id for this resume",
            column="/meta/personId",
            hint='send person_id, or put "meta": {"personId": "ID"} in the resume',
        )
    basics = data.get("basics")
    if basics is not None and not isinstance(basics, Mapping):
        raise ValidationError("is not an object", column="/basics")
    for section in SECTIONS:
        items = data.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            raise ValidationError("is not an array", column=f"/{section}")
        for i, item in enumerate(items):
            if not isinstance(item, Mapping):
                raise ValidationError("is not an object", column=pointer_of(section, i))
    for i, work in enumerate(data.get("work") or []):
        _check_work(work, pointer_of("work", i), today)
    return person_id or found


def _check_work(work: Mapping[str, Any], where: str, today: date) -> None:
    """A JSON Resume work entry: a position and valid dates (the reader would reject it)."""
    try:
        position = work.get("position")
        if not isinstance(position, str) or not position.strip():
            raise EntryError(f"{where}/position", position, "position is required")
        start = parse_date(dict(work), "startDate", where, today, required=True)
        end = parse_date(dict(work), "endDate", where, today)
        if start is not None and end is not None and end < start:
            raise EntryError(f"{where}/endDate", end, f"is before the startDate {start}")
    except EntryError as exc:
        raise ValidationError(exc.reason, column=exc.pointer) from None
