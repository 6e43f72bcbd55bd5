"""Course catalog, project records and skill assessments (CSV), validated against the taxonomy.

Row problems (unknown skill id, bad level or date, end before start, a repeated row) reject the
row; a missing required column aborts the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from careerpath.domain.profile import Assessment, Course, CourseSkill, ProjectRecord
from careerpath.engine.people import ImportOptions, Located, ParsedImport
from careerpath.ingest.common import (
    Columns,
    DateParser,
    Rejects,
    check_size,
    duplicates,
    parse_level,
    parse_number,
    read_columns,
    split_list,
)
from careerpath.ingest.mapping import load_mapping

COURSE_FIELDS = ("course_id", "title", "provider", "hours", "cost", "skills")
PROJECT_FIELDS = ("project_id", "name", "person_id", "role", "skills", "start", "end")
ASSESSMENT_FIELDS = ("person_id", "skill_id", "level", "assessor", "assessor_id", "date")
ASSESSORS = ("self", "manager")


def _open(
    path: Path,
    options: ImportOptions,
    kind: str,
    fields: tuple[str, ...],
    required: tuple[str, ...],
) -> tuple[Columns, DateParser, Rejects]:
    """Check the size, read mapped columns, and set up dates and rejects."""
    check_size(path, options.max_bytes)
    mapping = load_mapping(options.mapping)
    cols = read_columns(path, kind, mapping, fields=fields, required=required)
    dates = DateParser(mapping.date_formats, options.today or date.today())
    return cols, dates, Rejects(path.name)


def read_courses(path: Path, options: ImportOptions) -> ParsedImport:
    """Catalog rows into courses; a ``skills`` cell is ``skill_id:level;skill_id:level``."""
    cols, _, rejects = _open(
        path, options, "courses", COURSE_FIELDS, ("course_id", "title", "skills")
    )
    known = options.taxonomy.skills
    repeated = duplicates(cols.get("course_id"), cols.lines)
    out: list[Located[Course]] = []
    for k, line in enumerate(cols.lines):
        before = len(rejects.items)
        cid = cols.get("course_id")[k]
        if not cid or cid in repeated:
            reason = (
                f"repeats on lines {', '.join(map(str, repeated[cid]))}"
                if cid
                else "missing course id"
            )
            rejects.add(line, cols.names["course_id"], reason, cid)
        skills = _course_skills(cols.get("skills")[k], known, rejects, cols.names["skills"], line)
        hours = _number(cols, rejects, "hours", k, line)
        cost = _number(cols, rejects, "cost", k, line)
        if len(rejects.items) == before:
            title, provider = cols.get("title")[k], cols.get("provider")[k]
            out.append((line, Course(cid, title, skills, hours, cost, provider)))
    return ParsedImport(
        "courses", path.name, len(cols.lines), tuple(rejects.items), courses=tuple(out)
    )


def _course_skills(
    text: str, known: Mapping[str, object], rejects: Rejects, column: str, line: int
) -> tuple[CourseSkill, ...]:
    """The ``skill_id:level;...`` cell of a catalog row (bad items reject the row)."""
    skills: list[CourseSkill] = []
    for item in split_list(text):
        sid, sep, level_text = item.rpartition(":")
        if not sep or sid not in known:
            reason = "is not a skill id of the taxonomy (write skill_id:level)"
            rejects.add(line, column, reason, sid or item)
            continue
        try:
            skills.append(CourseSkill(sid, parse_level(level_text)))
        except ValueError as exc:
            rejects.add(line, column, str(exc), item)
    return tuple(skills)


def _number(cols: Columns, rejects: Rejects, name: str, k: int, line: int) -> float:
    """A non-negative number cell (empty = 0)."""
    text = cols.get(name)[k]
    try:
        return parse_number(text) if text else 0.0
    except ValueError:
        rejects.add(line, cols.names[name], "is not a non-negative number", text)
        return 0.0


def read_projects(path: Path, options: ImportOptions) -> ParsedImport:
    """Project rows: one person's part in a project, skills used ``a;b``, dates."""
    cols, dates, rejects = _open(
        path, options, "projects", PROJECT_FIELDS, ("project_id", "person_id", "skills")
    )
    known = options.taxonomy.skills
    out: list[Located[ProjectRecord]] = []
    seen: dict[tuple[str, str], int] = {}
    for k, line in enumerate(cols.lines):
        before = len(rejects.items)
        pid, person = cols.get("project_id")[k], cols.get("person_id")[k]
        for name, value in (("project_id", pid), ("person_id", person)):
            if not value:
                rejects.add(line, cols.names[name], "missing value")
        first = seen.setdefault((pid, person), line)
        if first != line:
            rejects.add(
                line,
                cols.names["project_id"],
                f"repeats the project and person of line {first}",
                pid,
            )
        skills = tuple(split_list(cols.get("skills")[k]))
        for sid in skills:
            if sid not in known:
                rejects.add(line, cols.names["skills"], "is not a skill id of the taxonomy", sid)
        start, end = _span(cols, dates, rejects, k, line)
        if len(rejects.items) == before:
            rec = ProjectRecord(
                pid, person, cols.get("name")[k], cols.get("role")[k], skills, start, end
            )
            out.append((line, rec))
    return ParsedImport(
        "projects", path.name, len(cols.lines), tuple(rejects.items), projects=tuple(out)
    )


def _span(
    cols: Columns, dates: DateParser, rejects: Rejects, k: int, line: int
) -> tuple[date | None, date | None]:
    """Start and end dates (both optional); end before start rejects the row."""
    got: dict[str, date | None] = {}
    for name in ("start", "end"):
        text = cols.get(name)[k]
        try:
            got[name] = dates(text, end=name == "end") if text else None
        except ValueError as exc:
            rejects.add(line, cols.names[name], str(exc), text)
            got[name] = None
    start, end = got["start"], got["end"]
    if start is not None and end is not None and end < start:
        rejects.add(
            line,
            cols.names["end"],
            f"is before the start {start.isoformat()}",
            cols.get("end")[k],
        )
    return start, end


def read_assessments(path: Path, options: ImportOptions) -> ParsedImport:
    """Assessment rows: person, skill, level (0-1 or a word), assessor self|manager, date."""
    required = ("person_id", "skill_id", "level", "assessor")
    cols, dates, rejects = _open(path, options, "assessments", ASSESSMENT_FIELDS, required)
    known = options.taxonomy.skills
    out: list[Located[Assessment]] = []
    seen: dict[Assessment, int] = {}
    for k, line in enumerate(cols.lines):
        before = len(rejects.items)
        v = {f: cols.get(f)[k] for f in ASSESSMENT_FIELDS}
        if not v["person_id"]:
            rejects.add(line, cols.names["person_id"], "missing person id")
        if v["skill_id"] not in known:
            rejects.add(
                line, cols.names["skill_id"], "is not a skill id of the taxonomy", v["skill_id"]
            )
        assessor = v["assessor"].casefold()
        if assessor not in ASSESSORS:
            rejects.add(
                line,
                cols.names["assessor"],
                "is not an assessor: use self or manager",
                v["assessor"],
            )
        level = _level(rejects, line, cols.names["level"], v["level"])
        when = None
        try:
            when = dates(v["date"]) if v["date"] else None
        except ValueError as exc:
            rejects.add(line, cols.names["date"], str(exc), v["date"])
        if len(rejects.items) > before or level is None:
            continue
        rec = Assessment(v["person_id"], v["skill_id"], level, assessor, v["assessor_id"], when)
        first = seen.setdefault(rec, line)
        if first != line:
            rejects.add(
                line,
                cols.names["skill_id"],
                f"repeats the assessment on line {first}",
                v["skill_id"],
            )
        else:
            out.append((line, rec))
    return ParsedImport(
        "assessments", path.name, len(cols.lines), tuple(rejects.items), assessments=tuple(out)
    )


def _level(rejects: Rejects, line: int, column: str, text: str) -> float | None:
    """A level cell, or None after rejecting the row."""
    try:
        return parse_level(text)
    except ValueError as exc:
        rejects.add(line, column, str(exc), text)
        return None
