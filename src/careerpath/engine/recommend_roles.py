"""Next roles for one person: org roles and external O*NET occupations ranked by one blend.

Org roles: every org role but the current one and the excluded ones (the request's and the policy's),
ranked by a blend of five components in [0, 1] (weights ``BLEND``, tunable): ``readiness``
(``domain.gaps``, vectorised over all roles), ``transition`` (probability of the direct move in the
transition graph, 0 without an edge), ``progression`` (``PROGRESSION`` of the level change: one rung
up 1, lateral 0.5, down 0), ``open_positions`` (``min(1, open / OPEN_SATURATION)``) and
``aspiration`` (1 for the target and the person's target roles, else 0). Confidence: half the
importance-weighted mean confidence of the person's claims on the role's required skills (a skill
without a claim counts 0.5, unknown), half the strength of the move's evidence (observed 1, ladder
0.8, similar 0.5, no edge 0.3). A role whose policy-required certifications the person lacks stays
listed, its rationale naming them (paths refuse it until they are held).

External occupations (``recommend_external``): feasible O*NET occupations no org role maps to,
scored by the same blend where it applies, flagged ``external`` and limited in number.
"""

from __future__ import annotations

from collections.abc import Mapping

from careerpath.domain.constraints import PathConstraints
from careerpath.domain.gaps import analyse_gap, effective_levels, readiness_matrix
from careerpath.domain.profile import RoleRequirement
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.recommend_external import (
    EXTERNAL_SOURCES,
    SIMILAR_WEIGHT,
    ExternalSpace,
    Row,
    allowed,
    external_rows,
    external_space,
    merge,
)
from careerpath.engine.recommend_subject import Subject
from careerpath.engine.recommend_types import Attribution, RoleOption

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
EDGE_EVIDENCE = {"observed": 1.0, "ladder": 0.8, "similar": 0.5}
ROLE_SOURCES = (
    "profile.skills",
    "organization.roles",
    "transition_graph",
    "organization.positions",
)


def rank_roles(
    s: Subject,
    target: str | None,
    top: int,
    taxonomy: Taxonomy,
    *,
    limits: PathConstraints | None = None,
    external: bool | None = None,
) -> tuple[RoleOption, ...]:
    """The best ``top`` next roles: org roles and, unless left out, external ones (docstring)."""
    wanted = set(s.profile.preferences.target_roles) | ({target} if target else set())
    excluded = limits.excluded if limits is not None else frozenset()
    rows: list[Row] = []
    for rid in s.ctx.role_ids:
        if rid == s.origin or rid in excluded:
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
    asked = external if includes_external(s, external) else False
    ext = external_space(s.ctx, taxonomy) if asked is not False else None
    extra = _external(s, ext, wanted, limits or PathConstraints()) if ext is not None else []
    kept = merge(rows, extra, top, asked)
    return tuple(
        _external_option(s, ext, rid, score, values, taxonomy)
        if ext is not None and rid not in s.ctx.roles
        else _role_option(s, rid, score, values, taxonomy)
        for score, rid, values in kept
    )


def includes_external(s: Subject, external: bool | None) -> bool:
    """Whether externals may be listed: not refused by the person nor by the policy."""
    return external is not False and s.rules.include_external is not False


def _external(
    s: Subject, ext: ExternalSpace, wanted: set[str], limits: PathConstraints
) -> list[Row]:
    """Blend rows of the person's allowed external candidates, best first."""
    if s.origin is None or s.origin not in ext.candidates:
        return []
    choices = allowed(ext, s.origin, s.ctx.graph.roles[s.origin], limits)
    if not choices:
        return []
    ready = readiness_matrix(
        effective_levels([s.profile], ext.skill_ids), ext.importance, ext.level
    )[0]
    return external_rows(ext, choices, ready.tolist(), wanted, dict(BLEND))


def _progression(s: Subject, rid: str) -> float:
    """PROGRESSION value of the level change from the person's current org role to ``rid``."""
    here = s.ctx.roles[s.origin].org if s.origin else None
    there = s.ctx.roles[rid].org
    if here is None or there is None or here.level is None or there.level is None:
        return 0.5
    return PROGRESSION.get(there.level - here.level, 0.0)


def _confidence(s: Subject, reqs: tuple[RoleRequirement, ...], strength: float) -> float:
    """Half the claims' weighted confidence on the requirements, half the move's evidence."""
    report = analyse_gap(s.profile, reqs)
    weight = sum(g.importance for g in report.gaps)
    held = sum(g.importance * (g.confidence if g.have > 0 else 0.5) for g in report.gaps)
    return 0.5 * (held / weight if weight > 0 else 0.5) + 0.5 * strength


def _role_option(
    s: Subject, rid: str, score: float, values: dict[str, float], taxonomy: Taxonomy
) -> RoleOption:
    """One ranked org role with its gaps, confidence, attributions and rationale."""
    reqs = s.ctx.requirements.get(rid, ())
    missing = tuple(g.skill_id for g in analyse_gap(s.profile, reqs).missing(5))
    edge = s.ctx.graph.edge(s.origin, rid) if s.origin else None
    strength = max((EDGE_EVIDENCE[k] for k in edge.kinds), default=0.3) if edge else 0.3
    title = s.ctx.roles[rid].title
    held = {c.name for c in s.profile.certifications}
    certs = [c for c in s.rules.required_certifications.get(rid, ()) if c not in held]
    why = _rationale(title, values, edge.kinds if edge else (), missing, taxonomy)
    if certs:
        why += f"; the organization requires {', '.join(certs)} for this role (you do not hold it)"
    return RoleOption(
        role_id=rid,
        title=title,
        score=score,
        confidence=_confidence(s, reqs, strength),
        readiness=values["readiness"],
        transition_probability=values["transition"],
        open_positions=s.ctx.open_positions[rid],
        aspiration=values["aspiration"],
        missing=missing,
        rationale=why,
        attributions=tuple(Attribution(k, v, BLEND[k], BLEND[k] * v) for k, v in values.items()),
        sources=ROLE_SOURCES,
    )


def _external_option(
    s: Subject,
    ext: ExternalSpace,
    oid: str,
    score: float,
    values: dict[str, float],
    taxonomy: Taxonomy,
) -> RoleOption:
    """One ranked external occupation, flagged, with its gaps and a rationale saying it is outside."""
    j = ext.ids.index(oid)
    reqs = ext.requirements[oid]
    missing = tuple(g.skill_id for g in analyse_gap(s.profile, reqs).missing(5))
    origin = ext.origin_titles.get(s.origin or "", "your role")
    feasibility = values["transition"] / SIMILAR_WEIGHT if SIMILAR_WEIGHT > 0 else 0.0
    gaps = f"; missing: {', '.join(label(taxonomy, m) for m in missing[:3])}" if missing else ""
    why = (
        f"outside the organization (O*NET occupation): a feasible move from {origin} "
        f"(feasibility {feasibility:.2f}); you meet {values['readiness']:.0%} of what it requires"
        + ("; it is one of your goals" if values["aspiration"] > 0 else "")
        + gaps
    )
    return RoleOption(
        role_id=oid,
        title=ext.titles[j],
        score=score,
        confidence=_confidence(s, reqs, EDGE_EVIDENCE["similar"]),
        readiness=values["readiness"],
        transition_probability=values["transition"],
        open_positions=0,
        aspiration=values["aspiration"],
        missing=missing,
        rationale=why,
        attributions=tuple(Attribution(k, v, BLEND[k], BLEND[k] * v) for k, v in values.items()),
        sources=EXTERNAL_SOURCES,
        external=True,
    )


def _rationale(
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
