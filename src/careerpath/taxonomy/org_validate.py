"""Cross-checks of a role framework: ids, ranges, pay bands, mappings, skills and ladders."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from careerpath.domain.taxonomy import Occupation, OrgRoleInfo, PayBand, Skill
from careerpath.taxonomy.org_model import (
    CURRENCY_PATTERN,
    DEFAULT_IMPORTANCE,
    ID_PATTERN,
    IMPORTANCE_RANGE,
    LEVEL_RANGE,
    SKILL_KINDS,
    Loc,
    Problems,
    RawFramework,
    RawOrgSkill,
    RawPayBand,
    RawRole,
    Val,
    did_you_mean,
    scale_importance,
    scale_level,
)
from careerpath.taxonomy.org_resolve import ORG_PREFIX, CodeResolver, Resolution, SkillResolver

JOB_ZONE_RANGE = (1.0, 5.0)
_ID_HINT = "use letters, digits, '-', '_' and '.', no spaces; no 'org:' prefix"


@dataclass(frozen=True, slots=True)
class Requirement:
    """One cell of the role x skill facet, scaled to [0, 1]; ``level`` None when not rated."""

    role: str
    skill: str
    importance: float
    level: float | None


@dataclass(frozen=True)
class CheckedFramework:
    """A framework that passed every check, as domain objects."""

    roles: list[Occupation]
    org_skills: dict[str, Skill]
    requirements: list[Requirement]


def check_framework(
    raw: RawFramework,
    *,
    occupations: Mapping[str, Occupation],
    skills: Mapping[str, Skill],
    problems: Problems,
) -> CheckedFramework:
    """Check a raw framework against itself and the loaded taxonomy; problems go to ``problems``."""
    org_skills = _org_skills(raw.skills, problems)
    index = _role_index(raw.roles, problems)
    if raw.declared_roles == 0:
        problems.add(
            raw.roles_loc or raw.loc, "the framework defines no roles", "add roles under `roles:`"
        )
    checker = _RoleChecker(raw, index, occupations, SkillResolver(skills, org_skills), problems)
    roles: list[Occupation] = []
    requirements: list[Requirement] = []
    for role in raw.roles:
        occupation, reqs = checker.check(role)
        if occupation is not None:
            roles.append(occupation)
            requirements.extend(reqs)
    _check_ladders(index, problems)
    return CheckedFramework(roles, org_skills, requirements)


def _org_skills(raw_skills: list[RawOrgSkill], problems: Problems) -> dict[str, Skill]:
    """The framework's own skills, keyed ``org:<id>``."""
    out: dict[str, Skill] = {}
    lines: dict[str, int] = {}
    for raw in raw_skills:
        kind = raw.kind.value.casefold() if raw.kind else "skill"
        if raw.kind is not None and kind not in SKILL_KINDS:
            problems.add(
                raw.kind.loc,
                f"unknown skill kind {raw.kind.value!r}",
                did_you_mean(kind, SKILL_KINDS, "kinds"),
            )
        if raw.id is None or raw.label is None:
            continue
        local = raw.id.value.removeprefix(ORG_PREFIX)
        if not ID_PATTERN.match(local):
            problems.add(raw.id.loc, f"{raw.id.value!r} is not a valid skill id", _ID_HINT)
            continue
        key = ORG_PREFIX + local
        if key in out:
            problems.add(raw.id.loc, f"duplicate skill id {local!r} (first on line {lines[key]})")
            continue
        lines[key] = raw.id.loc.line
        out[key] = Skill(
            id=key,
            label=raw.label.value,
            taxonomy="org",
            kind=kind,
            alt_labels=_unique(raw.alt_labels),
            description=raw.description.value if raw.description else "",
        )
    return out


def _role_index(roles: list[RawRole], problems: Problems) -> dict[str, RawRole]:
    """Roles by id; invalid and duplicate ids are problems (the first of a duplicate is kept)."""
    index: dict[str, RawRole] = {}
    for role in roles:
        if role.id is None:
            continue
        rid = role.id.value
        if not ID_PATTERN.match(rid):
            problems.add(role.id.loc, f"{rid!r} is not a valid role id", _ID_HINT)
        elif rid in index:
            first = index[rid].id
            line = first.loc.line if first else "?"
            problems.add(
                role.id.loc,
                f"duplicate role id {rid!r} (first on line {line})",
                "role ids must be unique",
            )
        else:
            index[rid] = role
    return index


class _RoleChecker:
    """Checks one role at a time against the framework settings and the loaded taxonomy."""

    def __init__(
        self,
        raw: RawFramework,
        index: dict[str, RawRole],
        occupations: Mapping[str, Occupation],
        skills: SkillResolver,
        problems: Problems,
    ) -> None:
        self.raw = raw
        self.index = index
        self.occupations = occupations
        self.codes = CodeResolver(occupations)
        self.skills = skills
        self.p = problems
        self.tracks = {t.casefold(): t for t in raw.tracks}

    def check(self, role: RawRole) -> tuple[Occupation | None, list[Requirement]]:
        """The role as an Occupation with its skill requirements (None when it cannot be built)."""
        level, track = self.level(role.level), self.track(role.track)
        job_zone = self.in_range(role.job_zone, JOB_ZONE_RANGE, "job_zone")
        band = self.pay_band(role.pay_band)
        onet = self.resolve_all(role.onet, self.codes.onet)
        esco = self.resolve_all(role.esco, self.codes.esco)
        next_roles = self.next_roles(role.next)
        oid = ORG_PREFIX + role.id.value if role.id else ""
        requirements = self.requirements(role, oid)
        if role.id is None or role.title is None or role.job_family is None:
            return None, []
        if level is None or track is None:
            return None, []
        info = OrgRoleInfo(
            job_family=role.job_family.value,
            track=track,
            level=level,
            pay_band=band,
            certifications=_unique(role.certifications),
            onet_codes=onet,
            esco_uris=esco,
            next_roles=next_roles,
        )
        occupation = Occupation(
            id=oid,
            title=role.title.value,
            taxonomy="org",
            description=role.description.value if role.description else "",
            alt_titles=_unique(role.aliases),
            job_zone=job_zone if job_zone is not None else self.inherited_job_zone(onet),
            group=role.job_family.value,
            links=onet + esco,
            org=info,
        )
        return occupation, requirements

    def level(self, level: Val[int] | None) -> int | None:
        """The role level, within the framework's ``levels`` range."""
        if level is None:
            return None
        low, high = self.raw.levels
        if not low <= level.value <= high:
            hint = f"levels run {low}-{high} (set `levels: {{min, max}}` in YAML to change)"
            self.p.add(level.loc, f"level {level.value} is out of range {low}-{high}", hint)
        return level.value

    def track(self, track: Val[str] | None) -> str | None:
        """The role's track, one of the framework's ``tracks`` (case-insensitive)."""
        if track is None:
            return None
        canonical = self.tracks.get(track.value.casefold())
        if canonical is None:
            hint = did_you_mean(track.value, self.raw.tracks, "tracks")
            self.p.add(track.loc, f"unknown track {track.value!r}", hint)
        return canonical

    def in_range(
        self, val: Val[float] | None, bounds: tuple[float, float], what: str
    ) -> float | None:
        """A number checked against inclusive bounds; out of range is a problem."""
        if val is None:
            return None
        low, high = bounds
        if not low <= val.value <= high:
            self.p.add(
                val.loc, f"{what} {_num(val.value)} is out of range {_num(low)}-{_num(high)}"
            )
        return val.value

    def pay_band(self, band: RawPayBand | None) -> PayBand | None:
        """A pay band with 0 ≤ min ≤ max and an ISO 4217 currency code."""
        if band is None or band.minimum is None or band.maximum is None:
            return None
        low, high = band.minimum, band.maximum
        for end, what in ((low, "min"), (high, "max")):
            if end.value < 0:
                self.p.add(
                    end.loc, f"{_num(end.value)} is negative", f"pay band {what} must be ≥ 0"
                )
        if high.value < low.value:
            message = f"{_num(high.value)} is below min {_num(low.value)}"
            self.p.add(high.loc, message, "fix the band so min ≤ max")
        currency = band.currency.value if band.currency else self.raw.currency
        if band.currency is not None and not CURRENCY_PATTERN.match(currency):
            hint = (
                f"write {currency.upper()}"
                if CURRENCY_PATTERN.match(currency.upper())
                else "e.g. USD, EUR"
            )
            self.p.add(
                band.currency.loc, f"{currency!r} is not a 3-letter ISO 4217 currency code", hint
            )
        name = band.name.value if band.name else ""
        return PayBand(name=name, minimum=low.value, maximum=high.value, currency=currency)

    def resolve_all(
        self, values: list[Val[str]], resolve: Callable[[str], Resolution]
    ) -> tuple[str, ...]:
        """Resolve mapping codes; unresolved ones are problems."""
        out: list[str] = []
        for val in values:
            found = resolve(val.value)
            if found.id is None:
                self.p.add(val.loc, found.message, found.hint)
            elif found.id not in out:
                out.append(found.id)
        return tuple(out)

    def inherited_job_zone(self, onet: tuple[str, ...]) -> float | None:
        """The job zone of the first mapped O*NET occupation that has one."""
        zones = (self.occupations[c].job_zone for c in onet)
        return next((z for z in zones if z is not None), None)

    def next_roles(self, values: list[Val[str]]) -> tuple[str, ...]:
        """Promotion targets as occupation ids; each must be a role of this framework."""
        out: list[str] = []
        for val in values:
            rid = val.value.removeprefix(ORG_PREFIX)
            if rid not in self.index:
                hint = did_you_mean(rid, self.index, "role ids")
                self.p.add(val.loc, f"`next` names unknown role {rid!r}", hint)
            elif ORG_PREFIX + rid not in out:
                out.append(ORG_PREFIX + rid)
        return tuple(out)

    def requirements(self, role: RawRole, oid: str) -> list[Requirement]:
        """The role's skills, resolved and scaled; unresolved, duplicate or out-of-range ones are problems."""
        out: list[Requirement] = []
        lines: dict[str, int] = {}
        for req in role.skills:
            found = self.skills.resolve(req.skill.value)
            importance = self.in_range(req.importance, IMPORTANCE_RANGE, "importance")
            level = self.in_range(req.level, LEVEL_RANGE, "level")
            if found.id is None:
                self.p.add(req.skill.loc, found.message, found.hint)
                continue
            if found.id in lines:
                shown = self.skills.show(found.id)
                self.p.add(
                    req.skill.loc,
                    f"skill {shown} is listed twice (first on line {lines[found.id]})",
                )
                continue
            lines[found.id] = req.skill.loc.line
            imp = scale_importance(DEFAULT_IMPORTANCE if importance is None else importance)
            out.append(
                Requirement(oid, found.id, imp, None if level is None else scale_level(level))
            )
        return out


def _check_ladders(index: dict[str, RawRole], problems: Problems) -> None:
    """Report each promotion cycle once, at the `next` entry that closes it."""
    edges = {rid: list(_targets(role, index)) for rid, role in index.items()}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset[str]] = set()
    for start in edges:
        if start in state:
            continue
        path, stack = [start], [iter(edges[start])]
        state[start] = 1
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            target, loc = step
            if target not in state:
                state[target] = 1
                path.append(target)
                stack.append(iter(edges[target]))
            elif state[target] == 1:
                cycle = [*path[path.index(target) :], target]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    hint = (
                        "`next` lists promotions, which cannot lead back to a role; remove one link"
                    )
                    problems.add(loc, "ladder cycle: " + " → ".join(cycle), hint)


def _targets(role: RawRole, index: dict[str, RawRole]) -> Iterator[tuple[str, Loc]]:
    for val in role.next:
        rid = val.value.removeprefix(ORG_PREFIX)
        if rid in index:
            yield rid, val.loc


def _unique(values: list[Val[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.value for v in values))


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
