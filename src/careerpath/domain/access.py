"""Who may do what: principals, roles, and the deny-by-default access decision.

Roles: ``employee`` (only themself), ``manager`` (themself and the people below them in the
reporting line), ``hr_admin`` (everything), ``auditor`` (read-only, everything), ``service``
(machine clients: submit profiles and feedback, read people and the catalog; no policy changes).
"""

from __future__ import annotations

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
