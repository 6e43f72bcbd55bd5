"""Turn simulated lives into what an HR system would hold: profiles, managers, assessments, audits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from careerpath.domain.inference import infer_skills
from careerpath.domain.opportunities import OpenProject
from careerpath.domain.profile import (
    Assessment,
    Certification,
    Consent,
    Course,
    Demographics,
    Education,
    Language,
    MentorOffer,
    OpenPosition,
    Preferences,
    Profile,
    RoleRequirement,
)
from careerpath.engine.demo_catalog import (
    CERTIFICATIONS,
    DEGREES,
    FIELDS,
    FIRST,
    INSTITUTIONS,
    LAST,
    LOCATIONS,
    SECOND_LANGUAGES,
    project_name,
)
from careerpath.engine.demo_people import Life, World, draw

GENDERS = (("female", 0.47), ("male", 0.49), ("non-binary", 0.02), ("undisclosed", 0.02))
ETHNICITIES = (
    ("White", 0.57), ("Hispanic or Latino", 0.16), ("Black or African American", 0.12),
    ("Asian", 0.10), ("Two or more races", 0.03), ("American Indian or Alaska Native", 0.01),
    ("Native Hawaiian or Other Pacific Islander", 0.01),
)  # fmt: skip
SELF_BIAS, SELF_NOISE, MANAGER_NOISE = 0.06, 0.12, 0.07  # assessment = true level + N(bias, noise)
P_SELF, P_MANAGER, P_MENTOR, MAX_ASSESSED = 0.7, 0.6, 0.35, 8


def _pick(rng: np.random.Generator, table: Sequence[tuple[str, float]]) -> str:
    return table[draw(rng, np.cumsum([w for _, w in table]))][0]


def fixed_attributes(seed: int, index: int) -> dict[str, str]:
    """Gender and ethnicity of a person, from their own random stream (independent of all else)."""
    rng = np.random.default_rng([seed, index, 5])
    return {"gender": _pick(rng, GENDERS), "ethnicity": _pick(rng, ETHNICITIES)}


def demographics(life: Life, seed: int, today: date) -> Demographics:
    """Audit-only attributes: gender, ethnicity, age band (age follows career length by construction)."""
    rng = np.random.default_rng([seed, life.index, 6])
    first = min((s.start for s in life.history), default=today)
    age = 22 + (today - first).days / 365.25 + rng.gamma(2.0, 1.5)
    band = "<30" if age < 30 else "30-39" if age < 40 else "40-49" if age < 50 else "50+"
    fixed = fixed_attributes(seed, life.index)
    return Demographics(life.person_id, (*fixed.items(), ("age_band", band)))


def reporting_tree(lives: Sequence[Life], world: World, ceo: str | None) -> dict[str, str]:
    """Manager of each current person: a tree per department under its most senior manager."""
    rng = np.random.default_rng([world.seed, 9001])
    out: dict[str, str] = {}
    for dept in world.departments:
        staff = [x for x in lives if x.department == dept and x.exited is None]
        if not staff:
            continue
        level = {x.person_id: world.roles[x.role].level for x in staff}
        managers = sorted((x for x in staff if world.roles[x.role].track == "management"),
                          key=lambda x: (-level[x.person_id], x.person_id))  # fmt: skip
        head = (
            managers[0]
            if managers
            else min(staff, key=lambda x: (-level[x.person_id], x.person_id))
        )
        out[head.person_id] = ceo or ""
        low = min((level[m.person_id] for m in managers), default=0)
        first_line = [m.person_id for m in managers if level[m.person_id] <= low + 1]
        above = {
            lv: [m.person_id for m in managers if level[m.person_id] > lv]
            for lv in set(level.values())
        }
        for x in staff:
            if x is head:
                continue
            manages = world.roles[x.role].track == "management"
            pool = (above[level[x.person_id]] if manages else first_line) or [head.person_id]
            out[x.person_id] = pool[int(rng.integers(len(pool)))]
    return out


def assessments(life: Life, world: World, manager: str) -> list[Assessment]:
    """Self and manager assessments of the current role's core skills: noisy views of true levels."""
    if life.exited is not None:
        return []
    rng = np.random.default_rng([world.seed, life.index, 11])
    role = world.roles[life.role]
    core = [r for r in role.requirements if r.importance >= 0.6][:MAX_ASSESSED]
    index = {s: k for k, s in enumerate(world.skills)}
    start = life.history[-1].start
    out: list[Assessment] = []
    for who, p, bias, noise, by in (
        ("self", P_SELF, SELF_BIAS, SELF_NOISE, life.person_id),
        ("manager", P_MANAGER if manager else 0.0, 0.0, MANAGER_NOISE, manager),
    ):
        if rng.random() >= p:
            continue
        when = max(start, world.today - timedelta(days=int(rng.integers(14, 330))))
        for req in core:
            true = float(life.levels[index[req.skill_id]])
            level = round(float(np.clip(true + rng.normal(bias, noise), 0.0, 1.0)), 2)
            out.append(Assessment(life.person_id, req.skill_id, level, who, by, when))
    return out


def profile(
    life: Life,
    world: World,
    *,
    manager: str,
    requirements: Mapping[str, Sequence[RoleRequirement]],
    courses: Mapping[str, Course],
    assessed: Sequence[Assessment],
) -> Profile:
    """The profile an HR system would hold, skills inferred from the observable records only."""
    rng = np.random.default_rng([world.seed, life.index, 13])
    name = f"{FIRST[int(rng.integers(len(FIRST)))]} {LAST[int(rng.integers(len(LAST)))]}"
    email = f"{name.lower().replace(' ', '.')}.{life.person_id.lower()}@northwind.example"
    history = tuple(replace(s, manager_id=manager) if s.end is None else s for s in life.history)
    skills = infer_skills(
        history,
        role_requirements=requirements,
        today=world.today,
        courses=courses,
        learning=life.learning,
        projects=life.projects,
        assessments=assessed,
    )
    internal = [s for s in history if s.role_id]
    return Profile(
        person_id=life.person_id,
        name=name,
        email=email,
        location=life.location,
        org_unit=life.department,
        manager_id=manager,
        hire_date=internal[0].start if internal else None,
        history=history,
        skills=skills,
        education=_education(rng, life),
        certifications=_certifications(rng, life),
        languages=_languages(rng),
        preferences=_preferences(rng, life, world),
        consent=Consent(
            rng.random() < 0.95,
            rng.random() < 0.9,
            rng.random() < 0.7,
            internal[0].start if internal else None,
        ),
        performance=life.rating,
    )


def _education(rng: np.random.Generator, life: Life) -> tuple[Education, ...]:
    degree = _pick(rng, DEGREES)
    first = min((s.start for s in life.history), default=date(2000, 1, 1))
    end = date(first.year - int(rng.integers(0, 2)), 6, 1)
    years = 2 if degree in ("Associate", "MSc", "MBA") else 5 if degree == "PhD" else 4
    school = INSTITUTIONS[int(rng.integers(len(INSTITUTIONS)))]
    field = FIELDS.get(life.department, "Business")
    return (Education(school, degree, field, date(end.year - years, 9, 1), end),)


def _certifications(rng: np.random.Generator, life: Life) -> tuple[Certification, ...]:
    cert = CERTIFICATIONS.get(life.department)
    if cert is None or rng.random() >= 0.15 or not life.history:
        return ()
    issued = life.history[-1].start + timedelta(days=int(rng.integers(30, 400)))
    return (Certification(cert[0], cert[1], issued, issued + timedelta(days=3 * 365)),)


def _languages(rng: np.random.Generator) -> tuple[Language, ...]:
    out = [Language("English", "native" if rng.random() < 0.8 else "C1")]
    if rng.random() < 0.2:
        out.append(Language(SECOND_LANGUAGES[int(rng.integers(len(SECOND_LANGUAGES)))], "B2"))
    return tuple(out)


def _preferences(rng: np.random.Generator, life: Life, world: World) -> Preferences:
    role = world.roles[life.role]
    info = role.occupation.org
    targets = info.next_roles[:2] if info is not None else ()
    band = info.pay_band if info is not None else None
    pay = round(band.minimum * float(rng.uniform(1.0, 1.15)), -3) if band is not None else None
    return Preferences(
        target_roles=targets,
        min_pay=pay,
        work_life_balance=round(float(rng.uniform(0.2, 0.9)), 2),
        locations=(life.location,),
        willing_to_relocate=bool(rng.random() < 0.3),
    )


def mentors(lives: Sequence[Life], world: World) -> list[MentorOffer]:
    """Senior, well-rated current people who offer to mentor: capacity 1-3, topics role + top skills."""
    rng = np.random.default_rng([world.seed, 9002])
    out = []
    for life in lives:
        role = world.roles[life.role]
        senior = role.level >= 4 or role.track == "management"
        if life.exited is not None or not senior or (life.rating or 0.0) < 0.5:
            continue
        if rng.random() >= P_MENTOR:
            continue
        reqs = sorted(role.requirements, key=lambda r: -life.levels[world.skills.index(r.skill_id)])
        topics = (role.id, *(r.skill_id for r in reqs[:3]))
        out.append(MentorOffer(life.person_id, int(rng.integers(1, 4)), topics))
    return out


def positions(world: World, size: int) -> list[OpenPosition]:
    """Open positions, about 4% of headcount, drawn from the roles' hidden demand."""
    rng = np.random.default_rng([world.seed, 9003])
    demand = world.table.demand.astype(np.float64)
    if demand.sum() <= 0:
        return []
    n = max(3, round(0.04 * size))
    out = []
    for k in range(n):
        r = draw(rng, np.cumsum(demand))
        opened = world.today - timedelta(days=int(rng.integers(0, 90)))
        where = LOCATIONS[int(rng.integers(len(LOCATIONS)))][0]
        role = world.roles[r]
        out.append(
            OpenPosition(
                f"REQ-{k + 1:05d}",
                role.id,
                role.department,
                where,
                opened,
                opened + timedelta(days=60),
            )
        )
    return out


def open_projects(world: World) -> list[OpenProject]:
    """One open project per department: 4 of its roles' skills, starting within two months,
    running four to eight months, with one to three seats."""
    rng = np.random.default_rng([world.seed, 9004])
    out = []
    for k, dept in enumerate(world.departments, 1):
        pool = world.dept_skills.get(dept)
        if pool is None or len(pool) == 0:
            continue
        picked = rng.choice(pool, size=min(4, len(pool)), replace=False)
        start = world.today + timedelta(days=int(rng.integers(0, 60)))
        pid = f"OPEN-{k:03d}"
        out.append(
            OpenProject(
                pid,
                f"{project_name(pid)} ({dept})",
                tuple(world.skills[int(j)] for j in sorted(picked)),
                start,
                start + timedelta(days=int(rng.integers(120, 240))),
                int(rng.integers(1, 4)),
            )
        )
    return out
