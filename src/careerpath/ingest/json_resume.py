"""JSON Resume (public v1 schema): basics, work, education, skills, certificates, languages.

A problem inside one entry (``/work/2``) rejects that entry, located by JSON pointer and line;
broken JSON, a document that is not an object, or no person id aborts the import.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from careerpath.domain.errors import DataError
from careerpath.domain.profile import Certification, Education, Language, Profile, RoleSpell
from careerpath.engine.people import ImportOptions, ParsedImport, Reject
from careerpath.ingest.common import read_utf8
from careerpath.ingest.jsonpos import Located, pointer_of
from careerpath.ingest.mapping import load_mapping
from careerpath.ingest.merge import sorted_spells
from careerpath.ingest.resume_skills import link_resume_skills
from careerpath.ingest.roles import RoleResolver

SECTIONS = ("work", "education", "skills", "certificates", "languages")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DATE_FORMS = "(YYYY, YYYY-MM or YYYY-MM-DD)"
T = TypeVar("T")


class EntryError(ValueError):
    """A problem with one field of one entry: its JSON pointer, value and reason."""

    def __init__(self, pointer: str, value: object, reason: str) -> None:
        super().__init__(reason)
        self.pointer, self.value, self.reason = pointer, value, reason


@dataclass
class _Doc:
    """A located resume being read, its rejects, and when 'today' is."""

    doc: Located
    today: date
    rejects: list[Reject] = field(default_factory=list)

    def reject(self, record: str, exc: EntryError) -> None:
        """Reject the entry at ``record`` for the problem in ``exc``."""
        value = (
            exc.value
            if isinstance(exc.value, str)
            else ""
            if exc.value is None
            else repr(exc.value)
        )
        line = self.doc.line(exc.pointer)
        self.rejects.append(Reject(self.doc.name, line, exc.pointer, exc.reason, value, record))


def read_json_resume(path: Path, options: ImportOptions) -> ParsedImport:
    """One JSON Resume into one profile (work as external spells, skills as resume claims)."""
    mapping = load_mapping(options.mapping)
    text = read_utf8(path, options.max_bytes)
    doc = _Doc(Located(text, path.name), options.today or date.today())
    data = doc.doc.value
    if not isinstance(data, dict):
        raise DataError("a JSON Resume is a JSON object", path=path.name, line=1)
    person_id = _person_id(data, options.person_id or mapping.person_id, path.name)
    roles = RoleResolver(
        options.taxonomy, normalizer=options.normalizer, min_score=mapping.min_match_score
    )
    basics = _entry(doc, "/basics", lambda: _basics(data.get("basics") or {}))
    parts = {s: _section(doc, data, s, roles) for s in SECTIONS if s != "skills"}
    skills, notes = link_resume_skills(
        _section(doc, data, "skills", roles), options, mapping, path.name, doc.today
    )
    name, email, location = basics or ("", "", "")
    profile = Profile(
        person_id=person_id,
        name=name,
        email=email,
        location=location,
        history=sorted_spells(parts["work"]),
        education=tuple(parts["education"]),
        certifications=tuple(parts["certificates"]),
        languages=tuple(parts["languages"]),
        skills=skills,
    )
    rows = 1 + sum(
        len(data.get(s) or []) if isinstance(data.get(s), list) else 1
        for s in SECTIONS
        if s in data
    )
    return ParsedImport(
        "json-resume", path.name, rows, tuple(doc.rejects), profiles=((1, profile),), notes=notes
    )


def _person_id(data: dict[str, Any], given: str, name: str) -> str:
    """Whose resume: the --person option, the mapping's person_id, or meta.personId."""
    meta = data.get("meta")
    found = given or (str(meta.get("personId", "")) if isinstance(meta, dict) else "")
    if not found:
        raise DataError(
            "no person id for this resume",
            path=name,
            hint='pass --person ID, or put "meta": {"personId": "ID"} in the resume',
        )
    return found


def _entry(doc: _Doc, record: str, parse: Callable[[], T]) -> T | None:
    """Parse one entry; on EntryError reject it and return None."""
    try:
        return parse()
    except EntryError as exc:
        doc.reject(record, exc)
        return None


def _section(doc: _Doc, data: dict[str, Any], name: str, roles: RoleResolver) -> list[Any]:
    """The good entries of one array section (a non-array section is one reject)."""
    items = data.get(name)
    if items is None:
        return []
    if not isinstance(items, list):
        doc.reject(f"/{name}", EntryError(f"/{name}", items, "is not an array"))
        return []
    parse = _PARSERS[name]
    out = []
    for i, item in enumerate(items):
        where = pointer_of(name, i)
        try:
            out.append(parse(item, where, doc.today, roles))
        except EntryError as exc:
            doc.reject(where, exc)
    return out


def _obj(item: object, where: str) -> dict[str, Any]:
    """An entry that must be an object."""
    if not isinstance(item, dict):
        raise EntryError(where, item, "is not an object")
    return item


def _text(item: dict[str, Any], key: str, where: str, *, required: bool = False) -> str:
    """A string field (required ones must be non-empty)."""
    value = item.get(key)
    if value is None or value == "":
        if required:
            raise EntryError(f"{where}/{key}", None, f"{key} is required")
        return ""
    if not isinstance(value, str):
        raise EntryError(f"{where}/{key}", value, "is not a string")
    return value.strip()


def parse_date(
    item: dict[str, Any], key: str, where: str, today: date, *, required: bool = False
) -> date | None:
    """A JSON Resume date (YYYY, YYYY-MM or YYYY-MM-DD) as the first day it can mean."""
    text = _text(item, key, where, required=required)
    if not text:
        return None
    m = _DATE.match(text)
    try:
        if m is None:
            raise ValueError
        value = date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        raise EntryError(f"{where}/{key}", text, f"is not a date {DATE_FORMS}") from None
    if value > today:
        raise EntryError(f"{where}/{key}", text, f"is in the future (after {today.isoformat()})")
    return value


def _basics(basics: object) -> tuple[str, str, str]:
    """Name, email and location (city, region, country) of the basics section."""
    b = _obj(basics, "/basics")
    email = _text(b, "email", "/basics")
    if email and "@" not in email:
        raise EntryError("/basics/email", email, "is not an email address")
    loc = b.get("location")
    place = ""
    if isinstance(loc, dict):
        place = ", ".join(
            _text(loc, k, "/basics/location")
            for k in ("city", "region", "countryCode")
            if loc.get(k)
        )
    return _text(b, "name", "/basics"), email, place


def _work(item: object, where: str, today: date, roles: RoleResolver) -> RoleSpell:
    """A work entry as an external role spell (the employer named)."""
    w = _obj(item, where)
    title = _text(w, "position", where, required=True)
    start = parse_date(w, "startDate", where, today, required=True)
    end = parse_date(w, "endDate", where, today)
    assert start is not None
    if end is not None and end < start:
        raise EntryError(
            f"{where}/endDate", w["endDate"], f"is before the startDate {w['startDate']}"
        )
    _, occupation, _ = roles.title(title)
    employer = _text(w, "name", where) or "(employer not given)"
    return RoleSpell(
        title, start, end, None, occupation, employer, location=_text(w, "location", where)
    )


def _education(item: object, where: str, today: date, roles: RoleResolver) -> Education:
    """An education entry."""
    e = _obj(item, where)
    start, end = parse_date(e, "startDate", where, today), parse_date(e, "endDate", where, today)
    inst = _text(e, "institution", where, required=True)
    return Education(inst, _text(e, "studyType", where), _text(e, "area", where), start, end)


def _certificate(item: object, where: str, today: date, roles: RoleResolver) -> Certification:
    """A certificates entry."""
    c = _obj(item, where)
    issued = parse_date(c, "date", where, today)
    return Certification(_text(c, "name", where, required=True), _text(c, "issuer", where), issued)


def _language(item: object, where: str, today: date, roles: RoleResolver) -> Language:
    """A languages entry."""
    lang = _obj(item, where)
    return Language(_text(lang, "language", where, required=True), _text(lang, "fluency", where))


def _skill(
    item: object, where: str, today: date, roles: RoleResolver
) -> tuple[str, str, str, tuple[str, ...]]:
    """A skills entry as (pointer, name, level, keywords)."""
    s = _obj(item, where)
    keywords = s.get("keywords") or []
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise EntryError(f"{where}/keywords", keywords, "is not an array of strings")
    return where, _text(s, "name", where, required=True), _text(s, "level", where), tuple(keywords)


_PARSERS: dict[str, Callable[[object, str, date, RoleResolver], Any]] = {
    "work": _work,
    "education": _education,
    "skills": _skill,
    "certificates": _certificate,
    "languages": _language,
}
