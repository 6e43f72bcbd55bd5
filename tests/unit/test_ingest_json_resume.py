"""JSON Resume: entries located by JSON pointer and line; skills linked; merge into stored people."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from careerpath.domain.errors import DataError
from careerpath.domain.matching import Match
from fakes import FakeStore
from fixtures.ingest.ingest_support import EXAMPLES, data_is_empty, run_import, write

RESUME = EXAMPLES / "json-resume.json"


class FakeLinker:
    """Links 'k8s' to the SQL skill (any other text: nothing)."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def link(self, texts: Sequence[str], *, taxonomy: str, top: int) -> list[list[Match]]:
        self.calls.append(list(texts))
        return [
            [
                Match(
                    "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742",
                    "SQL",
                    0.9,
                )
            ]
            if t == "Kubernetes"
            else []
            for t in texts
        ]


def test_example_resume_becomes_a_profile_with_evidence() -> None:
    store = FakeStore()
    report = run_import(store, "json-resume", RESUME)
    assert (report.rows_read, report.accepted, report.rejected) == (10, 10, 0)
    p = store.people["E1003"]
    assert [s.employer for s in p.history] == ["Université de Lyon", "Atelier Numérique"]
    assert p.history[1].occupation_id == "15-1252.00"  # "Programmer" is an O*NET alternate title
    assert p.education[0].institution == "INSA Lyon"
    assert {c.skill_id for c in p.skills} >= {
        "2.B.3.e",
        "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
    }
    assert all(e.source == "resume" for c in p.skills for e in c.evidence)
    assert report.notes[0] == "1 skill names not linked to the taxonomy: Kubernetes"


def test_skill_linker_is_used_for_names_without_an_exact_label() -> None:
    store = FakeStore()
    linker = FakeLinker()
    run_import(store, "json-resume", RESUME, linker=linker)
    assert linker.calls == [["Kubernetes"]]
    sql = store.people["E1003"].skill(
        "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"
    )
    assert sql is not None and len(sql.evidence) == 2


def _resume(tmp: Path, work: list[dict[str, object]]) -> Path:
    doc = {"meta": {"personId": "P1"}, "basics": {"name": "Ann"}, "work": work}
    return write(tmp, "resume.json", json.dumps(doc, indent=2))


def test_bad_date_rejects_the_entry_with_pointer_and_line(tmp_path: Path) -> None:
    store = FakeStore()
    good = {"name": "A", "position": "Programmer", "startDate": "2015-01"}
    bad = {"name": "B", "position": "Programmer", "startDate": "2019-13"}
    path = _resume(tmp_path, [good, good | {"name": "C"}, bad])
    report = run_import(store, "json-resume", path)
    lines = path.read_text().splitlines()
    line = next(k for k, text in enumerate(lines, 1) if '"2019-13"' in text)
    assert [str(r) for r in report.rejects] == [
        f'resume.json:{line} /work/2/startDate: "2019-13" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)'
    ]
    assert (report.accepted, report.rejected) == (3, 1)
    assert len(store.people["P1"].history) == 2


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"name": "A", "startDate": "2015"}, "/work/0/position: position is required"),
        (
            {"position": "X", "startDate": "2030-01"},
            '/work/0/startDate: "2030-01" is in the future',
        ),
        (
            {"position": "X", "startDate": "2015", "endDate": "2014"},
            '/work/0/endDate: "2014" is before the startDate 2015',
        ),
        ({"position": 7, "startDate": "2015"}, '/work/0/position: "7" is not a string'),
    ],
)
def test_entry_problems_are_located(
    tmp_path: Path, entry: dict[str, object], expected: str
) -> None:
    report = run_import(FakeStore(), "json-resume", _resume(tmp_path, [entry]))
    assert len(report.rejects) == 1 and expected in str(report.rejects[0])
    assert str(report.rejects[0]).startswith("resume.json:")


def test_broken_json_aborts_with_its_line(tmp_path: Path) -> None:
    store = FakeStore()
    path = write(tmp_path, "resume.json", '{\n "basics": {\n  "name": "Ann",\n }\n}\n')
    with pytest.raises(DataError, match=r"^resume.json:4: not valid JSON"):
        run_import(store, "json-resume", path, person_id="P1")
    assert data_is_empty(store)


def test_a_person_id_is_needed(tmp_path: Path) -> None:
    path = write(tmp_path, "resume.json", '{"basics": {"name": "Ann"}}')
    with pytest.raises(DataError, match="no person id"):
        run_import(FakeStore(), "json-resume", path)
    report = run_import(FakeStore(), "json-resume", path, person_id="P9")
    assert report.accepted == 1


def test_resume_merges_into_a_stored_person_and_guards_a_second_resume() -> None:
    store = FakeStore()
    run_import(
        store,
        "hris",
        EXAMPLES / "hris" / "employees.csv",
        mapping=EXAMPLES / "hris" / "mapping.yaml",
    )
    run_import(store, "json-resume", RESUME)
    p = store.people["E1003"]
    assert p.name == "Chloé Martin" and p.org_unit == "Platform"  # HR fields kept
    assert [s.employer for s in p.history] == ["Université de Lyon", "Atelier Numérique", ""]
    before = dict(store.people)
    with pytest.raises(DataError, match=r"resume data of already stored: E1003 \(line 1\)"):
        run_import(store, "json-resume", RESUME)
    assert store.people == before
    run_import(store, "json-resume", RESUME, replace=True)
    assert store.people["E1003"] == p  # the same resume again changes nothing
