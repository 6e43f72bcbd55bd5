"""Imports through the real SQLite store: every example, located rejects, and all-or-nothing."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest

from careerpath.domain.errors import DataError
from careerpath.engine.people import ImportReport, import_people, show_person
from careerpath.engine.ports import UnitOfWork
from careerpath.ingest.readers import READERS
from careerpath.store import open_store
from fixtures.ingest.ingest_support import EXAMPLES, TODAY, small_taxonomy

STEPS = (
    ("hris", EXAMPLES / "hris" / "employees.csv", EXAMPLES / "hris" / "mapping.yaml"),
    ("courses", EXAMPLES / "xapi" / "courses.csv", None),
    ("xapi", EXAMPLES / "xapi" / "statements.json", EXAMPLES / "xapi" / "mapping.yaml"),
    ("projects", EXAMPLES / "projects.csv", None),
    ("assessments", EXAMPLES / "assessments.csv", None),
    ("json-resume", EXAMPLES / "json-resume.json", None),
)


def _import(uow: UnitOfWork, kind: str, path: Path, **kw: object) -> ImportReport:
    return import_people(
        kind,
        path,
        uow=uow,
        taxonomy=small_taxonomy(),
        readers=READERS,
        today=TODAY,
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture()
def uow(tmp_path: Path) -> UnitOfWork:
    return cast(UnitOfWork, open_store(f"sqlite:///{tmp_path / 'people.db'}")())


def test_every_example_imports_into_sqlite(uow: UnitOfWork) -> None:
    history = EXAMPLES / "hris" / "history.csv"
    for kind, path, mapping in STEPS:
        extra = {"history": history} if kind == "hris" else {}
        report = _import(uow, kind, path, mapping=mapping, **extra)
        assert report.rejected == 0, report.rejects
    person = show_person("E1003", uow=uow)
    assert [s.employer for s in person.history][:2] == ["Université de Lyon", "Atelier Numérique"]
    assert any(e.source == "resume" for c in person.skills for e in c.evidence)
    with uow:
        assert uow.people.count() == 5
        assert [r.course_id for r in uow.learning.records_of("E1002")] == ["PY101"]
        assert len(uow.learning.assessments_of("E1002")) == 2
        assert {b.status for b in uow.imports.batches()} == {"ok"}


def test_a_refused_import_writes_nothing(uow: UnitOfWork, tmp_path: Path) -> None:
    _import(uow, "hris", EXAMPLES / "hris" / "employees.csv", mapping=STEPS[0][2])
    again = tmp_path / "again.csv"
    again.write_text(
        "person_id,hire_date,title\nE9,2020-01-01,Programmer\nE1001,2020-01-01,Programmer\n"
    )
    with pytest.raises(DataError, match="already stored"):
        _import(uow, "hris", again)
    with uow:
        assert uow.people.count() == 5 and uow.people.get("E9") is None
        assert [b.status for b in uow.imports.batches()] == ["ok", "failed"]
