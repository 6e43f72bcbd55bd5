"""The "profile.import" job: the canonical profile document, submission checks, the handler."""

from __future__ import annotations

import base64
import json
from datetime import date
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from careerpath.domain.errors import CareerpathError, DataError, ValidationError
from careerpath.ingest.readers import READERS
from careerpath.jobs.handlers import (
    Lazy,
    ProfileImportDeps,
    ProfileImportHandler,
    load_plugins,
    profile_import_payload,
    validate_profile_payload,
    validate_profile_submission,
)
from careerpath.jobs.profile_doc import read_profile_document
from fakes import FakeStore, FakeUnitOfWork
from fixtures.ingest.ingest_support import EXAMPLES, TODAY
from fixtures.ingest.skills_support import RESUME, facet_taxonomy

PROFILE: dict[str, Any] = {
    "person_id": "E42",
    "name": "Ada Lovelace",
    "email": "ada@example.org",
    "location": "London",
    "org_unit": "Engineering",
    "manager_id": "E7",
    "hire_date": "2020-02-01",
    "roles": [
        {"title": "Analyst", "start": "2015-09-01", "end": "2020-01-31", "employer": "Acme"},
        {"role_id": "org:swe-2", "start": "2020-02-01"},
    ],
    "skills": [
        {"skill_id": "2.B.3.e", "level": "advanced"},
        {"name": "Python", "level": 0.6},
        {"name": "Knitting"},
    ],
    "education": [{"institution": "UCL", "degree": "BSc", "field": "Maths"}],
    "certifications": [{"name": "AWS SAA", "issued": "2022-01-10", "expires": "2027-01-10"}],
    "languages": [{"language": "English", "fluency": "native"}],
    "preferences": {"target_roles": ["org:em-4"], "min_pay": 90000, "work_life_balance": 0.5},
    "consent": {"recommendations": True, "updated": "2024-01-02"},
    "performance": 0.8,
}


def _handler(**kw: Any) -> ProfileImportHandler:
    deps = ProfileImportDeps(
        taxonomy=facet_taxonomy, readers=READERS, today=lambda: TODAY, max_bytes=100_000, **kw
    )
    return ProfileImportHandler(deps)


def _run(payload: dict[str, Any], store: FakeStore) -> dict[str, Any]:
    """Run the handler in a unit of work and commit (as the runner does)."""
    handler = _handler()
    handler.prepare(payload)
    with FakeUnitOfWork(store) as uow:
        result = dict(handler(payload, uow))
        assert uow.commits == 0  # the handler never commits: the runner does
        uow.commit()
    return result


def test_a_profile_document_reads_into_a_profile() -> None:
    doc = read_profile_document(PROFILE, today=TODAY)
    p = doc.profile
    assert (p.person_id, p.name, p.email, p.manager_id) == (
        "E42",
        "Ada Lovelace",
        "ada@example.org",
        "E7",
    )
    assert p.hire_date == date(2020, 2, 1) and p.performance == 0.8
    assert [s.title for s in p.history] == ["Analyst", ""]
    assert p.history[1].role_id == "org:swe-2" and p.history[1].end is None
    assert p.certifications[0].expires == date(2027, 1, 10)
    assert p.preferences.target_roles == ("org:em-4",) and p.preferences.min_pay == 90000
    assert p.consent.recommendations is True and p.consent.analytics is False
    assert [(e.pointer, e.skill_id, e.name, e.level) for e in doc.skills] == [
        ("/skills/0", "2.B.3.e", "", 0.7),
        ("/skills/1", "", "Python", 0.6),
        ("/skills/2", "", "Knitting", 0.5),
    ]


@pytest.mark.parametrize(
    ("change", "pointer", "message"),
    [
        ({"person_id": None}, "/person_id", "person_id is required"),
        ({"nickname": "Ada"}, "/nickname", "is not a field here"),
        ({"hire_date": "01/02/2020"}, "/hire_date", "is not a date"),
        ({"hire_date": "2099-01-01"}, "/hire_date", "is in the future"),
        ({"email": "ada"}, "/email", "not an email address"),
        ({"roles": {"title": "x"}}, "/roles", "is not an array"),
        ({"roles": [{"title": "x"}]}, "/roles/0/start", "start is required"),
        ({"roles": [{"start": "2020-01-01"}]}, "/roles/0/title", "title is required"),
        (
            {"roles": [{"title": "x", "start": "2020-01-01", "end": "2019-01-01"}]},
            "/roles/0/end",
            "before it starts",
        ),
        ({"skills": [{"name": "Python", "level": 1.5}]}, "/skills/0/level", "is not a level"),
        ({"skills": [{"level": 0.5}]}, "/skills/0/skill_id", "skill_id or a name"),
        ({"skills": ["Python"]}, "/skills/0", "is not a JSON object"),
        ({"preferences": {"min_pay": -1}}, "/preferences/min_pay", "out of range"),
        ({"preferences": {"target_roles": [""]}}, "/preferences/target_roles/0", "non-empty"),
        ({"consent": {"analytics": "yes"}}, "/consent/analytics", "is not true or false"),
        ({"performance": "high"}, "/performance", "is not a number"),
        ({"name": 7}, "/name", "is not a string"),
    ],
)
def test_a_bad_profile_document_names_the_pointer(
    change: dict[str, Any], pointer: str, message: str
) -> None:
    doc = {**PROFILE, **change}
    doc = {k: v for k, v in doc.items() if v is not None}
    with pytest.raises(ValidationError, match=message) as err:
        read_profile_document(doc, today=TODAY)
    assert err.value.column == pointer


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=25,
)
FIELDS = st.sampled_from(
    ["person_id", "name", "roles", "skills", "preferences", "consent", "hire_date", "languages"]
)


@settings(max_examples=300, deadline=None)
@given(doc=st.dictionaries(FIELDS, JSON, max_size=6) | JSON)
def test_any_json_reads_or_raises_a_located_validation_error(doc: Any) -> None:
    """Whatever JSON arrives, reading it never crashes: a profile, or a ValidationError at a pointer."""
    try:
        read_profile_document(doc, person_id="P1", today=TODAY)
    except ValidationError as exc:
        assert exc.column is not None and exc.column.startswith("/")


def test_submissions_are_checked_before_queueing() -> None:
    assert validate_profile_submission("profile", PROFILE, max_bytes=100_000, today=TODAY) == "E42"
    resume = json.loads((EXAMPLES / "json-resume.json").read_text(encoding="utf-8"))
    assert validate_profile_submission("json_resume", resume, max_bytes=100_000) == "E1003"
    assert (
        validate_profile_submission(
            "resume", RESUME.encode(), max_bytes=100_000, person_id="C1", filename="cv.txt"
        )
        == "C1"
    )


@pytest.mark.parametrize(
    ("fmt", "data", "kw", "field", "message"),
    [
        ("pdf", {}, {}, "format", "unknown format"),
        ("profile", {**PROFILE, "name": "x" * 500}, {"max_bytes": 300}, "document", "limit"),
        ("json_resume", {"work": []}, {}, "/meta/personId", "no person id"),
        ("json_resume", {"meta": {"personId": "E1"}, "work": {}}, {}, "/work", "not an array"),
        (
            "json_resume",
            {"meta": {"personId": "E1"}, "work": [{"position": "Dev", "startDate": "2019-13"}]},
            {},
            "/work/0/startDate",
            "is not a date",
        ),
        ("json_resume", {"meta": {"personId": "E1"}, "skills": [3]}, {}, "/skills/0", "object"),
        ("resume", b"GIF89a....", {"person_id": "C1"}, "file", "GIF image"),
        ("resume", RESUME.encode(), {}, "person_id", "person id"),
        ("resume", b"  ", {"person_id": "C1"}, "file", "empty"),
        ("resume", {"x": 1}, {"person_id": "C1"}, "file", "is a file"),
    ],
)
def test_bad_submissions_are_refused_with_the_field(
    fmt: str, data: Any, kw: dict[str, Any], field: str, message: str
) -> None:
    kw.setdefault("max_bytes", 100_000)
    with pytest.raises(DataError, match=message) as err:
        validate_profile_submission(fmt, data, **kw)
    assert err.value.column == field


def test_payloads_round_trip_and_are_checked() -> None:
    payload = profile_import_payload("resume", b"plain text cv", person_id="C1", filename="cv.txt")
    assert base64.b64decode(payload["file_b64"]) == b"plain text cv"
    assert validate_profile_payload(payload, max_bytes=1000) == "C1"
    with pytest.raises(ValidationError, match="not valid base64") as err:
        validate_profile_payload({**payload, "file_b64": "%%%"}, max_bytes=1000)
    assert err.value.column == "file_b64"
    with pytest.raises(ValidationError, match="unknown payload field"):
        validate_profile_payload({**payload, "extra": 1}, max_bytes=1000)


def test_a_canonical_profile_is_imported_with_skills_reinferred() -> None:
    store = FakeStore()
    result = _run(profile_import_payload("profile", PROFILE), store)
    stored = store.people["E42"]
    assert result["person_id"] == "E42" and result["skills"] == len(stored.skills)
    assert any("Knitting" in w for w in result["warnings"])  # linked nowhere: left out, noted
    assert (
        stored.history[1].role_id == "org:swe-2" and stored.history[1].title == "Software Engineer"
    )
    assert stored.history[1].occupation_id == "15-1252.00"
    skills = {c.skill_id: c for c in stored.skills}
    programming = skills["2.B.3.e"]
    assert {e.source for e in programming.evidence} == {"hris", "role"}  # the claim + the role held
    python = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
    assert skills[python].evidence[0].ref == "profile#/skills/1"
    assert [b.kind for b in store.batches.values()] == ["profile"]


def test_a_second_profile_replaces_the_first() -> None:
    store = FakeStore()
    _run(profile_import_payload("profile", PROFILE), store)
    smaller = {"person_id": "E42", "name": "Ada King", "roles": [PROFILE["roles"][1]]}
    _run(profile_import_payload("profile", smaller), store)
    stored = store.people["E42"]
    assert stored.name == "Ada King" and len(stored.history) == 1 and stored.education == ()


def test_a_self_service_profile_keeps_the_hr_fields() -> None:
    """A person's own submission changes their profile but not manager, unit, rating, hire date."""
    store = FakeStore()
    _run(profile_import_payload("profile", PROFILE), store)
    mine = {**PROFILE, "name": "Ada King", "manager_id": "E99", "org_unit": "Elsewhere",
            "performance": 1.0, "hire_date": "2010-01-01"}  # fmt: skip
    _run({**profile_import_payload("profile", mine), "self_service": True}, store)
    stored = store.people["E42"]
    assert stored.name == "Ada King"
    assert (stored.manager_id, stored.org_unit, stored.performance) == ("E7", "Engineering", 0.8)
    assert stored.hire_date == date(2020, 2, 1)
    _run(profile_import_payload("profile", mine), store)  # an HR (non self-service) submission
    assert store.people["E42"].manager_id == "E99"


def test_a_first_self_service_profile_sets_no_hr_fields() -> None:
    """Nobody can make themself someone's report (or rate themself) by a first submission."""
    store = FakeStore()
    _run({**profile_import_payload("profile", PROFILE), "self_service": True}, store)
    stored = store.people["E42"]
    assert (stored.manager_id, stored.org_unit, stored.performance, stored.hire_date) == (
        "", "", None, None,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="self_service"):
        validate_profile_payload(
            {**profile_import_payload("profile", PROFILE), "self_service": "yes"}, max_bytes=1000
        )


def test_unknown_ids_fail_the_job_at_their_pointer() -> None:
    store = FakeStore()
    for change, pointer in [
        ({"roles": [{"role_id": "org:nope", "start": "2020-01-01"}]}, "/roles/0/role_id"),
        ({"roles": [{"role_id": "15-1252.00", "start": "2020-01-01"}]}, "/roles/0/role_id"),
        ({"skills": [{"skill_id": "9.Z"}]}, "/skills/0/skill_id"),
        ({"preferences": {"target_roles": ["org:ceo"]}}, "/preferences/target_roles/0"),
    ]:
        with pytest.raises(ValidationError) as err:
            _run(profile_import_payload("profile", {**PROFILE, **change}), store)
        assert err.value.column == pointer
    assert store.people == {}


def test_a_json_resume_and_a_resume_file_are_imported() -> None:
    store = FakeStore()
    resume = json.loads((EXAMPLES / "json-resume.json").read_text(encoding="utf-8"))
    result = _run(profile_import_payload("json_resume", resume), store)
    assert result["person_id"] == "E1003" and "E1003" in store.people
    assert store.people["E1003"].education[0].institution == "INSA Lyon"
    payload = profile_import_payload(
        "resume", RESUME.encode(), person_id="C1", filename="../cv.txt"
    )
    result = _run(payload, store)
    assert result["person_id"] == "C1" and store.people["C1"].name == "Chloé Martin"
    assert sorted(b.kind for b in store.batches.values()) == ["json-resume", "resume"]
    again = _run(payload, store)  # a resubmitted resume replaces the resume-derived parts
    assert again["person_id"] == "C1"


def test_bad_input_inside_the_job_is_a_careerpath_error() -> None:
    store = FakeStore()
    with pytest.raises(CareerpathError):
        _run({"format": "profile", "document": {"person_id": "E1", "roles": 3}}, store)
    assert store.people == {}


def test_lazy_loads_once() -> None:
    calls: list[int] = []
    lazy = Lazy(lambda: calls.append(1) or len(calls))
    assert (lazy(), lazy()) == (1, 1) and calls == [1]


def test_plugins_load_by_name() -> None:
    handlers = load_plugins("jobs_plugin:HANDLERS, jobs_plugin:HANDLERS")
    assert sorted(handlers) == ["test.bad", "test.crash", "test.effect"]
    with pytest.raises(DataError, match="cannot load the job plugin"):
        load_plugins("no_such_module:X")
    with pytest.raises(DataError, match="not a mapping"):
        load_plugins("jobs_plugin:EFFECT_PERSON")


@example(["ok", ["a\x00"]])
@example("plain")
@given(st.recursive(st.text(max_size=4), lambda kids: st.lists(kids, max_size=3), max_leaves=8))
def test_nul_anywhere_in_a_document_is_refused_at_its_pointer(value: Any) -> None:
    """Property: a document holding NUL in any text is a ValidationError naming where; else not."""
    doc = {**PROFILE, "name": "Ada", "languages": [{"language": "x", "fluency": "y"}]}
    doc["custom"] = value  # an unknown field: refused anyway, but NUL is checked first
    has_nul = any("\x00" in text for text in _texts(value))
    try:
        validate_profile_submission("profile", doc, max_bytes=100_000, today=TODAY)
    except ValidationError as exc:
        assert (exc.column or "").startswith("/custom") or not has_nul
        if has_nul:
            assert "NUL" in exc.message
    else:
        raise AssertionError("an unknown field must be refused")


def _texts(value: Any) -> list[str]:
    """Every text inside a nested list/str value."""
    return [value] if isinstance(value, str) else [t for v in value for t in _texts(v)]
