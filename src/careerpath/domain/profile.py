"""The canonical person profile: roles held, skills with evidence, learning, preferences, consent.

Proficiency scale (one for every source): ``level`` is in [0, 1], the fraction of O*NET's 0-7 level
scale (level x 7 = O*NET LV), so a profile compares directly with role requirements. Anchors:
0.15 awareness, 0.30 basic, 0.50 working (intermediate), 0.70 advanced, 0.90 expert.
Demographic attributes are not part of a Profile: they live in ``Demographics``, stored apart and
read only by fairness audits.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

#: Named anchors of the proficiency scale, for people and documents that use words.
PROFICIENCY_ANCHORS: dict[str, float] = {
    "awareness": 0.15,
    "basic": 0.30,
    "working": 0.50,
    "intermediate": 0.50,
    "advanced": 0.70,
    "expert": 0.90,
}

#: Where a piece of skill evidence came from.
EVIDENCE_SOURCES = (
    "role",  # implied by a role held (its core requirements, by tenure)
    "learning",  # a course completed or passed (xAPI)
    "project",  # skills used on a project
    "resume",  # text of a resume or JSON Resume
    "hris",  # a skills field of an HR export
    "self_assessment",
    "manager_assessment",
    "correction",  # the person corrected careerpath
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason to believe a person has a skill: source, date, confidence and the record it came from."""

    source: str  # one of EVIDENCE_SOURCES
    confidence: float  # [0, 1]
    level: float  # the level this evidence alone suggests, [0, 1]
    detail: str  # plain words: "held Software Developers 2019-03 to 2023-06", the resume line...
    ref: str = ""  # id of the record: role spell, course, project, assessment, document
    observed: date | None = None


@dataclass(frozen=True, slots=True)
class SkillClaim:
    """A skill a person has, at a level in [0, 1] with a confidence in [0, 1], and all its evidence."""

    skill_id: str
    level: float
    confidence: float
    evidence: tuple[Evidence, ...] = ()
    origin: str = "inferred"  # inferred | assessed (an assessment overrides) | corrected


@dataclass(frozen=True, slots=True)
class RoleSpell:
    """A role a person held: org role and/or occupation, employer, dates, unit, manager, location."""

    title: str
    start: date
    end: date | None = None  # None = current
    role_id: str | None = None  # org:<id> from the role framework
    occupation_id: str | None = None  # O*NET-SOC code or ESCO URI
    employer: str = ""
    org_unit: str = ""
    manager_id: str = ""
    location: str = ""

    def months(self, today: date) -> float:
        """Length of the spell in months (to ``today`` while current)."""
        end = self.end or today
        return max(0.0, (end - self.start).days / 30.4375)


@dataclass(frozen=True, slots=True)
class Education:
    """A degree or programme."""

    institution: str
    degree: str = ""
    field: str = ""
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Certification:
    """A certification held."""

    name: str
    issuer: str = ""
    issued: date | None = None
    expires: date | None = None


@dataclass(frozen=True, slots=True)
class Language:
    """A language and how well the person speaks it (free text or CEFR level)."""

    language: str
    fluency: str = ""


@dataclass(frozen=True, slots=True)
class Preferences:
    """What the person wants: target roles, pay, work-life balance, location, mobility."""

    target_roles: tuple[str, ...] = ()
    min_pay: float | None = None  # annual, in the organization's currency
    work_life_balance: float | None = None  # weight in [0, 1] the person puts on it
    locations: tuple[str, ...] = ()
    willing_to_relocate: bool | None = None


@dataclass(frozen=True, slots=True)
class Consent:
    """What the person agreed careerpath may do with their data (deny by default)."""

    recommendations: bool = False
    analytics: bool = False
    share_with_manager: bool = False
    updated: date | None = None


@dataclass(frozen=True)
class Profile:
    """One person as careerpath knows them; ``history`` is ordered by start date."""

    person_id: str
    name: str = ""
    email: str = ""
    location: str = ""
    org_unit: str = ""
    manager_id: str = ""
    hire_date: date | None = None
    history: tuple[RoleSpell, ...] = ()
    skills: tuple[SkillClaim, ...] = ()
    education: tuple[Education, ...] = ()
    certifications: tuple[Certification, ...] = ()
    languages: tuple[Language, ...] = ()
    preferences: Preferences = field(default_factory=Preferences)
    consent: Consent = field(default_factory=Consent)
    performance: float | None = None  # latest rating scaled to [0, 1], when the HRIS supplies one

    @property
    def current(self) -> RoleSpell | None:
        """The current role: the latest spell without an end date, if any."""
        open_spells = [s for s in self.history if s.end is None]
        return max(open_spells, key=lambda s: s.start) if open_spells else None

    def skill(self, skill_id: str) -> SkillClaim | None:
        """The claim for one skill, if the profile has it."""
        return next((c for c in self.skills if c.skill_id == skill_id), None)


@dataclass(frozen=True, slots=True)
class Demographics:
    """Attributes an organization supplies for fairness audits only (never read by recommendations)."""

    person_id: str
    attributes: tuple[tuple[str, str], ...] = ()  # (name, value), e.g. ("gender", "female")


@dataclass(frozen=True, slots=True)
class CourseSkill:
    """A skill a course teaches and the level it brings a learner to, [0, 1]."""

    skill_id: str
    level: float


@dataclass(frozen=True, slots=True)
class Course:
    """A learning catalog entry: skills taught, hours, cost and provider."""

    id: str
    title: str
    skills: tuple[CourseSkill, ...] = ()
    hours: float = 0.0
    cost: float = 0.0
    provider: str = ""


@dataclass(frozen=True, slots=True)
class LearningRecord:
    """A learning event (from xAPI): who, which course, what happened, when, score."""

    person_id: str
    course_id: str
    verb: str  # completed | passed | experienced | failed
    timestamp: date
    score: float | None = None  # scaled [0, 1]


@dataclass(frozen=True, slots=True)
class ProjectRecord:
    """A person's part in a project: the role on it, skills used, dates."""

    project_id: str
    person_id: str
    name: str
    role: str = ""
    skills: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """A self- or manager assessment of one skill, on the [0, 1] proficiency scale."""

    person_id: str
    skill_id: str
    level: float
    assessor: str  # self | manager
    assessor_id: str = ""
    assessed: date | None = None


@dataclass(frozen=True, slots=True)
class RoleRequirement:
    """A skill an org role requires: importance and level in [0, 1] (as in taxonomy facets)."""

    skill_id: str
    importance: float
    level: float


@dataclass(frozen=True, slots=True)
class OpenPosition:
    """An open internal position for an org role."""

    id: str
    role_id: str  # org:<id>
    org_unit: str = ""
    location: str = ""
    opened: date | None = None
    closes: date | None = None


@dataclass(frozen=True, slots=True)
class MentorOffer:
    """A person willing to mentor: how many mentees at once, and on what (role or skill ids)."""

    person_id: str
    capacity: int
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Outcome:
    """Something that happened to a person: a move, a promotion, an exit, a learning outcome..."""

    person_id: str
    event: str  # move | promotion | exit | success | failure | rating
    at: date
    role_id: str | None = None
    value: float | None = None
    detail: str = ""


#: Fields only the organization's records set (HRIS imports, hr_admin and service callers): a
#: person's own submission never changes them (reporting line, unit, rating, hire date).
HR_FIELDS: tuple[str, ...] = ("manager_id", "org_unit", "performance", "hire_date")


def keep_hr_fields(submitted: Profile, stored: Profile | None) -> Profile:
    """``submitted`` with the HR-owned fields of ``stored`` (their defaults when none is stored)."""
    source = stored if stored is not None else Profile(submitted.person_id)
    return replace(submitted, **{name: getattr(source, name) for name in HR_FIELDS})
