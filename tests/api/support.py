"""A tiny organization for the API tests: taxonomy, roles, people in a reporting line, keys."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from careerpath.domain.profile import (
    Course,
    CourseSkill,
    MentorOffer,
    OpenPosition,
    Outcome,
    Profile,
    RoleRequirement,
    RoleSpell,
    SkillClaim,
)
from careerpath.domain.taxonomy import Occupation, OrgRoleInfo, Skill, Taxonomy
from careerpath.engine.api_keys import create_api_key
from careerpath.engine.ports import UnitOfWork

NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
SKILLS = {"py": "Python", "sql": "SQL", "lead": "Leadership", "ops": "Operations"}
#: The reporting line: BOSS <- MGR <- (EMP, PEER); OUTSIDER reports to BOSS (not to MGR).
PEOPLE = {
    "BOSS": ("", "org:e3"),
    "MGR": ("BOSS", "org:e2"),
    "EMP": ("MGR", "org:e1"),
    "PEER": ("MGR", "org:e1"),
    "OUTSIDER": ("BOSS", "org:ops"),
}
#: Who each role's key is (person id for the personal roles).
ROLE_PERSON = {
    "employee": "EMP",
    "manager": "MGR",
    "hr_admin": None,
    "auditor": None,
    "service": None,
}


def tiny_taxonomy() -> Taxonomy:
    """Four skills and no occupations: the org roles live in the database."""
    skills = {s: Skill(s, label, "org", "skill") for s, label in SKILLS.items()}
    return Taxonomy(occupations={}, skills=skills, facets={})


def _role(rid: str, title: str, level: int, nxt: tuple[str, ...]) -> Occupation:
    return Occupation(
        rid,
        title,
        "org",
        job_zone=float(level + 1),
        org=OrgRoleInfo("Eng", level=level, next_roles=nxt),
    )


def _req(**levels: float) -> list[RoleRequirement]:
    return [RoleRequirement(s, 1.0, v) for s, v in levels.items()]


def _profile(pid: str, manager: str, role: str) -> Profile:
    claims = (SkillClaim("py", 0.7, 1.0), SkillClaim("sql", 0.5, 1.0))
    spell = (RoleSpell("x", date(2021, 1, 1), None, role),)
    return Profile(pid, f"Name {pid}", manager_id=manager, history=spell, skills=claims)


def seed(uow_factory: Callable[[], UnitOfWork]) -> None:
    """Store the roles, a position, mentors, courses, outcomes and the people."""
    with uow_factory() as uow:
        org = uow.organization
        org.add_roles(
            [
                (_role("org:e1", "Engineer I", 1, ("org:e2",)), _req(py=0.3, sql=0.3)),
                (_role("org:e2", "Engineer II", 2, ("org:e3",)), _req(py=0.5, sql=0.4)),
                (_role("org:e3", "Staff Engineer", 3, ()), _req(py=0.7, sql=0.5, lead=0.6)),
                (_role("org:ops", "Operations", 1, ()), _req(ops=0.6, sql=0.3)),
            ]
        )
        org.add_positions([OpenPosition("p1", "org:e2")])
        org.add_mentors([MentorOffer("BOSS", 2)])
        org.add_outcomes(
            [
                Outcome(f"X{i}", "promotion", date(2024, 1, i + 1), "org:e2", None, "from org:e1")
                for i in range(3)
            ]
        )
        uow.learning.add_courses(
            [
                Course("c-lead", "Leading teams", (CourseSkill("lead", 0.7),), 20.0, 300.0),
                Course("c-py", "Advanced Python", (CourseSkill("py", 0.8),), 40.0, 100.0),
            ]
        )
        uow.people.add_many([_profile(p, m, r) for p, (m, r) in PEOPLE.items()])
        uow.commit()


def make_keys(uow_factory: Callable[[], UnitOfWork]) -> dict[str, str]:
    """One API key per role: role -> token."""
    out = {}
    for role, person in ROLE_PERSON.items():
        _, token = create_api_key(
            role=role, subject=f"test-{role}", person_id=person, uow=uow_factory(), now=NOW
        )
        out[role] = token
    return out


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}
