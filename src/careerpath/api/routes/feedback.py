"""`POST /v1/feedback`: events on recommendations, one or a batch, deduplicated by event id."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from careerpath.api.deps import Caller, State
from careerpath.api.problems import ApiProblem
from careerpath.api.schemas import ERRORS, FeedbackEventIn, FeedbackResultOut
from careerpath.engine.access import authorize
from careerpath.engine.feedback import parse_feedback, store_feedback

router = APIRouter(prefix="/v1", tags=["feedback"], responses=ERRORS)
MAX_BATCH = 1000
_EVENT = FeedbackEventIn.model_json_schema()
_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "oneOf": [
                    _EVENT,
                    {"type": "array", "items": _EVENT, "minItems": 1, "maxItems": MAX_BATCH},
                ]
            }
        }
    },
}


@router.post(
    "/feedback",
    response_model=FeedbackResultOut,
    openapi_extra={"requestBody": _BODY},
    summary="Record feedback events (one, or a batch)",
)
def post_feedback(
    body: Annotated[Any, Body(include_in_schema=False)], principal: Caller, state: State
) -> FeedbackResultOut:
    """Validate every event (nothing is stored if one is bad), then store the new ones."""
    items = body if isinstance(body, list) else [body]
    if not items:
        raise ApiProblem(422, "validation", "the batch is empty: send at least one event")
    now = state.services.clock()
    events = parse_feedback(items, source=principal.identity, now=now)
    with state.services.uow_factory() as uow:
        for person in sorted({e.person_id for e in events}):
            authorize(principal, "feedback.write", uow=uow, person_id=person)
    result = store_feedback(events, uow=state.services.uow_factory(), now=now)
    return FeedbackResultOut(
        accepted=result.accepted, duplicates=result.duplicates, event_ids=list(result.event_ids)
    )
