"""Pure merges of an imported profile into a stored one (HR export rows, job history, resumes).

Internal spells (from the HRIS) have ``employer == ""``; spells from a resume carry the employer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from careerpath.domain.profile import Profile, RoleSpell, SkillClaim


def merge_hris(old: Profile, new: Profile) -> Profile:
    """A stored profile updated from an HR export row: HR fields and the current role replaced."""
    history = old.history
    for spell in new.history:
        history = with_current(history, spell) if spell.end is None else (*history, spell)
    return replace(
        old,
        name=new.name or old.name,
        email=new.email or old.email,
        location=new.location or old.location,
        org_unit=new.org_unit or old.org_unit,
        manager_id=new.manager_id or old.manager_id,
        hire_date=new.hire_date or old.hire_date,
        performance=new.performance if new.performance is not None else old.performance,
        history=sorted_spells(history),
        skills=merge_claims(old.skills, new.skills, source="hris"),
    )


def with_current(history: Sequence[RoleSpell], new: RoleSpell) -> tuple[RoleSpell, ...]:
    """History with ``new`` as the current internal role: the same role is kept, another is closed."""
    out: list[RoleSpell] = []
    for spell in history:
        if spell.end is not None or spell.employer:
            out.append(spell)
        elif same_role(spell, new):
            new = replace(new, start=spell.start)
        else:
            out.append(replace(spell, end=max(spell.start, new.start)))
    return (*out, new)


def same_role(a: RoleSpell, b: RoleSpell) -> bool:
    """Whether two spells name the same role (by org role, else occupation, else title)."""
    if a.role_id or b.role_id:
        return a.role_id == b.role_id
    if a.occupation_id or b.occupation_id:
        return a.occupation_id == b.occupation_id
    return a.title.casefold() == b.title.casefold()


def sorted_spells(spells: Sequence[RoleSpell]) -> tuple[RoleSpell, ...]:
    """Distinct spells by start, then end (open last), then title."""
    return tuple(sorted(set(spells), key=lambda s: (s.start, s.end or date.max, s.title)))


def merge_claims(
    old: Sequence[SkillClaim], new: Sequence[SkillClaim], *, source: str
) -> tuple[SkillClaim, ...]:
    """Old claims with their ``source`` evidence replaced by the new claims (all from ``source``)."""
    incoming = {c.skill_id: c for c in new}
    out: list[SkillClaim] = []
    for claim in old:
        evidence = tuple(e for e in claim.evidence if e.source != source)
        fresh = incoming.pop(claim.skill_id, None)
        if fresh is not None:
            evidence += fresh.evidence
            if claim.origin == "inferred":
                claim = replace(claim, level=max(claim.level, fresh.level))
        if evidence or claim.origin != "inferred":
            out.append(replace(claim, evidence=evidence))
    return (*out, *incoming.values())


def has_history(profile: Profile) -> bool:
    """Whether a profile holds internal spells beyond its current role."""
    return any(s.end is not None and not s.employer for s in profile.history)


def rehistory(old: Profile, spells: Sequence[RoleSpell]) -> Profile:
    """A profile whose internal history is ``spells`` (its current role kept if the file has none)."""
    external = [s for s in old.history if s.employer]
    current = [s for s in old.history if s.end is None and not s.employer]
    history = list(spells)
    if current and not any(s.end is None for s in spells):
        last = max((s.end or s.start for s in spells), default=date.min)
        history += [s for s in current if s.start >= last]
    return replace(old, history=sorted_spells(history + external))


def has_resume_data(profile: Profile) -> bool:
    """Whether a stored profile already holds what a resume import writes."""
    return bool(
        profile.education
        or profile.certifications
        or profile.languages
        or any(s.employer for s in profile.history)
        or any(e.source == "resume" for c in profile.skills for e in c.evidence)
    )


def merge_resume(old: Profile, new: Profile) -> Profile:
    """A stored profile with its resume parts (external work, education...) taken from ``new``."""
    internal = tuple(s for s in old.history if not s.employer)
    return replace(
        old,
        name=old.name or new.name,
        email=old.email or new.email,
        location=old.location or new.location,
        history=sorted_spells(internal + new.history),
        education=new.education,
        certifications=new.certifications,
        languages=new.languages,
        skills=merge_claims(old.skills, new.skills, source="resume"),
    )
