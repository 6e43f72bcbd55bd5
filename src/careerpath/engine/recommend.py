"""Recommendations for one person: next roles, priced multi-step paths, learning plans, mentors.

Next roles: every org role but the current one, ranked by a blend of four components in [0, 1]
(weights ``BLEND``, tunable): ``readiness`` (``domain.gaps``, vectorised over all roles),
``transition`` (probability of the direct move in the transition graph, 0 without an edge),
``progression`` (``PROGRESSION`` of the level change: one rung up 1, lateral 0.5, down 0),
``open_positions`` (``min(1, open / OPEN_SATURATION)``) and ``aspiration`` (1 for the target and the
person's target roles, else 0). Confidence: half the importance-weighted mean confidence of the
person's claims on the role's required skills (a skill without a claim counts 0.5, unknown), half
the strength of the move's evidence (observed 1, ladder 0.8, similar 0.5, no edge 0.3).

Paths: with a target, ``k_best_paths`` (diverse) to it; without, ``paths_toward`` roles scored 1 for
the person's target roles, else ``0.5 + 0.5 x readiness`` for roles above the current org level.
Each path is priced by ``recommend_paths.price_steps`` and ``simulate_path``; its score is the
simulated success probability x the goal score, its confidence 1 - the width of the success
interval. Mentors (``match_mentors``) for the target, else the best path's final role, else the
top next role; the reporting line is the person's manager chain in the stored profiles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from careerpath.domain.constraints import PathConstraints
from careerpath.domain.errors import InvalidRequestError, NotFoundError, UnknownCodeError
from careerpath.domain.gaps import analyse_gap, effective_levels, readiness_matrix
from careerpath.domain.opportunities import (
    MentorMatch,
    OpenProject,
    StretchProject,
    match_mentors,
    stretch_projects,
)
from careerpath.domain.paths import NoRoute, NoRouteError, Path, k_best_paths, paths_toward
from careerpath.domain.profile import Profile
from careerpath.domain.simulation import simulate_path
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import UnitOfWork
from careerpath.engine.recommend_context import OrgContext, org_context
from careerpath.engine.recommend_paths import price_steps, success_version
from careerpath.engine.recommend_types import (
    Attribution,
    PathOption,
    Recommendations,
    RoleOption,
    model_version,
)

BLEND: Mapping[str, float] = {
    "readiness": 0.30,
    "transition": 0.25,
    "progression": 0.20,
    "open_positions": 0.10,
    "aspiration": 0.15,
}
#: Careers mostly climb one rung at a time: level change of a move -> its ``progression`` value
#: (a step down scores 0, so easy roles below the person do not crowd the list; unknown levels 0.5).
PROGRESSION = {1: 1.0, 0: 0.5, 2: 0.3}
OPEN_SATURATION = 2.0
N_DRAWS, SEED = 2000, 0
_EDGE_EVIDENCE = {"observed": 1.0, "ladder": 0.8, "similar": 0.5}
_ROLE_SOURCES = (
    "profile.skills",
    "organization.roles",
    "transition_graph",
    "organization.positions",
)
_PATH_SOURCES = (*_ROLE_SOURCES, "organization.outcomes", "learning.courses", "simulation")
_MAX_CHAIN = 20


@dataclass(frozen=True)
class Subject:
    """One person read for recommendations: profile, org context, readiness, mentors' profiles."""

    profile: Profile
    ctx: OrgContext
    ready: dict[str, float]  # role id -> readiness, [0, 1]
    origin: str | None
    tenure: float  # months in the current role
    mentor_profiles: dict[str, Profile]
    reporting_line: tuple[str, ...]


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
    projects: Sequence[OpenProject] = (),
    context: OrgContext | None = None,
) -> Recommendations:
    """Ranked next roles, priced paths, mentors and stretch projects for one person (docstring)."""
    if top < 1 or paths < 1:
        raise InvalidRequestError("top and paths must be at least 1")
    s = load_subject(person_id, uow=uow, taxonomy=taxonomy, today=today, context=context)
    check_target(target, s.ctx)
    notes = list(_subject_notes(s))
    roles = rank_roles(s, target, top, taxonomy)
    found, no_route = _paths(s, target, paths, constraints(s, excluded, max_steps), notes)
    priced = tuple(sorted((_price(s, p, taxonomy) for p in found), key=lambda o: -o.score))
    goal = target or (priced[0].roles[-1] if priced else roles[0].role_id if roles else None)
    mentors, stretch = _opportunities(s, goal, projects, today)
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
    )


def load_subject(
    person_id: str,
    *,
    uow: UnitOfWork,
    taxonomy: Taxonomy,
    today: date,
    context: OrgContext | None = None,
) -> Subject:
    """Read the person, the organization (unless given) and the mentors in one transaction."""
    with uow:
        profile = uow.people.get(person_id)
        if profile is None:
            raise NotFoundError(f"no person with id {person_id!r}")
        ctx = context or org_context(uow, taxonomy)
        mentors = {p.person_id: p for p in uow.people.get_many([m.person_id for m in ctx.mentors])}
        line = _manager_chain(profile, uow)
    levels = effective_levels([profile], ctx.skill_ids)
    scores = readiness_matrix(levels, ctx.importance, ctx.level)[0]
    ready = dict(zip(ctx.role_ids, scores.tolist(), strict=True))
    current = profile.current
    origin = current.role_id if current and current.role_id in ctx.roles else None
    tenure = current.months(today) if current is not None else 0.0
    return Subject(profile, ctx, ready, origin, tenure, mentors, line)


def check_target(target: str | None, ctx: OrgContext) -> None:
    """Raise UnknownCodeError when the target is not an org role."""
    if target is not None and target not in ctx.roles:
        raise UnknownCodeError(
            f"unknown target role {target!r}", hint="use an org role id like org:<role id>"
        )


def constraints(s: Subject, excluded: Sequence[str], max_steps: int) -> PathConstraints:
    """Path limits for the person: no pay cut, held certifications, tenure, excluded roles."""
    attrs = s.ctx.graph.roles.get(s.origin) if s.origin else None
    return PathConstraints(
        max_steps=max_steps,
        pay_floor=attrs.pay_min if attrs is not None else None,
        held_certifications=frozenset(c.name for c in s.profile.certifications),
        tenure_months=s.tenure,
        excluded=frozenset(excluded),
    )


def rank_roles(
    s: Subject, target: str | None, top: int, taxonomy: Taxonomy
) -> tuple[RoleOption, ...]:
    """Org roles but the current one, ranked by the blend, best ``top`` (module docstring)."""
    wanted = set(s.profile.preferences.target_roles) | ({target} if target else set())
    rows = []
    for rid in s.ctx.role_ids:
        if rid == s.origin:
            continue
        edge = s.ctx.graph.edge(s.origin, rid) if s.origin else None
        values = {
            "readiness": s.ready[rid],
            "transition": edge.probability if edge is not None else 0.0,
            "progression": _progression(s, rid),
            "open_positions": min(1.0, s.ctx.open_positions[rid] / OPEN_SATURATION),
            "aspiration": 1.0 if rid in wanted else 0.0,
        }
        rows.append((sum(BLEND[k] * v for k, v in values.items()), rid, values))
    rows.sort(key=lambda r: (-r[0], r[1]))
    return tuple(_role_option(s, rid, score, values, taxonomy) for score, rid, values in rows[:top])


def _progression(s: Subject, rid: str) -> float:
    """PROGRESSION value of the level change from the person's current org role to ``rid``."""
    here = s.ctx.roles[s.origin].org if s.origin else None
    there = s.ctx.roles[rid].org
    if here is None or there is None or here.level is None or there.level is None:
        return 0.5
    return PROGRESSION.get(there.level - here.level, 0.0)


def _role_option(
    s: Subject, rid: str, score: float, values: dict[str, float], taxonomy: Taxonomy
) -> RoleOption:
    """One ranked role with its gaps, confidence, attributions and rationale."""
    report = analyse_gap(s.profile, s.ctx.requirements.get(rid, ()))
    missing = tuple(g.skill_id for g in report.missing(5))
    edge = s.ctx.graph.edge(s.origin, rid) if s.origin else None
    strength = max((_EDGE_EVIDENCE[k] for k in edge.kinds), default=0.3) if edge else 0.3
    weight = sum(g.importance for g in report.gaps)
    held = sum(g.importance * (g.confidence if g.have > 0 else 0.5) for g in report.gaps)
    confidence = 0.5 * (held / weight if weight > 0 else 0.5) + 0.5 * strength
    attributions = tuple(Attribution(k, v, BLEND[k], BLEND[k] * v) for k, v in values.items())
    title = s.ctx.roles[rid].title
    return RoleOption(
        role_id=rid,
        title=title,
        score=score,
        confidence=confidence,
        readiness=values["readiness"],
        transition_probability=values["transition"],
        open_positions=s.ctx.open_positions[rid],
        aspiration=values["aspiration"],
        missing=missing,
        rationale=_role_rationale(title, values, edge.kinds if edge else (), missing, taxonomy),
        attributions=attributions,
        sources=_ROLE_SOURCES,
    )


def _role_rationale(
    title: str,
    values: dict[str, float],
    kinds: tuple[str, ...],
    missing: tuple[str, ...],
    taxonomy: Taxonomy,
) -> str:
    """Plain words: why this role, what is missing."""
    why = [f"you meet {values['readiness']:.0%} of what {title} requires"]
    if kinds:
        why.append("a usual move from your role (" + ", ".join(kinds) + ")")
    if values["open_positions"] > 0:
        why.append("it has open positions")
    if values["aspiration"] > 0:
        why.append("it is one of your goals")
    gaps = f"; missing: {', '.join(label(taxonomy, m) for m in missing[:3])}" if missing else ""
    return "; ".join(why) + gaps


def label(taxonomy: Taxonomy, skill_id: str) -> str:
    """A skill's label, or its id when the taxonomy does not know it."""
    skill = taxonomy.skills.get(skill_id)
    return skill.label if skill is not None else skill_id


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
            s.ctx.graph, s.origin, goal_scores=_goals(s), k=k, constraints=limits
        ), None
    except NoRouteError as exc:
        return [], exc.no_route


def _goals(s: Subject) -> dict[str, float]:
    """Goal score per role: 1 for the person's target roles, else 0.5 + 0.5 x readiness above."""
    wanted = [r for r in s.profile.preferences.target_roles if r in s.ctx.roles]
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


def _price(s: Subject, path: Path, taxonomy: Taxonomy) -> PathOption:
    """Plan, simulate and explain one path."""
    priced = price_steps(path, s.profile, s.ready, s.ctx, s.tenure)
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
    s: Subject, goal: str | None, projects: Sequence[OpenProject], today: date
) -> tuple[tuple[MentorMatch, ...], tuple[StretchProject, ...]]:
    """Mentors and stretch projects for the goal role's gaps."""
    if goal is None:
        return (), ()
    report = analyse_gap(s.profile, s.ctx.requirements.get(goal, ()))
    gaps = {g.skill_id: (g.required, g.effective, g.importance) for g in report.gaps}
    mentors = match_mentors(
        s.profile,
        goal,
        s.ctx.mentors,
        profiles=s.mentor_profiles,
        current_load={},
        reporting_line=s.reporting_line,
        gap_skills=report.top_missing,
    )
    return tuple(mentors), tuple(stretch_projects(gaps, projects, today=today))


def _manager_chain(profile: Profile, uow: UnitOfWork) -> tuple[str, ...]:
    """The person's managers up the chain (stored profiles), nearest first."""
    chain: list[str] = []
    manager = profile.manager_id
    while manager and manager not in chain and len(chain) < _MAX_CHAIN:
        chain.append(manager)
        boss = uow.people.get(manager)
        manager = boss.manager_id if boss is not None else ""
    return tuple(chain)


def _subject_notes(s: Subject) -> list[str]:
    """Notes on thin input: an empty profile, no roles, no courses."""
    notes = []
    if not s.profile.skills:
        notes.append(
            "the profile lists no skills: readiness is 0 for every role until skills are added"
        )
    if not s.ctx.roles:
        notes.append("the organization has no roles stored: import a role framework first")
    if not s.ctx.courses:
        notes.append("the course catalog is empty: learning plans cannot name courses")
    return notes
