"""Shared pieces of the import readers: size limit, mapped CSV columns, dates, levels, rejects."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from careerpath.domain.errors import DataError, MissingDataError
from careerpath.domain.profile import PROFICIENCY_ANCHORS
from careerpath.engine.people import Reject
from careerpath.ingest.mapping import ImportMapping
from careerpath.taxonomy.tabular import TableSource, read_table

#: End dates from this year on mean "no end" (HR systems write 9999-12-31 for open records).
OPEN_END_YEAR = 9000
LEVEL_WORDS = ", ".join(PROFICIENCY_ANCHORS)


def check_size(path: Path, max_bytes: int | None) -> None:
    """Refuse a missing file, or one larger than ``max_bytes``."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise MissingDataError("file not found", path=str(path)) from None
    if max_bytes is not None and size > max_bytes:
        raise DataError(
            f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; nothing was imported",
            path=str(path),
            hint="raise CAREERPATH_MAX_UPLOAD_BYTES, or split the file",
        )


def read_utf8(path: Path, max_bytes: int | None) -> str:
    """The text of a UTF-8 file within the size limit; a bad byte is a DataError naming its line."""
    check_size(path, max_bytes)
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            "not valid UTF-8 text", path=path.name, line=line, hint="save it as UTF-8"
        ) from None


@dataclass
class Rejects:
    """The rejects of one file, and which rows they hit."""

    file: str
    items: list[Reject] = field(default_factory=list)
    lines: set[int] = field(default_factory=set)

    def add(self, line: int, column: str, reason: str, value: str = "") -> None:
        """Reject the row at ``line`` for a problem in ``column``."""
        self.items.append(Reject(self.file, line, column, reason, value))
        self.lines.add(line)


@dataclass(frozen=True)
class Columns:
    """A CSV file's rows as columns of stripped text, by our field names, with their lines."""

    file: str
    lines: list[int]
    values: dict[str, list[str]]
    names: dict[str, str]  # our field -> their column, for messages

    def get(self, name: str) -> list[str]:
        """A field's values (all empty when the file lacks the optional column)."""
        return self.values[name]


def read_columns(
    path: Path,
    kind: str,
    mapping: ImportMapping,
    *,
    fields: Sequence[str],
    required: Sequence[str],
    one_of: Sequence[str] = (),
) -> Columns:
    """Read a CSV by mapped column names; a missing required column aborts the file."""
    names = {f: mapping.column(kind, f) for f in fields}
    source = TableSource(path.name, path)
    table = read_table(
        source,
        delimiter=mapping.delimiter,
        required=(),
        aliases={f: [c] for f, c in names.items()},
        encodings=(mapping.encoding,),
    )
    missing = [f for f in required if f not in table.header]
    if one_of and not any(f in table.header for f in one_of):
        missing.append(" or ".join(one_of))
    if missing:
        wanted = ", ".join(repr(names.get(f, f)) for f in missing)
        raise DataError(
            f"missing required column(s) {wanted}; found {table.header}; nothing was imported",
            path=path.name,
            line=table.header_line,
            column=names.get(missing[0], missing[0]),
            hint="name the columns in the mapping file (--mapping), see docs/ingest.md",
        )
    lines, values = table.columns(fields)
    for name in fields:  # optional columns the file lacks read as empty
        values.setdefault(name, [""] * len(lines))
    return Columns(path.name, lines, values, names)


class DateParser:
    """Parses dates in the mapping's formats (cached), refusing dates after ``today``."""

    def __init__(self, formats: Sequence[str], today: date) -> None:
        self.formats = tuple(formats)
        self.today = today
        self._cache: dict[str, date] = {}
        self._fast = [_numeric_date(f) for f in self.formats]

    def __call__(self, text: str, *, end: bool = False) -> date | None:
        """The date in ``text``; None for an open end (empty or 9999-12-31); ValueError explains."""
        hit = self._cache.get(text)
        if hit is None:
            hit = self._parse(text)
            self._cache[text] = hit
        if hit.year >= OPEN_END_YEAR and end:
            return None
        if hit > self.today:
            raise ValueError(f"is in the future (after {self.today.isoformat()})")
        return hit

    def _parse(self, text: str) -> date:
        """Parse with each format in turn (numeric %Y/%m/%d formats without strptime)."""
        for fmt, fast in zip(self.formats, self._fast, strict=True):
            try:
                if fast is None:
                    return datetime.strptime(text, fmt).date()
                m = fast.fullmatch(text)
                if m is not None:
                    return date(int(m["Y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
        raise ValueError(f"is not a date in the format(s) {', '.join(self.formats)}")


def _numeric_date(fmt: str) -> re.Pattern[str] | None:
    """A regex for a format made of %Y, %m, %d and separators only; None for other formats."""
    parts = re.split(r"(%.)", fmt)
    if sorted(p for p in parts if p.startswith("%")) != ["%Y", "%d", "%m"]:
        return None
    if any(p.startswith("%") is False and "%" in p for p in parts):
        return None
    digits = {"%Y": r"(?P<Y>\d{4})", "%m": r"(?P<m>\d{1,2})", "%d": r"(?P<d>\d{1,2})"}
    return re.compile("".join(digits.get(p, re.escape(p)) for p in parts))


def parse_level(text: str) -> float:
    """A proficiency level: a number in [0, 1] or an anchor word (basic, advanced...)."""
    word = PROFICIENCY_ANCHORS.get(text.strip().casefold())
    if word is not None:
        return word
    try:
        level = float(text)
    except ValueError:
        raise ValueError(f"is not a level: use 0-1 or one of {LEVEL_WORDS}") from None
    if not 0.0 <= level <= 1.0:
        raise ValueError(f"is outside [0, 1]: use 0-1 or one of {LEVEL_WORDS}")
    return level


def parse_number(text: str, *, minimum: float = 0.0) -> float:
    """A non-negative number (thousands separators allowed)."""
    value = float(text.replace(",", ""))
    if not value >= minimum:
        raise ValueError(f"is less than {minimum:g}")
    return value


_SPLIT = re.compile(r"\s*[;|]\s*")


def split_list(text: str) -> list[str]:
    """Items of a ``;``- or ``|``-separated cell, blanks dropped."""
    return [t for t in _SPLIT.split(text.strip()) if t]


def duplicates(keys: Iterable[str], lines: Sequence[int]) -> dict[str, list[int]]:
    """Keys that occur more than once, with every line they occur on."""
    seen: dict[str, list[int]] = {}
    for key, line in zip(keys, lines, strict=True):
        seen.setdefault(key, []).append(line)
    return {k: v for k, v in seen.items() if len(v) > 1}
