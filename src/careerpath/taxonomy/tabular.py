"""Reading delimited tables by column name, with errors that name the file, line and column."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from careerpath.domain.errors import DataError, MissingDataError

csv.field_size_limit(2**31 - 1)

_DELIMITER_NAMES = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}


@dataclass(frozen=True)
class TableSource:
    """A table inside a folder or a zip archive; ``name`` is what errors show."""

    name: str
    path: Path
    member: str | None = None  # member name when ``path`` is a zip archive

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
    ):
        self.source = source
        self.header = header
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
) -> Table:
    """Decode and parse a delimited table, checking the delimiter and the required columns by name.

    ``aliases`` maps a canonical column name to other spellings seen in other releases; the
    table's header is rewritten to canonical names. Extra columns are kept and ignored.
    """
    data = source.read_bytes()
    text = _decode(data, source, encodings)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    try:
        header = next(reader)
    except StopIteration:
        raise DataError("file is empty", path=source.name, hint="download the file again") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    _check_delimiter(header, delimiter, source)
    canonical = _canonical_header(header, aliases or {})
    missing = [c for c in required if c not in canonical]
    if missing:
        raise DataError(
            f"missing required column(s) {', '.join(repr(m) for m in missing)}; found {header}",
            path=source.name,
            line=1,
            column=missing[0],
            hint="use the publisher's file as released; columns are matched by name",
        )
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        start = reader.line_num + 1
        for record in reader:
            rows.append(record)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(
            f"malformed row ({exc})", path=source.name, line=reader.line_num, hint="check quoting"
        ) from None
    return Table(source, canonical, rows, first_line=2, lines=lines)


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
