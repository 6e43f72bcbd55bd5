"""`/v1/policies`: the organization's recommendation policy, versioned."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from careerpath.api.deps import AppState, Caller, State
from careerpath.api.schemas import ERRORS, PolicyHistory, PolicyIn, PolicyOut
from careerpath.domain.access import Principal
from careerpath.domain.errors import NotFoundError
from careerpath.engine.access import authorize
from careerpath.engine.policies import current_policy, policy_document, policy_history, set_policy

router = APIRouter(prefix="/v1/policies", tags=["policies"], responses=ERRORS)
_EMPTY = PolicyOut(version=None, created=None, author=None, comment="", rules={})


def _allow(state: AppState, principal: Principal, action: str) -> None:
    with state.services.uow_factory() as uow:
        authorize(principal, action, uow=uow)


def _out(document: dict[str, Any]) -> PolicyOut:
    return PolicyOut(
        version=document.get("version"),
        created=document.get("created"),
        author=document.get("author"),
        comment=document.get("comment") or "",
        rules=dict(document.get("rules") or {}),
    )


@router.get("", response_model=PolicyOut, summary="The policy in force")
def get_policy(principal: Caller, state: State) -> PolicyOut:
    """The current policy version (version null and no rules when none was ever set)."""
    _allow(state, principal, "policy.read")
    found = current_policy(uow=state.services.uow_factory())
    return _out(policy_document(found)) if found is not None else _EMPTY


@router.get("/versions", response_model=PolicyHistory, summary="Every policy version")
def get_policy_versions(principal: Caller, state: State) -> PolicyHistory:
    """Every version, oldest first."""
    _allow(state, principal, "policy.read")
    items = [_out(policy_document(v)) for v in policy_history(uow=state.services.uow_factory())]
    return PolicyHistory(items=items, total=len(items))


@router.get("/versions/{version}", response_model=PolicyOut, summary="One policy version")
def get_policy_version(
    version: Annotated[int, Path(ge=1, le=2**31 - 1)], principal: Caller, state: State
) -> PolicyOut:
    """One stored version (404 when there is no such version)."""
    _allow(state, principal, "policy.read")
    found = [v for v in policy_history(uow=state.services.uow_factory()) if v.version == version]
    if not found:
        raise NotFoundError(f"no policy version {version}")
    return _out(policy_document(found[0]))


@router.put("", response_model=PolicyOut, summary="Set a new policy version")
def put_policy(body: PolicyIn, principal: Caller, state: State) -> PolicyOut:
    """Validate and store the rules as the next version; applied to every later recommendation."""
    return _set(body, principal, state)


@router.post(
    "/versions", response_model=PolicyOut, status_code=201, summary="Add a new policy version"
)
def post_policy_version(
    body: PolicyIn, principal: Caller, state: State, response: Response
) -> PolicyOut:
    """The same as PUT /v1/policies, answering 201 with the new version's Location."""
    out = _set(body, principal, state)
    response.headers["Location"] = f"/v1/policies/versions/{out.version}"
    return out


def _set(body: PolicyIn, principal: Principal, state: AppState) -> PolicyOut:
    _allow(state, principal, "policy.write")
    taxonomy = state.services.taxonomy()
    role_ids = set(state.recommender.snapshot().context.roles) | set(taxonomy.occupations)
    version = set_policy(
        body.rules,
        author=principal.subject,
        comment=body.comment,
        uow=state.services.uow_factory(),
        role_ids=role_ids,
        now=state.services.clock(),
    )
    state.recommender.invalidate()
    return _out(policy_document(version))
