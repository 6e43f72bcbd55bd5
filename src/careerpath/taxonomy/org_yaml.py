"""Reading the YAML form of the role framework into its located raw form (line numbers per field)."""

from __future__ import annotations

import math
from pathlib import Path

from careerpath.taxonomy.org_model import (
    CURRENCY_PATTERN,
    DEFAULT_LEVELS,
    DEFAULT_TRACKS,
    LEVELS_FIELDS,
    ORG_SKILL_FIELDS,
    PAY_BAND_FIELDS,
    REQUIREMENT_FIELDS,
    ROLE_FIELDS,
    TOP_FIELDS,
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
from careerpath.taxonomy.org_yaml_nodes import YMap, YNode, YScalar, YSeq, compose_located, describe


def read_yaml_framework(path: Path, display: str, problems: Problems) -> RawFramework:
    """Parse a YAML framework; syntax errors raise at once, schema problems go to ``problems``."""
    loc = Loc(display, 1, "")
    root = compose_located(path, display, problems)
    if root is None:
        return RawFramework(loc=loc)
    return _Reader(problems).framework(root, loc)


class _Reader:
    """Typed field access over converted YAML nodes, recording problems instead of raising."""

    def __init__(self, problems: Problems) -> None:
        self.p = problems

    def framework(self, root: YNode, loc: Loc) -> RawFramework:
        """The top level: settings, org-defined skills and roles."""
        fw = RawFramework(loc=loc)
        if not isinstance(root, YMap):
            self.p.add(loc, f"the file holds {describe(root)}", "expected a mapping with `roles:`")
            fw.declared_roles = -1
            return fw
        self.check_keys(root, TOP_FIELDS, loc, "top-level fields")
        fw.name = _value(self.text(root, "framework", loc), "")
        fw.version = _value(self.text(root, "version", loc), "")
        currency = self.text(root, "currency", loc)
        if currency is not None and not CURRENCY_PATTERN.match(currency.value):
            self.p.add(currency.loc, f"{currency.value!r} is not an ISO 4217 code", "e.g. USD, EUR")
        fw.currency = _value(currency, fw.currency)
        fw.levels = self.levels(root, loc)
        tracks = self.texts(root, "tracks", loc)
        fw.tracks = tuple(t.value for t in tracks) or DEFAULT_TRACKS
        for node, item_loc in self.items(root, "skills", loc):
            skill = self.org_skill(node, item_loc)
            if skill is not None:
                fw.skills.append(skill)
        roles = self.items(root, "roles", loc)
        listed = root.items.get("roles")
        not_a_list = isinstance(listed, YMap) or (
            isinstance(listed, YScalar) and listed.value is not None
        )
        fw.declared_roles = -1 if not_a_list else len(roles)  # -1: already reported as not a list
        if "roles" in root.items:
            fw.roles_loc = loc.at("roles", root.key_lines["roles"])
        for node, item_loc in roles:
            role = self.role(node, item_loc)
            if role is not None:
                fw.roles.append(role)
        return fw

    def levels(self, root: YMap, loc: Loc) -> tuple[int, int]:
        """The ``levels: {min, max}`` setting, or the default range."""
        m = self.mapping(root, "levels", loc)
        if m is None:
            return DEFAULT_LEVELS
        here = loc.at("levels", m.line)
        self.check_keys(m, LEVELS_FIELDS, here, "levels fields")
        low = self.integer(m, "min", here, required=True)
        high = self.integer(m, "max", here, required=True)
        if low is None or high is None:
            return DEFAULT_LEVELS
        if low.value < 0 or high.value < low.value:
            self.p.add(
                high.loc, f"levels run from {low.value} to {high.value}", "need 0 ≤ min ≤ max"
            )
            return DEFAULT_LEVELS
        return (low.value, high.value)

    def role(self, node: YNode, loc: Loc) -> RawRole | None:
        """One entry of ``roles``."""
        if not isinstance(node, YMap):
            self.p.add(
                loc, f"expected a role (a mapping with id, title, ...), got {describe(node)}"
            )
            return None
        self.check_keys(node, ROLE_FIELDS, loc, "role fields")
        texts = ("id", "title", "job_family", "track")  # required; "level" is a number
        required = {f: self.text(node, f, loc, required=True) for f in texts}
        reqs = [self.requirement(n, i) for n, i in self.items(node, "skills", loc)]
        return RawRole(
            loc=loc,
            id=required["id"],
            title=required["title"],
            job_family=required["job_family"],
            track=required["track"],
            level=self.integer(node, "level", loc, required=True),
            description=self.text(node, "description", loc),
            job_zone=self.number(node, "job_zone", loc),
            pay_band=self.pay_band(node, loc),
            aliases=self.texts(node, "aliases", loc),
            onet=self.texts(node, "onet", loc),
            esco=self.texts(node, "esco", loc),
            next=self.texts(node, "next", loc),
            certifications=self.texts(node, "certifications", loc),
            skills=[r for r in reqs if r is not None],
        )

    def pay_band(self, role: YMap, loc: Loc) -> RawPayBand | None:
        """A role's ``pay_band: {name, min, max, currency}``."""
        m = self.mapping(role, "pay_band", loc)
        if m is None:
            return None
        here = loc.at("pay_band", m.line)
        self.check_keys(m, PAY_BAND_FIELDS, here, "pay_band fields")
        return RawPayBand(
            loc=here,
            name=self.text(m, "name", here),
            minimum=self.number(m, "min", here, required=True),
            maximum=self.number(m, "max", here, required=True),
            currency=self.text(m, "currency", here),
        )

    def requirement(self, node: YNode, loc: Loc) -> RawRequirement | None:
        """One required skill: a bare skill reference, or ``{skill, importance, level}``."""
        if isinstance(node, YScalar) and isinstance(node.value, str) and node.value.strip():
            return RawRequirement(loc=loc, skill=Val(node.value.strip(), loc))
        if not isinstance(node, YMap):
            self.p.add(
                loc, f"expected a skill or {{skill, importance, level}}, got {describe(node)}"
            )
            return None
        self.check_keys(node, REQUIREMENT_FIELDS, loc, "skill requirement fields")
        skill = self.text(node, "skill", loc, required=True)
        if skill is None:
            return None
        return RawRequirement(
            loc=loc,
            skill=skill,
            importance=self.rating(node, "importance", loc),
            level=self.rating(node, "level", loc),
        )

    def org_skill(self, node: YNode, loc: Loc) -> RawOrgSkill | None:
        """One entry of the framework's own ``skills`` section."""
        if not isinstance(node, YMap):
            self.p.add(loc, f"expected a skill (a mapping with id, label), got {describe(node)}")
            return None
        self.check_keys(node, ORG_SKILL_FIELDS, loc, "skill fields")
        return RawOrgSkill(
            loc=loc,
            id=self.text(node, "id", loc, required=True),
            label=self.text(node, "label", loc, required=True),
            kind=self.text(node, "kind", loc),
            description=self.text(node, "description", loc),
            alt_labels=self.texts(node, "alt_labels", loc),
        )

    # ---- typed field access -------------------------------------------------------------

    def check_keys(self, m: YMap, allowed: tuple[str, ...], loc: Loc, what: str) -> None:
        """Report fields that the format does not define, suggesting the nearest valid one."""
        for key in m.items:
            if key not in allowed:
                hint = did_you_mean(key, allowed, what)
                self.p.add(loc.at(key, m.key_lines[key]), "unknown field", hint)

    def field(self, m: YMap, key: str, loc: Loc, required: bool) -> tuple[YNode, Loc] | None:
        """The node of a field and its location; a missing required field is a problem."""
        node = m.items.get(key)
        if node is None or (isinstance(node, YScalar) and node.value is None):
            if required:
                where = m.key_lines.get(key, m.line)
                self.p.add(loc.at(key, where), "missing required field")
            return None
        return node, loc.at(key, node.line)

    def text(self, m: YMap, key: str, loc: Loc, *, required: bool = False) -> Val[str] | None:
        """A text field (stripped); numbers and lists are type problems."""
        got = self.field(m, key, loc, required)
        if got is None:
            return None
        node, here = got
        if isinstance(node, YScalar) and isinstance(node.value, str):
            if node.value.strip():
                return Val(node.value.strip(), here)
            if required:
                self.p.add(here, "is empty")
            return None
        hint = "put it in quotes" if isinstance(node, YScalar) else ""
        self.p.add(here, f"expected text, got {describe(node)}", hint)
        return None

    def integer(self, m: YMap, key: str, loc: Loc, *, required: bool = False) -> Val[int] | None:
        """A whole-number field."""
        got = self.field(m, key, loc, required)
        if got is None:
            return None
        node, here = got
        if isinstance(node, YScalar) and type(node.value) is int:
            return Val(node.value, here)
        self.p.add(here, f"expected a whole number, got {describe(node)}")
        return None

    def number(self, m: YMap, key: str, loc: Loc, *, required: bool = False) -> Val[float] | None:
        """A numeric field (int or float, not boolean)."""
        got = self.field(m, key, loc, required)
        if got is None:
            return None
        node, here = got
        value = node.value if isinstance(node, YScalar) else None
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return Val(float(value), here)
        hint = "write digits only, e.g. 95000" if isinstance(value, str) else ""
        self.p.add(here, f"expected a number, got {describe(node)}", hint)
        return None

    def rating(self, m: YMap, key: str, loc: Loc) -> Val[float] | None:
        """An importance or level rating: a number or a scale word."""
        got = self.field(m, key, loc, False)
        if got is None:
            return None
        node, here = got
        try:
            if not isinstance(node, YScalar):
                raise ValueError(f"expected a number or a word, got {describe(node)}")
            return Val(parse_rating(node.value, kind=key), here)
        except ValueError as exc:
            self.p.add(here, str(exc))
            return None

    def texts(self, m: YMap, key: str, loc: Loc) -> list[Val[str]]:
        """A list of texts; a single text counts as a list of one."""
        got = self.field(m, key, loc, False)
        if got is None:
            return []
        node, here = got
        if isinstance(node, YScalar) and isinstance(node.value, str):
            return [Val(node.value.strip(), here)] if node.value.strip() else []
        if not isinstance(node, YSeq):
            self.p.add(here, f"expected a list of texts, got {describe(node)}")
            return []
        out: list[Val[str]] = []
        for i, item in enumerate(node.items):
            item_loc = here.at(f"[{i}]", item.line)
            if isinstance(item, YScalar) and isinstance(item.value, str) and item.value.strip():
                out.append(Val(item.value.strip(), item_loc))
            else:
                hint = "put it in quotes" if isinstance(item, YScalar) else ""
                self.p.add(item_loc, f"expected text, got {describe(item)}", hint)
        return out

    def mapping(self, m: YMap, key: str, loc: Loc) -> YMap | None:
        """A nested mapping field."""
        got = self.field(m, key, loc, False)
        if got is None:
            return None
        node, here = got
        if isinstance(node, YMap):
            return node
        self.p.add(here, f"expected a mapping, got {describe(node)}")
        return None

    def items(self, m: YMap, key: str, loc: Loc) -> list[tuple[YNode, Loc]]:
        """The entries of a list field, each with its location ``key[i]``."""
        got = self.field(m, key, loc, False)
        if got is None:
            return []
        node, here = got
        if not isinstance(node, YSeq):
            self.p.add(here, f"expected a list, got {describe(node)}", "start each entry with '- '")
            return []
        return [(item, here.at(f"[{i}]", item.line)) for i, item in enumerate(node.items)]


def _value(val: Val[str] | None, default: str) -> str:
    return default if val is None else val.value
