"""`/v1/roles`, `/v1/skills` (search, normalise) and `/v1/taxonomy` (what is loaded)."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from careerpath.api.deps import AppState, Caller, State
from careerpath.api.schemas import ERRORS
from careerpath.api.schemas_catalog import (
    MatchesOut,
    PayBandOut,
    Requirement,
    RoleDetail,
    RolesList,
    SkillsList,
    SkillTexts,
    SourceOut,
    TaxonomyOut,
    TaxonomyPart,
    TitleTexts,
    match_out,
    skill_out,
    summary,
)
from careerpath.domain.access import Principal
from careerpath.domain.errors import NotFoundError
from careerpath.domain.taxonomy import TAXONOMIES, Occupation, Skill
from careerpath.engine.access import authorize
from careerpath.engine.normalize import link_skills, normalize_titles

router = APIRouter(prefix="/v1", tags=["catalog"], responses=ERRORS)
Search = Annotated[
    str | None, Query(min_length=1, max_length=200, description="Words in the title or label.")
]
Limit = Annotated[int, Query(ge=1, description="Page size (clamped to the server's maximum).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


def _allow(state: AppState, principal: Principal) -> None:
    with state.services.uow_factory() as uow:
        authorize(principal, "catalog.read", uow=uow)


def _roles(state: AppState, taxonomy: str) -> list[Occupation]:
    if taxonomy == "org":
        roles = state.recommender.snapshot().context.roles
        return [roles[k] for k in sorted(roles)]
    tax = state.services.taxonomy()
    return state.services.once(f"roles:{taxonomy}", lambda: tax.occupations_of(taxonomy))  # type: ignore[no-any-return]


def _matches(query: str | None, *texts: str) -> bool:
    if query is None:
        return True
    words = query.lower().split()
    hay = " ".join(texts).lower()
    return all(w in hay for w in words)


@router.get("/roles", response_model=RolesList, summary="Org roles or taxonomy occupations")
def get_roles(
    principal: Caller,
    state: State,
    taxonomy: Annotated[Literal["org", "onet", "esco"], Query()] = "org",
    q: Search = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> RolesList:
    """The organization's roles (default) or a taxonomy's occupations, filtered by words in the title."""
    _allow(state, principal)
    found = [o for o in _roles(state, taxonomy) if _matches(q, o.title, *o.alt_titles)]
    limit = min(limit, state.settings.max_page_size)
    page = [summary(o) for o in found[offset : offset + limit]]
    return RolesList(items=page, total=len(found), limit=limit, offset=offset)


@router.get("/roles/{role_id:path}", response_model=RoleDetail, summary="One role in full")
def get_role(
    role_id: Annotated[str, Path(min_length=1, max_length=512)], principal: Caller, state: State
) -> RoleDetail:
    """An org role (with its stored requirements) or a taxonomy occupation."""
    _allow(state, principal)
    ctx = state.recommender.snapshot().context
    occ = ctx.roles.get(role_id) or state.services.taxonomy().occupations.get(role_id)
    if occ is None:
        raise NotFoundError(f"no role or occupation {role_id!r}", hint="GET /v1/roles lists them")
    reqs = [
        Requirement(
            skill_id=r.skill_id,
            label=state.recommender.label(r.skill_id),
            importance=r.importance,
            level=r.level,
        )
        for r in ctx.requirements.get(occ.id, ())
    ]
    band = occ.org.pay_band if occ.org else None
    return RoleDetail(
        **summary(occ).model_dump(),
        description=occ.description,
        alt_titles=list(occ.alt_titles),
        pay_band=PayBandOut(
            name=band.name, minimum=band.minimum, maximum=band.maximum, currency=band.currency
        )
        if band
        else None,
        certifications=list(occ.org.certifications) if occ.org else [],
        requirements=reqs,
    )


@router.post("/titles/normalize", response_model=MatchesOut, summary="Normalise job titles")
def post_titles_normalize(body: TitleTexts, principal: Caller, state: State) -> MatchesOut:
    """For each title, the best matching occupations or org roles."""
    _allow(state, principal)
    which = _resolve(state, body.taxonomy)
    found = normalize_titles(
        body.titles, normalizer=state.services.normalizer(), taxonomy=which, top=body.top
    )
    return MatchesOut(taxonomy=which, results=[[match_out(m) for m in row] for row in found])


def _skills(state: AppState, taxonomy: str | None) -> list[Skill]:
    tax = state.services.taxonomy()
    key = f"skills:{taxonomy or 'all'}"
    if taxonomy is None:
        return state.services.once(key, lambda: sorted(tax.skills.values(), key=lambda s: s.id))  # type: ignore[no-any-return]
    return state.services.once(key, lambda: tax.skills_of(taxonomy))  # type: ignore[no-any-return]


@router.get("/skills", response_model=SkillsList, summary="Search taxonomy skills")
def get_skills(
    principal: Caller,
    state: State,
    q: Search = None,
    taxonomy: Annotated[Literal["esco", "onet", "org"] | None, Query()] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> SkillsList:
    """Skills whose label or alternative labels hold every word of ``q``."""
    _allow(state, principal)
    found = [s for s in _skills(state, taxonomy) if _matches(q, s.label, *s.alt_labels)]
    limit = min(limit, state.settings.max_page_size)
    page = [skill_out(s) for s in found[offset : offset + limit]]
    return SkillsList(items=page, total=len(found), limit=limit, offset=offset)


@router.post("/skills/normalize", response_model=MatchesOut, summary="Link free text to skills")
def post_skills_normalize(body: SkillTexts, principal: Caller, state: State) -> MatchesOut:
    """For each text, the skills it mentions, best first."""
    _allow(state, principal)
    which = _resolve(state, body.taxonomy)
    found = link_skills(body.texts, linker=state.services.linker(), taxonomy=which, top=body.top)
    return MatchesOut(taxonomy=which, results=[[match_out(m) for m in row] for row in found])


def _resolve(state: AppState, which: str) -> str:
    """``auto``: ESCO when loaded, else O*NET."""
    if which != "auto":
        return which
    return "esco" if state.services.taxonomy().occupations_of("esco") else "onet"


@router.get("/taxonomy", response_model=TaxonomyOut, summary="What is loaded")
def get_taxonomy(principal: Caller, state: State) -> TaxonomyOut:
    """Taxonomies with their counts and facets, source releases, and the organization's roles."""
    _allow(state, principal)
    tax = state.services.taxonomy()
    occ = Counter(o.taxonomy for o in tax.occupations.values())
    skills = Counter(s.taxonomy for s in tax.skills.values())
    parts = [
        TaxonomyPart(name=n, occupations=occ[n], skills=skills[n], facets=sorted(tax.facets_of(n)))
        for n in TAXONOMIES if occ[n] or skills[n]
    ]  # fmt: skip
    releases = Counter((s.dataset, s.release) for s in tax.sources)
    sources = [SourceOut(dataset=d, release=r, files=n) for (d, r), n in sorted(releases.items())]
    return TaxonomyOut(
        fingerprint=tax.fingerprint(),
        taxonomies=parts,
        sources=sources,
        crosswalk_links=len(tax.crosswalk),
        org_roles=len(state.recommender.snapshot().context.roles),
        notes=list(tax.notes),
    )
