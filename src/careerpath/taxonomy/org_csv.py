"""Reading the CSV form of the role framework (roles, role skills, org skills tables) into raw form."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from careerpath.domain.errors import DataError
from careerpath.taxonomy.org_model import (
    ORG_SKILL_FIELDS,
    REQUIRED_ROLE_FIELDS,
    Loc,
    Problems,
    RawFramework,
    RawOrgSkill,
    RawPayBand,
    RawRequirement,
    RawRole,
    Val,
    did_you_mean,
    parse_rating,
)
from careerpath.taxonomy.tabular import Row, Table, TableSource, read_table

LIST_SEPARATOR = ";"
ROLE_COLUMNS = (
    "id",
    "title",
    "job_family",
    "track",
    "level",
    "description",
    "aliases",
    "job_zone",
    "pay_band",
    "pay_min",
    "pay_max",
    "currency",
    "onet",
    "esco",
    "next",
    "certifications",
)
REQUIREMENT_COLUMNS = ("role_id", "skill", "importance", "level")
REQUIRED_REQUIREMENT_COLUMNS = ("role_id", "skill")
ORG_SKILL_COLUMNS = ORG_SKILL_FIELDS
REQUIRED_ORG_SKILL_COLUMNS = ("id", "label")


@dataclass(frozen=True)
class CsvFiles:
    """The tables of a CSV framework; ``org_skills`` is optional."""

    roles: Path
    requirements: Path
    org_skills: Path | None = None


def read_csv_framework(files: CsvFiles, problems: Problems) -> RawFramework:
    """Parse the CSV tables of a framework; every problem goes to ``problems``."""
    fw = RawFramework(loc=Loc(str(files.roles), 1, ""), roles_loc=Loc(str(files.roles), 2, ""))
    reader = _CsvReader(problems)
    if files.org_skills is not None:
        table = reader.table(files.org_skills, ORG_SKILL_COLUMNS, REQUIRED_ORG_SKILL_COLUMNS)
        if table is not None:
            fw.skills = [
                reader.org_skill(table.source.name, r) for r in table.rows(ORG_SKILL_COLUMNS)
            ]
    table = reader.table(files.roles, ROLE_COLUMNS, REQUIRED_ROLE_FIELDS)
    if table is None:
        fw.declared_roles = -1  # unreadable roles table, already reported
    else:
        fw.roles = [reader.role(table.source.name, r) for r in table.rows(ROLE_COLUMNS)]
        fw.declared_roles = len(fw.roles)
    table = reader.table(files.requirements, REQUIREMENT_COLUMNS, REQUIRED_REQUIREMENT_COLUMNS)
    if table is not None and fw.declared_roles >= 0:
        reader.attach_requirements(table, fw.roles)
    return fw


class _CsvReader:
    """Typed cell access over the tables, recording problems instead of raising."""

    def __init__(self, problems: Problems) -> None:
        self.p = problems

    def table(self, path: Path, columns: Sequence[str], required: Sequence[str]) -> Table | None:
        """Read a comma-separated table and check its header by name."""
        name = str(path)
        try:
            table = read_table(TableSource(name, path), delimiter=",", required=())
        except DataError as exc:
            self.p.add(Loc(name, exc.line or 1, exc.column or ""), exc.message, exc.hint or "")
            return None
        for column in table.header:
            if column and column not in columns:
                hint = did_you_mean(column, columns, "columns")
                self.p.add(Loc(name, 1, column), "unknown column", hint)
        missing = [c for c in required if c not in table.header]
        for column in missing:
            self.p.add(
                Loc(name, 1, column), "missing required column", f"the header is {table.header}"
            )
        return None if missing else table

    def role(self, name: str, row: Row) -> RawRole:
        """One row of the roles table."""
        loc = Loc(name, row.line, "")
        return RawRole(
            loc=loc,
            id=self.text(name, row, "id", required=True),
            title=self.text(name, row, "title", required=True),
            job_family=self.text(name, row, "job_family", required=True),
            track=self.text(name, row, "track", required=True),
            level=self.integer(name, row, "level", required=True),
            description=self.text(name, row, "description"),
            job_zone=self.number(name, row, "job_zone"),
            pay_band=self.pay_band(name, row),
            aliases=self.texts(name, row, "aliases"),
            onet=self.texts(name, row, "onet"),
            esco=self.texts(name, row, "esco"),
            next=self.texts(name, row, "next"),
            certifications=self.texts(name, row, "certifications"),
        )

    def pay_band(self, name: str, row: Row) -> RawPayBand | None:
        """The pay band columns of a role row; a band needs both pay_min and pay_max."""
        columns = ("pay_band", "pay_min", "pay_max", "currency")
        if not any(row.get(c) for c in columns):
            return None
        return RawPayBand(
            loc=Loc(name, row.line, "pay_band"),
            name=self.text(name, row, "pay_band"),
            minimum=self.number(name, row, "pay_min", required=True),
            maximum=self.number(name, row, "pay_max", required=True),
            currency=self.text(name, row, "currency"),
        )

    def org_skill(self, name: str, row: Row) -> RawOrgSkill:
        """One row of the org-defined skills table."""
        return RawOrgSkill(
            loc=Loc(name, row.line, ""),
            id=self.text(name, row, "id", required=True),
            label=self.text(name, row, "label", required=True),
            kind=self.text(name, row, "kind"),
            description=self.text(name, row, "description"),
            alt_labels=self.texts(name, row, "alt_labels"),
        )

    def attach_requirements(self, table: Table, roles: list[RawRole]) -> None:
        """Add each role-skill row to its role (the first role with that id)."""
        name = table.source.name
        by_id: dict[str, RawRole] = {}
        for role in roles:
            if role.id is not None:
                by_id.setdefault(role.id.value, role)
        for row in table.rows(REQUIREMENT_COLUMNS):
            role_id = self.text(name, row, "role_id", required=True)
            skill = self.text(name, row, "skill", required=True)
            importance = self.rating(name, row, "importance")
            level = self.rating(name, row, "level")
            if role_id is None or skill is None:
                continue
            owner = by_id.get(role_id.value.removeprefix("org:"))
            if owner is None:
                hint = did_you_mean(role_id.value, by_id, "role ids")
                self.p.add(role_id.loc, f"{role_id.value!r} is not in the roles table", hint)
                continue
            owner.skills.append(RawRequirement(Loc(name, row.line, ""), skill, importance, level))

    # ---- typed cell access ----------------------------------------------------------------

    def text(self, name: str, row: Row, column: str, *, required: bool = False) -> Val[str] | None:
        """A stripped cell; an empty required cell is a problem."""
        value = row.get(column)
        if not value:
            if required:
                self.p.add(Loc(name, row.line, column), "missing required value")
            return None
        return Val(value, Loc(name, row.line, column))

    def integer(
        self, name: str, row: Row, column: str, *, required: bool = False
    ) -> Val[int] | None:
        """A whole-number cell."""
        cell = self.text(name, row, column, required=required)
        if cell is None:
            return None
        try:
            return Val(int(cell.value), cell.loc)
        except ValueError:
            self.p.add(cell.loc, f"expected a whole number, got {cell.value!r}")
            return None

    def number(
        self, name: str, row: Row, column: str, *, required: bool = False
    ) -> Val[float] | None:
        """A numeric cell; thousands separators (``95,000``) are accepted."""
        cell = self.text(name, row, column, required=required)
        if cell is None:
            return None
        try:
            value = float(cell.value.replace(",", "").replace("_", ""))
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.p.add(cell.loc, f"expected a number, got {cell.value!r}", "write digits only")
            return None
        return Val(value, cell.loc)

    def rating(self, name: str, row: Row, column: str) -> Val[float] | None:
        """An importance or level cell: a number or a scale word."""
        cell = self.text(name, row, column)
        if cell is None:
            return None
        try:
            return Val(parse_rating(cell.value, kind=column), cell.loc)
        except ValueError as exc:
            self.p.add(cell.loc, str(exc))
            return None

    def texts(self, name: str, row: Row, column: str) -> list[Val[str]]:
        """A ``;``-separated list cell."""
        loc = Loc(name, row.line, column)
        return [Val(v.strip(), loc) for v in row.get(column).split(LIST_SEPARATOR) if v.strip()]
