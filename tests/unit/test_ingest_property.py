"""Properties of imports: order does not matter, every row is counted once, dates round-trip."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.ingest.common import DateParser
from fakes import FakeStore
from fixtures.ingest.ingest_support import TODAY, run_import

ROW = st.tuples(
    st.sampled_from(["E1", "E2", "E3", "E4", "E5", "E6", ""]),
    st.sampled_from(["2019-01-01", "2020-02-29", "2019-02-30", "2031-01-01", "", "x"]),
    st.sampled_from(["swe-1", "org:ds-2", "nope", "15-1252.00", ""]),
    st.sampled_from(["Programmer", "", "Data Scientist"]),
)


def _import(rows: list[tuple[str, str, str, str]]) -> tuple[set[str], int, int, int]:
    text = "person_id,hire_date,role_code,title\n" + "".join(",".join(r) + "\n" for r in rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "e.csv"
        path.write_text(text, encoding="utf-8")
        store = FakeStore()
        report = run_import(store, "hris", path)
    return set(store.people), report.rows_read, report.accepted, report.rejected


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(ROW, min_size=1, max_size=12), seed=st.randoms())
def test_any_row_order_gives_the_same_people_and_counts(
    rows: list[tuple[str, str, str, str]], seed
) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(rows)
    seed.shuffle(shuffled)
    first, second = _import(rows), _import(shuffled)
    assert first == second
    people, read, accepted, rejected = first
    blank = sum(1 for r in rows if not any(r))  # rows of empty cells are blank lines: not read
    assert read == len(rows) - blank == accepted + rejected
    assert len(people) == accepted


FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y%m%d")


@given(day=st.dates(min_value=date(1950, 1, 1), max_value=TODAY), fmt=st.sampled_from(FORMATS))
def test_dates_round_trip_in_each_format(day: date, fmt: str) -> None:
    assert DateParser((fmt,), TODAY)(day.strftime(fmt)) == day


@given(day=st.dates(min_value=date(TODAY.year + 1, 1, 1), max_value=date(8999, 12, 31)))
def test_future_dates_are_refused_and_far_ends_mean_open(day: date) -> None:
    parse = DateParser(("%Y-%m-%d",), TODAY)
    try:
        parse(day.isoformat())
    except ValueError as exc:
        assert "future" in str(exc)
    else:
        raise AssertionError("a future date was accepted")
    assert parse("9999-12-31", end=True) is None
