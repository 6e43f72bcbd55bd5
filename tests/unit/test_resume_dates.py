"""Resume date parsing: the formats people write, odd and impossible dates flagged, never raised."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerpath.ingest.resume.dates import find_range, parse_date, parse_range, strip_range
from careerpath.ingest.resume.model import PartialDate

TODAY = date(2025, 6, 15)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FULL = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December"]  # fmt: skip
FORMATS = [
    lambda y, m: f"{MONTHS[m - 1]} {y}",
    lambda y, m: f"{FULL[m - 1]} {y}",
    lambda y, m: f"{MONTHS[m - 1]}. {y}",
    lambda y, m: f"{m:02d}/{y}",
    lambda y, m: f"{m}/{y}",
    lambda y, m: f"{y}-{m:02d}",
    lambda y, m: f"{m:02d}.{y}",
    lambda y, m: f"{MONTHS[m - 1]} '{y % 100:02d}",
]
SEPARATORS = [" – ", " - ", "–", " to ", " — ", " until "]


@pytest.mark.parametrize(
    ("text", "start", "end", "current"),
    [
        ("Jan 2019 – Present", PartialDate(2019, 1), None, True),
        ("2019-03 - 2020-01", PartialDate(2019, 3), PartialDate(2020, 1), False),
        ("03/2019 to 11/2021", PartialDate(2019, 3), PartialDate(2021, 11), False),
        ("2017 - 2019", PartialDate(2017), PartialDate(2019), False),
        ("2017-19", PartialDate(2017), PartialDate(2019), False),
        ("Since 2020", PartialDate(2020), None, True),
        ("Mar. '18 – Jun. '20", PartialDate(2018, 3), PartialDate(2020, 6), False),
        ("September 2014 – May 2018", PartialDate(2014, 9), PartialDate(2018, 5), False),
        ("2015–Current", PartialDate(2015), None, True),
        ("Jan 2019 to date", PartialDate(2019, 1), None, True),
    ],
)
def test_common_ranges(
    text: str, start: PartialDate, end: PartialDate | None, current: bool
) -> None:
    rng = parse_range(text, today=TODAY)
    assert rng is not None
    assert (rng.start, rng.end, rng.current, rng.flags) == (start, end, current, ())


def test_season_is_approximate() -> None:
    rng = parse_range("Summer 2016", today=TODAY)
    assert rng is not None and rng.start == PartialDate(2016, 7, True)


def test_dates_inside_a_line_and_stripped() -> None:
    line = "Senior Engineer, Acme Corp (Jan 2019 – Present)"
    found = find_range(line, today=TODAY)
    assert found is not None
    assert strip_range(line, found[1]) == "Senior Engineer, Acme Corp"


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("13/2019 - 02/2020", "invalid month 13"),
        ("Jan 2021 - Feb 2019", "ends before it starts"),
        ("Jan 2030 - Present", "starts in the future"),
        ("05/06/2019 - 2020", "ambiguous day/month"),
    ],
)
def test_odd_dates_are_flagged_not_raised(text: str, flag: str) -> None:
    rng = parse_range(text, today=TODAY)
    assert rng is not None and flag in rng.flags


@pytest.mark.parametrize(
    "text", ["", "no dates here", "Worked 12 years", "Call 555 0134", "99/99/99"]
)
def test_no_date(text: str) -> None:
    assert parse_date(text, today=TODAY) is None


@given(st.integers(1970, 2029), st.integers(1, 12), st.sampled_from(FORMATS))
def test_any_month_year_in_any_format(year: int, month: int, fmt: object) -> None:
    text = fmt(year, month)  # type: ignore[operator]
    assert parse_date(text, today=TODAY) == PartialDate(year, month)


@given(
    st.integers(1970, 2024), st.integers(1, 12), st.integers(1970, 2024), st.integers(1, 12),
    st.sampled_from(FORMATS), st.sampled_from(SEPARATORS),
)  # fmt: skip
def test_ranges_start_before_end_or_flagged(
    y1: int, m1: int, y2: int, m2: int, fmt: object, sep: str
) -> None:
    text = f"{fmt(y1, m1)}{sep}{fmt(y2, m2)}"  # type: ignore[operator]
    rng = parse_range(text, today=TODAY)
    assert rng is not None and rng.start == PartialDate(y1, m1) and rng.end == PartialDate(y2, m2)
    assert (rng.start <= rng.end) or "ends before it starts" in rng.flags


@given(st.text(max_size=60))
def test_never_crashes(text: str) -> None:
    rng = parse_range(text, today=TODAY)
    assert rng is None or rng.start is not None
