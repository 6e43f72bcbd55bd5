"""What if the person added a skill, completed a course or took a project: the best path to a target
simulated before and after, with the same random numbers.

A change is applied to the profile: a skill is added at the highest level any org role requires of
it (``ADVANCED`` when none does), held with confidence 1; a course adds each skill it teaches at its
level (confidence ``COURSE_CONFIDENCE``); a project moves each skill it uses ``PROJECT_SHARE`` of
the way from the person's level to the level the target role requires of it (the highest any org
role requires when the target does not), and to at least the "working" level, held with at least
``PROJECT_CONFIDENCE``: one project builds a skill partway, it does not make an expert. Existing
higher claims are kept. The path's steps are priced
again for the changed profile; the differences become one ``domain.simulation.Change`` (hours saved,
readiness gained per step, the courses' price added), simulated by ``what_if``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from careerpath.domain.errors import InvalidRequestError, UnknownCodeError
from careerpath.domain.gaps import effective_levels, readiness_matrix
from careerpath.domain.opportunities import OpenProject
from careerpath.domain.paths import k_best_paths
from careerpath.domain.profile import PROFICIENCY_ANCHORS, Profile, SkillClaim
from careerpath.domain.simulation import Change, WhatIf, what_if
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import UnitOfWork
from careerpath.engine.recommend import N_DRAWS, SEED
from careerpath.engine.recommend_context import OrgContext
from careerpath.engine.recommend_paths import PricedSteps, price_steps, success_version
from careerpath.engine.recommend_subject import Subject, check_target, constraints, load_subject
from careerpath.engine.recommend_types import SimulationComparison, model_version

KINDS = ("skill", "course", "project")
ADVANCED = PROFICIENCY_ANCHORS["advanced"]
COURSE_CONFIDENCE, PROJECT_CONFIDENCE = 0.8, 0.6
PROJECT_SHARE = 0.25


def simulate_for(
    person_id: str,
    *,
    target: str,
    what_if: Sequence[tuple[str, str]],
    uow: UnitOfWork,
    taxonomy: Taxonomy,
    today: date,
    projects: Sequence[OpenProject] | None = None,
    excluded: Sequence[str] = (),
    max_steps: int = 4,
    context: OrgContext | None = None,
) -> SimulationComparison:
    """The best path to ``target`` simulated before and after the what-if changes (docstring).

    ``projects`` None reads the stored open projects (for ``project=ID`` changes); the path obeys the
    organization's policy like ``recommend_for``'s.
    """
    s = load_subject(
        person_id,
        uow=uow,
        taxonomy=taxonomy,
        today=today,
        context=context,
        read_projects=projects is None and any(k == "project" for k, _ in what_if),
    )
    check_target(target, s.ctx, s.policy)
    if s.origin is None:
        raise InvalidRequestError(
            f"{person_id!r} has no current org role", hint="a path needs a starting role"
        )
    limits = constraints(s, excluded, max_steps)
    path = k_best_paths(s.ctx.graph, s.origin, target, k=1, constraints=limits)[0]
    offered = s.projects if projects is None else projects
    changed, price, labels = _apply(s, what_if, offered, taxonomy, target)
    wait = limits.min_tenure_months
    before = price_steps(path, s.profile, s.ready, s.ctx, s.tenure, wait)
    after_subject = load_subject_changed(s, changed)
    after = price_steps(path, changed, after_subject.ready, s.ctx, s.tenure, wait)
    result = what_if_change(before, after, price, " + ".join(labels) or "no change")
    return SimulationComparison(
        person_id=person_id,
        target=target,
        roles=path.roles,
        changes=tuple(labels),
        readiness_before=before.readiness,
        readiness_after=after.readiness,
        plan_hours_before=before.plan.total_hours,
        plan_hours_after=after.plan.total_hours,
        before=result.before,
        after=result.after,
        delta_p50_months=result.delta_p50_months,
        delta_p90_months=result.delta_p90_months,
        delta_cost=result.delta_cost,
        delta_success=result.delta_success,
        notes=() if what_if else ("no --what-if given: before and after are the same",),
        model_version=model_version(success_version(s.ctx)),
        policy_version=s.policy.version if s.policy is not None else None,
    )


def load_subject_changed(s: Subject, profile: Profile) -> Subject:
    """The subject with a changed profile (readiness recomputed, nothing re-read)."""
    scores = readiness_matrix(
        effective_levels([profile], s.ctx.skill_ids), s.ctx.importance, s.ctx.level
    )[0]
    ready = dict(zip(s.ctx.role_ids, scores.tolist(), strict=True))
    return replace(s, profile=profile, ready=ready)


def what_if_change(before: PricedSteps, after: PricedSteps, price: float, label: str) -> WhatIf:
    """Simulate ``before`` and the Change that turns it into ``after`` (same seed)."""
    saved = {
        b.role_id: b.learning_hours - a.learning_hours
        for b, a in zip(before.steps, after.steps, strict=True)
    }
    gain = {
        b.role_id: (a.readiness or 0.0) - (b.readiness or 0.0)
        for b, a in zip(before.steps, after.steps, strict=True)
    }
    added = price + after.plan.total_cost - before.plan.total_cost
    change = Change(label, hours_saved=saved, readiness_gain=gain, added_cost=added)
    return what_if(before.steps, change, n_draws=N_DRAWS, seed=SEED)


def _apply(
    s: Subject,
    changes: Sequence[tuple[str, str]],
    projects: Sequence[OpenProject],
    taxonomy: Taxonomy,
    target: str,
) -> tuple[Profile, float, list[str]]:
    """The profile after the changes, the money they cost, and their labels."""
    claims = {c.skill_id: c for c in s.profile.skills}
    price, labels = 0.0, []
    for kind, ident in changes:
        if kind == "skill":
            added = [(ident, _skill_level(s, ident, taxonomy), 1.0)]
        elif kind == "course":
            course = next((c for c in s.ctx.courses if c.id == ident), None)
            if course is None:
                raise UnknownCodeError(f"unknown course {ident!r}", hint="not in the catalog")
            added = [(cs.skill_id, cs.level, COURSE_CONFIDENCE) for cs in course.skills]
            price += course.cost
        elif kind == "project":
            added = _project(s, ident, projects, claims, target)
        else:
            raise InvalidRequestError(
                f"unknown what-if kind {kind!r}", hint="skill, course or project"
            )
        for sid, level, conf in added:
            old = claims.get(sid)
            if old is None or old.level < level:
                claims[sid] = SkillClaim(sid, level, conf, origin="what-if")
        labels.append(f"{kind}={ident}")
    return replace(s.profile, skills=tuple(claims.values())), price, labels


def _project(
    s: Subject,
    ident: str,
    projects: Sequence[OpenProject],
    claims: dict[str, SkillClaim],
    target: str,
) -> list[tuple[str, float, float]]:
    """(skill, level, confidence) a project leaves (module docstring); unknown ids raise."""
    project = next((p for p in projects if p.id == ident), None)
    if project is None:
        raise UnknownCodeError(
            f"unknown project {ident!r}",
            hint="not an open project: `careerpath people import open-projects FILE` adds them",
        )
    wanted = {r.skill_id: r.level for r in s.ctx.requirements.get(target, ())}
    working = PROFICIENCY_ANCHORS["working"]
    out = []
    for sid in project.skills:
        old = claims.get(sid)
        have = old.level if old is not None else 0.0
        need = wanted.get(sid) or max(
            (r.level for reqs in s.ctx.requirements.values() for r in reqs if r.skill_id == sid),
            default=working,
        )
        level = max(working, have + PROJECT_SHARE * max(0.0, need - have))
        out.append((sid, level, max(PROJECT_CONFIDENCE, old.confidence if old else 0.0)))
    return out


def _skill_level(s: Subject, skill_id: str, taxonomy: Taxonomy) -> float:
    """The highest level an org role requires of a skill, ADVANCED when none does."""
    levels = [
        r.level for reqs in s.ctx.requirements.values() for r in reqs if r.skill_id == skill_id
    ]
    if not levels and skill_id not in taxonomy.skills:
        raise UnknownCodeError(f"unknown skill id {skill_id!r}")
    return max(levels, default=ADVANCED)
