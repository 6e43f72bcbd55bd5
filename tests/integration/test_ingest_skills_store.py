"""HRIS, courses, xAPI and a generated resume into SQLite; `people show` JSON has the merged skills."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import cast

import pytest

import careerpath.cli as cli
from careerpath.cli import people
from careerpath.engine.ports import UnitOfWork
from careerpath.store import open_store
from fixtures.ingest.ingest_support import EXAMPLES
from fixtures.ingest.skills_support import facet_taxonomy, pdf_resume


def test_examples_and_a_resume_into_sqlite_then_show_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    factory = open_store(f"sqlite:///{tmp_path / 'people.db'}")
    monkeypatch.setattr(people, "UOW_FACTORY", lambda settings: cast(UnitOfWork, factory()))
    monkeypatch.setattr(people, "TAXONOMY_FACTORY", lambda settings: facet_taxonomy())
    monkeypatch.setattr(cli, "_register", lambda: None)
    if not any(g.name == "people" for g in cli.app.registered_groups):
        cli.app.add_typer(people.app, name="people")

    def run(*args: str) -> str:
        monkeypatch.setattr(sys, "argv", ["careerpath", "people", *args])
        try:
            cli.main()
        except SystemExit as exc:
            assert not exc.code, capsys.readouterr().err
        return capsys.readouterr().out

    hris, xapi = EXAMPLES / "hris", EXAMPLES / "xapi"
    run("import", "hris", str(hris / "employees.csv"), "--history", str(hris / "history.csv"),
        "--mapping", str(hris / "mapping.yaml"))  # fmt: skip
    run("import", "courses", str(xapi / "courses.csv"))
    run("import", "xapi", str(xapi / "statements.json"), "--mapping", str(xapi / "mapping.yaml"))
    run("import", "resume", str(pdf_resume(tmp_path)), "--person", "E1002", "--exact")
    shown = json.loads(run("show", "E1002", "--format", "json"))
    skills = {c["skill_id"]: c for c in shown["skills"]}
    sources = {e["source"] for e in skills["2.B.3.e"]["evidence"]}
    assert sources == {"role", "hris", "learning", "resume"}  # PY101 teaches 2.B.3.e
    assert any(s["employer"] == "Atelier Numérique" for s in shown["history"])
    python = skills["http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"]
    assert [e["ref"] for e in python["evidence"]] == ["course:PY101"]
    with factory() as uow:
        assert uow.people.count() == 5
        assert [b.status for b in uow.imports.batches()] == ["ok"] * 4
