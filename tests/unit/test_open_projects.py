"""Open projects: imported from CSV with located rejects, stored, used by recommend and simulate."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from test_recommend import _store, _taxonomy

import careerpath.cli as cli
from careerpath.cli import people
from careerpath.domain.errors import DataError, UnknownCodeError
from careerpath.domain.opportunities import OpenProject
from careerpath.domain.taxonomy import Skill, Taxonomy
from careerpath.engine.people import ImportReport, import_people
from careerpath.engine.recommend import recommend_for
from careerpath.engine.recommend_whatif import simulate_for
from careerpath.ingest.open_projects import KIND, READER
from fakes import FakeStore, FakeUnitOfWork
from fixtures.ingest.ingest_support import EXAMPLES, write

TODAY = date(2025, 1, 1)
HEADER = "project_id,name,skills,start,end,seats\n"


def _tax() -> Taxonomy:
    """The recommend tests' skills plus an ESCO skill URI."""
    tax = _taxonomy()
    esco = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"
    return Taxonomy({}, {**tax.skills, esco: Skill(esco, "SQL", "esco", "skill")}, {})


def _import(store: FakeStore, path: Path, **kw: object) -> ImportReport:
    return import_people(
        KIND,
        path,
        uow=FakeUnitOfWork(store),
        taxonomy=_tax(),
        readers={KIND: READER},
        today=TODAY,
        **kw,  # type: ignore[arg-type]
    )


def test_rows_checked_with_located_rejects(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "open.csv",
        HEADER + "P1,Good,py;http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742,"
        "2025-02-01,2025-08-01,2\n"
        "P2,,py,,,\n"
        "P3,Unknown skill,py;cobol,,,\n"
        "P4,Backwards,lead,2025-06-01,2025-03-01,\n"
        "P5,Ended,lead,2024-01-01,2024-06-01,\n"
        "P6,No seats,sql,,,0\n"
        "P7,Bad date,sql,31/12/2025,,\n"
        "P1,Again,sql,,,\n"
        "P8,No skills,,,,\n",
    )
    store = FakeStore()
    report = _import(store, path)
    assert (report.rows_read, report.accepted, report.rejected) == (9, 0, 9)
    by_line = {r.line: (r.field, r.value, r.reason) for r in report.rejects}
    assert by_line[3][:2] == ("name", "") and "missing" in by_line[3][2]
    assert by_line[4][:2] == ("skills", "cobol")
    assert by_line[5][:2] == ("end", "2025-03-01") and "before the start" in by_line[5][2]
    assert by_line[6][:2] == ("end", "2024-06-01") and "ended" in by_line[6][2]
    assert by_line[7][:2] == ("seats", "0")
    assert by_line[8][:2] == ("start", "31/12/2025")
    assert by_line[9][0] == "project_id" and "repeats on lines 2, 9" in by_line[9][2]
    assert by_line[10][0] == "skills" and "no skill" in by_line[10][2]
    assert store.open_projects == {}  # P1 repeats: both of its rows are rejected


def test_accepted_rows_stored_stored_ids_abort_unless_replace(tmp_path: Path) -> None:
    path = write(
        tmp_path, "open.csv", HEADER + "P1,Lead a squad,lead;py,2025-03-01,,2\nP2,Ops,ops,,,\n"
    )
    store = FakeStore()
    report = _import(store, path)
    assert report.accepted == 2 and report.rejected == 0
    assert store.open_projects["P1"] == OpenProject(
        "P1", "Lead a squad", ("lead", "py"), date(2025, 3, 1), None, 2
    )
    with pytest.raises(DataError, match="already stored"):
        _import(store, path)
    changed = write(tmp_path, "open2.csv", HEADER + "P1,Lead a squad,lead,,,5\n")
    again = _import(store, changed, replace=True)
    assert again.accepted == 1 and any("updated" in n for n in again.notes)
    assert store.open_projects["P1"].seats == 5 and "P2" in store.open_projects


def test_missing_column_aborts_and_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "open.csv", "project_id,skills\nP1,py\n")
    store = FakeStore()
    with pytest.raises(DataError, match="name"):
        _import(store, path)
    assert store.open_projects == {}


def test_stored_projects_feed_stretch_projects_and_what_ifs() -> None:
    store = _store()
    with FakeUnitOfWork(store) as uow:
        uow.projects.add_open(
            [
                OpenProject("LEAD", "Lead the guild", ("lead",), None, None, 1),
                OpenProject("FULL", "No place", ("lead",), None, None, 0),
            ]
        )
        uow.commit()
    rec = recommend_for(
        "P1", uow=FakeUnitOfWork(store), taxonomy=_taxonomy(), today=TODAY, target="org:e3"
    )
    assert [p.project_id for p in rec.stretch_projects] == ["LEAD"]
    assert rec.stretch_projects[0].skills == ("lead",)
    assert rec.stretch_projects[0].reason.startswith("exercises LEAD")  # named by its label
    given = recommend_for(
        "P1", uow=FakeUnitOfWork(store), taxonomy=_taxonomy(), today=TODAY, target="org:e3",
        projects=(),
    )  # fmt: skip
    assert given.stretch_projects == ()
    result = simulate_for(
        "P1",
        target="org:e3",
        what_if=[("project", "LEAD")],
        uow=FakeUnitOfWork(store),
        taxonomy=_taxonomy(),
        today=TODAY,
    )
    assert result.readiness_after > result.readiness_before
    with pytest.raises(UnknownCodeError, match="open-projects"):
        simulate_for(
            "P1",
            target="org:e3",
            what_if=[("project", "NOPE")],
            uow=FakeUnitOfWork(store),
            taxonomy=_taxonomy(),
            today=TODAY,
        )


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture()
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    store = FakeStore()
    monkeypatch.setattr(people, "UOW_FACTORY", lambda settings: FakeUnitOfWork(store))
    monkeypatch.setattr(people, "TAXONOMY_FACTORY", lambda settings: _tax())
    monkeypatch.setattr(cli, "_register", lambda: None)
    if not any(g.name == "people" for g in cli.app.registered_groups):
        cli.app.add_typer(people.app, name="people")

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["careerpath", "people", *args])
        code = 0
        try:
            cli.main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        out = capsys.readouterr()
        return code, out.out, out.err

    yield invoke


def test_cli_import_kind(run: Run, tmp_path: Path) -> None:
    good = write(tmp_path, "good.csv", HEADER + "P1,Lead,lead,,2099-01-01,2\n")
    code, out, _ = run("import", "open-projects", str(good))
    assert code == 0 and "1" in out
    bad = write(tmp_path, "bad.csv", HEADER + "P2,Bad,cobol,,,\n")
    code, out, _ = run("import", "open-projects", str(bad))
    assert code == 1 and "cobol" in out


@pytest.mark.realdata
def test_example_file_and_demo_projects(data_dir: Path) -> None:
    from careerpath.bootstrap import load_taxonomy
    from careerpath.config import Settings
    from careerpath.engine.demo import build_demo, write_demo

    taxonomy = load_taxonomy(Settings(data_dir=data_dir))
    store = FakeStore()
    report = import_people(
        KIND,
        EXAMPLES / "open-projects.csv",
        uow=FakeUnitOfWork(store),
        taxonomy=taxonomy,
        readers={KIND: READER},
        today=TODAY,
    )
    assert report.rejected == 0 and report.accepted == len(store.open_projects) == 5
    today = date(2025, 6, 30)
    demo = build_demo(taxonomy=taxonomy, size=100, seed=3, today=today)
    demo_store = FakeStore()
    write_demo(demo, FakeUnitOfWork(demo_store))
    assert demo.counts()["open projects"] == len(demo_store.open_projects) > 0
    required = {r.skill_id for _, reqs in demo.roles for r in reqs}
    assert all(set(p.skills) <= required and p.seats >= 1 for p in demo.open_projects)
    found = [
        p.project_id
        for person in demo.people[:10]
        if person.current is not None
        for p in recommend_for(
            person.person_id, uow=FakeUnitOfWork(demo_store), taxonomy=taxonomy, today=today
        ).stretch_projects
    ]
    assert found and all(p.startswith("OPEN-") for p in found)
