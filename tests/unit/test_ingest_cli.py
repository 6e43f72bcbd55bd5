"""`careerpath people import|show` with a fake unit of work and a tiny taxonomy injected by hooks."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import careerpath.cli as cli
from careerpath.cli import people
from fakes import FakeStore, FakeUnitOfWork
from fixtures.ingest.ingest_support import EXAMPLES, small_taxonomy, write

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture()
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture()
def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], store: FakeStore
) -> Iterator[Run]:
    monkeypatch.setattr(people, "UOW_FACTORY", lambda settings: FakeUnitOfWork(store))
    monkeypatch.setattr(people, "TAXONOMY_FACTORY", lambda settings: small_taxonomy())
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


def test_import_then_show_json(run: Run) -> None:
    emp, hist = EXAMPLES / "hris" / "employees.csv", EXAMPLES / "hris" / "history.csv"
    mapping = EXAMPLES / "hris" / "mapping.yaml"
    code, out, _ = run(
        "import",
        "hris",
        str(emp),
        "--mapping",
        str(mapping),
        "--history",
        str(hist),
        "--format",
        "json",
    )
    assert code == 0
    report = json.loads(out)
    assert (report["rows_read"], report["accepted"], report["rejected"]) == (10, 10, 0)
    code, out, _ = run("show", "E1001", "--format", "json")
    profile = json.loads(out)
    assert code == 0 and profile["person_id"] == "E1001"
    assert profile["skills"][0]["evidence"][0]["source"] == "hris"
    code, out, _ = run("show", "E1001")
    assert code == 0 and "org:em-4" in out and "skills and evidence" in out


def test_rejects_csv_and_exit_code_one(run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "emp.csv",
        "person_id,hire_date,title\nE1,2019-01-01,Programmer\nE2,someday,Programmer\n",
    )
    out_csv = tmp_path / "rejects.csv"
    code, out, _ = run("import", "hris", str(path), "--rejects", str(out_csv))
    assert code == 1 and "rejects" in out
    with out_csv.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows == [
        {
            "file": "emp.csv",
            "line": "3",
            "field": "hire_date",
            "value": "someday",
            "reason": "is not a date in the format(s) %Y-%m-%d",
        }
    ]


def test_errors_are_one_line_and_exit_two(run: Run, tmp_path: Path, store: FakeStore) -> None:
    path = write(tmp_path, "emp.csv", "person_id,title\nE1,Programmer\n")
    code, _out, err = run("import", "hris", str(path))
    assert code == 2 and err.startswith("careerpath: error: emp.csv:1 column 'hire_date'")
    assert err.count("\n") == 1 and not store.people
    code, _, err = run("show", "nobody")
    assert code == 2 and "no person with id 'nobody'" in err


def test_resume_import_then_correct(run: Run, tmp_path: Path, store: FakeStore) -> None:
    from fixtures.ingest.skills_support import docx_resume

    code, out, _ = run(
        "import", "resume", str(docx_resume(tmp_path)), "--person", "C1", "--exact", "-f", "json"
    )
    assert code == 0 and json.loads(out)["accepted"] == 1
    assert any(s.employer == "Atelier Numérique" for s in store.people["C1"].history)
    code, out, _ = run("correct", "C1", "2.B.3.e", "expert", "--note", "ten years")
    assert code == 0 and "corrected to 0.90" in out
    code, out, _ = run("show", "C1", "--format", "json")
    claim = next(c for c in json.loads(out)["skills"] if c["skill_id"] == "2.B.3.e")
    assert claim["origin"] == "corrected" and claim["evidence"][0]["source"] == "correction"
    code, out, _ = run("correct", "C1", "2.B.3.e", "0")
    assert code == 0 and "removed" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nobody", "2.B.3.e", "0.5"), "no person with id 'nobody'"),
        (("C1", "no-such-skill", "0.5"), "unknown skill id 'no-such-skill'"),
        (("C1", "2.B.3.e", "lots"), 'level "lots" is not a level'),
    ],
)
def test_bad_corrections_are_one_line_and_exit_two(
    run: Run, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    from fixtures.ingest.skills_support import text_resume

    run("import", "resume", str(text_resume(tmp_path)), "--person", "C1", "--exact")
    code, _, err = run("correct", *args)
    assert code == 2 and message in err and err.count("\n") == 1


def test_llm_resume_errors_are_one_line_and_write_nothing(
    run: Run, tmp_path: Path, store: FakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fixtures.ingest.skills_support import text_resume

    monkeypatch.setenv("CAREERPATH_LLM_ENABLED", "true")
    monkeypatch.setenv("CAREERPATH_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("CAREERPATH_LLM_MODEL", "tiny")
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(tmp_path / "cache"))
    code, _, err = run("import", "resume", str(text_resume(tmp_path)), "--person", "C1", "--exact")
    assert code == 2 and err.startswith("careerpath: error: LLM request to http://127.0.0.1:9/v1")
    assert err.count("\n") == 1 and not store.people
