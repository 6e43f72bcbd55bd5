"""The role framework's located raw form, shared by the YAML and CSV readers, and its problem list."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from careerpath.domain.errors import ValidationError

T = TypeVar("T")

DOCS = "docs/role-framework.md"
MAX_LISTED_PROBLEMS = 200

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")

DEFAULT_LEVELS = (1, 10)
DEFAULT_TRACKS = ("ic", "management")
DEFAULT_CURRENCY = "USD"
DEFAULT_IMPORTANCE = 3.0
SKILL_KINDS = ("skill", "knowledge", "technology", "tool", "ability", "work_style", "language")

IMPORTANCE_RANGE = (1.0, 5.0)
LEVEL_RANGE = (1.0, 7.0)
IMPORTANCE_WORDS = {"low": 2.0, "medium": 3.0, "high": 4.0, "critical": 5.0}
LEVEL_WORDS = {"basic": 2.0, "intermediate": 4.0, "advanced": 6.0, "expert": 7.0}

TOP_FIELDS = ("framework", "version", "currency", "levels", "tracks", "skills", "roles")
LEVELS_FIELDS = ("min", "max")
ROLE_FIELDS = (
    "id",
    "title",
    "job_family",
    "track",
    "level",
    "description",
    "aliases",
    "job_zone",
    "pay_band",
    "onet",
    "esco",
    "next",
    "certifications",
    "skills",
)
REQUIRED_ROLE_FIELDS = ("id", "title", "job_family", "track", "level")
PAY_BAND_FIELDS = ("name", "min", "max", "currency")
REQUIREMENT_FIELDS = ("skill", "importance", "level")
ORG_SKILL_FIELDS = ("id", "label", "kind", "description", "alt_labels")


@dataclass(frozen=True, slots=True)
class Loc:
    """Where a value sits: file, 1-based line and field path (``roles[3].pay_band.max``)."""

    path: str
    line: int
    field: str

    def at(self, name: str, line: int | None = None) -> Loc:
        """The location of a sub-field, on ``line`` when given, else on this one."""
        sep = "" if name.startswith("[") or not self.field else "."
        return Loc(self.path, self.line if line is None else line, f"{self.field}{sep}{name}")


@dataclass(frozen=True, slots=True)
class Val(Generic[T]):
    """A value read from the framework, with where it was read."""

    value: T
    loc: Loc


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the framework, located."""

    loc: Loc
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.loc.path}:{self.loc.line}" + (
            f" {self.loc.field}" if self.loc.field else ""
        )
        return f"{where}: {self.message}" + (f" — {self.hint}" if self.hint else "")


class FrameworkValidationError(ValidationError):
    """A role framework that breaks its schema; ``problems`` lists every problem found."""

    def __init__(self, path: str, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: (p.loc.path, p.loc.line, p.loc.field)))
        n = len(self.problems)
        lines = [f"  {p}" for p in self.problems[:MAX_LISTED_PROBLEMS]]
        if n > MAX_LISTED_PROBLEMS:
            lines.append(f"  ... and {n - MAX_LISTED_PROBLEMS} more")
        head = f"{n} problem{'s' if n != 1 else ''} in the role framework (format: {DOCS}):"
        super().__init__("\n".join([head, *lines]), path=path)


class Problems:
    """Collects problems so one load reports all of them at once."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Problem] = []

    def add(self, loc: Loc, message: str, hint: str = "") -> None:
        """Record a problem at ``loc``."""
        self.items.append(Problem(loc, message, hint))

    def raise_if_any(self) -> None:
        """Raise one FrameworkValidationError listing every problem recorded so far."""
        if self.items:
            raise FrameworkValidationError(self.path, self.items)


@dataclass
class RawPayBand:
    """A pay band as written; numbers not yet checked."""

    loc: Loc
    name: Val[str] | None = None
    minimum: Val[float] | None = None
    maximum: Val[float] | None = None
    currency: Val[str] | None = None


@dataclass
class RawRequirement:
    """A role's required skill as written: a skill reference with importance and level ratings."""

    loc: Loc
    skill: Val[str]
    importance: Val[float] | None = None
    level: Val[float] | None = None


@dataclass
class RawRole:
    """A role as written, each field located; ``None`` where absent or unreadable."""

    loc: Loc
    id: Val[str] | None = None
    title: Val[str] | None = None
    job_family: Val[str] | None = None
    track: Val[str] | None = None
    level: Val[int] | None = None
    description: Val[str] | None = None
    job_zone: Val[float] | None = None
    pay_band: RawPayBand | None = None
    aliases: list[Val[str]] = field(default_factory=list)
    onet: list[Val[str]] = field(default_factory=list)
    esco: list[Val[str]] = field(default_factory=list)
    next: list[Val[str]] = field(default_factory=list)
    certifications: list[Val[str]] = field(default_factory=list)
    skills: list[RawRequirement] = field(default_factory=list)


@dataclass
class RawOrgSkill:
    """A skill the organization defines itself, as written."""

    loc: Loc
    id: Val[str] | None = None
    label: Val[str] | None = None
    kind: Val[str] | None = None
    description: Val[str] | None = None
    alt_labels: list[Val[str]] = field(default_factory=list)


@dataclass
class RawFramework:
    """A whole framework as read from YAML or CSV, before cross-checks."""

    loc: Loc
    name: str = ""
    version: str = ""
    currency: str = DEFAULT_CURRENCY
    levels: tuple[int, int] = DEFAULT_LEVELS
    tracks: tuple[str, ...] = DEFAULT_TRACKS
    roles: list[RawRole] = field(default_factory=list)
    skills: list[RawOrgSkill] = field(default_factory=list)
    declared_roles: int = 0  # entries under ``roles`` / rows of the roles table, readable or not
    roles_loc: Loc | None = None


def suggest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` choices close to ``word`` (case-insensitive), best first."""
    by_fold: dict[str, str] = {}
    for c in choices:
        by_fold.setdefault(c.casefold(), c)
    close = difflib.get_close_matches(word.casefold(), list(by_fold), n=n, cutoff=0.6)
    return [by_fold[c] for c in close]


def did_you_mean(word: str, choices: Iterable[str], what: str) -> str:
    """A hint naming the nearest valid choices, else listing them all (when few)."""
    options = list(choices)
    close = suggest(word, options)
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    if len(options) <= 16:
        return f"valid {what}: " + ", ".join(options)
    return f"see {DOCS} for valid {what}"


def parse_rating(value: object, *, kind: str) -> float:
    """A rating from a number or a scale word; raises ValueError with a user-facing message."""
    words = IMPORTANCE_WORDS if kind == "importance" else LEVEL_WORDS
    low, high = IMPORTANCE_RANGE if kind == "importance" else LEVEL_RANGE
    if isinstance(value, bool) or value is None:
        raise ValueError(f"expected a number {low:g}-{high:g} or one of {', '.join(words)}")
    text = str(value).strip()
    if text.casefold() in words:
        return words[text.casefold()]
    try:
        number = float(value) if isinstance(value, int | float) else float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ValueError(f"{text!r} is not a number {low:g}-{high:g} nor one of {', '.join(words)}")
    return number


def scale_importance(value: float) -> float:
    """Importance on the 1-5 scale to (0, 1]: ``value / 5`` (1 → 0.2, 5 → 1.0)."""
    return value / IMPORTANCE_RANGE[1]


def scale_level(value: float) -> float:
    """Level on the 1-7 scale to (0, 1]: ``value / 7`` (O*NET's level scale tops out at 7)."""
    return value / LEVEL_RANGE[1]
