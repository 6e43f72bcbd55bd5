"""Who may do what: principals, roles, and the deny-by-default access decision.

Roles: ``employee`` (only themself), ``manager`` (themself and the people below them in the
reporting line), ``hr_admin`` (everything), ``auditor`` (read-only, everything), ``service``
(machine clients: submit profiles and feedback, read people and the catalog; no policy changes).

``decide`` applies the access ``MATRIX`` (action -> role -> scope; docs/access.md shows it as a
table). It is pure: the caller supplies the target person's manager chain and the job's owner.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Role = Literal["employee", "manager", "hr_admin", "auditor", "service"]
ROLES: tuple[Role, ...] = ("employee", "manager", "hr_admin", "auditor", "service")


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated caller: a stable subject, one role, the person they are (when one)."""

    subject: str
    role: Role
    person_id: str | None = None
    via: Literal["jwt", "api_key"] = "api_key"

    @property
    def identity(self) -> str:
        """The subject qualified by how it was verified (``api_key:hris-sync``, ``jwt:ada``): owners
        of jobs and senders of feedback, so a token's ``sub`` can never pass for an API key's."""
        return f"{self.via}:{self.subject}"


Action = Literal[
    "person.read",
    "person.simulate",
    "profile.submit",
    "feedback.write",
    "feedback.read",
    "job.read",
    "catalog.read",
    "policy.read",
    "policy.write",
    "keys.read",
    "keys.manage",
    "recommendations.rerun",
]

#: How far a role's permission for an action reaches: ``any`` (every person / every job),
#: ``self`` (the principal's own person), ``team`` (self and everyone whose manager chain holds the
#: principal's person), ``own`` (jobs the principal submitted), ``none``.
Scope = Literal["any", "self", "team", "own", "none"]

_E, _M, _H, _A, _S = ROLES

#: The access matrix: action -> role -> scope. Anything not listed (or ``none``) is denied.
MATRIX: Mapping[str, Mapping[str, Scope]] = {
    "person.read": {_E: "self", _M: "team", _H: "any", _A: "any", _S: "any"},
    "person.simulate": {_E: "self", _M: "team", _H: "any", _A: "any"},
    "profile.submit": {_E: "self", _M: "self", _H: "any", _S: "any"},
    "feedback.write": {_E: "self", _M: "self", _H: "any", _S: "any"},
    "feedback.read": {_H: "any", _A: "any"},
    "job.read": {_E: "own", _M: "own", _H: "any", _A: "any", _S: "own"},
    "catalog.read": {_E: "any", _M: "any", _H: "any", _A: "any", _S: "any"},
    "policy.read": {_E: "any", _M: "any", _H: "any", _A: "any", _S: "any"},
    "policy.write": {_H: "any"},
    "keys.read": {_H: "any", _A: "any"},
    "keys.manage": {_H: "any"},
    "recommendations.rerun": {_H: "any"},
}
ACTIONS: tuple[str, ...] = tuple(MATRIX)
#: Actions that only read; every other action changes stored state.
READ_ACTIONS: frozenset[str] = frozenset(
    {
        "person.read",
        "person.simulate",
        "feedback.read",
        "job.read",
        "catalog.read",
        "policy.read",
        "keys.read",
    }
)
WRITE_ACTIONS: frozenset[str] = frozenset(ACTIONS) - READ_ACTIONS
_SCOPE_WORDS: Mapping[str, str] = {
    "any": "",
    "self": " (their own record)",
    "team": " (themself and the people below them)",
    "own": " (jobs they submitted)",
}


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether an action is allowed, and why (a sentence fit for a log or an error message)."""

    allowed: bool
    reason: str


def scope(role: str, action: str) -> Scope:
    """How far ``role`` may do ``action`` (``none`` for unknown roles and actions)."""
    return MATRIX.get(action, {}).get(role, "none")


def who_may(action: str) -> str:
    """The roles allowed ``action`` and how far, in words: ``hr_admin, auditor`` ..."""
    allowed = [(r, s) for r, s in MATRIX.get(action, {}).items() if s != "none"]
    return ", ".join(f"{r}{_SCOPE_WORDS[s]}" for r, s in allowed) or "nobody"


def decide(
    principal: Principal,
    action: str,
    *,
    person_id: str | None = None,
    manager_chain: Sequence[str] = (),
    owner: str | None = None,
) -> Decision:
    """Deny by default: allow ``action`` only when the principal's role reaches the target.

    ``person_id`` is the person acted on (None: no particular person, which only an ``any``
    scope allows); ``manager_chain`` the person ids of the managers above that person, nearest
    first; ``owner`` the subject that submitted the job being read.
    """
    if action not in MATRIX:
        return Decision(False, f"unknown action {action!r}")
    reach = scope(principal.role, action)
    me = principal.person_id
    if reach == "any":
        allowed = True
    elif reach == "self":
        allowed = bool(me) and person_id == me
    elif reach == "team":
        allowed = bool(me) and person_id is not None and (person_id == me or me in manager_chain)
    elif reach == "own":
        allowed = owner is not None and owner == principal.identity
    else:
        allowed = False
    if allowed:
        return Decision(True, f"{principal.role} may {action}{_SCOPE_WORDS[reach]}")
    return Decision(False, f"{action} is allowed to: {who_may(action)}")
