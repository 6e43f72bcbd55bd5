"""HRIS employees and job history: mapping, role codes, rejects, aborts, replace; nothing half-written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from careerpath.domain.errors import DataError
from fakes import FakeStore
from fixtures.ingest.ingest_support import EXAMPLES, data_is_empty, run_import, write

MAPPING = EXAMPLES / "hris" / "mapping.yaml"
HEADER = "person_id,name,hire_date,title,role_code\n"


def test_example_export_with_history_builds_full_profiles() -> None:
    store = FakeStore()
    report = run_import(
        store,
        "hris",
        EXAMPLES / "hris" / "employees.csv",
        mapping=MAPPING,
        history=EXAMPLES / "hris" / "history.csv",
    )
    assert (report.rows_read, report.accepted, report.rejected) == (10, 10, 0)
    ana = store.people["E1001"]
    assert [s.role_id for s in ana.history] == ["org:swe-2", "org:em-4"]
    assert ana.current is not None and ana.current.occupation_id == "11-3021.00"
    assert ana.performance == pytest.approx(0.75)
    assert {c.skill_id for c in ana.skills} == {"2.B.1.a", "2.A.2.a"}
    assert ana.skills[0].evidence[0].source == "hris"
    ben = store.people["E1002"]
    assert ben.current is not None and ben.current.start == date(2021, 9, 1)  # 9999-12-31 = open
    eva = store.people["E1005"]  # a free title resolved exactly (O*NET alternate title)
    assert eva.history[0].occupation_id == "15-1252.00" and eva.history[0].role_id is None
    assert store.batches and next(iter(store.batches.values())).status == "ok"


def test_missing_required_column_aborts_naming_file_line_and_column(tmp_path: Path) -> None:
    store = FakeStore()
    path = write(tmp_path, "emp.csv", "person_id,name,title\nE1,Ann,Programmer\n")
    with pytest.raises(DataError) as err:
        run_import(store, "hris", path)
    assert str(err.value).startswith("emp.csv:1 column 'hire_date'")
    assert data_is_empty(store)
    assert [b.status for b in store.batches.values()] == ["failed"]


def test_mapped_column_missing_names_their_column(tmp_path: Path) -> None:
    path = write(tmp_path, "emp.csv", "Employee ID,Full Name\nE1,Ann\n")
    with pytest.raises(DataError, match=r"emp.csv:1 column 'Hire Date'"):
        run_import(FakeStore(), "hris", path, mapping=MAPPING)


def test_bad_rows_are_rejected_with_file_line_field_and_the_rest_imported(tmp_path: Path) -> None:
    store = FakeStore()
    text = HEADER + (
        "E1,Ann,2019-02-30,Programmer,\n"  # no such day
        "E2,Bob,2030-01-01,Programmer,\n"  # future
        "E3,Cy,2019-01-01,,org:nope\n"  # unknown role code
        "E4,Di,2019-01-01,Data Scientist,\n"
        "E5,Ed,2019-01-01,Unheard-of Title,\n"  # unresolved title: kept, not rejected
    )
    report = run_import(store, "hris", write(tmp_path, "emp.csv", text))
    messages = [str(r) for r in report.rejects]
    assert messages == [
        'emp.csv:2 hire_date: "2019-02-30" is not a date in the format(s) %Y-%m-%d',
        'emp.csv:3 hire_date: "2030-01-01" is in the future (after 2025-06-30)',
        'emp.csv:4 role_code: "org:nope" is not a known role code (an org role id, O*NET-SOC code or ESCO URI)',
    ]
    assert (report.rows_read, report.accepted, report.rejected) == (5, 2, 3)
    assert sorted(store.people) == ["E4", "E5"]
    assert store.people["E4"].history[0].role_id == "org:ds-2"
    assert store.people["E5"].history[0].occupation_id is None
    assert store.people["E5"].history[0].title == "Unheard-of Title"


def test_person_id_repeated_in_the_file_rejects_every_row_of_it(tmp_path: Path) -> None:
    store = FakeStore()
    text = (
        HEADER
        + "E1,Ann,2019-01-01,Programmer,\nE2,Bo,2019-01-01,Programmer,\nE1,Al,2019-01-01,Programmer,\n"
    )
    report = run_import(store, "hris", write(tmp_path, "emp.csv", text))
    assert [str(r) for r in report.rejects] == [
        'emp.csv:2 person_id: "E1" repeats on lines 2, 4',
        'emp.csv:4 person_id: "E1" repeats on lines 2, 4',
    ]
    assert sorted(store.people) == ["E2"]


def test_people_already_stored_abort_unless_replace(tmp_path: Path) -> None:
    store = FakeStore()
    first = write(tmp_path, "a.csv", HEADER + "E1,Ann,2019-01-01,,swe-1\n")
    run_import(store, "hris", first)
    again = write(tmp_path, "b.csv", HEADER + "E2,Bo,2019-01-01,,swe-1\nE1,Ann,2019-01-01,,swe-2\n")
    before = dict(store.people)
    with pytest.raises(DataError, match=r"b.csv:3: 1 people are already stored: E1 \(line 3\)"):
        run_import(store, "hris", again)
    assert store.people == before  # nothing half-written: E2 not added either
    report = run_import(store, "hris", again, replace=True)
    assert report.accepted == 2
    e1 = store.people["E1"]
    assert [(s.role_id, s.end) for s in e1.history] == [
        ("org:swe-1", date(2019, 1, 1)),
        ("org:swe-2", None),
    ]


def test_wrong_encoding_is_one_line_error_naming_the_line(tmp_path: Path) -> None:
    store = FakeStore()
    path = tmp_path / "emp.csv"
    path.write_bytes(
        (HEADER + "E1,Ann,2019-01-01,Programmer,\n").encode()
        + "E2,Zoë,2019-01-01,x,\n".encode("latin-1")
    )
    with pytest.raises(DataError) as err:
        run_import(store, "hris", path)
    assert str(err.value).startswith("emp.csv:3: not valid utf-8 text")
    assert "\n" not in str(err.value) and data_is_empty(store)


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    store = FakeStore()
    path = write(tmp_path, "emp.csv", HEADER + "E1,Ann,2019-01-01,Programmer,\n")
    with pytest.raises(DataError, match=r"over the 10-byte limit"):
        run_import(store, "hris", path, max_bytes=10)
    assert data_is_empty(store)


def test_history_rows_checked_and_tied_to_employee_rows(tmp_path: Path) -> None:
    store = FakeStore()
    emp = write(tmp_path, "emp.csv", HEADER + "E1,Ann,2018-01-01,,swe-2\nE2,Bo,bad,,swe-1\n")
    hist = write(
        tmp_path,
        "hist.csv",
        "person_id,role_code,start,end\n"
        "E1,swe-1,2018-01-01,2017-12-31\n"  # ends before it starts
        "E1,swe-1,2018-01-01,2019-12-31\n"
        "E2,swe-1,2019-01-01,\n"  # its employee row was rejected
        "E9,swe-1,2019-01-01,\n",  # not in the employees file
    )
    report = run_import(store, "hris", emp, history=hist)
    assert [str(r) for r in report.rejects] == [
        'emp.csv:3 hire_date: "bad" is not a date in the format(s) %Y-%m-%d',
        'hist.csv:2 end: "2017-12-31" is before the start 2018-01-01',
        'hist.csv:4 person_id: "E2" has its row in emp.csv rejected',
        'hist.csv:5 person_id: "E9" is not in the employees file emp.csv',
    ]
    assert (report.rows_read, report.accepted, report.rejected) == (6, 2, 4)
    assert [(s.role_id, s.start) for s in store.people["E1"].history] == [
        ("org:swe-1", date(2018, 1, 1)),
        ("org:swe-2", date(2019, 12, 31)),
    ]


def test_history_alone_updates_stored_people_and_guards_existing_history(tmp_path: Path) -> None:
    store = FakeStore()
    run_import(store, "hris", write(tmp_path, "emp.csv", HEADER + "E1,Ann,2020-06-01,,swe-2\n"))
    hist = write(
        tmp_path,
        "h.csv",
        "person_id,role_code,start,end\nE1,swe-1,2018-01-01,2020-05-31\nE7,swe-1,2018-01-01,\n",
    )
    report = run_import(store, "hris-history", hist)
    assert [str(r) for r in report.rejects] == [
        'h.csv:3 person_id: "E7" is not a stored person (import the HRIS employees first)'
    ]
    assert [s.role_id for s in store.people["E1"].history] == ["org:swe-1", "org:swe-2"]
    before = dict(store.people)
    with pytest.raises(DataError, match="job histories are already stored"):
        run_import(store, "hris-history", hist)
    assert store.people == before
    assert run_import(store, "hris-history", hist, replace=True).accepted == 1


def test_bad_mapping_file_is_located(tmp_path: Path) -> None:
    bad = write(tmp_path, "m.yaml", "role_codes: soc\n")
    with pytest.raises(DataError, match=r"m.yaml: role_codes: 'soc' is not one of"):
        run_import(FakeStore(), "hris", EXAMPLES / "hris" / "employees.csv", mapping=bad)
