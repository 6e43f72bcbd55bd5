"""Which labels name which concepts: skills and occupations of one taxonomy as a LabelSet."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.taxonomy import Occupation, Skill, Taxonomy
from careerpath.engine.normalize import SKILL_TAXONOMIES, TITLE_TAXONOMIES
from careerpath.text.lexical import LabelSet
from careerpath.text.normalize import without_parentheses

NOT_LINKABLE = frozenset({"group"})
# O*NET links to its skill and knowledge elements, technology and tool commodities (not activities).
ONET_LINKABLE = frozenset({"skill", "knowledge", "technology", "tool"})

# Reuse levels: broadly used skills are a priori more likely in free text than narrow ones.
_REUSE_PRIOR = {
    "transversal": 1.0,
    "cross-sector": 0.8,
    "sector-specific": 0.6,
    "occupation-specific": 0.5,
}
PREFERRED, ALTERNATE, HIDDEN = 1.0, 0.95, 0.9


def skill_label_set(taxonomy: Taxonomy, which: str) -> LabelSet:
    """Linkable skills of ``which`` (esco|onet) with preferred, alternate and hidden labels."""
    if which not in SKILL_TAXONOMIES:
        raise InvalidRequestError(f"unknown skill taxonomy {which!r}", hint="use esco or onet")
    skills = [s for s in taxonomy.skills_of(which) if _linkable(s)]
    named = [(s.id, s.label, _skill_prior(s), _skill_labels(s)) for s in skills]
    return _label_set(named)


def occupation_label_set(taxonomy: Taxonomy, which: str) -> LabelSet:
    """Occupations or roles of ``which`` (esco|onet|org) with titles, alternate and reported titles."""
    if which not in TITLE_TAXONOMIES:
        raise InvalidRequestError(f"unknown title taxonomy {which!r}", hint="use esco, onet or org")
    occs = taxonomy.occupations_of(which)
    named = [(o.id, o.title, 0.5, _occupation_labels(o)) for o in occs]
    return _label_set(named)


def _linkable(skill: Skill) -> bool:
    if skill.kind in NOT_LINKABLE:
        return False
    return skill.taxonomy != "onet" or skill.kind in ONET_LINKABLE


def _skill_prior(skill: Skill) -> float:
    if skill.reuse_level:
        return _REUSE_PRIOR.get(skill.reuse_level, 0.6)
    if skill.hot or skill.in_demand:
        return 0.8
    return 0.6


def _skill_labels(skill: Skill) -> list[tuple[str, float]]:
    out = _variants([skill.label], PREFERRED)
    out += _variants(skill.alt_labels, ALTERNATE)
    out += _variants(skill.hidden_labels, HIDDEN)
    return out


def _occupation_labels(occ: Occupation) -> list[tuple[str, float]]:
    out = _variants([occ.title], PREFERRED)
    out += _variants(occ.alt_titles, ALTERNATE)
    out += _variants(occ.reported_titles, HIDDEN)
    return out


def _variants(texts: Iterable[str], weight: float) -> list[tuple[str, float]]:
    """Each label, plus its form without bracketed qualifiers when that differs."""
    out: list[tuple[str, float]] = []
    for text in texts:
        text = text.strip()
        if not text:
            continue
        out.append((text, weight))
        bare = without_parentheses(text)
        if bare and bare != text:
            out.append((bare, weight * 0.98))
    return out


def _label_set(named: Sequence[tuple[str, str, float, list[tuple[str, float]]]]) -> LabelSet:
    texts: list[str] = []
    owner: list[int] = []
    weight: list[float] = []
    for k, (_, _, _, labels) in enumerate(named):
        seen: set[str] = set()
        for text, w in labels:
            if text.lower() in seen:
                continue
            seen.add(text.lower())
            texts.append(text)
            owner.append(k)
            weight.append(w)
    return LabelSet(
        concept_ids=tuple(n[0] for n in named),
        concept_labels=tuple(n[1] for n in named),
        prior=np.asarray([n[2] for n in named], dtype=np.float32),
        texts=tuple(texts),
        owner=np.asarray(owner, dtype=np.int32),
        weight=np.asarray(weight, dtype=np.float32),
    )


def log_scaled(values: Sequence[float | None]) -> np.ndarray:
    """Positive values mapped to [0, 1] by log scale relative to the maximum; missing -> 0.5."""
    logs = [math.log1p(v) if v and v > 0 else None for v in values]
    top = max((x for x in logs if x is not None), default=1.0) or 1.0
    return np.asarray([0.5 if x is None else x / top for x in logs], dtype=np.float32)
