"""Skills re-inferred inside imports (roles, learning, assessments, text claims) and corrections."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerpath.domain.errors import DataError, NotFoundError, UnknownCodeError
from careerpath.domain.profile import RoleRequirement, SkillClaim
from careerpath.domain.taxonomy import Occupation
from careerpath.engine.skills import (
    CORRECTION,
    correct_skill,
    occupation_requirements,
    org_requirements,
)
from fakes import FakeStore, FakeUnitOfWork
from fixtures.ingest.ingest_support import EXAMPLES, TODAY, run_import, write
from fixtures.ingest.skills_support import facet_taxonomy, text_resume

HRIS = EXAMPLES / "hris"
XAPI = EXAMPLES / "xapi"


def _hris(store: FakeStore) -> None:
    run_import(
        store,
        "hris",
        HRIS / "employees.csv",
        mapping=HRIS / "mapping.yaml",
        history=HRIS / "history.csv",
        taxonomy=facet_taxonomy(),
    )


def _claim(store: FakeStore, person: str, skill: str) -> SkillClaim:
    claim = store.people[person].skill(skill)
    assert claim is not None, f"{person} has no {skill}"
    return claim


def test_hris_import_infers_role_skills_and_keeps_hris_claims() -> None:
    store = FakeStore()
    _hris(store)
    prog = _claim(store, "E1002", "2.B.3.e")  # core skill of swe (15-1252.00), and in the HR row
    assert {e.source for e in prog.evidence} == {"role", "hris"}
    assert prog.origin == "inferred"
    assert store.people["E1002"].skill("2.A.1.c") is None  # importance 0.3: never core


def test_xapi_after_hris_raises_the_level_and_adds_learning_evidence() -> None:
    store = FakeStore()
    _hris(store)
    before = _claim(store, "E1004", "2.A.2.a")
    run_import(store, "courses", XAPI / "courses.csv", taxonomy=facet_taxonomy())
    report = run_import(
        store, "xapi", XAPI / "statements.json", mapping=XAPI / "mapping.yaml",
        taxonomy=facet_taxonomy(),
    )  # fmt: skip
    assert "skills re-inferred for" in report.notes[-1]
    after = _claim(store, "E1004", "2.A.2.a")  # SQL201 (passed, 0.86) teaches 2.A.2.a
    assert any(e.source == "learning" and e.ref == "course:SQL201" for e in after.evidence)
    assert after.confidence > before.confidence
    sql = _claim(
        store, "E1004", "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"
    )
    assert [e.source for e in sql.evidence] == ["learning"] and sql.level > 0.5


def test_an_assessment_overrides_the_inferred_level() -> None:
    store = FakeStore()
    _hris(store)
    run_import(store, "assessments", EXAMPLES / "assessments.csv", taxonomy=facet_taxonomy())
    prog = _claim(store, "E1002", "2.B.3.e")
    assert prog.origin == "assessed" and prog.level == pytest.approx(0.6)  # the manager's
    assert {"manager_assessment", "self_assessment", "role", "hris"} <= {
        e.source for e in prog.evidence
    }


def test_a_correction_overrides_everything_and_survives_a_later_import(tmp_path: Path) -> None:
    store = FakeStore()
    _hris(store)
    run_import(store, "assessments", EXAMPLES / "assessments.csv", taxonomy=facet_taxonomy())
    fixed = correct_skill(
        "E1002", "2.B.3.e", 0.95, uow=FakeUnitOfWork(store), taxonomy=facet_taxonomy(),
        note="I teach it", today=TODAY,
    )  # fmt: skip
    claim = fixed.skill("2.B.3.e")
    assert claim is not None and (claim.origin, claim.level, claim.confidence) == (
        "corrected", 0.95, 1.0,
    )  # fmt: skip
    assert claim.evidence[0].detail == "corrected by the person: I teach it"
    assert [a.assessor for a in store.assessments].count(CORRECTION) == 1
    correct_skill(
        "E1002", "2.A.2.a", 0, uow=FakeUnitOfWork(store), taxonomy=facet_taxonomy(), today=TODAY
    )
    assert store.people["E1002"].skill("2.A.2.a") is None  # level 0 removes it
    history = write(
        tmp_path,
        "h.csv",
        "person_id,start,role_code\nE1002,2019-09-01,swe-1\nE1002,2021-09-01,swe-2\n",
    )
    run_import(store, "hris-history", history, replace=True, taxonomy=facet_taxonomy())
    assert _claim(store, "E1002", "2.B.3.e").origin == "corrected"
    assert store.people["E1002"].skill("2.A.2.a") is None


def test_corrections_of_unknown_people_skills_or_levels_are_refused() -> None:
    store = FakeStore()
    _hris(store)
    tax = facet_taxonomy()
    with pytest.raises(NotFoundError):
        correct_skill("E9", "2.B.3.e", 0.5, uow=FakeUnitOfWork(store), taxonomy=tax)
    with pytest.raises(UnknownCodeError):
        correct_skill("E1002", "nope", 0.5, uow=FakeUnitOfWork(store), taxonomy=tax)
    with pytest.raises(Exception, match="outside"):
        correct_skill("E1002", "2.B.3.e", 1.5, uow=FakeUnitOfWork(store), taxonomy=tax)
    assert not store.assessments


def test_a_failed_import_leaves_skills_and_records_untouched(tmp_path: Path) -> None:
    store = FakeStore()
    _hris(store)
    before = dict(store.people)
    bad = write(tmp_path, "e.csv", "person_id,hire_date,title\nE1002,2020-01-01,Programmer\n")
    with pytest.raises(DataError, match="already stored"):
        run_import(store, "hris", bad, taxonomy=facet_taxonomy())
    with pytest.raises(DataError):
        run_import(store, "resume", tmp_path / "missing.pdf", person_id="E1002")
    assert store.people == before and not store.records


def test_a_resume_after_hris_joins_resume_and_role_evidence(tmp_path: Path) -> None:
    store = FakeStore()
    _hris(store)
    run_import(store, "resume", text_resume(tmp_path), person_id="E1003", taxonomy=facet_taxonomy())
    crit = _claim(store, "E1003", "2.A.2.a")
    assert {"resume", "role"} <= {e.source for e in crit.evidence}


def test_requirements_from_facets_org_roles_and_esco_links() -> None:
    tax = facet_taxonomy()
    reqs = occupation_requirements(tax, {"15-1252.00", "99-9999.00"})
    assert list(reqs) == ["15-1252.00"]
    assert [r.skill_id for r in reqs["15-1252.00"]][:3] == ["2.B.3.e", "2.C.3.a", "2.A.2.a"]
    esco = Occupation("http://e/occ", "dev", "esco", links=("15-2051.00",))
    linked = occupation_requirements(
        type(tax)({**tax.occupations, esco.id: esco}, tax.skills, tax.facets), {esco.id}
    )
    assert linked[esco.id][0] == RoleRequirement("2.A.2.a", 0.9, 0.7)
    assert org_requirements(tax, {"org:swe-2"}) == {}  # no org facets in this taxonomy
