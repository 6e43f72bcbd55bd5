"""Pages of recommendations: sections filtered, cut with limit/offset, and the next-page link."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from careerpath.api.schemas_recs import (
    KINDS,
    Kind,
    Label,
    MentorsPage,
    NoRouteOut,
    PathsPage,
    ProjectsPage,
    RecommendationsOut,
    RolesPage,
    mentor_out,
    path_out,
    project_out,
    role_out,
)
from careerpath.engine.recommend_types import Recommendations

T = TypeVar("T")


@dataclass(frozen=True)
class RecQuery:
    """What a recommendations request asks for (validated by the route)."""

    kinds: tuple[Kind, ...]
    target: str | None
    limit: int
    offset: int
    min_success: float | None
    min_readiness: float | None
    external: bool


def _cut(items: Sequence[T], q: RecQuery) -> list[T]:
    return list(items[q.offset : q.offset + q.limit])


def recommendations_page(
    rec: Recommendations, q: RecQuery, *, label: Label, path: str
) -> RecommendationsOut:
    """The requested sections of ``rec``, filtered and cut to one page, with a next link."""
    roles = [
        r for r in rec.next_roles
        if (q.external or not r.external)
        and (q.min_readiness is None or r.readiness >= q.min_readiness)
    ]  # fmt: skip
    paths = [p for p in rec.paths if q.min_success is None or p.simulation.success >= q.min_success]
    sections: dict[str, Any] = {}
    totals: list[int] = []
    if "roles" in q.kinds:
        sections["roles"] = RolesPage(
            total=len(roles), items=[role_out(r, label) for r in _cut(roles, q)]
        )
        totals.append(len(roles))
    if "paths" in q.kinds:
        sections["paths"] = PathsPage(
            total=len(paths), items=[path_out(p, label) for p in _cut(paths, q)]
        )
        totals.append(len(paths))
    if "mentors" in q.kinds:
        items = [mentor_out(m, label) for m in _cut(rec.mentors, q)]
        sections["mentors"] = MentorsPage(total=len(rec.mentors), items=items)
        totals.append(len(rec.mentors))
    if "projects" in q.kinds:
        found = [project_out(p, label) for p in _cut(rec.stretch_projects, q)]
        sections["projects"] = ProjectsPage(total=len(rec.stretch_projects), items=found)
        totals.append(len(rec.stretch_projects))
    more = any(q.offset + q.limit < t for t in totals)
    no_route = None
    if rec.no_route is not None:
        closest = [r for r, _ in rec.no_route.closest]
        no_route = NoRouteOut(reason=rec.no_route.reason, closest=closest)
    return RecommendationsOut(
        person_id=rec.person_id,
        origin=rec.origin,
        target=rec.target,
        generated=rec.generated.isoformat(),
        model_version=rec.model_version,
        policy_version=rec.policy_version,
        data_sources=list(rec.sources),
        notes=list(rec.notes),
        no_route=no_route,
        limit=q.limit,
        offset=q.offset,
        next=_next_link(path, q) if more else None,
        **sections,
    )


def _next_link(path: str, q: RecQuery) -> str:
    """The same request one page on."""
    params: list[tuple[str, Any]] = []
    if set(q.kinds) != set(KINDS):
        params.extend(("kind", k) for k in q.kinds)
    for name in ("target", "min_success", "min_readiness"):
        value = getattr(q, name)
        if value is not None:
            params.append((name, value))
    if not q.external:
        params.append(("external", "false"))
    params += [("limit", q.limit), ("offset", q.offset + q.limit)]
    return f"{path}?{urlencode(params)}"
