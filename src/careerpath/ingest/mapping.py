"""The import mapping file (YAML): our field -> their column per kind, date formats, code systems."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from careerpath.domain.errors import DataError, MissingDataError

ROLE_CODE_SYSTEMS = ("auto", "org", "onet", "esco", "title")
_KINDS = ("hris", "hris-history", "courses", "projects", "assessments", "xapi", "json-resume")
_TOP_KEYS = (
    *_KINDS,
    "date_formats",
    "role_codes",
    "performance_scale",
    "delimiter",
    "encoding",
    "skill_taxonomy",
    "actors",
    "account_is_person_id",
    "course_prefix",
    "person_id",
    "min_match_score",
)


@dataclass(frozen=True)
class ImportMapping:
    """How an organization's files map onto careerpath's fields (defaults: our own field names)."""

    columns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # kind -> field -> col
    date_formats: tuple[str, ...] = ("%Y-%m-%d",)
    role_codes: str = "auto"  # auto | org | onet | esco | title
    performance_scale: tuple[float, float] = (1.0, 5.0)
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    skill_taxonomy: str = ""  # esco | onet for the skill linker; "" = esco when loaded, else onet
    actors: Mapping[str, str] = field(default_factory=dict)  # xAPI actor key -> person id
    account_is_person_id: bool = True  # xAPI account.name is the person id when not in ``actors``
    course_prefix: str = ""  # xAPI object ids start with this before the course id
    person_id: str = ""  # json-resume: whose resume, when not given on the command line
    min_match_score: float = 0.85  # title normaliser / skill linker matches accepted from here

    def column(self, kind: str, name: str) -> str:
        """Their column name for our field ``name`` in files of ``kind``."""
        return self.columns.get(kind, {}).get(name, name)


def load_mapping(path: Path | None) -> ImportMapping:
    """Read and check a mapping file; the defaults when ``path`` is None."""
    if path is None:
        return ImportMapping()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MissingDataError("mapping file not found", path=str(path)) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise DataError(
            f"not a readable YAML mapping ({type(exc).__name__})",
            path=str(path),
            line=None if line is None else line + 1,
        ) from None
    if data is None:
        return ImportMapping()
    if not isinstance(data, dict):
        raise DataError("a mapping file is a YAML mapping of keys", path=str(path))
    return _build(data, str(path))


def _build(data: dict[str, Any], name: str) -> ImportMapping:
    """An ImportMapping from parsed YAML, every key checked."""
    unknown = sorted(set(map(str, data)) - set(_TOP_KEYS))
    if unknown:
        raise DataError(
            f"unknown key {unknown[0]!r}", path=name, hint=f"keys: {', '.join(_TOP_KEYS)}"
        )
    columns = {k: _str_map(data[k], name, k) for k in _KINDS if k in data}
    formats = data.get("date_formats", ["%Y-%m-%d"])
    if isinstance(formats, str):
        formats = [formats]
    if not isinstance(formats, list) or not all(isinstance(f, str) and "%" in f for f in formats):
        raise DataError("date_formats: a list of strftime formats like '%d/%m/%Y'", path=name)
    codes = str(data.get("role_codes", "auto"))
    if codes not in ROLE_CODE_SYSTEMS:
        raise DataError(
            f"role_codes: {codes!r} is not one of {', '.join(ROLE_CODE_SYSTEMS)}", path=name
        )
    return ImportMapping(
        columns=columns,
        date_formats=tuple(formats),
        role_codes=codes,
        performance_scale=_scale(data.get("performance_scale", [1, 5]), name),
        delimiter=_delimiter(data.get("delimiter", ","), name),
        encoding=str(data.get("encoding", "utf-8-sig")),
        skill_taxonomy=str(data.get("skill_taxonomy", "")),
        actors=_str_map(data.get("actors", {}), name, "actors"),
        account_is_person_id=bool(data.get("account_is_person_id", True)),
        course_prefix=str(data.get("course_prefix", "")),
        person_id=str(data.get("person_id", "")),
        min_match_score=float(data.get("min_match_score", 0.85)),
    )


def _str_map(value: object, name: str, key: str) -> dict[str, str]:
    """A YAML mapping of strings to strings."""
    if not isinstance(value, dict):
        raise DataError(f"{key}: expected a mapping of field: column", path=name)
    return {str(k): str(v) for k, v in value.items()}


def _scale(value: object, name: str) -> tuple[float, float]:
    """A [low, high] rating scale."""
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) for v in value)
        and value[0] < value[1]
    ):
        return float(value[0]), float(value[1])
    raise DataError("performance_scale: [lowest, highest] rating, e.g. [1, 5]", path=name)


def _delimiter(value: object, name: str) -> str:
    """A one-character delimiter (``tab`` accepted)."""
    text = "\t" if value in ("tab", "\\t") else str(value)
    if len(text) != 1:
        raise DataError(f"delimiter: one character or 'tab', not {value!r}", path=name)
    return text
