"""BLS loader: OEWS national wages and Employment Projections (tables 1.2 and 1.10) by SOC code.

Reads the BLS folder (``<data>/bls``):

- ``oews_*national*.csv`` (required): OEWS national cross-industry estimates, either in the
  layout of this project's data folder (``occupation_code``, ``display_level``, ``Annual median
  wage``, ...) or with the official OEWS names (``OCC_CODE``, ``O_GROUP``, ``A_MEDIAN``, ...).
  Only detailed occupations are kept (``display_level`` 3 or ``O_GROUP`` detailed).
  Codes ``151252`` and ``15-1252`` both become ``15-1252``. Suppressed values (``*``, ``**``,
  ``-``) are missing. A top-coded OEWS wage (``#``: at or above the top code, $239,200 a year /
  $115.00 an hour in recent releases) does not state its value in the file, so it is missing too
  (counted in the notes).
- ``table_1.2_*.csv`` (required): Employment Projections, detailed ("Line item") occupations only.
  Columns are matched by pattern ("Employment, 2024", "Employment change, percent, 2024–34", ...),
  never by year; base and projected years come from the header. Employment and openings are in
  thousands. A top-coded median wage (``>=$239,200``) is stored as its stated top code, a lower
  bound (counted in the notes).
- ``table_1.10_*.csv`` (optional): labor force exit and occupational transfer rates (percent).

The OEWS state table (``oews_*state*.csv``) may be present; it is not loaded yet (noted).
"""

from __future__ import annotations

import re
from pathlib import Path

from careerpath.domain.errors import DataError, MissingDataError
from careerpath.domain.taxonomy import Outlook, Wages
from careerpath.taxonomy.discovery import (
    file_name,
    list_sources,
    pick_source,
    read_source,
    resolve_columns,
)
from careerpath.taxonomy.parts import LabourMarket
from careerpath.taxonomy.tabular import Row, Table, TableSource

DATASET = "bls"
OEWS_FILE = r"oews_.*national.*\.csv"
STATE_FILE = r"oews_.*state.*\.csv"
PROJECTIONS_FILE = r"table_1\.2_.*\.csv"
SEPARATIONS_FILE = r"table_1\.10_.*\.csv"
_HOW = (
    "run `careerpath data fetch`, or put the OEWS national CSV (oews_<release>_national_*.csv) and"
    " the Employment Projections tables 1.2 and 1.10 as CSV (table_1.2_*.csv, table_1.10_*.csv)"
    " in <data>/bls/"
)

OEWS_COLUMNS = {
    "code": r"(occupation_code|occ_code)$",
    "level": r"(display_level|o_group)$",
    "area_type": r"(areatype|area_type)$",
    "employment": r"(employment|tot_emp)$",
    "annual_mean": r"(annual mean wage|a_mean)$",
    "annual_p10": r"(annual 10th percentile wage|a_pct10)$",
    "annual_p25": r"(annual 25th percentile wage|a_pct25)$",
    "annual_median": r"(annual median wage|a_median)$",
    "annual_p75": r"(annual 75th percentile wage|a_pct75)$",
    "annual_p90": r"(annual 90th percentile wage|a_pct90)$",
    "hourly_median": r"(hourly median wage|h_median)$",
}
OEWS_NUMBERS = tuple(k for k in OEWS_COLUMNS if k not in ("code", "level", "area_type"))
DETAILED = {"3", "detailed"}
NATIONAL = {"n", "1", "national", ""}

PROJECTION_COLUMNS = {
    "code": r"(\d{4} )?national employment matrix (occupation )?code",
    "type": r"occupation type",
    "change_percent": r"employment change, percent",
    "openings": r"occupational openings",
    "median_wage": r"median annual wage",
    "education": r"typical education needed for entry",
}
RATE_COLUMNS = {
    "code": PROJECTION_COLUMNS["code"],
    "type": PROJECTION_COLUMNS["type"],
    "exit_rate": r"labor force exit rate",
    "transfer_rate": r"occupational transfer rate",
}
_EMPLOYMENT_YEAR = re.compile(r"employment,\s*(\d{4})\s*$", re.IGNORECASE)
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"


def load_bls(path: Path) -> LabourMarket:
    """Load OEWS national wages and Employment Projections by SOC code ``NN-NNNN`` from a folder."""
    folder = path.parent if path.is_file() else path
    if not folder.is_dir():
        raise MissingDataError("BLS data folder not found", path=str(path), hint=_HOW)
    sources = list_sources(folder)
    market = LabourMarket()
    oews = _required(sources, OEWS_FILE, "OEWS national table oews_*national*.csv", folder)
    projections = _required(
        sources, PROJECTIONS_FILE, "Employment Projections table_1.2_*.csv", folder
    )
    separations, _ = pick_source(sources, SEPARATIONS_FILE)
    market.wages = _read_wages(oews, market)
    rates = _read_rates(separations, market) if separations else {}
    market.outlook = _read_outlook(projections, rates, market)
    used = [file_name(s) for s in (oews, projections, separations) if s is not None]
    market.notes.insert(0, f"BLS: used {', '.join(used)}")
    if separations is None:
        market.notes.append("BLS: no table_1.10_*.csv; exit and transfer rates are missing")
    state, _ = pick_source(sources, STATE_FILE)
    if state is not None:
        market.notes.append(f"BLS: {file_name(state)} present but not loaded (national wages only)")
    return market


def _required(sources: list[TableSource], pattern: str, what: str, folder: Path) -> TableSource:
    """The newest source matching ``pattern``; none is a MissingDataError saying what to do."""
    _, hits = pick_source(sources, pattern)
    if not hits:
        raise MissingDataError(f"{what} not found", path=str(folder), hint=_HOW)
    return max(hits, key=lambda s: (re.findall(r"\d{4}", file_name(s)), file_name(s)))


def _soc_code(table: Table, row: Row, column: str) -> str:
    """A 6-digit SOC code ``NN-NNNN`` from ``NNNNNN`` or ``NN-NNNN``; else a DataError."""
    text = row.get(column)
    if re.fullmatch(r"\d{6}", text):
        return f"{text[:2]}-{text[2:]}"
    if re.fullmatch(r"\d{2}-\d{4}", text):
        return text
    raise DataError(
        f"malformed SOC code {text!r}; expected NN-NNNN or NNNNNN",
        path=table.source.name,
        line=row.line,
        column=column,
        hint="the file looks damaged or is not the BLS release; download it again",
    )


def _oews_release(source: TableSource) -> str:
    """``May 2025`` from ``oews_may2025_...``; else the file's stem."""
    found = re.search(rf"({_MONTHS})[a-z]*[_-]?(\d{{4}})", file_name(source), re.IGNORECASE)
    if found:
        return f"{found.group(1).capitalize()} {found.group(2)}"
    return Path(file_name(source)).stem


def _read_wages(source: TableSource, market: LabourMarket) -> dict[str, Wages]:
    """Wages of the detailed occupations in the OEWS national table, by SOC code."""
    release = _oews_release(source)
    table, provenance = read_source(source, dataset=DATASET, release=release)
    market.sources.append(provenance)
    cols = resolve_columns(table, OEWS_COLUMNS, required=("code", "level", *OEWS_NUMBERS))
    out: dict[str, Wages] = {}
    top_coded = 0
    for row in table.rows(list(cols.values())):
        code = _soc_code(table, row, cols["code"])
        national = row.get(cols.get("area_type", "")).casefold() in NATIONAL
        if not national or row.get(cols["level"]).casefold() not in DETAILED:
            continue
        top_coded += sum(row.get(cols[k]) == "#" for k in OEWS_NUMBERS)
        values = {k: table.float_value(row, cols[k], required=False) for k in OEWS_NUMBERS}
        out.setdefault(code, Wages(soc_code=code, release=release, **values))
    if top_coded:
        market.notes.append(f"BLS: {top_coded} top-coded OEWS values (#) left missing")
    return out


def _years(table: Table) -> tuple[int, int, str, str]:
    """Base and projected years and their employment columns, from ``Employment, YYYY`` headers."""
    found = sorted(
        (int(m.group(1)), h) for h in table.header if (m := _EMPLOYMENT_YEAR.match(h.strip()))
    )
    if len(found) < 2:
        raise DataError(
            f"expected two 'Employment, <year>' columns; found {table.header}",
            path=table.source.name,
            line=1,
            column="Employment, <year>",
            hint="use the BLS Employment Projections table 1.2 as released",
        )
    (base, base_col), (projected, projected_col) = found[0], found[-1]
    return base, projected, base_col, projected_col


def _release_years(source: TableSource) -> str:
    """``2024-34`` from ``table_1.2_..._2024-34.csv``; else the file's stem."""
    found = re.search(r"(\d{4})\s*[-–]\s*(\d{2,4})", file_name(source))
    return f"{found.group(1)}-{found.group(2)}" if found else Path(file_name(source)).stem


def _line_items(table: Table, cols: dict[str, str]) -> list[tuple[str, Row]]:
    """The detailed ("Line item") rows of a projections table with their SOC codes."""
    rows = []
    for row in table.rows(list(cols.values())):
        code = _soc_code(table, row, cols["code"])
        if row.get(cols["type"]).casefold() == "line item":
            rows.append((code, row))
    return rows


def _read_rates(
    source: TableSource, market: LabourMarket
) -> dict[str, tuple[float | None, float | None]]:
    """Labor force exit and occupational transfer rates (percent a year) by SOC code."""
    table, provenance = read_source(source, dataset=DATASET, release=_release_years(source))
    market.sources.append(provenance)
    cols = resolve_columns(table, RATE_COLUMNS, required=RATE_COLUMNS)
    return {
        code: (
            table.float_value(row, cols["exit_rate"], required=False),
            table.float_value(row, cols["transfer_rate"], required=False),
        )
        for code, row in _line_items(table, cols)
    }


def _read_outlook(
    source: TableSource,
    rates: dict[str, tuple[float | None, float | None]],
    market: LabourMarket,
) -> dict[str, Outlook]:
    """Projections of the detailed occupations in table 1.2 joined with table 1.10's rates."""
    table, provenance = read_source(source, dataset=DATASET, release=_release_years(source))
    market.sources.append(provenance)
    required = ("code", "type", "change_percent", "openings")
    cols = resolve_columns(table, PROJECTION_COLUMNS, required=required)
    base, projected, base_col, projected_col = _years(table)
    cols.update(base=base_col, projected=projected_col)
    out: dict[str, Outlook] = {}
    top_coded = 0
    for code, row in _line_items(table, cols):
        wage, capped = _wage(table, row, cols.get("median_wage"))
        top_coded += capped
        education = row.get(cols.get("education", ""))
        exit_rate, transfer_rate = rates.get(code, (None, None))
        out.setdefault(
            code,
            Outlook(
                soc_code=code,
                base_year=base,
                projected_year=projected,
                employment_base=table.float_value(row, base_col, required=False),
                employment_projected=table.float_value(row, projected_col, required=False),
                change_percent=table.float_value(row, cols["change_percent"], required=False),
                annual_openings=table.float_value(row, cols["openings"], required=False),
                labor_force_exit_rate=exit_rate,
                occupational_transfer_rate=transfer_rate,
                education="" if education in ("—", "-", "–") else education,
                median_wage=wage,
            ),
        )
    if top_coded:
        market.notes.append(
            f"BLS: {top_coded} top-coded median wages (>=$X) stored as the top code"
        )
    return out


def _wage(table: Table, row: Row, column: str | None) -> tuple[float | None, bool]:
    """A median annual wage and whether it was top-coded (``>=$239,200`` gives 239200.0)."""
    if column is None:
        return None, False
    text = row.get(column)
    capped = text.startswith((">=", "≥"))
    text = text.lstrip(">=≥ ").replace("$", "").replace(",", "")
    if text in ("", "—", "-", "–", "*", "**", "#", "n/a", "N/A"):
        return None, False
    try:
        return float(text), capped
    except ValueError:
        raise DataError(
            f"not a wage: {row.get(column)!r}", path=table.source.name, line=row.line, column=column
        ) from None
