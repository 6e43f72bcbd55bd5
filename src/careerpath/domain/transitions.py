"""Transition feasibility (origin -> destination, asymmetric) and explanations of role pairs.

feasibility(a -> b) = ((1 - c) * similarity(a, b) + c * coverage(a -> b))
                      * exp(-up * max(0, zone_b - zone_a)) * exp(-down * max(0, zone_a - zone_b))
                      * exp(-cut * max(0, log(wage_a / wage_b)))

coverage(a -> b) is the share of what b needs that a already brings: on rated facets with levels
(O*NET skills, knowledge) sum_e imp_b[e] * min(lvl_a[e], lvl_b[e]) / sum_e imp_b[e] * lvl_b[e]; on
other facets the IDF-weighted share of b's elements that a also has. Unknown job zones or wages
leave their factor at 1. Every score lies in [0, 1].
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from careerpath.domain.similarity import (
    F32,
    I64,
    FacetVectors,
    RoleSpace,
    chunks,
    facet_weights,
    similarity_rows,
    top_k,
)

#: Facets that describe names, not capabilities, carry nothing across a move.
NO_COVERAGE = frozenset({"titles", "tasks"})
#: Facets explained as shared/missing elements, when the taxonomy has them; else all capability facets.
EXPLAIN_FACETS = ("skills", "knowledge", "esco_skills", "technology", "abilities")
_PERSON_SIDE = frozenset({"interests", "work_values", "work_styles"})


@dataclass(frozen=True)
class TransitionParams:
    """The few, interpretable knobs of feasibility (see module docstring)."""

    coverage_share: float = 0.5
    step_up: float = 0.7
    step_down: float = 0.2
    wage_cut: float = 0.0
    weights: Mapping[str, float] | None = None


@dataclass(frozen=True)
class ElementGap:
    """One element of a pair: importance and level in [0, 1] at origin and destination, gap >= 0."""

    facet: str
    element: str
    label: str
    origin_importance: float
    destination_importance: float
    origin_level: float | None
    destination_level: float | None
    gap: float


@dataclass(frozen=True)
class FacetScore:
    """Per-facet similarity and coverage of a pair; None when either side lacks the facet."""

    facet: str
    similarity: float | None
    coverage: float | None


@dataclass(frozen=True)
class Explanation:
    """Why two roles are alike and what the move from origin to destination takes."""

    origin: str
    destination: str
    similarity: float
    feasibility: float
    facets: tuple[FacetScore, ...]
    shared: tuple[ElementGap, ...]
    missing: tuple[ElementGap, ...]
    origin_job_zone: float | None
    destination_job_zone: float | None
    job_zone_step: float | None
    origin_wage: float | None
    destination_wage: float | None
    wage_change: float | None
    wage_change_ratio: float | None


def coverage_rows(space: RoleSpace, rows: I64, weights: Mapping[str, float] | None = None) -> F32:
    """Share of each destination's needs that origins ``rows`` bring, float32 (len(rows), n)."""
    names = [n for n in space.facets if n not in NO_COVERAGE and facet_weights([n], weights)[0] > 0]
    w = facet_weights(names, weights)
    num = np.zeros((len(rows), len(space)), dtype=np.float32)
    for name, wf in zip(names, w, strict=True):
        num += wf * _facet_coverage(space.facets[name], rows)
    mask = space.presence(names)
    den = (mask[rows] * w) @ mask.T
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def feasibility_rows(space: RoleSpace, rows: I64, params: TransitionParams) -> F32:
    """Feasibility of moving from origins ``rows`` to every occupation, float32 (len(rows), n)."""
    c = params.coverage_share
    score = (1.0 - c) * similarity_rows(space, rows, params.weights)
    if c > 0:
        score += c * coverage_rows(space, rows, params.weights)
    step = np.nan_to_num(space.job_zone[None, :] - space.job_zone[rows, None], nan=0.0)
    penalty = params.step_up * np.maximum(step, 0.0) + params.step_down * np.maximum(-step, 0.0)
    if params.wage_cut > 0:
        ratio = np.log(space.wage[rows, None] / space.wage[None, :])
        penalty += params.wage_cut * np.maximum(np.nan_to_num(ratio, nan=0.0), 0.0)
    out: F32 = (score * np.exp(-penalty)).astype(np.float32)
    return out


def transitions(
    space: RoleSpace, occupation_id: str, *, top: int, params: TransitionParams
) -> tuple[list[str], F32]:
    """The ``top`` most feasible destinations from one origin (self excluded): ids, scores (top,)."""
    i = space.row(occupation_id)
    if i is None:
        raise KeyError(occupation_id)
    rows = np.array([i], dtype=np.int64)
    idx, val = top_k(feasibility_rows(space, rows, params), rows, top)
    return [space.ids[j] for j in idx[0]], val[0]


def all_transitions(
    space: RoleSpace, *, top: int, params: TransitionParams
) -> Iterator[tuple[I64, I64, F32]]:
    """For each chunk of origins: origin rows (c,), top destination rows (c, top), scores (c, top)."""
    for rows in chunks(len(space)):
        idx, val = top_k(feasibility_rows(space, rows, params), rows, top)
        yield rows, idx, val


def explain(
    space: RoleSpace,
    origin: str,
    destination: str,
    *,
    params: TransitionParams,
    labels: Mapping[str, str] | None = None,
    top: int = 5,
) -> Explanation:
    """Facet scores, top shared and missing elements, job zone step and wage change of a move."""
    a, b = space.row(origin), space.row(destination)
    if a is None or b is None:
        raise KeyError(origin if a is None else destination)
    rows = np.array([a], dtype=np.int64)
    shared, missing = _elements(space, a, b, labels or {})
    jz_a, jz_b = _opt(space.job_zone[a]), _opt(space.job_zone[b])
    w_a, w_b = _opt(space.wage[a]), _opt(space.wage[b])
    return Explanation(
        origin=origin,
        destination=destination,
        similarity=float(similarity_rows(space, rows)[0, b]),
        feasibility=float(feasibility_rows(space, rows, params)[0, b]),
        facets=tuple(_facet_score(f, a, b) for f in space.facets.values()),
        shared=tuple(shared[:top]),
        missing=tuple(missing[:top]),
        origin_job_zone=jz_a,
        destination_job_zone=jz_b,
        job_zone_step=None if jz_a is None or jz_b is None else jz_b - jz_a,
        origin_wage=w_a,
        destination_wage=w_b,
        wage_change=None if w_a is None or w_b is None else w_b - w_a,
        wage_change_ratio=None if w_a is None or w_b is None or w_a <= 0 else w_b / w_a - 1.0,
    )


def _facet_coverage(f: FacetVectors, rows: I64) -> F32:
    """Coverage of every destination's needs by each origin in rows, (len(rows), n)."""
    if f.level is not None:
        need = np.asarray(f.importance.toarray(), np.float32)
        lvl = np.asarray(f.level.toarray(), np.float32)
        total = (need * lvl).sum(axis=1)
        out = np.stack([(need * np.minimum(lvl[r][None, :], lvl)).sum(axis=1) for r in rows])
    else:
        weighted = sp.csr_matrix(f.importance.multiply(f.idf[None, :]))
        has = (f.importance[rows] > 0).astype(np.float32)
        total = np.asarray(weighted.sum(axis=1), np.float32).ravel()
        out = np.asarray((has @ weighted.T).toarray(), np.float32)
    out = np.divide(out, total[None, :], out=np.zeros_like(out), where=total[None, :] > 0)
    clipped: F32 = np.clip(out, 0.0, 1.0).astype(np.float32)
    return clipped


def _facet_score(f: FacetVectors, a: int, b: int) -> FacetScore:
    if not (f.present[a] and f.present[b]):
        return FacetScore(f.name, None, None)
    sim = float(f.gram(np.array([a], dtype=np.int64))[0, b])
    cov = (
        None if f.name in NO_COVERAGE else float(_facet_coverage(f, np.array([a], np.int64))[0, b])
    )
    return FacetScore(f.name, sim, cov)


def _elements(
    space: RoleSpace, a: int, b: int, labels: Mapping[str, str]
) -> tuple[list[ElementGap], list[ElementGap]]:
    """Shared elements (both rate them) and missing ones (destination needs more), best first."""
    names = [n for n in EXPLAIN_FACETS if n in space.facets]
    if not names:
        names = [n for n in space.facets if n not in NO_COVERAGE | _PERSON_SIDE]
    shared: list[tuple[float, ElementGap]] = []
    missing: list[tuple[float, ElementGap]] = []
    for name in names:
        f = space.facets[name]
        if not (f.present[a] and f.present[b]):
            continue  # a side the facet does not rate has no shared or missing elements
        ia, ib = _dense_row(f.importance, a), _dense_row(f.importance, b)
        la = _dense_row(f.level, a) if f.level is not None else None
        lb = _dense_row(f.level, b) if f.level is not None else None
        rarity = f.idf / max(float(f.idf.max()), 1e-9)  # rare shared elements say more
        for e in np.flatnonzero((ia > 0) | (ib > 0)).tolist():
            item = ElementGap(
                facet=name,
                element=f.col_ids[e],
                label=labels.get(f.col_ids[e], f.col_ids[e]),
                origin_importance=float(ia[e]),
                destination_importance=float(ib[e]),
                origin_level=None if la is None else float(la[e]),
                destination_level=None if lb is None else float(lb[e]),
                gap=_gap(float(ia[e]), float(ib[e]), la, lb, e),
            )
            if ia[e] > 0 and ib[e] > 0:
                shared.append((min(float(ia[e]), float(ib[e])) * float(rarity[e]), item))
            if item.gap > 0.02:
                missing.append((item.gap * float(rarity[e]), item))
    return _best(shared), _best(missing)


def _best(scored: list[tuple[float, ElementGap]]) -> list[ElementGap]:
    return [item for _, item in sorted(scored, key=lambda p: (-p[0], p[1].label))]


def _gap(ia: float, ib: float, la: F32 | None, lb: F32 | None, e: int) -> float:
    """Importance-weighted level the destination needs beyond the origin's (0 when none)."""
    if la is not None and lb is not None:
        return ib * max(0.0, float(lb[e]) - float(la[e]))
    return ib if ia <= 0 else 0.0


def _dense_row(matrix: sp.csr_matrix, i: int) -> F32:
    return np.asarray(matrix[i].toarray(), dtype=np.float32).ravel()


def _opt(value: np.float32) -> float | None:
    v = float(value)
    return None if math.isnan(v) else v
