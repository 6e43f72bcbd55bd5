"""The files of one O*NET release (a folder or a zip, text or Excel) read as named columns."""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from careerpath.domain.errors import DataError, MissingDataError
from careerpath.domain.taxonomy import SourceFile
from careerpath.taxonomy.tabular import TableSource, read_table, sha256_bytes

CODE = "O*NET-SOC Code"
OCCUPATION_DATA = "Occupation Data"
FETCH_HINT = (
    "run `careerpath data fetch`, or put the O*NET text release in "
    "CAREERPATH_DATA_DIR/onet/<release>/"
)
_SUFFIXES = (".txt", ".xlsx")  # preferred first
_RELEASE_IN_NAME = re.compile(r"db_(\d+)_(\d+)")
_RELEASE_IN_README = re.compile(r"O\*NET\s+(\d+\.\d+)\s+Database")
_CODE_PATTERN = re.compile(r"\d{2}-\d{4}\.\d{2}")
_MISSING = ("", "n/a", "N/A")


@dataclass(frozen=True)
class _BytesSource(TableSource):
    """A table whose bytes are already in memory (read once for both the checksum and parsing)."""

    data: bytes = field(default=b"", repr=False, compare=False)

    def read_bytes(self) -> bytes:
        """The bytes held in memory."""
        return self.data


@dataclass
class Columns:
    """Some columns of one file as stripped strings (``n/a`` → ``""``), with each row's line number."""

    name: str
    lines: list[int]
    values: dict[str, list[str]]

    def __len__(self) -> int:
        return len(self.lines)

    def has(self, column: str) -> bool:
        """Whether the file has this column."""
        return column in self.values

    def get(self, column: str) -> list[str]:
        """The column's values; all ``""`` when the file lacks it."""
        return self.values.get(column) or [""] * len(self.lines)

    def error(self, message: str, row: int, column: str) -> DataError:
        """A DataError located at row index ``row`` (0-based) of this file."""
        return DataError(message, path=self.name, line=self.lines[row], column=column)

    def require(self, column: str) -> list[str]:
        """The column's values; an empty value is a DataError naming its line."""
        values = self.get(column)
        if "" in values:
            raise self.error("empty value", values.index(""), column)
        return values

    def floats(self, column: str, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        """Finite numbers of ``column`` at row indexes ``rows``, shape (len(rows),)."""
        texts = self.get(column)
        picked = [texts[i] for i in rows.tolist()]
        try:
            out = np.array(picked, dtype=np.float64)
        except ValueError:
            out = np.array([_number(t) for t in picked], dtype=np.float64)
        bad = np.flatnonzero(~np.isfinite(out))
        if bad.size:
            i = int(rows[bad[0]])
            raise self.error(f"not a number: {texts[i]!r}", i, column)
        return out

    def occupation_rows(self, known: dict[str, int]) -> npt.NDArray[np.intp]:
        """Index of each row's O*NET-SOC code in ``known`` (-1 when unknown); malformed is an error."""
        codes = self.get(CODE)
        index = np.fromiter((known.get(c, -1) for c in codes), dtype=np.intp, count=len(codes))
        for i in np.flatnonzero(index < 0).tolist():
            if not _CODE_PATTERN.fullmatch(codes[i]):
                raise self.error(
                    f"malformed O*NET-SOC code {codes[i]!r} (expected NN-NNNN.NN)", i, CODE
                )
        return index


@dataclass
class OnetRelease:
    """One O*NET release: its name and its files by O*NET file name (no extension)."""

    path: Path
    release: str
    files: dict[str, TableSource]
    sources: list[SourceFile] = field(default_factory=list)

    def has(self, name: str) -> bool:
        """Whether the release holds the file ``name`` (e.g. ``"Skills"``)."""
        return name in self.files

    def read(
        self, name: str, required: Sequence[str], optional: Sequence[str] = ()
    ) -> Columns | None:
        """The ``required`` and ``optional`` columns of file ``name``, or None when it is absent."""
        source = self.files.get(name)
        if source is None:
            return None
        data = _read_bytes(source)
        digest = sha256_bytes(data)
        memory = _BytesSource(source.name, source.path, source.member, source.sheet, data=data)
        table = read_table(memory, delimiter="\t", required=required)  # .xlsx: its first sheet
        wanted = [*required, *(c for c in optional if c in table.header)]
        lines, values = table.columns(wanted)
        for column, texts in values.items():
            if "n/a" in texts or "N/A" in texts:
                values[column] = ["" if t in _MISSING else t for t in texts]
        self.sources.append(SourceFile("onet", self.release, source.name, digest, len(lines)))
        return Columns(source.name, lines, values)


def open_release(path: Path) -> OnetRelease:
    """Find the files of the O*NET release at ``path``: a folder or a zip of .txt or .xlsx files."""
    if not path.exists():
        raise MissingDataError(f"no O*NET release at {path}", path=str(path), hint=FETCH_HINT)
    try:
        files = _folder_files(path) if path.is_dir() else _zip_files(path)
    except OSError as exc:
        raise DataError(f"cannot list the release ({exc})", path=str(path)) from None
    if OCCUPATION_DATA not in files:
        raise MissingDataError(
            f"the O*NET release has no '{OCCUPATION_DATA}.txt' (or .xlsx)",
            path=str(path),
            hint=FETCH_HINT,
        )
    return OnetRelease(path, _release_name(path, files), files)


def _folder_files(path: Path) -> dict[str, TableSource]:
    files = {p.stem: p for p in _by_preference(path.iterdir())}
    if OCCUPATION_DATA not in files:
        nested = [p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")]
        if len(nested) == 1:
            files = {p.stem: p for p in _by_preference(nested[0].iterdir())}
    return {stem: TableSource(str(p), p) for stem, p in files.items()}


def _by_preference(paths: Iterable[Path]) -> list[Path]:
    """Files with a known suffix, ordered so that a .txt wins over an .xlsx of the same name."""
    found = [p for p in paths if p.suffix.lower() in _SUFFIXES and p.is_file()]
    found = [p for p in found if not p.name.startswith((".", "~$"))]
    return sorted(found, key=lambda p: _SUFFIXES.index(p.suffix.lower()), reverse=True)


def _zip_files(path: Path) -> dict[str, TableSource]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise DataError(
            f"not a readable zip archive ({exc})",
            path=str(path),
            hint="download the release again (`careerpath data fetch`) or unzip it into a folder",
        ) from None
    members = [n for n in names if Path(n).suffix.lower() in _SUFFIXES]
    members.sort(key=lambda n: _SUFFIXES.index(Path(n).suffix.lower()), reverse=True)
    return {Path(n).stem: TableSource(f"{path}/{n}", path, n) for n in members}


def _release_name(path: Path, files: dict[str, TableSource]) -> str:
    match = _RELEASE_IN_NAME.search(path.name)
    if match:
        return f"{match.group(1)}.{match.group(2)}"
    if path.is_dir():
        return path.name
    readme = files.get("Read Me")
    if readme is not None:
        found = _RELEASE_IN_README.search(_read_bytes(readme)[:500].decode("utf-8", "replace"))
        if found:
            return found.group(1)
    return path.stem


def _read_bytes(source: TableSource) -> bytes:
    try:
        return source.read_bytes()
    except (zlib.error, OSError) as exc:
        raise DataError(
            f"cannot read the file ({exc})", path=source.name, hint="download the release again"
        ) from None


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")
