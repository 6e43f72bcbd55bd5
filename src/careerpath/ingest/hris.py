"""HRIS exports: employees (one row a person) and job history (one row a role spell), CSV.

Row problems (a bad date, an unknown role code, a repeated person id) reject the row; file
problems (too large, not decodable, a required column missing) abort the import.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from careerpath.domain.profile import Profile, RoleSpell
from careerpath.engine.people import ImportOptions, Located, ParsedImport
from careerpath.ingest.common import Columns, check_size, duplicates, read_columns
from careerpath.ingest.history import history_for, with_history
from careerpath.ingest.hris_rows import (
    RowContext,
    cell_claims,
    cell_date,
    cell_performance,
    cell_role,
    row_context,
)

EMPLOYEE_FIELDS = (
    "person_id",
    "name",
    "email",
    "hire_date",
    "title",
    "role_code",
    "role_start",
    "org_unit",
    "manager_id",
    "location",
    "performance",
    "skills",
)


def read_employees(path: Path, options: ImportOptions) -> ParsedImport:
    """Employees file (and, with ``options.history``, their job history) into new profiles."""
    check_size(path, options.max_bytes)
    ctx = row_context(options, path.name)
    cols = read_columns(
        path,
        "hris",
        ctx.mapping,
        fields=EMPLOYEE_FIELDS,
        required=("person_id", "hire_date"),
        one_of=("title", "role_code"),
    )
    ctx.roles.prepare(
        t for t, c in zip(cols.get("title"), cols.get("role_code"), strict=True) if not c
    )
    profiles = _profiles(cols, ctx)
    rows = len(cols.lines)
    rejects = list(ctx.rejects.items)
    if options.history is not None:
        check_size(options.history, options.max_bytes)
        accepted = {p.person_id for _, p in profiles}
        listed = set(cols.get("person_id"))
        hist, history_rows, more = history_for(
            options.history, options, accepted, listed, path.name
        )
        rows += history_rows
        rejects += more
        profiles = [(line, with_history(p, hist.get(p.person_id, []))) for line, p in profiles]
    return ParsedImport("hris", path.name, rows, tuple(rejects), profiles=tuple(profiles))


def _profiles(cols: Columns, ctx: RowContext) -> list[Located[Profile]]:
    """One profile per good employee row; repeated ids reject every row that has them."""
    ids = cols.get("person_id")
    repeated = duplicates(ids, cols.lines)
    row = _employee_row(cols, ctx)
    out: list[Located[Profile]] = []
    for k, line in enumerate(cols.lines):
        pid = ids[k]
        if not pid:
            ctx.rejects.add(line, cols.names["person_id"], "missing person id")
        elif pid in repeated:
            where = ", ".join(map(str, repeated[pid]))
            ctx.rejects.add(line, cols.names["person_id"], f"repeats on lines {where}", pid)
        else:
            profile = row(k, line)
            if profile is not None:
                out.append((line, profile))
    return out


def _employee_row(cols: Columns, ctx: RowContext) -> Callable[[int, int], Profile | None]:
    """A parser of employee row ``k`` (at ``line``); None after rejecting it."""
    v = {f: cols.get(f) for f in EMPLOYEE_FIELDS}
    names = cols.names
    low, high = ctx.mapping.performance_scale

    def parse(k: int, line: int) -> Profile | None:
        """Row ``k`` as a new profile, or None after rejecting it."""
        before = len(ctx.rejects.items)
        hire = cell_date(ctx, line, names["hire_date"], v["hire_date"][k], required=True)
        start = cell_date(ctx, line, names["role_start"], v["role_start"][k]) or hire
        role = cell_role(ctx, line, names, v["title"][k], v["role_code"][k])
        perf = cell_performance(ctx, line, names["performance"], v["performance"][k], low, high)
        email = v["email"][k]
        if email and "@" not in email:
            ctx.rejects.add(line, names["email"], "is not an email address", email)
        claims = cell_claims(ctx, line, names["skills"], v["skills"][k], hire or ctx.today)
        if len(ctx.rejects.items) > before or start is None or role is None:
            return None
        unit, manager, place = v["org_unit"][k], v["manager_id"][k], v["location"][k]
        spell = RoleSpell(role[2], start, None, role[0], role[1], "", unit, manager, place)
        return Profile(
            person_id=v["person_id"][k],
            name=v["name"][k],
            email=email,
            location=place,
            org_unit=unit,
            manager_id=manager,
            hire_date=hire,
            history=(spell,),
            skills=claims,
            performance=perf,
        )

    return parse
