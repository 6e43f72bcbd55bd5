"""Cells of HR export rows: dates, role spells, ratings and skills, each rejecting its row when bad."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from careerpath.domain.profile import PROFICIENCY_ANCHORS, Evidence, SkillClaim
from careerpath.engine.people import ImportOptions
from careerpath.ingest.common import DateParser, Rejects, parse_level, split_list
from careerpath.ingest.mapping import ImportMapping, load_mapping
from careerpath.ingest.roles import Resolved, RoleResolver

HRIS_SKILL_CONFIDENCE = 0.6


@dataclass
class RowContext:
    """What row parsing needs: mapping, dates, role lookups, the taxonomy's skill ids, rejects."""

    mapping: ImportMapping
    dates: DateParser
    roles: RoleResolver
    skills: frozenset[str]
    rejects: Rejects
    today: date


def row_context(options: ImportOptions, file: str) -> RowContext:
    """Build the lookups once per file."""
    mapping = load_mapping(options.mapping)
    today = options.today or date.today()
    roles = RoleResolver(
        options.taxonomy,
        system=mapping.role_codes,
        normalizer=options.normalizer,
        min_score=mapping.min_match_score,
    )
    dates = DateParser(mapping.date_formats, today)
    return RowContext(
        mapping, dates, roles, frozenset(options.taxonomy.skills), Rejects(file), today
    )


def cell_date(
    ctx: RowContext, line: int, column: str, text: str, *, required: bool = False, end: bool = False
) -> date | None:
    """A date cell; rejects the row when it is bad, or empty and required."""
    if not text:
        if required:
            ctx.rejects.add(line, column, "missing date")
        return None
    try:
        return ctx.dates(text, end=end)
    except ValueError as exc:
        ctx.rejects.add(line, column, str(exc), text)
        return None


def cell_role(
    ctx: RowContext, line: int, names: dict[str, str], title: str, code: str
) -> Resolved | None:
    """(org role id, occupation id, title) from a title and/or role code; unknown codes reject."""
    if not title and not code:
        ctx.rejects.add(line, names["title"], "missing title and role code")
        return None
    try:
        return ctx.roles.code(code, title) if code else ctx.roles.title(title)
    except ValueError as exc:
        ctx.rejects.add(line, names["role_code"], str(exc), code)
        return None


def cell_performance(
    ctx: RowContext, line: int, column: str, text: str, low: float, high: float
) -> float | None:
    """A rating on the mapping's scale, scaled to [0, 1]."""
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        ctx.rejects.add(
            line, column, f"is not a rating from {low:g} to {high:g} (performance_scale)", text
        )
        return None
    return (value - low) / (high - low)


def cell_claims(
    ctx: RowContext, line: int, column: str, text: str, observed: date
) -> tuple[SkillClaim, ...]:
    """Skills of an HR record, ``skill_id:level;...`` (level optional, default working)."""
    claims: list[SkillClaim] = []
    for item in split_list(text):
        skill_id, _, level_text = item.rpartition(":") if _has_level(item) else (item, "", "")
        if skill_id not in ctx.skills:
            ctx.rejects.add(line, column, "is not a skill id of the taxonomy", skill_id)
            continue
        try:
            level = parse_level(level_text) if level_text else 0.5
        except ValueError as exc:
            ctx.rejects.add(line, column, str(exc), item)
            continue
        detail = f"HR record skills field: {item}"
        ev = Evidence(
            "hris", HRIS_SKILL_CONFIDENCE, level, detail, f"{ctx.rejects.file}:{line}", observed
        )
        claims.append(SkillClaim(skill_id, level, HRIS_SKILL_CONFIDENCE, (ev,)))
    return tuple(claims)


def _has_level(item: str) -> bool:
    """Whether ``id:level`` ends with a level (ids such as URIs contain colons too)."""
    tail = item.rpartition(":")[2].strip().casefold()
    return tail.replace(".", "", 1).isdigit() or tail in PROFICIENCY_ANCHORS
