"""Opportunities that build gap skills: stretch projects, and mentors who know the way.

Stretch projects. ``score = exercised x timing``. ``exercised`` is the share of the person's
importance-weighted gap, ``sum(importance x (needed - current))``, that falls on skills the project
uses, in [0, 1]. ``timing`` is 1 for a project running or starting within a month and decays as
``1 / (1 + (months to start - 1) / 3)`` after that (0.5 four months out). Projects that have ended,
that have no free seats, or that use no gap skill are left out.

Mentors. Only mentors with free capacity (capacity - current load > 0), who are not the person, and
who are outside the person's reporting line (the ``reporting_line`` given, plus the person's own
manager and direct reports as the profiles record them) are considered. Relevance, best first:
made the same move (held the person's current role, later the target) > holds the target now >
held it before, or offers it as a mentoring topic > shares the skills the person is building. Within
a tier, more shared skills rank first, then more free places, then the person id.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from careerpath.domain.learning_plan import Gap
from careerpath.domain.profile import PROFICIENCY_ANCHORS, MentorOffer, Profile, RoleSpell

_MONTH_DAYS = 30.4375
_TIERS = {"same_move": 3, "holds_target": 2, "held_target": 1, "topic": 1, "skills": 0}


@dataclass(frozen=True, slots=True)
class OpenProject:
    """A project looking for people: skills it uses, dates and free seats (its open size)."""

    id: str
    name: str
    skills: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    seats: int = 1


@dataclass(frozen=True, slots=True)
class StretchProject:
    """A ranked project: score in [0, 1], the gap skills it exercises and why, in plain words."""

    project_id: str
    name: str
    score: float
    exercised: float  # share of the weighted gap the project's skills touch, [0, 1]
    skills: tuple[str, ...]  # gap skills used, biggest weighted gap first
    starts_in_months: float
    reason: str


@dataclass(frozen=True, slots=True)
class MentorMatch:
    """A ranked mentor: relevance tier, shared skills, free places and why, in plain words."""

    person_id: str
    name: str
    relevance: str  # same_move | holds_target | held_target | topic | skills
    score: float  # tier (0-3) + share of the person's gap skills the mentor has, [0, 1)
    shared_skills: tuple[str, ...]
    free_places: int
    reason: str


def stretch_projects(
    gaps: Mapping[str, Gap],
    projects: Sequence[OpenProject],
    *,
    today: date | None = None,
    top: int = 5,
    labels: Mapping[str, str] | None = None,
) -> list[StretchProject]:
    """Open projects ranked by how much of the weighted gap they exercise, capacity and timing.

    ``labels`` (skill id -> label) name the skills in the reasons; ids are used without them.
    """
    weight = {s: imp * max(0.0, n - c) for s, (n, c, imp) in gaps.items() if imp > 0 and n > c}
    total = sum(weight.values())
    ranked: list[StretchProject] = []
    for project in projects:
        used = sorted({s for s in project.skills if s in weight}, key=lambda s: (-weight[s], s))
        if not used or total <= 0 or project.seats <= 0 or _ended(project, today):
            continue
        share = min(1.0, sum(weight[s] for s in used) / total)
        months = _months_to_start(project, today)
        timing = 1.0 if months <= 1.0 else 1.0 / (1.0 + (months - 1.0) / 3.0)
        named = [labels.get(sid, sid) for sid in used] if labels else used
        reason = _project_reason(named, share, months, project.seats)
        ranked.append(
            StretchProject(
                project.id, project.name, share * timing, share, tuple(used), months, reason
            )
        )
    ranked.sort(key=lambda r: (-r.score, -len(r.skills), r.project_id))
    return ranked[: max(0, top)]


def _ended(project: OpenProject, today: date | None) -> bool:
    """Whether the project is over by ``today``."""
    return today is not None and project.end is not None and project.end < today


def _months_to_start(project: OpenProject, today: date | None) -> float:
    """Months until the project starts (0 when running, undated or no ``today``)."""
    if today is None or project.start is None:
        return 0.0
    return max(0.0, (project.start - today).days / _MONTH_DAYS)


def _project_reason(used: Sequence[str], share: float, months: float, seats: int) -> str:
    """Plain words: which gap skills, how much of the gap, when, how many places."""
    when = "starts now" if months <= 1.0 else f"starts in {months:.0f} months"
    places = "1 place open" if seats == 1 else f"{seats} places open"
    skills = ", ".join(used[:3]) + (f" and {len(used) - 3} more" if len(used) > 3 else "")
    return f"exercises {skills} ({share:.0%} of your weighted skill gap); {when}; {places}"


def match_mentors(
    person: Profile,
    target_role: str,
    mentors: Sequence[MentorOffer],
    *,
    profiles: Mapping[str, Profile],
    current_load: Mapping[str, int],
    reporting_line: Collection[str],
    gap_skills: Collection[str] = (),
    top: int = 5,
    labels: Mapping[str, str] | None = None,
) -> list[MentorMatch]:
    """Mentors with free places outside the reporting line, same move > holds target > skills.

    ``labels`` (skill id -> label) name the skills in the reasons; ids are used without them.
    """
    excluded = _excluded(person, reporting_line, profiles)
    matches: list[MentorMatch] = []
    for offer in mentors:
        free = offer.capacity - current_load.get(offer.person_id, 0)
        if free <= 0 or offer.person_id in excluded:
            continue
        excluded.add(offer.person_id)  # one match per mentor, from their first offer
        match = _match(person, target_role, offer, profiles.get(offer.person_id), free, gap_skills)
        if match is not None:
            if labels:
                named = [labels.get(sid, sid) for sid in match.shared_skills]
                reason = _mentor_reason(person, target_role, match.relevance, named, free)
                match = replace(match, reason=reason)
            matches.append(match)
    matches.sort(key=lambda m: (-m.score, -m.free_places, m.person_id))
    return matches[: max(0, top)]


def _excluded(
    person: Profile, reporting_line: Collection[str], profiles: Mapping[str, Profile]
) -> set[str]:
    """The person, the given reporting line, their manager and their direct reports."""
    out = {person.person_id, *reporting_line}
    if person.manager_id:
        out.add(person.manager_id)
    out.update(pid for pid, p in profiles.items() if p.manager_id == person.person_id)
    return out


def _holds(spell: RoleSpell, role: str) -> bool:
    """Whether a spell is the given role (org role id, occupation id or title)."""
    title = spell.title.strip().casefold()
    return role in (spell.role_id, spell.occupation_id) or (
        bool(title) and title == role.casefold()
    )


def _same_role(a: RoleSpell, b: RoleSpell) -> bool:
    """Whether two spells are the same role, by org role id, occupation id or title."""
    keys = ((a.role_id, b.role_id), (a.occupation_id, b.occupation_id))
    if any(x is not None and x == y for x, y in keys):
        return True
    return bool(a.title.strip()) and a.title.strip().casefold() == b.title.strip().casefold()


def _relevance(person: Profile, target: str, offer: MentorOffer, mentor: Profile | None) -> str:
    """The mentor's relevance tier for the move, or "skills" when only skills can count."""
    history = mentor.history if mentor else ()
    current = person.current
    if current is not None:
        for i, spell in enumerate(history):
            if _same_role(spell, current) and any(_holds(s, target) for s in history[i + 1 :]):
                return "same_move"
    mentor_now = mentor.current if mentor else None
    if mentor_now is not None and _holds(mentor_now, target):
        return "holds_target"
    if any(_holds(s, target) for s in history):
        return "held_target"
    return "topic" if target in offer.topics else "skills"


def _match(
    person: Profile,
    target: str,
    offer: MentorOffer,
    mentor: Profile | None,
    free: int,
    gap_skills: Collection[str],
) -> MentorMatch | None:
    """Score one mentor with free places, or None when nothing about them is relevant."""
    relevance = _relevance(person, target, offer, mentor)
    strong = PROFICIENCY_ANCHORS["working"]
    known = {c.skill_id for c in mentor.skills if c.level >= strong} if mentor else set()
    shared = tuple(sorted(s for s in set(gap_skills) if s in known or s in offer.topics))
    if relevance == "skills" and not shared:
        return None
    overlap = len(shared) / len(set(gap_skills)) if gap_skills else 0.0
    score = _TIERS[relevance] + 0.99 * overlap
    name = mentor.name if mentor and mentor.name else offer.person_id
    reason = _mentor_reason(person, target, relevance, shared, free)
    return MentorMatch(offer.person_id, name, relevance, score, shared, free, reason)


def _mentor_reason(
    person: Profile, target: str, relevance: str, shared: Sequence[str], free: int
) -> str:
    """Plain words: why this mentor, what skills they share, how many places are free."""
    current = person.current.title if person.current and person.current.title else "your role"
    why = {
        "same_move": f"made the same move, from {current} to {target}",
        "holds_target": f"is a {target} now",
        "held_target": f"has been a {target}",
        "topic": f"mentors on {target}",
        "skills": "has skills you are building",
    }[relevance]
    skills = f"; strong in {', '.join(shared[:3])}" if shared else ""
    places = "1 mentoring place free" if free == 1 else f"{free} mentoring places free"
    return f"{why}{skills}; {places}"
