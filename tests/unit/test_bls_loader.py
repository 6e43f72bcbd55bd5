"""BLS loader: handmade OEWS and Employment Projections tables in the publishers' CSV layouts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from careerpath.domain.errors import DataError, MissingDataError
from careerpath.taxonomy.bls import load_bls

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bls"
OEWS = "oews_may2025_national_cross_industry.csv"
T12 = "table_1.2_occupational_projections_2024-34.csv"
T110 = "table_1.10_separations_openings_2024-34.csv"


def _folder(
    tmp_path: Path, replace: dict[str, str] | None = None, drop: tuple[str, ...] = ()
) -> Path:
    folder = tmp_path / "bls"
    shutil.copytree(FIXTURES, folder)
    for name in drop:
        (folder / name).unlink()
    for name, text in (replace or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _error(path: Path) -> DataError:
    with pytest.raises(DataError) as info:
        load_bls(path)
    assert "\n" not in str(info.value)
    return info.value


def test_wages_of_detailed_occupations() -> None:
    market = load_bls(FIXTURES)
    assert sorted(market.wages) == ["15-1252", "25-2021", "27-2011", "29-1248"]
    dev = market.wages["15-1252"]
    assert dev.employment == 1687890
    assert (dev.annual_mean, dev.annual_median, dev.hourly_median) == (148100, 135980, 65.38)
    assert (dev.annual_p10, dev.annual_p25, dev.annual_p75, dev.annual_p90) == (
        82460,
        105210,
        171980,
        214670,
    )
    assert dev.release == "May 2025"
    assert market.wages["25-2021"].hourly_median is None  # "-": annual only
    actors = market.wages["27-2011"]
    assert actors.employment is None and actors.annual_median is None


def test_top_coded_oews_wages_are_missing_and_counted() -> None:
    market = load_bls(FIXTURES)
    surgeons = market.wages["29-1248"]
    assert surgeons.annual_median is None and surgeons.annual_p25 == 200800
    assert any("5 top-coded OEWS values" in note for note in market.notes)


def test_outlook_joins_tables_1_2_and_1_10() -> None:
    market = load_bls(FIXTURES)
    assert sorted(market.outlook) == ["15-1252", "25-2021", "27-2011", "29-1248"]
    dev = market.outlook["15-1252"]
    assert (dev.base_year, dev.projected_year) == (2024, 2034)
    assert (dev.employment_base, dev.employment_projected) == (1693.8, 1961.4)
    assert (dev.change_percent, dev.annual_openings, dev.median_wage) == (15.8, 115.2, 133080)
    assert (dev.labor_force_exit_rate, dev.occupational_transfer_rate) == (1.7, 3.2)
    assert dev.education == "Bachelor's degree"
    assert market.outlook["29-1248"].median_wage == 239200  # ">=$239,200": the top code
    actors = market.outlook["27-2011"]
    assert actors.median_wage is None and actors.labor_force_exit_rate is None
    assert actors.education == "Some college, no degree"


def test_sources_and_notes() -> None:
    market = load_bls(FIXTURES)
    by_name = {Path(s.path).name: s for s in market.sources}
    assert set(by_name) == {OEWS, T12, T110}
    assert (by_name[OEWS].release, by_name[OEWS].rows) == ("May 2025", 7)
    assert by_name[T12].release == "2024-34" and len(by_name[T12].sha256) == 64
    assert OEWS in market.notes[0] and T12 in market.notes[0]
    assert any("state_cross_industry.csv present but not loaded" in n for n in market.notes)


def test_next_release_headers_load(tmp_path: Path) -> None:
    t12 = _text(T12).replace("2024", "2026").replace("2034", "2036").replace("–34", "–36")
    folder = _folder(tmp_path, {T12: t12}, drop=(T12,))
    (folder / "table_1.2_occupational_projections_2026-36.csv").write_text(t12, encoding="utf-8")
    outlook = load_bls(folder).outlook["15-1252"]
    assert (outlook.base_year, outlook.projected_year) == (2026, 2036)
    assert outlook.change_percent == 15.8


def test_official_oews_column_names(tmp_path: Path) -> None:
    oews = (
        "AREA,AREA_TITLE,AREA_TYPE,OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP,H_MEAN,A_MEAN,H_MEDIAN,"
        "A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90\n"
        "99,U.S.,1,00-0000,All Occupations,total,155495730,33.54,69770,24.51,1,2,3,4,5\n"
        "99,U.S.,1,15-1252,Software Developers,detailed,1687890,71.20,148100,65.38,"
        "82460,105210,135980,171980,214670\n"
    )
    folder = _folder(tmp_path, {OEWS: oews})
    wages = load_bls(folder).wages
    assert list(wages) == ["15-1252"] and wages["15-1252"].annual_median == 135980


def test_without_table_1_10_rates_are_missing(tmp_path: Path) -> None:
    market = load_bls(_folder(tmp_path, drop=(T110,)))
    assert market.outlook["15-1252"].labor_force_exit_rate is None
    assert any("no table_1.10" in note for note in market.notes)


def test_missing_folder_says_how_to_get_the_data(tmp_path: Path) -> None:
    err = _error(tmp_path / "nope")
    assert isinstance(err, MissingDataError) and "careerpath data fetch" in str(err)


def test_missing_projections_table(tmp_path: Path) -> None:
    err = _error(_folder(tmp_path, drop=(T12,)))
    assert isinstance(err, MissingDataError) and "table_1.2_*.csv" in str(err)


def test_missing_oews_column_names_file_line_and_column(tmp_path: Path) -> None:
    err = _error(_folder(tmp_path, {OEWS: _text(OEWS).replace("Annual median wage", "Median")}))
    assert f"{OEWS}:1 column 'annual_median'" in str(err)


def test_missing_projection_year_columns(tmp_path: Path) -> None:
    t12 = _text(T12).replace('"Employment, 2034"', '"Jobs, 2034"')
    err = _error(_folder(tmp_path, {T12: t12}))
    assert f"{T12}:1" in str(err) and "Employment, <year>" in str(err)


def test_malformed_soc_code_names_the_line(tmp_path: Path) -> None:
    t110 = _text(T110).replace("25-2021", "25-20X1")
    err = _error(_folder(tmp_path, {T110: t110}))
    assert f"{T110}:4" in str(err) and "25-20X1" in str(err) and "National Employment" in str(err)


def test_bad_number_names_line_and_column(tmp_path: Path) -> None:
    oews = _text(OEWS).replace("148100", "lots")
    err = _error(_folder(tmp_path, {OEWS: oews}))
    assert f"{OEWS}:5 column 'Annual mean wage'" in str(err) and "lots" in str(err)


def test_tab_delimited_file(tmp_path: Path) -> None:
    err = _error(_folder(tmp_path, {T12: _text(T12).replace(",", "\t")}))
    assert f"{T12}:1" in str(err) and "tabs" in str(err)


def test_non_utf8_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / T12).write_bytes(_text(T12).encode("cp1252"))
    err = _error(folder)
    assert f"{T12}:1" in str(err) and "UTF-8" in str(err)
