"""BLS loader: OEWS national wages and Employment Projections (tables 1.2 and 1.10) by SOC code.

Reads the BLS folder (``<data>/bls``), in the publishers' own forms or as CSV (CSV wins when both
hold a table):

- OEWS national cross-industry estimates (required): ``oews_*national*.csv``, in the layout of
  this project's data folder (``occupation_code``, ``display_level``, ``Annual median wage``, ...)
  or with the official OEWS names (``OCC_CODE``, ``O_GROUP``/``OCC_GROUP``, ``A_MEDIAN``, ...);
  else the BLS download ``oesm<YY>nat.zip`` holding ``national_M<YYYY>_dl.xlsx`` (zipped or not).
  Only detailed occupations are kept (``display_level`` 3 or ``O_GROUP`` detailed).
  Codes ``151252`` and ``15-1252`` both become ``15-1252``. Suppressed values (``*``, ``**``,
  ``-``) are missing. A top-coded OEWS wage (``#``: at or above the top code, $239,200 a year /
  $115.00 an hour in recent releases) does not state its value in the file, so it is missing too
  (counted in the notes).
- Employment Projections table 1.2 (required): ``table_1.2_*.csv``, else sheet "Table 1.2" of the
  BLS workbook ``occupation.xlsx``; detailed ("Line item") occupations only. Columns are matched by
  pattern ("Employment, 2024", "Employment change, percent, 2024–34", ...), never by year; base and
  projected years come from the header. Employment and openings are in thousands. A top-coded
  median wage (``>=$239,200``) is stored as its stated top code, a lower bound (counted in the notes).
- Table 1.10 (optional): ``table_1.10_*.csv`` or sheet "Table 1.10": labor force exit and
  occupational transfer rates (percent).

In a workbook the header row is found below any title rows by its code column; footnote rows
after the table (no code, no type) are skipped. Errors name the file, sheet, row and column. The
OEWS state table (``oews_*state*.csv``, ``state_M<YYYY>_dl.xlsx``) may be present; it is not
loaded yet (noted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from careerpath.domain.errors import DataError, MissingDataError
from careerpath.domain.taxonomy import Outlook, Wages
from careerpath.taxonomy.discovery import (
    file_name,
    list_sources,
    pick_sheet,
    pick_source,
    read_source,
    resolve_columns,
)
from careerpath.taxonomy.parts import LabourMarket
from careerpath.taxonomy.tabular import Row, Table, TableSource

DATASET = "bls"
STATE_FILE = r"(oews_.*state.*\.csv|state_m\d{4}_dl\.xlsx)"
_HOW = (
    "run `careerpath data fetch`, or put in <data>/bls/ the OEWS national zip (oesm<YY>nat.zip,"
    " https://www.bls.gov/oes/tables.htm) and the Employment Projections workbook occupation.xlsx"
    " (https://www.bls.gov/emp/tables.htm), or the same tables as CSV"
    " (oews_<release>_national_*.csv, table_1.2_*.csv, table_1.10_*.csv)"
)

OEWS_COLUMNS = {
    "code": r"(occupation_code|occ_code)$",
    "level": r"(display_level|o_group|occ_group)$",
    "area_type": r"(areatype|area_type)$",
    "industry_group": r"i_group$",
    "employment": r"(employment|tot_emp)$",
    "annual_mean": r"(annual mean wage|a_mean)$",
    "annual_p10": r"(annual 10th percentile wage|a_pct10)$",
    "annual_p25": r"(annual 25th percentile wage|a_pct25)$",
    "annual_median": r"(annual median wage|a_median)$",
    "annual_p75": r"(annual 75th percentile wage|a_pct75)$",
    "annual_p90": r"(annual 90th percentile wage|a_pct90)$",
    "hourly_median": r"(hourly median wage|h_median)$",
}
OEWS_NUMBERS = tuple(
    k for k in OEWS_COLUMNS if k not in ("code", "level", "area_type", "industry_group")
)
DETAILED = {"3", "detailed"}
NATIONAL = {"n", "1", "national", ""}
CROSS_INDUSTRY = {"", "cross-industry"}

PROJECTION_COLUMNS = {
    "code": r"((\d{4} )?national employment )?matrix (occupation )?code",
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


@dataclass(frozen=True)
class _Table:
    """Where one BLS table is found: a CSV file name, else a workbook name and sheet title."""

    what: str
    csv: str
    workbook: str
    sheet: str


OEWS = _Table(
    "OEWS national table (oews_*national*.csv, or oesm<YY>nat.zip holding national_M<YYYY>_dl.xlsx)",
    r"oews_.*national.*\.csv",
    r"(national_m\d{4}_dl|oews_.*national.*)\.xlsx",
    r"(?!.*(field|description|update|note)).*",
)
PROJECTIONS = _Table(
    "Employment Projections table_1.2_*.csv (or sheet 'Table 1.2' of occupation.xlsx)",
    r"table_1\.2_.*\.csv",
    r"occupation.*\.xlsx",
    r"table\s*1\.2",
)
SEPARATIONS = _Table(
    "Employment Projections table_1.10_*.csv (or sheet 'Table 1.10' of occupation.xlsx)",
    r"table_1\.10_.*\.csv",
    PROJECTIONS.workbook,
    r"table\s*1\.10",
)


def load_bls(path: Path) -> LabourMarket:
    """Load OEWS national wages and Employment Projections by SOC code ``NN-NNNN`` from a folder."""
    folder = path.parent if path.is_file() else path
    if not folder.is_dir():
        raise MissingDataError("BLS data folder not found", path=str(path), hint=_HOW)
    sources = list_sources(folder)
    market = LabourMarket()
    oews = _required(sources, OEWS, folder)
    projections = _required(sources, PROJECTIONS, folder)
    separations = _find(sources, SEPARATIONS)
    market.wages = _read_wages(oews, market)
    rates = _read_rates(separations, market) if separations else {}
    market.outlook = _read_outlook(projections, rates, market)
    used = [_label(s) for s in (oews, projections, separations) if s is not None]
    market.notes.insert(0, f"BLS: used {', '.join(used)}")
    if separations is None:
        market.notes.append("BLS: no table_1.10_*.csv; exit and transfer rates are missing")
    state, _ = pick_source(sources, STATE_FILE)
    if state is not None:
        market.notes.append(f"BLS: {file_name(state)} present but not loaded (national wages only)")
    return market


def check_oews(path: Path) -> str:
    """Read an OEWS national file or zip fully; a one-line summary, or a DataError saying what is wrong."""
    source = _required(list_sources(path), OEWS, path)
    wages = _read_wages(source, LabourMarket())
    if not wages:
        raise DataError("no detailed occupations in the OEWS table", path=source.name)
    return f"OEWS {_oews_release(source)} national wages of {len(wages)} occupations"


def check_projections(path: Path) -> str:
    """Read Employment Projections tables 1.2 (and 1.10) fully; a one-line summary, or a DataError."""
    sources = list_sources(path)
    projections = _required(sources, PROJECTIONS, path)
    separations = _find(sources, SEPARATIONS)
    market = LabourMarket()
    rates = _read_rates(separations, market) if separations else {}
    outlook = _read_outlook(projections, rates, market)
    if not outlook:
        raise DataError("no detailed occupations in table 1.2", path=projections.name)
    tables = "tables 1.2 and 1.10" if separations else "table 1.2 (no table 1.10)"
    return (
        f"Employment Projections {market.sources[-1].release}, {tables}, {len(outlook)} occupations"
    )


def _required(sources: list[TableSource], table: _Table, folder: Path) -> TableSource:
    """The source of ``table``; none is a MissingDataError saying what to do."""
    found = _find(sources, table)
    if found is None:
        raise MissingDataError(f"{table.what} not found", path=str(folder), hint=_HOW)
    return found


def _find(sources: list[TableSource], table: _Table) -> TableSource | None:
    """The newest CSV of ``table``, else its sheet in the newest workbook that has it."""
    _, hits = pick_source(sources, table.csv)
    if hits:
        return max(hits, key=_newest)
    _, books = pick_source(sources, table.workbook)
    for book in sorted(books, key=_newest, reverse=True):
        sheet = pick_sheet(book, table.sheet)
        if sheet is not None:
            return sheet
    return None


def _newest(source: TableSource) -> tuple[list[str], str]:
    """Sort key: the years in the file (or archive) name, then the name."""
    name = f"{source.path.name}/{file_name(source)}"
    return re.findall(r"\d{4}|(?<=oesm)\d{2}", name), name


def _label(source: TableSource) -> str:
    """The file name, with the sheet title for a workbook sheet."""
    return file_name(source) + (f" [{source.sheet}]" if source.sheet else "")


def _read(source: TableSource, market: LabourMarket, header: str, release: str) -> Table:
    """Read a table, its header row found by the code column; record it (no release: its years)."""
    table, provenance = read_source(source, dataset=DATASET, release=release, header_match=header)
    market.sources.append(replace(provenance, release=release or _table_years(table, source)))
    return table


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
    """``May 2025`` from ``oews_may2025_...``, ``national_M2025_dl`` or ``oesm25nat``; else the stem."""
    for name in (file_name(source), source.path.name):
        found = re.search(rf"({_MONTHS})[a-z]*[_-]?(\d{{4}})", name, re.IGNORECASE)
        if found:
            return f"{found.group(1).capitalize()} {found.group(2)}"
        found = re.search(r"_m(\d{4})_dl|oesm(\d{2})", name, re.IGNORECASE)
        if found:  # OEWS estimates are for May
            return f"May {found.group(1) or '20' + found.group(2)}"
    return Path(file_name(source)).stem


def _read_wages(source: TableSource, market: LabourMarket) -> dict[str, Wages]:
    """Wages of the detailed occupations in the OEWS national table, by SOC code."""
    release = _oews_release(source)
    table = _read(source, market, OEWS_COLUMNS["code"], release)
    cols = resolve_columns(table, OEWS_COLUMNS, required=("code", "level", *OEWS_NUMBERS))
    out: dict[str, Wages] = {}
    top_coded = 0
    for row in table.rows(list(cols.values())):
        if _footnote(row, cols["code"], cols["level"]):
            continue
        code = _soc_code(table, row, cols["code"])
        national = row.get(cols.get("area_type", "")).casefold() in NATIONAL
        all_industries = row.get(cols.get("industry_group", "")).casefold() in CROSS_INDUSTRY
        detailed = row.get(cols["level"]).casefold() in DETAILED
        if not (national and all_industries and detailed):
            continue
        top_coded += sum(row.get(cols[k]) == "#" for k in OEWS_NUMBERS)
        values = {k: table.float_value(row, cols[k], required=False) for k in OEWS_NUMBERS}
        out.setdefault(code, Wages(soc_code=code, release=release, **values))
    if top_coded:
        market.notes.append(f"BLS: {top_coded} top-coded OEWS values (#) left missing")
    return out


def _footnote(row: Row, code: str, kind: str) -> bool:
    """Whether a row is a note below the table (or a blank line): no code and no level/type."""
    return not row.get(code) and not row.get(kind)


def _years(table: Table) -> tuple[int, int, str, str]:
    """Base and projected years and their employment columns, from ``Employment, YYYY`` headers."""
    found = sorted(
        (int(m.group(1)), h) for h in table.header if (m := _EMPLOYMENT_YEAR.match(h.strip()))
    )
    if len(found) < 2:
        raise DataError(
            f"expected two 'Employment, <year>' columns; found {table.header}",
            path=table.source.name,
            line=table.header_line,
            column="Employment, <year>",
            hint="use the BLS Employment Projections table 1.2 as released",
        )
    (base, base_col), (projected, projected_col) = found[0], found[-1]
    return base, projected, base_col, projected_col


def _release_years(source: TableSource) -> str:
    """``2024-34`` from ``table_1.2_..._2024-34.csv``; else ``""`` (then taken from the table)."""
    found = re.search(r"(\d{4})\s*[-–]\s*(\d{2,4})", file_name(source))
    return f"{found.group(1)}-{found.group(2)}" if found else ""


def _table_years(table: Table, source: TableSource) -> str:
    """``2024-34`` from a projections table's ``Employment, YYYY`` columns; else the file's stem."""
    try:
        base, projected, _, _ = _years(table)
    except DataError:
        return Path(file_name(source)).stem
    return f"{base}-{projected % 100:02d}"


def _line_items(table: Table, cols: dict[str, str]) -> list[tuple[str, Row]]:
    """The detailed ("Line item") rows of a projections table with their SOC codes."""
    rows = []
    for row in table.rows(list(cols.values())):
        if _footnote(row, cols["code"], cols["type"]):
            continue
        code = _soc_code(table, row, cols["code"])
        if row.get(cols["type"]).casefold() == "line item":
            rows.append((code, row))
    return rows


def _read_rates(
    source: TableSource, market: LabourMarket
) -> dict[str, tuple[float | None, float | None]]:
    """Labor force exit and occupational transfer rates (percent a year) by SOC code."""
    table = _read(source, market, RATE_COLUMNS["code"], _release_years(source))
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
    table = _read(source, market, PROJECTION_COLUMNS["code"], _release_years(source))
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
