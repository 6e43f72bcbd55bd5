"""Mapping between Profile dataclasses and rows of the people tables (plain dicts, both ways)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table

from careerpath.domain.profile import (
    Certification,
    Consent,
    Education,
    Evidence,
    Language,
    Preferences,
    Profile,
    RoleSpell,
    SkillClaim,
)
from careerpath.store import tables as t
from careerpath.store.sql import DbRow

Values = tuple[Any, ...]
RowsByTable = dict[Table, list[Values]]
Grouped = Mapping[str, Sequence[DbRow]]

#: Column order of the row tuples built below, per table.
COLUMNS: dict[Table, tuple[str, ...]] = {
    t.people: (
        "person_id", "name", "email", "location", "org_unit", "manager_id", "hire_date",
        "performance", "min_pay", "work_life_balance", "pref_locations", "willing_to_relocate",
        "consent_recommendations", "consent_analytics", "consent_share_with_manager",
        "consent_updated", "revision",
    ),
    t.role_spells: (
        "person_id", "seq", "title", "start_date", "end_date", "role_id", "occupation_id",
        "employer", "org_unit", "manager_id", "location",
    ),
    t.skill_claims: ("person_id", "seq", "skill_id", "level", "confidence", "origin"),
    t.skill_evidence: (
        "person_id", "claim_seq", "seq", "source", "confidence", "level", "detail", "ref",
        "observed",
    ),
    t.education: ("person_id", "seq", "institution", "degree", "field", "start_date", "end_date"),
    t.certifications: ("person_id", "seq", "name", "issuer", "issued", "expires"),
    t.languages: ("person_id", "seq", "language", "fluency"),
    t.target_roles: ("person_id", "seq", "role_id"),
}  # fmt: skip


def profile_rows(profiles: Iterable[Profile]) -> RowsByTable:
    """Row tuples (ordered as COLUMNS) for every table of the given profiles, parents first."""
    out: RowsByTable = {table: [] for table in COLUMNS}
    people, spells, claims = out[t.people], out[t.role_spells], out[t.skill_claims]
    evidence, education = out[t.skill_evidence], out[t.education]
    for p in profiles:
        pid = p.person_id
        people.append(_person_row(p))
        spells.extend(_spell_row(pid, i, s) for i, s in enumerate(p.history))
        for i, c in enumerate(p.skills):
            claims.append((pid, i, c.skill_id, c.level, c.confidence, c.origin))
            evidence.extend(
                (pid, i, j, e.source, e.confidence, e.level, e.detail, e.ref, e.observed)
                for j, e in enumerate(c.evidence)
            )
        education.extend(
            (pid, i, e.institution, e.degree, e.field, e.start, e.end)
            for i, e in enumerate(p.education)
        )
        out[t.certifications].extend(
            (pid, i, c.name, c.issuer, c.issued, c.expires) for i, c in enumerate(p.certifications)
        )
        out[t.languages].extend(
            (pid, i, lang.language, lang.fluency) for i, lang in enumerate(p.languages)
        )
        out[t.target_roles].extend((pid, i, r) for i, r in enumerate(p.preferences.target_roles))
    return out


def _spell_row(pid: str, seq: int, s: RoleSpell) -> Values:
    return (
        pid,
        seq,
        s.title,
        s.start,
        s.end,
        s.role_id,
        s.occupation_id,
        s.employer,
        s.org_unit,
        s.manager_id,
        s.location,
    )


def _person_row(p: Profile) -> Values:
    prefs, consent = p.preferences, p.consent
    return (
        p.person_id,
        p.name,
        p.email,
        p.location,
        p.org_unit,
        p.manager_id,
        p.hire_date,
        p.performance,
        prefs.min_pay,
        prefs.work_life_balance,
        list(prefs.locations),
        prefs.willing_to_relocate,
        consent.recommendations,
        consent.analytics,
        consent.share_with_manager,
        consent.updated,
        uuid.uuid4().hex,
    )


def build_profile(person: DbRow, children: Mapping[Table, Grouped]) -> Profile:
    """A Profile from its people row and its child rows (COLUMNS order) grouped by table and person.

    Child rows are unpacked by position: after ``person_id, seq`` their columns follow the field
    order of the dataclass they hold (RoleSpell, Education, Certification, Language, Evidence).
    """
    pid = person.person_id

    def rows(table: Table) -> Sequence[DbRow]:
        """This person's rows of one child table."""
        return children[table].get(pid, ())

    return Profile(
        person_id=pid,
        name=person.name,
        email=person.email,
        location=person.location,
        org_unit=person.org_unit,
        manager_id=person.manager_id,
        hire_date=person.hire_date,
        history=tuple(RoleSpell(*r[2:]) for r in rows(t.role_spells)),
        skills=_claims(rows(t.skill_claims), rows(t.skill_evidence)),
        education=tuple(Education(*r[2:]) for r in rows(t.education)),
        certifications=tuple(Certification(*r[2:]) for r in rows(t.certifications)),
        languages=tuple(Language(*r[2:]) for r in rows(t.languages)),
        preferences=Preferences(
            target_roles=tuple(r[2] for r in rows(t.target_roles)),
            min_pay=person.min_pay,
            work_life_balance=person.work_life_balance,
            locations=tuple(person.pref_locations),
            willing_to_relocate=person.willing_to_relocate,
        ),
        consent=Consent(
            recommendations=person.consent_recommendations,
            analytics=person.consent_analytics,
            share_with_manager=person.consent_share_with_manager,
            updated=person.consent_updated,
        ),
        performance=person.performance,
    )


def _claims(claims: Sequence[DbRow], evidence: Sequence[DbRow]) -> tuple[SkillClaim, ...]:
    """Skill claims with their evidence (rows in COLUMNS order)."""
    by_claim: dict[int, list[Evidence]] = defaultdict(list)
    for e in evidence:
        by_claim[e[1]].append(Evidence(*e[3:]))
    return tuple(
        SkillClaim(skill_id, level, confidence, tuple(by_claim.get(seq, ())), origin)
        for _, seq, skill_id, level, confidence, origin in claims
    )
