"""HRIS job history (one row a role spell): read alone for stored people, or with the employees."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from careerpath.domain.profile import Profile, RoleSpell
from careerpath.engine.people import ImportOptions, Located, ParsedImport, Reject
from careerpath.ingest.common import Columns, check_size, read_columns
from careerpath.ingest.hris_rows import RowContext, cell_date, cell_role, row_context
from careerpath.ingest.merge import sorted_spells

HISTORY_FIELDS = (
    "person_id",
    "title",
    "role_code",
    "start",
    "end",
    "org_unit",
    "manager_id",
    "location",
)
Spell = Located[tuple[str, RoleSpell]]


def read_history(path: Path, options: ImportOptions) -> ParsedImport:
    """A job-history file on its own: spells of people already stored."""
    check_size(path, options.max_bytes)
    ctx = row_context(options, path.name)
    spells, rows = _spells(path, ctx)
    return ParsedImport(
        "hris-history", path.name, rows, tuple(ctx.rejects.items), spells=tuple(spells)
    )


def history_for(
    path: Path, options: ImportOptions, accepted: set[str], listed: set[str], employees: str
) -> tuple[dict[str, list[RoleSpell]], int, list[Reject]]:
    """The history file read with the employees: spells by accepted person, rows read, rejects."""
    ctx = row_context(options, path.name)
    spells, rows = _spells(path, ctx)
    column = ctx.mapping.column("hris-history", "person_id")
    by_person: dict[str, list[RoleSpell]] = defaultdict(list)
    for line, (pid, spell) in spells:
        if pid in accepted:
            by_person[pid].append(spell)
        elif pid in listed:
            ctx.rejects.add(line, column, f"has its row in {employees} rejected", pid)
        else:
            ctx.rejects.add(line, column, f"is not in the employees file {employees}", pid)
    return by_person, rows, ctx.rejects.items


def with_history(profile: Profile, spells: Sequence[RoleSpell]) -> Profile:
    """A new profile with its job history; the employee row's role is current unless one is open."""
    if not spells:
        return profile
    current = profile.history[0] if profile.history else None
    history = list(spells)
    if current is not None and not any(s.end is None for s in spells):
        last = max(s.end or s.start for s in spells)
        start = current.start if current.start != profile.hire_date else max(current.start, last)
        history.append(replace(current, start=start))
    return replace(profile, history=sorted_spells(history))


def _spells(path: Path, ctx: RowContext) -> tuple[list[Spell], int]:
    """Good history rows as (line, (person id, spell)); duplicates reject the later rows."""
    cols = read_columns(
        path,
        "hris-history",
        ctx.mapping,
        fields=HISTORY_FIELDS,
        required=("person_id", "start"),
        one_of=("title", "role_code"),
    )
    ctx.roles.prepare(
        t for t, c in zip(cols.get("title"), cols.get("role_code"), strict=True) if not c
    )
    out: list[Spell] = []
    seen: dict[tuple[str, RoleSpell], int] = {}
    for k, line in enumerate(cols.lines):
        item = _spell_row(cols, ctx, k, line)
        if item is None:
            continue
        first = seen.setdefault(item, line)
        if first != line:
            ctx.rejects.add(
                line,
                cols.names["start"],
                f"repeats the spell on line {first}",
                item[1].start.isoformat(),
            )
        else:
            out.append((line, item))
    return out, len(cols.lines)


def _spell_row(cols: Columns, ctx: RowContext, k: int, line: int) -> tuple[str, RoleSpell] | None:
    """One history row as (person id, spell), or None after rejecting it."""
    names = cols.names
    pid = cols.values["person_id"][k]
    before = len(ctx.rejects.items)
    if not pid:
        ctx.rejects.add(line, names["person_id"], "missing person id")
    start = cell_date(ctx, line, names["start"], cols.values["start"][k], required=True)
    end_text = cols.get("end")[k]
    end = cell_date(ctx, line, names["end"], end_text, end=True)
    title, code = cols.get("title")[k], cols.get("role_code")[k]
    role = cell_role(ctx, line, names, title, code)
    if start is not None and end is not None and end < start:
        ctx.rejects.add(line, names["end"], f"is before the start {start.isoformat()}", end_text)
    if role is None or start is None or len(ctx.rejects.items) > before:
        return None
    unit, manager, place = (cols.values[f][k] for f in ("org_unit", "manager_id", "location"))
    return pid, RoleSpell(role[2], start, end, role[0], role[1], "", unit, manager, place)
