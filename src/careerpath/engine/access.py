"""Role-based access checks for use cases and routes: the pure decision plus the reporting line.

``authorize`` raises PermissionDeniedError with the same message whether or not the person exists,
so a refusal never tells a caller who is on file.
"""

from __future__ import annotations

from careerpath.domain.access import Principal, decide, scope
from careerpath.domain.errors import PermissionDeniedError
from careerpath.engine.ports import PeopleRepository, UnitOfWork

#: The longest reporting line walked (deeper chains are cut; real ones are far shorter).
MAX_CHAIN_DEPTH = 50


def manager_chain(
    person_id: str,
    *,
    people: PeopleRepository,
    stop_at: str | None = None,
    max_depth: int = MAX_CHAIN_DEPTH,
) -> tuple[str, ...]:
    """The person ids of the managers above ``person_id``, nearest first, from stored profiles.

    Follows ``Profile.manager_id`` upwards; stops at an unknown or empty manager, at a cycle, after
    ``max_depth`` managers, or once ``stop_at`` (the manager being looked for) is reached.
    """
    chain: list[str] = []
    seen = {person_id}
    current = person_id
    while len(chain) < max_depth:
        profile = people.get(current)
        manager = profile.manager_id if profile is not None else ""
        if not manager or manager in seen:
            break
        chain.append(manager)
        if manager == stop_at:
            break
        seen.add(manager)
        current = manager
    return tuple(chain)


def authorize(
    principal: Principal,
    action: str,
    *,
    uow: UnitOfWork,
    person_id: str | None = None,
    owner: str | None = None,
) -> None:
    """Raise PermissionDeniedError unless ``principal`` may do ``action`` on the person or job.

    The manager chain is read from stored profiles only when the decision depends on it (a
    manager acting on somebody else), in a transaction of its own on ``uow`` like any use case:
    call it before entering ``uow``, not inside a ``with uow:`` block.
    """
    chain: tuple[str, ...] = ()
    me = principal.person_id
    if scope(principal.role, action) == "team" and me and person_id is not None and person_id != me:
        with uow:
            chain = manager_chain(person_id, people=uow.people, stop_at=me)
    decision = decide(principal, action, person_id=person_id, manager_chain=chain, owner=owner)
    if not decision.allowed:
        raise PermissionDeniedError(
            f"{principal.role} {principal.subject!r} may not {action} here: {decision.reason}",
            hint="ask an hr_admin for a key or token with the needed role",
        )
