"""Reading delimited tables by column name, with errors that name the file, line and column."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from careerpath.domain.errors import DataError, MissingDataError

csv.field_size_limit(2**31 - 1)

_DELIMITER_NAMES = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
HEADER_SEARCH_ROWS = 30  # title rows a header row may sit below (BLS workbooks have one or two)


@dataclass(frozen=True)
class TableSource:
    """A table inside a folder or a zip archive; ``name`` is what errors show."""

    name: str
    path: Path
    member: str | None = None  # member name when ``path`` is a zip archive
    sheet: str | None = None  # worksheet title of a workbook; its first sheet when None

    @property
    def is_workbook(self) -> bool:
        """Whether the table is an Excel workbook (by the file or member suffix)."""
        return (self.member or self.path.name).lower().endswith(WORKBOOK_SUFFIXES)

    def read_bytes(self) -> bytes:
        """The raw bytes; a truncated or corrupt zip becomes a DataError."""
        try:
            if self.member is None:
                return self.path.read_bytes()
            with zipfile.ZipFile(self.path) as zf:
                return zf.read(self.member)
        except FileNotFoundError:
            raise MissingDataError("file not found", path=self.name) from None
        except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
            raise DataError(
                f"corrupt or truncated zip archive ({exc})",
                path=str(self.path),
                hint="download the archive again (`careerpath data fetch`) or replace the file",
            ) from None
        except KeyError:
            raise MissingDataError(
                f"archive has no member {self.member!r}", path=str(self.path)
            ) from None


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of a byte string."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Row:
    """One data row: values by canonical column name, plus its 1-based line number in the file."""

    line: int
    values: dict[str, str]

    def get(self, column: str, default: str = "") -> str:
        """The stripped value of a column, or ``default`` when the table lacks it."""
        value = self.values.get(column)
        return default if value is None else value.strip()


class Table:
    """A decoded table: its header mapped to canonical names, and its rows."""

    def __init__(
        self,
        source: TableSource,
        header: list[str],
        rows: list[list[str]],
        first_line: int,
        lines: list[int] | None = None,
        header_line: int = 1,
    ):
        self.source = source
        self.header = header
        self.header_line = header_line  # the 1-based line (sheet row) of the header
        self._rows = rows
        self._first_line = first_line
        self._lines = lines  # the physical line each row starts on (quoted fields may span lines)

    def _line(self, k: int) -> int:
        """The 1-based line in the file where row ``k`` starts."""
        return self._lines[k] if self._lines is not None else self._first_line + k

    def __len__(self) -> int:
        return len(self._rows)

    def rows(self, columns: Sequence[str]) -> Iterator[Row]:
        """Yield rows restricted to ``columns`` (those present); short rows are a DataError."""
        idx = {c: self.header.index(c) for c in columns if c in self.header}
        width = len(self.header)
        for k, raw in enumerate(self._rows):
            line = self._line(k)
            if not any(cell.strip() for cell in raw):
                continue
            if len(raw) < width and len(raw) <= max(idx.values(), default=-1):
                raise DataError(
                    f"row has {len(raw)} fields, the header has {width}",
                    path=self.source.name,
                    line=line,
                    hint="the file looks truncated or uses another delimiter on this line",
                )
            yield Row(line, {c: raw[i] if i < len(raw) else "" for c, i in idx.items()})

    def columns(self, columns: Sequence[str]) -> tuple[list[int], dict[str, list[str]]]:
        """Columnar ``rows()``: the kept rows' line numbers and each present column's stripped values.

        Same rules as ``rows()`` (blank rows skipped, short rows a DataError) without a Row per line.
        """
        idx = {c: self.header.index(c) for c in columns if c in self.header}
        need = max(idx.values(), default=-1)
        lines: list[int] = []
        kept: list[list[str]] = []
        for k, raw in enumerate(self._rows):
            if len(raw) <= need or not raw[0].strip():
                if not any(cell.strip() for cell in raw):
                    continue
                if len(raw) <= need:
                    raise DataError(
                        f"row has {len(raw)} fields, the header has {len(self.header)}",
                        path=self.source.name,
                        line=self._line(k),
                        hint="the file looks truncated or uses another delimiter on this line",
                    )
            lines.append(self._line(k))
            kept.append(raw)
        return lines, {c: list(map(str.strip, map(itemgetter(i), kept))) for c, i in idx.items()}

    def float_value(self, row: Row, column: str, *, required: bool = True) -> float | None:
        """Parse a number from a row (``""``, ``n/a``, ``*``, ``#``, ``—`` mean missing)."""
        text = row.get(column).replace(",", "")
        if text in ("", "n/a", "N/A", "*", "**", "#", "—", "-", "–"):
            if required:
                raise DataError(
                    "missing number", path=self.source.name, line=row.line, column=column
                )
            return None
        try:
            return float(text)
        except ValueError:
            raise DataError(
                f"not a number: {text!r}", path=self.source.name, line=row.line, column=column
            ) from None


def read_table(
    source: TableSource,
    *,
    delimiter: str,
    required: Sequence[str],
    aliases: dict[str, Sequence[str]] | None = None,
    encodings: Sequence[str] = ("utf-8-sig",),
    header_match: str | None = None,
) -> Table:
    """Parse a delimited table or a workbook sheet, checking the required columns by name.

    ``aliases`` maps a canonical column name to other spellings seen in other releases; the
    table's header is rewritten to canonical names. Extra columns are kept and ignored. With
    ``header_match`` (a regex) the header is the first of the first 30 rows with a cell starting
    with a match (title rows above are skipped); else, or when none matches, the first row.
    """
    data = source.read_bytes()
    if source.is_workbook:
        records, lines = read_sheet(data, source.name, source.sheet)
    else:
        records, lines = _csv_records(_decode(data, source, encodings), source, delimiter)
    at = _header_index(records, header_match)
    if at is None:
        raise DataError("file is empty", path=source.name, hint="download the file again")
    header = [h.strip().lstrip("\ufeff") for h in records[at]]
    if source.is_workbook:
        header = [" ".join(h.split()) for h in header]
    else:
        _check_delimiter(header, delimiter, source)
    canonical = _canonical_header(header, aliases or {})
    missing = [c for c in required if c not in canonical]
    if missing:
        raise DataError(
            f"missing required column(s) {', '.join(repr(m) for m in missing)}; found {header}",
            path=source.name,
            line=lines[at],
            column=missing[0],
            hint="use the publisher's file as released; columns are matched by name",
        )
    rows = records[at + 1 :]
    if source.is_workbook:  # a sheet's row ends at its last filled cell: pad to the header
        rows = [r + [""] * (len(header) - len(r)) if len(r) < len(header) else r for r in rows]
    return Table(
        source,
        canonical,
        rows,
        first_line=lines[at] + 1,
        lines=lines[at + 1 :],
        header_line=lines[at],
    )


def _header_index(records: list[list[str]], header_match: str | None) -> int | None:
    """Index of the header record: the first matching ``header_match``, else the first one."""
    if not records:
        return None
    if header_match is not None:
        regex = re.compile(header_match, re.IGNORECASE)
        for k, record in enumerate(records[:HEADER_SEARCH_ROWS]):
            if any(regex.match(" ".join(cell.split())) for cell in record):
                return k
    return 0


def _csv_records(
    text: str, source: TableSource, delimiter: str
) -> tuple[list[list[str]], list[int]]:
    """The records of delimited text and the 1-based line each starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    records: list[list[str]] = []
    lines: list[int] = []
    try:
        start = reader.line_num + 1
        for record in reader:
            records.append(record)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(
            f"malformed row ({exc})", path=source.name, line=reader.line_num, hint="check quoting"
        ) from None
    return records, lines


def read_sheet(
    data: bytes, name: str, sheet: str | None = None
) -> tuple[list[list[str]], list[int]]:
    """One sheet's rows as text (see ``_cell_text``) and row numbers; the first sheet when None."""
    with _workbook(data, name) as book:
        if sheet is not None and sheet not in book.sheetnames:
            raise DataError(
                f"workbook has no sheet {sheet!r} (has {book.sheetnames})",
                path=name,
                hint="use the publisher's workbook as released",
            )
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        ws.reset_dimensions()  # trust the cells, not the stored size (often wrong)
        try:
            records = [[_cell_text(v) for v in cells] for cells in ws.iter_rows(values_only=True)]
        except Exception as exc:  # openpyxl raises many types on a damaged workbook
            raise _bad_workbook(exc, name) from None
    return records, list(range(1, len(records) + 1))


def sheet_names(data: bytes, name: str) -> list[str]:
    """The sheet titles of a workbook, in order; a damaged workbook is a DataError naming ``name``."""
    with _workbook(data, name) as book:
        return list(book.sheetnames)


@contextmanager
def _workbook(data: bytes, name: str) -> Iterator[Any]:
    """An openpyxl workbook opened read-only on ``data``, closed afterwards."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on a damaged workbook
        raise _bad_workbook(exc, name) from None
    try:
        yield book
    finally:
        book.close()


def _bad_workbook(exc: Exception, name: str) -> DataError:
    return DataError(
        f"not a readable Excel workbook ({type(exc).__name__}: {exc})",
        path=name,
        hint="download the file again, or use the publisher's text/CSV form",
    )


def _cell_text(value: object) -> str:
    """A cell value as text: ``1693.8``, ``42`` (not ``42.0``), ISO dates, ``""`` when empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _decode(data: bytes, source: TableSource, encodings: Sequence[str]) -> str:
    for enc in encodings:
        try:
            return data.decode(enc)
        except UnicodeDecodeError as exc:
            last = exc
    line = data[: last.start].count(b"\n") + 1
    raise DataError(
        f"not valid {encodings[0].replace('-sig', '')} text (byte 0x{data[last.start]:02x})",
        path=source.name,
        line=line,
        hint="save the file as UTF-8 (the publishers' releases are UTF-8)",
    )


def _check_delimiter(header: list[str], delimiter: str, source: TableSource) -> None:
    if len(header) > 1:
        return
    cell = header[0] if header else ""
    for other, name in _DELIMITER_NAMES.items():
        if other != delimiter and other in cell:
            raise DataError(
                f"header is separated by {name}s, expected {_DELIMITER_NAMES.get(delimiter, delimiter)}s",
                path=source.name,
                line=1,
                hint=f"save the file {_DELIMITER_NAMES.get(delimiter, delimiter)}-delimited as released",
            )


def _canonical_header(header: list[str], aliases: dict[str, Sequence[str]]) -> list[str]:
    lookup = {h.casefold(): h for h in header}
    out = list(header)
    for canonical, spellings in aliases.items():
        for spelling in (canonical, *spellings):
            real = lookup.get(spelling.casefold())
            if real is not None:
                out[header.index(real)] = canonical
                break
    return out
