"""Recommendations for one person: next roles, priced multi-step paths, learning plans, mentors.

Next roles: ``recommend_roles.rank_roles`` (org roles by the blend, external O*NET occupations
flagged). The organization's policy (``recommend_subject``) applies to all of it: its excluded roles
leave the next roles and the paths, its other rules join the path constraints, and
``include_external`` false leaves external occupations out; ``policy_version`` names it.

Paths: with a target, ``k_best_paths`` (diverse) to it; without, ``paths_toward`` roles scored 1 for
the person's target roles, else ``0.5 + 0.5 x readiness`` for roles above the current org level.
Each path is priced by ``recommend_paths.price_steps`` and ``simulate_path``; its score is the
simulated success probability x the goal score, its confidence 1 - the width of the success
interval. Mentors (``match_mentors``) for the target, else the best path's final role, else the
top next role; the reporting line is the person's manager chain in the stored profiles. Stretch
projects: the open projects given, else the stored ones (``uow.projects.open()``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from careerpath.domain.constraints import PathConstraints
from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.gaps import analyse_gap
from careerpath.domain.opportunities import (
    MentorMatch,
    OpenProject,
    StretchProject,
    match_mentors,
    stretch_projects,
)
from careerpath.domain.paths import NoRoute, NoRouteError, Path, k_best_paths, paths_toward
from careerpath.domain.simulation import simulate_path
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import UnitOfWork
from careerpath.engine.recommend_context import OrgContext
from careerpath.engine.recommend_paths import price_steps, success_version
from careerpath.engine.recommend_roles import (
    BLEND,
    OPEN_SATURATION,
    PROGRESSION,
    ROLE_SOURCES,
    label,
    rank_roles,
)
from careerpath.engine.recommend_subject import (
    Subject,
    check_target,
    constraints,
    load_subject,
    subject_notes,
)
from careerpath.engine.recommend_types import (
    Attribution,
    PathOption,
    Recommendations,
    RoleOption,
    model_version,
)

__all__ = [
    "BLEND",
    "N_DRAWS",
    "OPEN_SATURATION",
    "PROGRESSION",
    "SEED",
    "Subject",
    "check_target",
    "constraints",
    "load_subject",
    "rank_roles",
    "recommend_for",
]

N_DRAWS, SEED = 2000, 0
_PATH_SOURCES = (*ROLE_SOURCES, "organization.outcomes", "learning.courses", "simulation")


def recommend_for(
    person_id: str,
    *,
    uow: UnitOfWork,
    taxonomy: Taxonomy,
    target: str | None = None,
    top: int = 10,
    today: date,
    paths: int = 3,
    excluded: Sequence[str] = (),
    max_steps: int = 4,
    projects: Sequence[OpenProject] | None = None,
    context: OrgContext | None = None,
    external: bool | None = None,
) -> Recommendations:
    """Ranked next roles, priced paths, mentors and stretch projects for one person (docstring).

    ``external``: None lists a few external occupations when they score well, True asks for
    them, False leaves them out (``recommend_external``); ``projects`` None reads the stored ones.
    """
    if top < 1 or paths < 1:
        raise InvalidRequestError("top and paths must be at least 1")
    s = load_subject(
        person_id,
        uow=uow,
        taxonomy=taxonomy,
        today=today,
        context=context,
        read_projects=projects is None,
    )
    check_target(target, s.ctx, s.policy)
    notes = subject_notes(s, asked_external=bool(external))
    limits = constraints(s, excluded, max_steps)
    roles = rank_roles(s, target, top, taxonomy, limits=limits, external=external)
    found, no_route = _paths(s, target, paths, limits, notes)
    priced = tuple(sorted((_price(s, p, taxonomy, limits) for p in found), key=lambda o: -o.score))
    goal = target or _goal(priced, roles)
    offered = s.projects if projects is None else projects
    mentors, stretch = _opportunities(s, goal, offered, today, taxonomy)
    return Recommendations(
        person_id=person_id,
        origin=s.origin,
        target=target,
        next_roles=roles,
        paths=priced,
        mentors=mentors,
        stretch_projects=stretch,
        no_route=no_route,
        notes=tuple(notes),
        sources=(*_PATH_SOURCES, "organization.mentors", "taxonomy"),
        model_version=model_version(success_version(s.ctx)),
        generated=today,
        policy_version=s.policy.version if s.policy is not None else None,
    )


def _goal(priced: Sequence[PathOption], roles: Sequence[RoleOption]) -> str | None:
    """The goal without a target: the best path's final role, else the best org next role."""
    if priced:
        return priced[0].roles[-1]
    return next((r.role_id for r in roles if not r.external), None)


def _paths(
    s: Subject, target: str | None, k: int, limits: PathConstraints, notes: list[str]
) -> tuple[list[Path], NoRoute | None]:
    """The best paths (to the target, or toward goal roles), or why there are none."""
    if s.origin is None:
        notes.append("no current org role on the profile: paths need a starting role")
        return [], None
    try:
        if target is not None:
            return k_best_paths(
                s.ctx.graph, s.origin, target, k=k, constraints=limits, closeness=s.ready
            ), None
        return paths_toward(
            s.ctx.graph, s.origin, goal_scores=_goals(s, limits.excluded), k=k, constraints=limits
        ), None
    except NoRouteError as exc:
        return [], exc.no_route


def _goals(s: Subject, excluded: frozenset[str]) -> dict[str, float]:
    """Goal score per role: 1 for the person's target roles (not excluded), else 0.5 + 0.5 x
    readiness for roles above the current level."""
    wanted = [
        r for r in s.profile.preferences.target_roles if r in s.ctx.roles and r not in excluded
    ]
    if wanted:
        return dict.fromkeys(wanted, 1.0)
    info = s.ctx.roles[s.origin].org if s.origin else None
    here = info.level if info is not None and info.level is not None else None
    out = {}
    for rid, occ in s.ctx.roles.items():
        level = occ.org.level if occ.org is not None else None
        if rid != s.origin and (here is None or level is None or level > here):
            out[rid] = 0.5 + 0.5 * s.ready[rid]
    return out


def _price(s: Subject, path: Path, taxonomy: Taxonomy, limits: PathConstraints) -> PathOption:
    """Plan, simulate and explain one path."""
    priced = price_steps(path, s.profile, s.ready, s.ctx, s.tenure, limits.min_tenure_months)
    sim = simulate_path(priced.steps, n_draws=N_DRAWS, rng=SEED)
    goal = path.goal if path.goal is not None else 1.0
    lo, hi = sim.success_interval
    titles = tuple(s.ctx.roles[r].title for r in path.roles)
    values = {
        "success": sim.success,
        "goal": goal,
        "readiness": priced.readiness,
        "plan_coverage": priced.plan.coverage,
    }
    first = priced.plan.steps[0].title if priced.plan.steps else None
    learn = f"; learn first: {first}" if first else "; no catalog course needed or available"
    gaps = ", ".join(label(taxonomy, m) for m in priced.missing[:3]) or "nothing"
    rationale = (
        f"{' -> '.join(titles)}: about {sim.months.p50:.0f} months "
        f"(p10 {sim.months.p10:.0f} to p90 {sim.months.p90:.0f}), {sim.success:.0%} chance "
        f"every move works out; missing for {titles[-1]}: {gaps}{learn}"
    )
    return PathOption(
        roles=path.roles,
        titles=titles,
        score=sim.success * goal,
        confidence=max(0.0, 1.0 - (hi - lo)),
        graph_probability=path.probability,
        readiness=priced.readiness,
        plan=priced.plan,
        simulation=sim,
        missing=priced.missing,
        missing_certifications=path.missing_certifications,
        rationale=rationale,
        attributions=tuple(Attribution(k, v, 1.0, v) for k, v in values.items()),
        sources=_PATH_SOURCES,
    )


def _opportunities(
    s: Subject, goal: str | None, projects: Sequence[OpenProject], today: date, taxonomy: Taxonomy
) -> tuple[tuple[MentorMatch, ...], tuple[StretchProject, ...]]:
    """Mentors and stretch projects for the goal role's gaps (skills named by their labels)."""
    if goal is None:
        return (), ()
    report = analyse_gap(s.profile, s.ctx.requirements.get(goal, ()))
    gaps = {g.skill_id: (g.required, g.effective, g.importance) for g in report.gaps}
    names = {sid: label(taxonomy, sid) for sid in gaps}
    mentors = match_mentors(
        s.profile,
        goal,
        s.ctx.mentors,
        profiles=s.mentor_profiles,
        current_load={},
        reporting_line=s.reporting_line,
        gap_skills=report.top_missing,
        labels=names,
    )
    return tuple(mentors), tuple(stretch_projects(gaps, projects, today=today, labels=names))
