"""Finding a publisher's files (tables, workbooks and their sheets) in a folder or zip; reading them."""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from careerpath.domain.errors import DataError, MissingDataError
from careerpath.domain.taxonomy import SourceFile
from careerpath.taxonomy.tabular import (
    WORKBOOK_SUFFIXES,
    Table,
    TableSource,
    read_table,
    sha256_bytes,
    sheet_names,
)

TABLE_SUFFIXES = (".csv", ".txt", ".tsv", *WORKBOOK_SUFFIXES)
_ZIP_HINT = "download the archive again (`careerpath data fetch`) or replace the file"


@dataclass(frozen=True)
class _LoadedSource(TableSource):
    """A TableSource whose bytes were read before, so one read serves hashing and decoding."""

    data: bytes = b""

    def read_bytes(self) -> bytes:
        """The bytes read before."""
        return self.data


def file_name(source: TableSource) -> str:
    """The base name of a source: the file's name, or the zip member's name without its folder."""
    return PurePosixPath(source.member).name if source.member else source.path.name


def list_sources(path: Path) -> list[TableSource]:
    """Table files and workbooks in a folder (and one level down), in zip archives there, or a zip."""
    if not path.exists():
        raise MissingDataError(
            "not found",
            path=str(path),
            hint="run `careerpath data fetch` or set CAREERPATH_DATA_DIR",
        )
    if path.is_file():
        return (
            _zip_members(path) if path.suffix.lower() == ".zip" else [TableSource(str(path), path)]
        )
    plain: list[TableSource] = []
    zipped: list[TableSource] = []
    for folder in (path, *sorted(p for p in path.iterdir() if p.is_dir() and not _hidden(p.name))):
        for item in sorted(folder.iterdir()):
            if not item.is_file() or _hidden(item.name):
                continue
            if item.suffix.lower() in TABLE_SUFFIXES:
                plain.append(TableSource(str(item), item))
            elif item.suffix.lower() == ".zip":
                zipped.extend(_zip_members(item))
    return plain + zipped


def _hidden(name: str) -> bool:
    return name.startswith((".", "__MACOSX", "~$"))


def _zip_members(archive: Path) -> list[TableSource]:
    """The table members of a zip archive; a truncated or corrupt archive is a DataError."""
    try:
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise DataError(
            f"corrupt or truncated zip archive ({exc})", path=str(archive), hint=_ZIP_HINT
        ) from None
    out = []
    for name in sorted(names):
        base = PurePosixPath(name)
        if any(_hidden(part) for part in base.parts) or base.suffix.lower() not in TABLE_SUFFIXES:
            continue
        out.append(TableSource(f"{archive}/{name}", archive, name))
    return out


def zip_names(path: Path) -> list[str]:
    """The member base names of a zip after a full CRC check; a damaged zip is a DataError."""
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
            names = [PurePosixPath(n).name for n in zf.namelist() if not n.endswith("/")]
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise DataError(f"not a complete zip archive ({exc})", path=str(path)) from None
    if bad is not None:
        raise DataError(f"corrupt member {bad!r}", path=str(path))
    return names


def pick_source(
    sources: Iterable[TableSource], pattern: str, *, prefer: str = ""
) -> tuple[TableSource | None, list[TableSource]]:
    """The source whose base name fully matches ``pattern`` (case-insensitive), and all matches.

    When several match, the first whose name contains ``prefer`` wins, else the first in order.
    """
    regex = re.compile(pattern, re.IGNORECASE)
    hits = [s for s in sources if regex.fullmatch(file_name(s))]
    if not hits:
        return None, []
    preferred = [s for s in hits if prefer and prefer.casefold() in file_name(s).casefold()]
    return (preferred or hits)[0], hits


def sheet_sources(source: TableSource) -> list[TableSource]:
    """One source per sheet of a workbook source, named ``<file> [sheet '<title>']`` in errors."""
    data = _read(source)
    return [
        TableSource(f"{source.name} [sheet '{title}']", source.path, source.member, title)
        for title in sheet_names(data, source.name)
    ]


def pick_sheet(source: TableSource, pattern: str) -> TableSource | None:
    """The first sheet of a workbook whose title fully matches ``pattern`` (case-insensitive)."""
    regex = re.compile(pattern, re.IGNORECASE)
    for sheet in sheet_sources(source):
        if regex.fullmatch((sheet.sheet or "").strip()):
            return sheet
    return None


def _read(source: TableSource) -> bytes:
    """A source's bytes; a corrupt zip member is a DataError naming it."""
    try:
        return source.read_bytes()
    except zlib.error as exc:
        raise DataError(f"corrupt zip member ({exc})", path=source.name, hint=_ZIP_HINT) from None


def read_source(
    source: TableSource,
    *,
    dataset: str,
    release: str,
    delimiter: str = ",",
    required: Sequence[str] = (),
    aliases: dict[str, Sequence[str]] | None = None,
    header_match: str | None = None,
) -> tuple[Table, SourceFile]:
    """Read a table or sheet once (header row: see ``read_table``); it and its provenance."""
    data = _read(source)
    loaded = _LoadedSource(source.name, source.path, source.member, source.sheet, data=data)
    table = read_table(
        loaded, delimiter=delimiter, required=required, aliases=aliases, header_match=header_match
    )
    provenance = SourceFile(dataset, release, source.name, sha256_bytes(data), len(table))
    return table, provenance


def resolve_columns(
    table: Table, patterns: Mapping[str, str], *, required: Iterable[str]
) -> dict[str, str]:
    """Map canonical names to the table's real headers by regex (case-insensitive, from the start).

    Release-specific headers ("Employment change, percent, 2024–34") are matched by pattern so the
    next release loads too. A required name with no matching header is a DataError on the
    header's line.
    """
    found: dict[str, str] = {}
    for canonical, pattern in patterns.items():
        regex = re.compile(pattern, re.IGNORECASE)
        for header in table.header:
            if regex.match(header.strip()):
                found[canonical] = header
                break
    missing = [name for name in required if name not in found]
    if missing:
        raise DataError(
            f"no column matching {patterns[missing[0]]!r}; found {table.header}",
            path=table.source.name,
            line=table.header_line,
            column=missing[0],
            hint="use the publisher's file as released; columns are matched by name",
        )
    return found
