"""What every simulated demo life shares: the role table, skill universe, catalog and outside jobs."""

from __future__ import annotations

from datetime import date

import numpy as np

from careerpath.domain import demo_truth as truth
from careerpath.domain.profile import RoleRequirement
from careerpath.domain.taxonomy import Taxonomy
from careerpath.domain.transitions import feasibility_rows
from careerpath.engine.demo_catalog import build_courses
from careerpath.engine.demo_people import World
from careerpath.engine.demo_roles import (
    LEVEL_DEMAND,
    DemoRole,
    Framework,
    build_framework,
    onet_requirements,
)
from careerpath.engine.roles import TRANSITION_PARAMS, role_space

OUTSIDE_CHOICES = (
    12  # outside jobs drawn from the most feasible occupations into a role's occupation
)


def make_world(taxonomy: Taxonomy, *, seed: int, today: date, params: truth.TruthParams) -> World:
    """The shared world of a demo: framework, truth role table, catalog, outside-job choices."""
    fw = build_framework(taxonomy)
    skills = tuple(sorted({q.skill_id for r in fw.roles for q in r.requirements}))
    table = role_table(fw, skills)
    labels = {s: taxonomy.skills[s].label if s in taxonomy.skills else s for s in skills}
    courses = build_courses(skills, labels, table.req_weight.sum(axis=0), seed=seed)
    index = {s: k for k, s in enumerate(skills)}
    course_skills = [
        [(index[cs.skill_id], cs.level) for cs in c.skills if cs.skill_id in index] for c in courses
    ]
    by_skill: dict[int, list[tuple[float, int]]] = {}
    for ci, taught in enumerate(course_skills):
        for k, level in taught[:1]:
            by_skill.setdefault(k, []).append((level, ci))
    for options in by_skill.values():
        options.sort()
    origins = _origins(taxonomy, sorted({r.onet for r in fw.roles}))
    outside = sorted({c for codes, _ in origins.values() for c in codes})
    outside_reqs = {c: onet_requirements(taxonomy, c) for c in outside}
    depts = fw.departments
    return World(
        today=today,
        seed=seed,
        roles=fw.roles,
        table=table,
        params=params,
        skills=skills,
        departments=depts,
        weights=np.array(fw.weights) / max(sum(fw.weights), 1e-9),
        dept_roles={d: [i for i, r in enumerate(fw.roles) if r.department == d] for d in depts},
        courses=courses,
        course_skills=course_skills,
        by_skill=by_skill,
        origins=origins,
        outside_levels={c: _vector(reqs, index) for c, reqs in outside_reqs.items()},
        outside_titles={c: taxonomy.occupations[c].title for c in outside},
        outside_requirements=outside_reqs,
        dept_skills={d: _dept_skills(fw.roles, d, index) for d in depts},
    )


def role_table(fw: Framework, skills: tuple[str, ...]) -> truth.RoleTable:
    """The roles as the truth model's arrays (see ``RoleTable``)."""
    ids = tuple(r.id for r in fw.roles)
    row = {rid: i for i, rid in enumerate(ids)}
    col = {s: k for k, s in enumerate(skills)}
    n, m = len(ids), len(skills)
    level, weight = np.zeros((n, m), np.float32), np.zeros((n, m), np.float32)
    nxt = np.zeros((n, n), dtype=bool)
    for i, r in enumerate(fw.roles):
        for q in r.requirements:
            level[i, col[q.skill_id]], weight[i, col[q.skill_id]] = q.level, q.importance
        info = r.occupation.org
        for t in info.next_roles if info is not None else ():
            if t in row:
                nxt[i, row[t]] = True
    dept_weight = dict(zip(fw.departments, fw.weights, strict=True))
    demand = np.array(
        [dept_weight.get(r.department, 0.0) * LEVEL_DEMAND[r.level] for r in fw.roles]
    )
    demand = demand / max(float(demand.max(initial=0.0)), 1e-9)
    families = {d: k for k, d in enumerate(dict.fromkeys(r.department for r in fw.roles))}
    return truth.RoleTable(
        ids=ids,
        level=np.array([r.level for r in fw.roles], dtype=np.int64),
        family=np.array([families[r.department] for r in fw.roles], dtype=np.int64),
        next_roles=nxt,
        feasibility=fw.feasibility,
        demand=demand.astype(np.float32),
        req_level=level,
        req_weight=weight,
        closed=np.array([r.department == "Executive" for r in fw.roles], dtype=bool),
    )


def _origins(taxonomy: Taxonomy, codes: list[str]) -> dict[str, tuple[tuple[str, ...], np.ndarray]]:
    """For each mapped code, the most feasible O*NET occupations into it and draw probabilities (~ f^2)."""
    space = role_space(taxonomy, "onet")
    cols = {c: j for c in codes if (j := space.row(c)) is not None}
    wanted = list(cols)
    if not wanted:
        return {}
    picked = np.array([cols[c] for c in wanted], dtype=np.int64)
    into = np.zeros((len(space), len(wanted)), dtype=np.float32)
    for start in range(0, len(space), 512):
        rows = np.arange(start, min(start + 512, len(space)), dtype=np.int64)
        into[rows] = feasibility_rows(space, rows, TRANSITION_PARAMS)[:, picked]
    out = {}
    for k, code in enumerate(wanted):
        f = into[:, k]
        top = [int(j) for j in np.argsort(-f, kind="stable")[:OUTSIDE_CHOICES] if f[j] > 0]
        if top:
            w = f[top].astype(np.float64) ** 2
            out[code] = (tuple(space.ids[j] for j in top), w / w.sum())
    return out


def _vector(reqs: tuple[RoleRequirement, ...], index: dict[str, int]) -> np.ndarray:
    vec = np.zeros(len(index), dtype=np.float32)
    for q in reqs:
        k = index.get(q.skill_id)
        if k is not None:
            vec[k] = q.level
    return vec


def _dept_skills(roles: tuple[DemoRole, ...], dept: str, index: dict[str, int]) -> np.ndarray:
    ids = sorted({index[q.skill_id] for r in roles if r.department == dept for q in r.requirements})
    return np.array(ids, dtype=np.int64)
