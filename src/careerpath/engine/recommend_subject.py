"""One person read for recommendations: profile, org context, readiness, policy, path limits.

``load_subject`` reads, in one transaction, the person, the organization (unless a compiled
``OrgContext`` is given; the mentors' profiles come with it), the manager chain, the
organization's current policy (``uow.policies.current()``: one read per call) and, when asked, the
stored open projects. ``constraints`` turns the person and the request into ``PathConstraints`` (no pay cut below the current band, held certifications, tenure,
excluded roles, step limit) and merges the policy in with ``domain.policy.apply_policy``: excluded
roles united, the larger minimum tenure, the smaller job-zone step, pay-cut and step overrides, and
roles whose policy-required certifications the person lacks refused as move destinations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from careerpath.domain.constraints import PathConstraints
from careerpath.domain.errors import InvalidRequestError, NotFoundError, UnknownCodeError
from careerpath.domain.gaps import effective_levels, readiness_matrix
from careerpath.domain.opportunities import OpenProject
from careerpath.domain.policy import PolicyRules, PolicyVersion, apply_policy
from careerpath.domain.profile import Profile
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import UnitOfWork
from careerpath.engine.recommend_context import OrgContext, org_context

_MAX_CHAIN = 20
NO_RULES = PolicyRules()


@dataclass(frozen=True)
class Subject:
    """One person read for recommendations: profile, org context, readiness, mentors, policy."""

    profile: Profile
    ctx: OrgContext
    ready: dict[str, float]  # role id -> readiness, [0, 1]
    origin: str | None
    tenure: float  # months in the current role
    mentor_profiles: dict[str, Profile]
    reporting_line: tuple[str, ...]
    policy: PolicyVersion | None = None
    projects: tuple[OpenProject, ...] = ()  # stored open projects, when read

    @property
    def rules(self) -> PolicyRules:
        """The policy's rules (empty rules without a policy)."""
        return self.policy.rules if self.policy is not None else NO_RULES


def load_subject(
    person_id: str,
    *,
    uow: UnitOfWork,
    taxonomy: Taxonomy,
    today: date,
    context: OrgContext | None = None,
    read_projects: bool = False,
) -> Subject:
    """Read the person, the organization (unless given), mentors, policy (and open projects)."""
    with uow:
        profile = uow.people.get(person_id)
        if profile is None:
            raise NotFoundError(f"no person with id {person_id!r}")
        ctx = context or org_context(uow, taxonomy, today)
        line = _manager_chain(profile, uow)
        policy = uow.policies.current()
        projects = tuple(uow.projects.open()) if read_projects else ()
    levels = effective_levels([profile], ctx.skill_ids)
    scores = readiness_matrix(levels, ctx.importance, ctx.level)[0]
    ready = dict(zip(ctx.role_ids, scores.tolist(), strict=True))
    current = profile.current
    origin = current.role_id if current and current.role_id in ctx.roles else None
    tenure = current.months(today) if current is not None else 0.0
    return Subject(profile, ctx, ready, origin, tenure, ctx.mentor_profiles, line, policy, projects)


def check_target(target: str | None, ctx: OrgContext, policy: PolicyVersion | None = None) -> None:
    """Raise UnknownCodeError when the target is not an org role, InvalidRequestError when the
    organization's policy excludes it."""
    if target is not None and target not in ctx.roles:
        raise UnknownCodeError(
            f"unknown target role {target!r}", hint="use an org role id like org:<role id>"
        )
    if target is not None and policy is not None and target in policy.rules.excluded_roles:
        raise InvalidRequestError(
            f"the organization's policy (version {policy.version}) excludes the target {target!r}",
            hint="choose another target role",
        )


def constraints(s: Subject, excluded: Sequence[str], max_steps: int) -> PathConstraints:
    """Path limits for the person and request, with the organization's policy merged in."""
    attrs = s.ctx.graph.roles.get(s.origin) if s.origin else None
    asked = PathConstraints(
        max_steps=max_steps,
        pay_floor=attrs.pay_min if attrs is not None else None,
        held_certifications=frozenset(c.name for c in s.profile.certifications),
        tenure_months=s.tenure,
        excluded=frozenset(excluded),
    )
    return apply_policy(s.rules, asked)


def _manager_chain(profile: Profile, uow: UnitOfWork) -> tuple[str, ...]:
    """The person's managers up the chain (stored profiles), nearest first."""
    chain: list[str] = []
    manager = profile.manager_id
    while manager and manager not in chain and len(chain) < _MAX_CHAIN:
        chain.append(manager)
        boss = uow.people.get(manager)
        manager = boss.manager_id if boss is not None else ""
    return tuple(chain)


def subject_notes(s: Subject, *, asked_external: bool = False) -> list[str]:
    """Notes on thin input (an empty profile, no roles, no courses) and the policy applied."""
    notes = []
    if not s.profile.skills:
        notes.append(
            "the profile lists no skills: readiness is 0 for every role until skills are added"
        )
    if not s.ctx.roles:
        notes.append("the organization has no roles stored: import a role framework first")
    if not s.ctx.courses:
        notes.append("the course catalog is empty: learning plans cannot name courses")
    if s.policy is not None:
        notes.append(f"the organization's policy version {s.policy.version} applies")
    if asked_external and s.rules.include_external is False:
        notes.append("the organization's policy leaves external occupations out")
    return notes
