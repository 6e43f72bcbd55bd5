"""`/v1/people/{person_id}/recommendations` and `/v1/people/{person_id}/simulations`."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response
from fastapi.concurrency import run_in_threadpool

from careerpath.api.deps import Caller, State
from careerpath.api.paging import RecQuery, recommendations_page
from careerpath.api.schemas import ERRORS, NO_NUL
from careerpath.api.schemas_recs import KINDS, RecommendationsOut
from careerpath.api.schemas_sim import SimulationIn, SimulationOutcome, comparison_out
from careerpath.domain.access import Principal, scope
from careerpath.engine.access import authorize

router = APIRouter(prefix="/v1/people", tags=["recommendations"], responses=ERRORS)
PersonId = Annotated[
    str, Path(min_length=1, max_length=256, pattern=NO_NUL, description="The person id.")
]


def check_person(state: State, principal: Principal, action: str, person_id: str) -> None:
    """Authorize ``action`` on the person (403 for anybody the caller may not see)."""
    authorize(principal, action, uow=state.services.uow_factory(), person_id=person_id)


@router.get(
    "/{person_id}/recommendations",
    response_model=RecommendationsOut,
    response_model_exclude_none=False,
    summary="Ranked next roles, paths with learning plans, mentors and gigs for one person",
)
async def get_recommendations(
    person_id: PersonId,
    principal: Caller,
    state: State,
    kind: Annotated[
        list[Literal["roles", "paths", "projects", "mentors"]] | None,
        Query(description="Sections to return (repeatable); all when absent."),
    ] = None,
    target: Annotated[
        str | None, Query(min_length=1, max_length=256, description="Target org role id.")
    ] = None,
    min_success: Annotated[
        float | None, Query(ge=0, le=1, description="Paths: least success probability.")
    ] = None,
    min_readiness: Annotated[
        float | None, Query(ge=0, le=1, description="Roles: least readiness.")
    ] = None,
    external: Annotated[bool, Query(description="Include external (O*NET) occupations.")] = True,
    limit: Annotated[
        int, Query(ge=1, description="Page size per section (clamped to the server's maximum).")
    ] = 10,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> Response:
    """Ranked recommendations with confidence, time/cost/success, rationale and attributions.

    A remembered page is answered on the event loop; computing one runs in the thread pool.
    """
    if scope(principal.role, "person.read") == "team":  # reads the reporting line (database)
        await run_in_threadpool(check_person, state, principal, "person.read", person_id)
    else:
        check_person(state, principal, "person.read", person_id)
    kinds = tuple(k for k in KINDS if kind is None or k in kind)
    size = min(limit, state.settings.max_page_size)
    q = RecQuery(kinds, target, size, offset, min_success, min_readiness, external)
    path = f"/v1/people/{person_id}/recommendations"
    label = state.recommender.label
    today = state.services.clock().date()
    body = state.recommender.remembered_page(person_id, target=target, today=today, view=q)
    if body is None:
        body = await run_in_threadpool(
            partial(
                state.recommender.page,
                person_id,
                target=target,
                today=today,
                view=q,
                render=lambda rec: (
                    recommendations_page(rec, q, label=label, path=path).model_dump_json().encode()
                ),
            )
        )
    return Response(body, media_type="application/json")


@router.post(
    "/{person_id}/simulations",
    response_model=SimulationOutcome,
    summary="What if the person learned a skill, took a course or a project",
)
def post_simulation(
    person_id: PersonId, body: SimulationIn, principal: Caller, state: State
) -> SimulationOutcome:
    """The best path to the target simulated before and after the what-if changes."""
    check_person(state, principal, "person.simulate", person_id)
    result = state.recommender.simulate(
        person_id,
        target=body.target,
        what_if=[(w.kind, w.id) for w in body.what_if],
        today=state.services.clock().date(),
    )
    return comparison_out(result)
