"""The JSON the LLM must return, described for the prompt and validated strictly into a ParsedResume."""

from __future__ import annotations

from datetime import date
from typing import Any

from careerpath.ingest.resume.dates import parse_date
from careerpath.ingest.resume.model import (
    CertificationEntry,
    Contact,
    EducationEntry,
    LanguageEntry,
    ParsedResume,
    PartialDate,
    Position,
    SkillMention,
)
from careerpath.llm.client import LLMError

SCHEMA_TEXT = """{
  "name": str, "email": str, "phone": str, "location": str,
  "positions": [{"title": str, "employer": str, "location": str,
                 "start": "YYYY-MM" | "YYYY" | null, "end": "YYYY-MM" | "YYYY" | "present" | null,
                 "description": [str]}],
  "education": [{"institution": str, "degree": str, "field": str, "start": date|null, "end": date|null}],
  "skills": [str], "certifications": [{"name": str, "issuer": str, "issued": date|null}],
  "languages": [{"language": str, "fluency": str}]
}"""
_TOP = {
    "name",
    "email",
    "phone",
    "location",
    "positions",
    "education",
    "skills",
    "certifications",
    "languages",
}


def _fail(where: str, what: str) -> LLMError:
    return LLMError(
        f"LLM answer is not valid resume JSON: {where}: {what}",
        hint="retry, or use the local parser",
    )


def _str(obj: dict[str, Any], key: str, where: str) -> str:
    value = obj.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _fail(f"{where}.{key}", f"expected a string, got {type(value).__name__}")
    return value.strip()


def _list(obj: dict[str, Any], key: str, where: str) -> list[Any]:
    value = obj.get(key) or []
    if not isinstance(value, list):
        raise _fail(f"{where}.{key}", "expected a list")
    return value


def _dict(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "expected an object")
    return value


def _date(
    obj: dict[str, Any], key: str, where: str, today: date
) -> tuple[PartialDate | None, bool]:
    """(date, is_present) of one date field."""
    text = _str(obj, key, where)
    if not text:
        return None, False
    if text.lower() in ("present", "current", "now"):
        return None, True
    parsed = parse_date(text, today=today)
    if parsed is None:
        raise _fail(f"{where}.{key}", f"unreadable date {text!r}")
    return parsed, False


def _position(raw: Any, where: str, today: date) -> Position:
    obj = _dict(raw, where)
    start, _ = _date(obj, "start", where, today)
    end, _present = _date(obj, "end", where, today)
    lines = [d for d in _list(obj, "description", where) if isinstance(d, str)]
    title, employer = _str(obj, "title", where), _str(obj, "employer", where)
    return Position(
        title,
        employer,
        _str(obj, "location", where),
        start,
        end,
        tuple(lines),
        f"{title} | {employer}",
    )


def _education(raw: Any, where: str, today: date) -> EducationEntry:
    obj = _dict(raw, where)
    start, _ = _date(obj, "start", where, today)
    end, _ = _date(obj, "end", where, today)
    return EducationEntry(
        _str(obj, "institution", where),
        _str(obj, "degree", where),
        _str(obj, "field", where),
        start,
        end,
    )


def to_parsed(data: Any, *, source: str, today: date) -> ParsedResume:
    """A validated ParsedResume from the LLM's JSON; LLMError naming the first problem."""
    top = _dict(data, "$")
    unknown = set(top) - _TOP
    if unknown:
        raise _fail("$", f"unexpected keys {sorted(unknown)}")
    name, email, phone, location = (
        _str(top, k, "$") for k in ("name", "email", "phone", "location")
    )
    contact = Contact(name, email, phone, location)
    skills = []
    for i, s in enumerate(_list(top, "skills", "$")):
        if not isinstance(s, str):
            raise _fail(f"$.skills[{i}]", "expected a string")
        skills.append(SkillMention(s.strip(), s.strip()))
    certs = []
    for i, raw in enumerate(_list(top, "certifications", "$")):
        obj = _dict(raw, f"$.certifications[{i}]")
        issued, _ = _date(obj, "issued", f"$.certifications[{i}]", today)
        certs.append(CertificationEntry(_str(obj, "name", "$"), _str(obj, "issuer", "$"), issued))
    langs = [_dict(x, f"$.languages[{i}]") for i, x in enumerate(_list(top, "languages", "$"))]
    return ParsedResume(
        source=source,
        format="llm",
        contact=contact,
        positions=tuple(
            _position(p, f"$.positions[{i}]", today)
            for i, p in enumerate(_list(top, "positions", "$"))
        ),
        education=tuple(
            _education(e, f"$.education[{i}]", today)
            for i, e in enumerate(_list(top, "education", "$"))
        ),
        skills=tuple(s for s in skills if s.name),
        certifications=tuple(c for c in certs if c.name),
        languages=tuple(
            LanguageEntry(_str(x, "language", "$"), _str(x, "fluency", "$")) for x in langs
        ),
    )
