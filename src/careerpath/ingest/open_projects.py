"""Open projects (stretch assignments, gigs looking for people) from a CSV, for `people import`.

Columns: ``project_id`` (required, unique in the file), ``name`` (required), ``skills`` (required:
skill ids of the taxonomy, O*NET element ids or ESCO skill URIs, separated by ``;``), ``start`` and
``end`` (optional dates in the mapping's formats, here future dates are expected; the end must not
be before the start nor before today: a project that has ended is not open), ``seats`` (optional
whole number >= 1, default 1). A row problem rejects the row with its line, column, value and
reason; a missing required column aborts the file. Accepted rows are stored in one transaction
(``uow.projects.add_open``); projects already stored abort the file unless ``--replace`` updates
them, like the course catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from careerpath.domain.opportunities import OpenProject
from careerpath.engine.people import (
    ImportOptions,
    ImportPlan,
    Located,
    ParsedImport,
    abort_if_stored,
)
from careerpath.engine.ports import UnitOfWork
from careerpath.ingest.common import (
    Columns,
    DateParser,
    Rejects,
    check_size,
    duplicates,
    read_columns,
    split_list,
)
from careerpath.ingest.mapping import load_mapping

KIND = "open-projects"
FIELDS = ("project_id", "name", "skills", "start", "end", "seats")
REQUIRED = ("project_id", "name", "skills")
_NO_FUTURE_LIMIT = date(9999, 12, 31)


@dataclass(frozen=True)
class ParsedOpenProjects(ParsedImport):
    """A parsed open-projects file: the accepted projects with their lines."""

    open_projects: tuple[Located[OpenProject], ...] = ()


def read_open_projects(path: Path, options: ImportOptions) -> ParsedImport:
    """Parse and validate an open-projects CSV (module docstring)."""
    check_size(path, options.max_bytes)
    mapping = load_mapping(options.mapping)
    cols = read_columns(path, KIND, mapping, fields=FIELDS, required=REQUIRED)
    dates = DateParser(mapping.date_formats, _NO_FUTURE_LIMIT)
    today = options.today or date.today()
    rejects = Rejects(path.name)
    repeated = duplicates(cols.get("project_id"), cols.lines)
    out: list[Located[OpenProject]] = []
    for k, line in enumerate(cols.lines):
        before = len(rejects.items)
        pid, name = cols.get("project_id")[k], cols.get("name")[k]
        if not pid:
            rejects.add(line, cols.names["project_id"], "missing project id")
        elif pid in repeated:
            lines = ", ".join(map(str, repeated[pid]))
            rejects.add(line, cols.names["project_id"], f"repeats on lines {lines}", pid)
        if not name:
            rejects.add(line, cols.names["name"], "missing project name")
        skills = _skills(cols, k, line, options, rejects)
        start, end = _dates(cols, k, line, dates, today, rejects)
        seats = _seats(cols, k, line, rejects)
        if len(rejects.items) == before:
            out.append((line, OpenProject(pid, name, skills, start, end, seats)))
    return ParsedOpenProjects(
        KIND, path.name, len(cols.lines), tuple(rejects.items), open_projects=tuple(out)
    )


def _skills(
    cols: Columns, k: int, line: int, options: ImportOptions, rejects: Rejects
) -> tuple[str, ...]:
    """The ``;``-separated skill ids of a row; unknown ids (or none) reject it."""
    column = cols.names["skills"]
    skills = tuple(dict.fromkeys(split_list(cols.get("skills")[k])))
    if not skills:
        rejects.add(line, column, "lists no skill: give skill ids separated by ;")
    for sid in skills:
        if sid not in options.taxonomy.skills:
            reason = "is not a skill id of the taxonomy (an O*NET element id or ESCO skill URI)"
            rejects.add(line, column, reason, sid)
    return skills


def _dates(
    cols: Columns, k: int, line: int, dates: DateParser, today: date, rejects: Rejects
) -> tuple[date | None, date | None]:
    """Start and end (both optional); an end before the start or before today rejects the row."""
    got: dict[str, date | None] = {}
    for field in ("start", "end"):
        text = cols.get(field)[k]
        try:
            got[field] = dates(text, end=field == "end") if text else None
        except ValueError as exc:
            rejects.add(line, cols.names[field], str(exc), text)
            got[field] = None
    start, end = got["start"], got["end"]
    text = cols.get("end")[k]
    if start is not None and end is not None and end < start:
        rejects.add(line, cols.names["end"], f"is before the start {start.isoformat()}", text)
    elif end is not None and end < today:
        reason = f"is before today ({today.isoformat()}): the project has ended, it is not open"
        rejects.add(line, cols.names["end"], reason, text)
    return start, end


def _seats(cols: Columns, k: int, line: int, rejects: Rejects) -> int:
    """Free seats: a whole number >= 1 (empty: 1)."""
    text = cols.get("seats")[k]
    if not text:
        return 1
    if not text.isdigit() or int(text) < 1:
        rejects.add(line, cols.names["seats"], "is not a whole number of seats >= 1", text)
        return 1
    return int(text)


def plan_open_projects(parsed: ParsedImport, uow: UnitOfWork, *, replace: bool) -> ImportPlan:
    """Store the accepted projects; ids already stored abort the file unless ``replace``."""
    plan = ImportPlan.of(parsed)
    found = parsed.open_projects if isinstance(parsed, ParsedOpenProjects) else ()
    stored = {p.id for p in uow.projects.open()}
    if not replace:
        abort_if_stored(
            parsed, [(line, p.id) for line, p in found if p.id in stored], "projects are"
        )
    projects = [p for _, p in found]
    updated = sum(1 for p in projects if p.id in stored)
    if updated:
        plan.notes.append(f"{updated} stored open projects updated (--replace)")
    plan.writes.append(lambda u: u.projects.add_open(projects))
    return plan


@dataclass(frozen=True)
class OpenProjectsReader:
    """The ImportReader of open-projects files."""

    def read(self, path: Path, options: ImportOptions) -> ParsedImport:
        """Parse and validate ``path``."""
        return read_open_projects(path, options)

    def plan(self, parsed: ParsedImport, uow: UnitOfWork, *, replace: bool) -> ImportPlan:
        """Check against the store and plan the writes."""
        return plan_open_projects(parsed, uow, replace=replace)


READER = OpenProjectsReader()
