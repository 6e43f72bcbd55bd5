"""BLS publisher files (OEWS national zip, EP occupation.xlsx) built from the CSV fixtures."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bls"
OEWS_CSV = "oews_may2025_national_cross_industry.csv"
T12_CSV = "table_1.2_occupational_projections_2024-34.csv"
T110_CSV = "table_1.10_separations_openings_2024-34.csv"

# official OEWS column -> column of the fixture CSV ("" = not in the fixture)
OEWS_NAMES = {
    "AREA": "area_code",
    "AREA_TITLE": "area_name",
    "AREA_TYPE": "",
    "PRIM_STATE": "",
    "NAICS": "",
    "NAICS_TITLE": "",
    "I_GROUP": "",
    "OWN_CODE": "",
    "OCC_CODE": "occupation_code",
    "OCC_TITLE": "occupation_name",
    "O_GROUP": "display_level",
    "TOT_EMP": "Employment",
    "EMP_PRSE": "Employment percent relative standard error",
    "H_MEAN": "Hourly mean wage",
    "A_MEAN": "Annual mean wage",
    "H_MEDIAN": "Hourly median wage",
    "A_PCT10": "Annual 10th percentile wage",
    "A_PCT25": "Annual 25th percentile wage",
    "A_MEDIAN": "Annual median wage",
    "A_PCT75": "Annual 75th percentile wage",
    "A_PCT90": "Annual 90th percentile wage",
}
_CONSTANT = {
    "AREA_TYPE": 1,
    "PRIM_STATE": "US",
    "NAICS": "000000",
    "NAICS_TITLE": "Cross-industry",
    "I_GROUP": "cross-industry",
    "OWN_CODE": 1235,
}
_GROUPS = {"0": "major", "1": "minor", "2": "broad", "3": "detailed"}
FOOTNOTES = ("Footnotes:", "[1] Data are from the OEWS program.", "Source: BLS")


def cell(text: str) -> object:
    """A CSV value as Excel stores it: a number when it is one, else the text (``*``, ``#``)."""
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def _csv_rows(name: str) -> list[list[str]]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def oews_rows() -> list[list[object]]:
    """The OEWS fixture with the official names and values (``15-1252``, ``detailed``)."""
    header, *rows = _csv_rows(OEWS_CSV)
    out: list[list[object]] = [list(OEWS_NAMES)]
    for row in rows:
        values = dict(zip(header, row, strict=True))
        code = values["occupation_code"]
        values["occupation_code"] = f"{code[:2]}-{code[2:]}"
        level = values["display_level"]
        values["display_level"] = "total" if code == "000000" else _GROUPS[level]
        out.append([_CONSTANT[k] if not c else cell(values[c]) for k, c in OEWS_NAMES.items()])
    return out


def sheet_rows(name: str, title: str) -> list[list[object]]:
    """An EP fixture table as its workbook sheet: two title rows, header, rows, footnotes."""
    header, *rows = _csv_rows(name)
    body: list[list[object]] = [[v.strip() for v in header]]
    body += [[r[0].strip(), *(cell(v) for v in r[1:])] for r in rows]
    return [[title], ["(Numbers in thousands)"], *body, [], *([n] for n in FOOTNOTES)]


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    """An .xlsx workbook with these sheets (title -> rows), as bytes."""
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def oews_zip(year: int = 2025, rows: list[list[object]] | None = None) -> bytes:
    """``oesm<YY>nat.zip`` holding ``oesm<YY>nat/national_M<YYYY>_dl.xlsx``, as BLS serves it."""
    stem = f"oesm{year % 100:02d}nat"
    data = workbook({f"national_M{year}_dl": rows or oews_rows()})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{stem}/national_M{year}_dl.xlsx", data)
    return buf.getvalue()


def ep_workbook(with_1_10: bool = True) -> bytes:
    """``occupation.xlsx``: the EP tables as sheets, with a contents sheet and title rows."""
    sheets = {
        "Table of contents": [["Employment Projections: occupation tables"]],
        "Table 1.1": [["Table 1.1 Employment by major occupational group"], ["x"]],
        "Table 1.2": sheet_rows(T12_CSV, "Table 1.2 Employment by detailed occupation, 2024-34"),
    }
    if with_1_10:
        sheets["Table 1.10"] = sheet_rows(T110_CSV, "Table 1.10 Occupational separations")
    return workbook(sheets)


def publisher_folder(folder: Path, with_1_10: bool = True) -> Path:
    """A bls/ folder holding only the publishers' files: the OEWS zip and occupation.xlsx."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "oesm25nat.zip").write_bytes(oews_zip())
    (folder / "occupation.xlsx").write_bytes(ep_workbook(with_1_10))
    return folder
