"""BLS loader on the publishers' own files: the OEWS national zip (.xlsx) and EP occupation.xlsx."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from bls_support import (
    FIXTURES,
    OEWS_CSV,
    T12_CSV,
    ep_workbook,
    oews_rows,
    oews_zip,
    publisher_folder,
    sheet_rows,
    workbook,
)
from careerpath.domain.errors import DataError, MissingDataError
from careerpath.taxonomy.bls import check_oews, check_projections, load_bls


def _error(path: Path) -> DataError:
    with pytest.raises(DataError) as info:
        load_bls(path)
    assert "\n" not in str(info.value)
    return info.value


def test_publisher_files_load_like_the_csv_form(tmp_path: Path) -> None:
    csv_form = load_bls(FIXTURES)
    xlsx_form = load_bls(publisher_folder(tmp_path / "bls"))
    assert xlsx_form.wages == csv_form.wages
    assert xlsx_form.outlook == csv_form.outlook
    assert xlsx_form.wages["15-1252"].release == "May 2025"
    assert xlsx_form.wages["29-1248"].annual_median is None  # "#": top-coded
    assert xlsx_form.outlook["29-1248"].median_wage == 239200
    assert xlsx_form.notes[0] == (
        "BLS: used national_M2025_dl.xlsx [national_M2025_dl], occupation.xlsx [Table 1.2],"
        " occupation.xlsx [Table 1.10]"
    )
    assert any("5 top-coded OEWS values" in note for note in xlsx_form.notes)
    releases = sorted(s.release for s in xlsx_form.sources)
    assert releases == ["2024-34", "2024-34", "May 2025"]
    assert all(len(s.sha256) == 64 for s in xlsx_form.sources)


def test_unzipped_workbook_and_official_oews_csv_names(tmp_path: Path) -> None:
    folder = tmp_path / "bls"
    folder.mkdir()
    with zipfile.ZipFile(io.BytesIO(oews_zip())) as zf:
        (folder / "national_M2025_dl.xlsx").write_bytes(zf.read("oesm25nat/national_M2025_dl.xlsx"))
    (folder / "occupation.xlsx").write_bytes(ep_workbook())
    assert load_bls(folder).wages == load_bls(FIXTURES).wages


def test_csv_is_preferred_when_both_forms_exist(tmp_path: Path) -> None:
    folder = publisher_folder(tmp_path / "bls")
    for name in (OEWS_CSV, T12_CSV):
        shutil.copy(FIXTURES / name, folder / name)
    used = load_bls(folder).notes[0]
    assert OEWS_CSV in used and T12_CSV in used and "occupation.xlsx [Table 1.10]" in used
    assert "national_M2025_dl" not in used and "[Table 1.2]" not in used


def test_workbook_without_table_1_10(tmp_path: Path) -> None:
    market = load_bls(publisher_folder(tmp_path / "bls", with_1_10=False))
    assert market.outlook["15-1252"].labor_force_exit_rate is None
    assert any("no table_1.10" in note for note in market.notes)


def test_workbook_without_table_1_2_says_what_to_get(tmp_path: Path) -> None:
    folder = publisher_folder(tmp_path / "bls")
    (folder / "occupation.xlsx").write_bytes(workbook({"Table 1.1": [["x"]]}))
    err = _error(folder)
    assert isinstance(err, MissingDataError)
    assert "Table 1.2" in str(err) and "occupation.xlsx" in str(err)


def test_bad_number_names_file_sheet_row_and_column(tmp_path: Path) -> None:
    folder = publisher_folder(tmp_path / "bls")
    rows = sheet_rows(T12_CSV, "Table 1.2 title")
    rows[5][3] = "lots"  # sheet row 6 (software developers): the header is row 3
    (folder / "occupation.xlsx").write_bytes(workbook({"Table 1.2": rows}))
    err = str(_error(folder))
    assert "occupation.xlsx [sheet 'Table 1.2']:6 column 'Employment, 2024'" in err
    assert "lots" in err


def test_malformed_oews_code_names_the_zip_member_and_row(tmp_path: Path) -> None:
    rows = oews_rows()
    rows[4][8] = "15-12X2"
    folder = publisher_folder(tmp_path / "bls")
    (folder / "oesm25nat.zip").write_bytes(oews_zip(rows=rows))
    err = str(_error(folder))
    assert "oesm25nat.zip/oesm25nat/national_M2025_dl.xlsx [sheet 'national_M2025_dl']:5" in err
    assert "column 'OCC_CODE'" in err and "15-12X2" in err


def test_missing_oews_column_names_the_header_row(tmp_path: Path) -> None:
    rows = [["OEWS May 2025 national estimates"], *oews_rows()]
    rows[1] = ["A_MEDIAN_X" if c == "A_MEDIAN" else c for c in rows[1]]
    folder = publisher_folder(tmp_path / "bls")
    (folder / "oesm25nat.zip").write_bytes(oews_zip(rows=rows))
    err = str(_error(folder))
    assert "[sheet 'national_M2025_dl']:2 column 'annual_median'" in err


def test_truncated_zip_and_damaged_workbook(tmp_path: Path) -> None:
    folder = publisher_folder(tmp_path / "bls")
    (folder / "oesm25nat.zip").write_bytes(oews_zip()[:200])
    assert "oesm25nat.zip" in str(_error(folder)) and "zip" in str(_error(folder))
    (folder / "oesm25nat.zip").write_bytes(oews_zip())
    (folder / "occupation.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    err = str(_error(folder))
    assert "occupation.xlsx" in err and "Excel workbook" in err


def test_checks_summarise_a_downloaded_file(tmp_path: Path) -> None:
    folder = publisher_folder(tmp_path / "bls")
    assert check_oews(folder / "oesm25nat.zip") == "OEWS May 2025 national wages of 4 occupations"
    summary = check_projections(folder / "occupation.xlsx")
    assert summary == "Employment Projections 2024-34, tables 1.2 and 1.10, 4 occupations"
    with pytest.raises(MissingDataError, match="OEWS national table"):
        check_oews(folder / "occupation.xlsx")
