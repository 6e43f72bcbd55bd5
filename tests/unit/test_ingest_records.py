"""Course catalog, xAPI statements, projects and assessments: validation, store checks, re-imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careerpath.domain.errors import DataError
from fakes import FakeStore
from fixtures.ingest.ingest_support import EXAMPLES, data_is_empty, run_import, write

XAPI_MAP = EXAMPLES / "xapi" / "mapping.yaml"


@pytest.fixture()
def store() -> FakeStore:
    """A store holding the example employees and course catalog."""
    s = FakeStore()
    run_import(
        s, "hris", EXAMPLES / "hris" / "employees.csv", mapping=EXAMPLES / "hris" / "mapping.yaml"
    )
    run_import(s, "courses", EXAMPLES / "xapi" / "courses.csv")
    return s


def test_examples_import_and_reimports_are_skipped(store: FakeStore) -> None:
    for kind, path, mapping in (
        ("xapi", EXAMPLES / "xapi" / "statements.json", XAPI_MAP),
        ("projects", EXAMPLES / "projects.csv", None),
        ("assessments", EXAMPLES / "assessments.csv", None),
    ):
        first = run_import(store, kind, path, mapping=mapping)
        assert first.rejected == 0 and first.accepted + first.skipped == first.rows_read
        again = run_import(store, kind, path, mapping=mapping)
        assert again.accepted == 0 and again.skipped == again.rows_read
    assert [(r.person_id, r.course_id, r.verb) for r in store.records] == [
        ("E1002", "PY101", "completed"),
        ("E1004", "SQL201", "passed"),
        ("E1001", "LEAD300", "experienced"),
    ]
    assert store.records[1].score == pytest.approx(0.86)
    assert store.assessments[0].level == pytest.approx(0.7)  # "advanced"


def test_course_rows_checked(tmp_path: Path) -> None:
    s = FakeStore()
    text = (
        "course_id,title,hours,cost,skills\n"
        "C1,Ok,2,0,2.B.3.e:0.5\n"
        "C2,Bad skill,2,0,9.Z.9:0.5\n"
        "C3,Bad level,2,0,2.B.3.e:great\n"
        "C4,Bad hours,-2,0,2.B.3.e:basic\n"
        "C1,Again,1,0,2.B.3.e:0.5\n"
    )
    report = run_import(s, "courses", write(tmp_path, "c.csv", text))
    assert [str(r) for r in report.rejects] == [
        'c.csv:2 course_id: "C1" repeats on lines 2, 6',
        'c.csv:3 skills: "9.Z.9" is not a skill id of the taxonomy (write skill_id:level)',
        'c.csv:4 skills: "2.B.3.e:great" is not a level: use 0-1 or one of awareness, basic, working, intermediate, advanced, expert',
        'c.csv:5 hours: "-2" is not a non-negative number',
        'c.csv:6 course_id: "C1" repeats on lines 2, 6',
    ]
    assert data_is_empty(s)  # every row was rejected


def test_stored_courses_abort_unless_replace(store: FakeStore) -> None:
    with pytest.raises(DataError, match=r"courses.csv:2: 3 courses are already stored"):
        run_import(store, "courses", EXAMPLES / "xapi" / "courses.csv")
    assert (
        run_import(store, "courses", EXAMPLES / "xapi" / "courses.csv", replace=True).accepted == 3
    )


def _statement(name: str, course: str = "PY101", **extra: object) -> dict[str, object]:
    return {
        "actor": {"account": {"homePage": "https://lms.example.com", "name": name}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": f"https://lms.example.com/courses/{course}"},
        "timestamp": "2024-01-02T03:04:05Z",
        **extra,
    }


def test_xapi_json_lines_with_located_rejects(store: FakeStore, tmp_path: Path) -> None:
    lines = [
        _statement("E1002", id="s1"),
        _statement("E9999"),  # unknown person
        _statement("E1003", course="NOPE"),  # not in the catalog
        _statement("E1003", timestamp="2031-01-01T00:00:00Z"),
        {**_statement("E1003"), "actor": {"mbox": "mailto:x@example.com"}},
        _statement("E1002", id="s1"),  # same statement id again
        {
            **_statement("E1003"),
            "verb": {"display": {"en-US": "passed"}},
            "result": {"score": {"raw": 8, "min": 0, "max": 10}},
        },
    ]
    path = write(tmp_path, "lrs.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    report = run_import(store, "xapi", path, mapping=XAPI_MAP)
    assert [str(r) for r in report.rejects] == [
        'lrs.jsonl:2 person_id: "E9999" is not a stored person (import the HRIS employees first)',
        'lrs.jsonl:3 course_id: "NOPE" is not in the course catalog (import it first: people import courses)',
        'lrs.jsonl:4 /3/timestamp: "2031-01-01T00:00:00Z" is in the future (after 2025-06-30)',
        'lrs.jsonl:5 /4/actor/mbox: "mailto:x@example.com" has no person id under actors: in the mapping',
        'lrs.jsonl:6 /5/id: "s1" repeats the statement on line 1',
    ]
    assert (report.rows_read, report.accepted, report.rejected) == (7, 2, 5)
    assert store.records[-1].verb == "passed" and store.records[-1].score == pytest.approx(0.8)


def test_xapi_array_lines_point_at_the_statement(store: FakeStore, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "s.json",
        json.dumps([_statement("E1002"), _statement("E1002", timestamp="nope")], indent=1),
    )
    report = run_import(store, "xapi", path, mapping=XAPI_MAP)
    line = path.read_text().splitlines().index(" {", 2) + 1
    assert [str(r) for r in report.rejects] == [
        f's.json:{line} /1/timestamp: "nope" is not an ISO 8601 timestamp'
    ]


def test_project_and_assessment_rows_checked(store: FakeStore, tmp_path: Path) -> None:
    projects = write(
        tmp_path,
        "p.csv",
        "project_id,name,person_id,role,skills,start,end\n"
        "P1,X,E1002,Dev,2.B.3.e,2024-05-01,2024-01-01\n"
        "P1,X,E1003,Dev,nope,2024-01-01,\n"
        "P2,Y,E1003,Dev,2.B.3.e,2024-01-01,\n"
        "P2,Y,E1003,Dev,2.B.3.e,2024-01-01,\n",
    )
    report = run_import(store, "projects", projects)
    assert [str(r) for r in report.rejects] == [
        'p.csv:2 end: "2024-01-01" is before the start 2024-05-01',
        'p.csv:3 skills: "nope" is not a skill id of the taxonomy',
        'p.csv:5 project_id: "P2" repeats the project and person of line 4',
    ]
    assessments = write(
        tmp_path,
        "a.csv",
        "person_id,skill_id,level,assessor,date\n"
        "E1002,2.B.3.e,1.5,self,2024-01-01\n"
        "E1002,2.B.3.e,basic,peer,2024-01-01\n"
        "E1002,2.B.3.e,basic,Manager,2024-01-01\n",
    )
    report = run_import(store, "assessments", assessments)
    assert [str(r) for r in report.rejects] == [
        'a.csv:2 level: "1.5" is outside [0, 1]: use 0-1 or one of awareness, basic, working, intermediate, advanced, expert',
        'a.csv:3 assessor: "peer" is not an assessor: use self or manager',
    ]
    assert store.assessments[-1].assessor == "manager"
