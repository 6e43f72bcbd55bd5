"""Skill inference for many new people at once (an import's new profiles), vectorised with numpy.

New people have no stored records, assessments or corrections, so their skills come from roles held
and explicit claims only. This computes exactly the rules of
:func:`careerpath.domain.inference.infer_skills` (role curves, noisy-OR confidence,
confidence-weighted level raised to strong evidence, evidence order) over flat float64 arrays of
every (person, skill, evidence) piece, instead of person by person; tests check the two agree.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import numpy.typing as npt

from careerpath.domain.inference import DAYS_PER_MONTH, text_evidence
from careerpath.domain.profile import Evidence, Profile, RoleSpell, SkillClaim
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import UnitOfWork
from careerpath.engine.skills import (
    SkillContext,
    infer_profile,
    records_of,
    skill_context,
    text_claims,
)

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


@dataclass
class _Pieces:
    """Flat evidence pieces in chunks: owner person, skill code, raw confidence, level, Evidence."""

    person: list[I64] = field(default_factory=list)
    skill: list[I64] = field(default_factory=list)
    confidence: list[F64] = field(default_factory=list)
    level: list[F64] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def add(self, person: I64, skill: I64, evidence: list[Evidence]) -> None:
        """Append a chunk of pieces."""
        self.person.append(person)
        self.skill.append(skill)
        self.confidence.append(np.array([e.confidence for e in evidence], dtype=np.float64))
        self.level.append(np.array([e.level for e in evidence], dtype=np.float64))
        self.evidence.extend(evidence)


def refresh_skills(
    new: Sequence[Profile],
    updated: Sequence[Profile],
    touched: Collection[str],
    *,
    uow: UnitOfWork,
    taxonomy: Taxonomy,
    today: date,
) -> tuple[list[Profile], list[Profile]]:
    """(new, stored) profiles with re-inferred skills; stored ones include the ``touched`` people.

    New people have no stored records (records need a stored person), so only stored people cost
    queries. Call after the import's record writes, inside its transaction.
    """
    planned = {p.person_id for p in (*new, *updated)}
    extra = sorted(set(touched) - planned)
    stored = [*updated, *(uow.people.get_many(extra) if extra else [])]
    context = skill_context(uow, taxonomy, [*new, *stored], today=today)
    fresh = infer_new_people(new, context)
    return fresh, [infer_profile(p, context, records_of(uow, p.person_id)) for p in stored]


def infer_new_people(profiles: Sequence[Profile], context: SkillContext) -> list[Profile]:
    """``profiles`` with skills inferred from their roles and explicit claims (no stored records)."""
    if not profiles:
        return []
    codes: dict[str, int] = {}
    pieces = _role_pieces(profiles, context, _core_requirements(context, codes))
    owners: list[int] = []
    skills: list[int] = []
    texts: list[Evidence] = []
    for i, profile in enumerate(profiles):
        for skill, ev in text_evidence(text_claims(profile.skills)):
            owners.append(i)
            skills.append(codes.setdefault(skill, len(codes)))
            texts.append(ev)
    pieces.add(np.array(owners, dtype=np.int64), np.array(skills, dtype=np.int64), texts)
    claims = _merge(pieces, sorted(codes, key=codes.__getitem__), context.params.strong)
    return [
        replace(p, skills=tuple(sorted(claims.get(i, ()), key=_skill_id)))
        for i, p in enumerate(profiles)
    ]


def _skill_id(claim: SkillClaim) -> str:
    return claim.skill_id


@dataclass(frozen=True)
class _Core:
    """Core requirements of every requirements key, concatenated (CSR-like by key index)."""

    index: dict[str, int]
    start: I64
    count: I64
    skill: I64
    importance: F64  # unit
    level: F64  # unit


def _core_requirements(context: SkillContext, codes: dict[str, int]) -> _Core:
    """The core requirements (importance >= core_importance) of every key, as flat arrays."""
    index: dict[str, int] = {}
    counts: list[int] = []
    skill: list[int] = []
    imp: list[float] = []
    lvl: list[float] = []
    for key, reqs in context.requirements.items():
        kept = [r for r in reqs if r.importance >= context.params.core_importance]
        index[key] = len(counts)
        counts.append(len(kept))
        skill += [codes.setdefault(r.skill_id, len(codes)) for r in kept]
        imp += [r.importance for r in kept]
        lvl += [r.level for r in kept]
    count = np.array(counts, dtype=np.int64)
    start = np.cumsum(count) - count
    return _Core(
        index,
        start,
        count,
        np.array(skill, dtype=np.int64),
        _unit(np.array(imp, dtype=np.float64)),
        _unit(np.array(lvl, dtype=np.float64)),
    )


def _role_spells(
    profiles: Sequence[Profile], context: SkillContext, core: _Core
) -> tuple[list[tuple[int, RoleSpell]], I64]:
    """(person index, spell) of spells whose role has core requirements, and their key index."""
    reqs = context.requirements
    spells: list[tuple[int, RoleSpell]] = []
    keys: list[int] = []
    for i, profile in enumerate(profiles):
        for s in profile.history:
            key = s.role_id if reqs.get(s.role_id or "") else s.occupation_id
            k = core.index.get(key or "")
            if k is not None and core.count[k]:
                spells.append((i, s))
                keys.append(k)
    return spells, np.array(keys, dtype=np.int64)


def _role_pieces(profiles: Sequence[Profile], context: SkillContext, core: _Core) -> _Pieces:
    """One evidence piece per core requirement of every spell (role_evidence, vectorised)."""
    spells, keys = _role_spells(profiles, context, core)
    today, params = context.today, context.params
    days = np.array([((s.end or today) - s.start).days for _, s in spells], dtype=np.float64)
    since = np.array([(today - (s.end or today)).days for _, s in spells], dtype=np.float64)
    tenure = np.maximum(0.0, days / DAYS_PER_MONTH)
    growth = 1.0 - np.exp(-tenure / params.grow_months)
    decay = np.exp(-np.maximum(0.0, since / DAYS_PER_MONTH) / params.decay_months)
    counts = np.where(growth > 0.0, core.count[keys], 0)
    spell = np.repeat(np.arange(len(spells)), counts)
    offset = np.arange(len(spell)) - np.repeat(np.cumsum(counts) - counts, counts)
    flat = core.start[keys][spell] + offset
    conf = _unit(params.role_confidence * growth[spell] * (0.5 + 0.5 * core.importance[flat]))
    level = core.level[flat] * growth[spell] * decay[spell]
    details = [_describe(s, t) for (_, s), t in zip(spells, tenure.tolist(), strict=True)]
    refs = [_ref(s) for _, s in spells]
    seen = [s.end or today for _, s in spells]
    evidence = [
        Evidence("role", c, v, details[k], refs[k], seen[k])
        for c, v, k in zip(conf.tolist(), level.tolist(), spell.tolist(), strict=True)
    ]
    pieces = _Pieces()
    owner = np.array([i for i, _ in spells], dtype=np.int64)
    pieces.person.append(owner[spell])
    pieces.skill.append(core.skill[flat])
    pieces.confidence.append(conf)
    pieces.level.append(level)
    pieces.evidence.extend(evidence)
    return pieces


def _describe(spell: RoleSpell, tenure: float) -> str:
    """The plain-words detail of role evidence (as domain.inference.role_evidence writes it)."""
    end = f"{spell.end:%Y-%m}" if spell.end is not None else "now"
    return f"held {spell.title} {spell.start:%Y-%m} to {end} ({tenure:.0f} months): core skill of the role"


def _ref(spell: RoleSpell) -> str:
    """The record id of role evidence."""
    return f"role:{spell.role_id or spell.occupation_id or spell.title}@{spell.start.isoformat()}"


def _merge(pieces: _Pieces, skill_ids: list[str], strong: float) -> dict[int, list[SkillClaim]]:
    """Claims per person: pieces grouped by (person, skill), merged by the domain's rule."""
    if not pieces.evidence:
        return {}
    person, skill = np.concatenate(pieces.person), np.concatenate(pieces.skill)
    raw, level = np.concatenate(pieces.confidence), np.concatenate(pieces.level)
    order = np.lexsort((np.arange(len(person)), skill, person))
    p, s, c, lv = person[order], skill[order], raw[order], level[order]
    starts = np.flatnonzero(np.r_[True, (p[1:] != p[:-1]) | (s[1:] != s[:-1])])
    confidence = (1.0 - np.multiply.reduceat(1.0 - _unit(c), starts)).tolist()
    levels = _levels(c, lv, starts, strong)
    ends = np.r_[starts[1:], len(order)].tolist()
    claims: dict[int, list[SkillClaim]] = {}
    evidence, ranked, owners, skills = pieces.evidence, order.tolist(), p.tolist(), s.tolist()
    for g, start in enumerate(starts.tolist()):
        group = [evidence[j] for j in ranked[start : ends[g]]]
        if len(group) > 1:
            group.sort(key=_rank)
        claim = SkillClaim(
            skill_ids[skills[start]], _unit1(levels[g]), _unit1(confidence[g]), tuple(group)
        )
        claims.setdefault(owners[start], []).append(claim)
    return claims


def _levels(conf: F64, level: F64, starts: I64, strong: float) -> list[float]:
    """Per group: the (raw) confidence-weighted mean level, raised to the highest strong level."""
    weight = np.add.reduceat(conf, starts)
    mean = np.divide(
        np.add.reduceat(conf * level, starts), weight, out=np.zeros_like(weight), where=weight > 0
    )
    top = np.maximum.reduceat(np.where(conf >= strong, level, -np.inf), starts)
    plain = np.maximum.reduceat(level, starts)  # no weight at all: the highest level
    out = np.where(weight > 0, np.maximum(mean, top), plain)
    return [float(x) for x in out]


def _rank(ev: Evidence) -> tuple[float, float, str, str]:
    return (-ev.confidence, -ev.level, ev.source, ev.ref)


def _unit(x: F64) -> F64:
    """Clip to [0, 1] with NaN as 0 (domain.inference's rule), elementwise."""
    return np.where(x > 0.0, np.minimum(x, 1.0), 0.0)


def _unit1(x: float) -> float:
    return 0.0 if not x > 0.0 else (1.0 if x > 1.0 else float(x))
