"""The canonical careerpath profile document (JSON) read into a Profile, located by JSON pointer.

The format (docs/api-profile.md) is the JSON form of ``domain.profile.Profile``: ``person_id``,
contact and HR fields, ``roles`` (the role history), ``skills`` (by taxonomy id or by name),
``education``, ``certifications``, ``languages``, ``preferences``, ``consent``, ``performance``.
Dates are ``YYYY-MM-DD``; levels are numbers in [0, 1] or anchor words (basic, advanced...).
Unknown fields are refused (they are usually typos). This module checks the document's shape
only; the ids it names are checked against the taxonomy when the job runs (``jobs.handlers``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from careerpath.domain.errors import ValidationError
from careerpath.domain.profile import (
    PROFICIENCY_ANCHORS,
    Certification,
    Consent,
    Education,
    Language,
    Preferences,
    Profile,
    RoleSpell,
)
from careerpath.ingest.jsonpos import pointer_of
from careerpath.ingest.merge import sorted_spells

T = TypeVar("T")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DOCUMENT = "profile"  # the file name errors name
DATE_HINT = "write dates as YYYY-MM-DD"
LEVEL_HINT = "use a number from 0 to 1 or one of " + ", ".join(PROFICIENCY_ANCHORS)
DEFAULT_LEVEL = 0.5

TOP_FIELDS = (
    "person_id",
    "name",
    "email",
    "location",
    "org_unit",
    "manager_id",
    "hire_date",
    "roles",
    "skills",
    "education",
    "certifications",
    "languages",
    "preferences",
    "consent",
    "performance",
)
ROLE_FIELDS: tuple[str, ...] = (
    "title",
    "start",
    "end",
    "role_id",
    "occupation_id",
    "employer",
    "org_unit",
)
ROLE_FIELDS += ("manager_id", "location")
SKILL_FIELDS = ("skill_id", "name", "level")
PREFERENCE_FIELDS: tuple[str, ...] = ("target_roles", "min_pay", "work_life_balance", "locations")
PREFERENCE_FIELDS += ("willing_to_relocate",)
CONSENT_FIELDS = ("recommendations", "analytics", "share_with_manager", "updated")


@dataclass(frozen=True, slots=True)
class SkillEntry:
    """One entry of ``skills``: where it is, a taxonomy id or a name to link, and a level."""

    pointer: str
    skill_id: str
    name: str
    level: float


@dataclass(frozen=True)
class ProfileDocument:
    """A read profile document: the profile without skills, and the skill entries to resolve."""

    profile: Profile
    skills: tuple[SkillEntry, ...]


def invalid(pointer: str, message: str, hint: str | None = None) -> ValidationError:
    """The error for the value at ``pointer`` (the JSON pointer is the error's field)."""
    return ValidationError(message, path=DOCUMENT, column=pointer or "/", hint=hint)


class Obj:
    """One JSON object of the document with its pointer: typed, located field reads."""

    def __init__(self, value: object, pointer: str, fields: Sequence[str]) -> None:
        if not isinstance(value, Mapping):
            raise invalid(pointer, "is not a JSON object")
        for key in value:
            if key not in fields:
                raise invalid(
                    pointer_of(*_parts(pointer), key),
                    f"is not a field here (known: {', '.join(fields)})",
                )
        self.value, self.pointer = value, pointer

    def at(self, key: str) -> str:
        """The pointer of field ``key``."""
        return pointer_of(*_parts(self.pointer), key)

    def text(self, key: str, *, required: bool = False) -> str:
        """A string field, stripped ('' when absent; required ones must be non-empty)."""
        value = self.value.get(key)
        if value is not None and not isinstance(value, str):
            raise invalid(self.at(key), "is not a string")
        text = (value or "").strip()
        if required and not text:
            raise invalid(self.at(key), f"{key} is required")
        return text

    def date(self, key: str, today: date, *, required: bool = False) -> date | None:
        """A YYYY-MM-DD date not after ``today``."""
        text = self.text(key, required=required)
        if not text:
            return None
        match = _DATE.match(text)
        try:
            if match is None:
                raise ValueError(text)
            value = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise invalid(self.at(key), f'"{text}" is not a date', DATE_HINT) from None
        if value > today:
            raise invalid(self.at(key), f'"{text}" is in the future (after {today.isoformat()})')
        return value

    def number(self, key: str, *, low: float, high: float | None = None) -> float | None:
        """A number within [low, high] (None when absent)."""
        value = self.value.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise invalid(self.at(key), "is not a number")
        if value < low or (high is not None and value > high):
            bound = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
            raise invalid(self.at(key), f"{value!r} is out of range: use a number {bound}")
        return float(value)

    def flag(self, key: str) -> bool | None:
        """A boolean field (None when absent)."""
        value = self.value.get(key)
        if value is not None and not isinstance(value, bool):
            raise invalid(self.at(key), "is not true or false")
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        """An array of non-empty strings."""
        return tuple(_string(item, where) for item, where in self.items(key, lambda v, w: (v, w)))

    def items(self, key: str, parse: Callable[[Any, str], T]) -> list[T]:
        """An array field, each item parsed by ``parse(item, pointer)`` ([] when absent)."""
        value = self.value.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise invalid(self.at(key), "is not an array")
        return [parse(item, pointer_of(*_parts(self.at(key)), i)) for i, item in enumerate(value)]

    def child(self, key: str, fields: Sequence[str]) -> Obj | None:
        """A nested object field (None when absent)."""
        value = self.value.get(key)
        return None if value is None else Obj(value, self.at(key), fields)


def read_profile_document(
    document: object, *, person_id: str | None = None, today: date
) -> ProfileDocument:
    """Read a canonical profile document; ValidationError naming the JSON pointer of a problem."""
    doc = Obj(document, "", TOP_FIELDS)
    found = doc.text("person_id")
    if person_id and found and found != person_id:
        raise invalid("/person_id", f'"{found}" is not the person of this request ({person_id})')
    pid = person_id or found
    if not pid:
        raise invalid("/person_id", "person_id is required", "name the person (HRIS person id)")
    profile = Profile(
        person_id=pid,
        name=doc.text("name"),
        email=_email(doc),
        location=doc.text("location"),
        org_unit=doc.text("org_unit"),
        manager_id=doc.text("manager_id"),
        hire_date=doc.date("hire_date", today),
        history=sorted_spells(doc.items("roles", lambda v, w: _role(v, w, today))),
        education=tuple(doc.items("education", lambda v, w: _education(v, w, today))),
        certifications=tuple(doc.items("certifications", lambda v, w: _cert(v, w, today))),
        languages=tuple(doc.items("languages", _language)),
        preferences=_preferences(doc.child("preferences", PREFERENCE_FIELDS)),
        consent=_consent(doc.child("consent", CONSENT_FIELDS), today),
        performance=doc.number("performance", low=0.0, high=1.0),
    )
    return ProfileDocument(profile, tuple(doc.items("skills", _skill)))


def _parts(pointer: str) -> list[str]:
    """The unescaped reference tokens of a JSON pointer."""
    if not pointer:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")]


def _string(value: object, where: str) -> str:
    """A non-empty string item."""
    if not isinstance(value, str) or not value.strip():
        raise invalid(where, "is not a non-empty string")
    return value.strip()


def _email(doc: Obj) -> str:
    """The email field (it must look like one)."""
    email = doc.text("email")
    if email and "@" not in email:
        raise invalid("/email", f'"{email}" is not an email address')
    return email


def _role(value: object, where: str, today: date) -> RoleSpell:
    """One entry of ``roles``: a title (or a role / occupation id) and its dates."""
    o = Obj(value, where, ROLE_FIELDS)
    role_id, occupation_id = o.text("role_id"), o.text("occupation_id")
    title = o.text("title", required=not (role_id or occupation_id))
    start = o.date("start", today, required=True) or today  # required: never None
    end = o.date("end", today)
    if end is not None and end < start:
        raise invalid(o.at("end"), f"ends ({end}) before it starts ({start})")
    return RoleSpell(
        title=title,
        start=start,
        end=end,
        role_id=role_id or None,
        occupation_id=occupation_id or None,
        employer=o.text("employer"),
        org_unit=o.text("org_unit"),
        manager_id=o.text("manager_id"),
        location=o.text("location"),
    )


def _skill(value: object, where: str) -> SkillEntry:
    """One entry of ``skills``: ``skill_id`` or ``name``, and a level (default working, 0.5)."""
    o = Obj(value, where, SKILL_FIELDS)
    skill_id, name = o.text("skill_id"), o.text("name")
    if not (skill_id or name):
        raise invalid(o.at("skill_id"), "a skill needs a skill_id or a name")
    raw = o.value.get("level")
    if raw is None:
        return SkillEntry(where, skill_id, name, DEFAULT_LEVEL)
    if isinstance(raw, str) and raw.strip().casefold() in PROFICIENCY_ANCHORS:
        return SkillEntry(where, skill_id, name, PROFICIENCY_ANCHORS[raw.strip().casefold()])
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0.0 <= raw <= 1.0:
        raise invalid(o.at("level"), f"{raw!r} is not a level", LEVEL_HINT)
    return SkillEntry(where, skill_id, name, float(raw))


def _education(value: object, where: str, today: date) -> Education:
    """One entry of ``education``."""
    o = Obj(value, where, ("institution", "degree", "field", "start", "end"))
    return Education(
        o.text("institution", required=True),
        o.text("degree"),
        o.text("field"),
        o.date("start", today),
        o.date("end", today),
    )


def _cert(value: object, where: str, today: date) -> Certification:
    """One entry of ``certifications`` (expiry dates may lie in the future)."""
    o = Obj(value, where, ("name", "issuer", "issued", "expires"))
    return Certification(
        o.text("name", required=True),
        o.text("issuer"),
        o.date("issued", today),
        o.date("expires", date.max),
    )


def _language(value: object, where: str) -> Language:
    """One entry of ``languages``."""
    o = Obj(value, where, ("language", "fluency"))
    return Language(o.text("language", required=True), o.text("fluency"))


def _preferences(o: Obj | None) -> Preferences:
    """The ``preferences`` object (defaults when absent)."""
    if o is None:
        return Preferences()
    return Preferences(
        target_roles=o.strings("target_roles"),
        min_pay=o.number("min_pay", low=0.0),
        work_life_balance=o.number("work_life_balance", low=0.0, high=1.0),
        locations=o.strings("locations"),
        willing_to_relocate=o.flag("willing_to_relocate"),
    )


def _consent(o: Obj | None, today: date) -> Consent:
    """The ``consent`` object (deny by default)."""
    if o is None:
        return Consent()
    return Consent(
        recommendations=bool(o.flag("recommendations")),
        analytics=bool(o.flag("analytics")),
        share_with_manager=bool(o.flag("share_with_manager")),
        updated=o.date("updated", today),
    )
