"""Role similarity: how alike the work of two occupations is, over whatever facets a taxonomy has.

Pure numpy/scipy. A :class:`RoleSpace` aligns every facet (occupations x elements) to one list of
occupation ids and turns each into row-normalised float32 vectors:

* rated facets (every occupation rates every element, e.g. O*NET skills, knowledge) are centred on
  the column mean before normalising, so the cosine measures the *profile* (which elements matter
  more than usual) instead of the near-constant "everything is somewhat important" baseline;
* sparse facets (technology, tools, DWAs, ESCO skills, title words) are IDF-weighted, so rare shared
  elements count more than ubiquitous ones; elements held by a single occupation are dropped
  because they can never be shared.

Per-facet cosines are clipped to [0, 1] and averaged with facet weights renormalised over the facets
both occupations have, so an occupation missing a facet still gets scores from the others.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from careerpath.domain.taxonomy import Facet

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]

#: O*NET's "Related Occupations" view of how alike work is: what workers do (DWAs, work activities,
#: task statements as words: "work"), what they know (knowledge), their skills, and what the jobs
#: are called (titles), with a small share for the technology and tools they use. Person-side descriptors (interests, work
#: values, work styles) describe who likes a job, not the work, so they get no weight here.
SIMILAR_WEIGHTS: Mapping[str, float] = {
    "dwas": 0.20,
    "work_activities": 0.10,
    "tasks": 0.05,
    "work": 0.15,
    "knowledge": 0.20,
    "skills": 0.20,
    "abilities": 0.05,
    "titles": 0.15,
    "technology": 0.05,
    "tools": 0.05,
    "interests": 0.0,
    "work_values": 0.0,
    "work_styles": 0.0,
}
#: Weight of a facet the defaults do not name (ESCO skills, an org framework's own facets).
OTHER_FACET_WEIGHT = 0.20
#: A facet is "rated" (centred, not IDF-weighted) when at least this share of its cells is filled.
RATED_DENSITY = 0.5
CHUNK_ROWS = 256

_TOKEN = re.compile(r"[a-z0-9]+(?:[+#]+)?")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "other",
        "others",
        "such",
        "that",
        "the",
        "their",
        "them",
        "these",
        "this",
        "to",
        "use",
        "used",
        "using",
        "with",
        "within",
        "all",
    ]
)


@dataclass(frozen=True)
class FacetVectors:
    """One facet aligned to a RoleSpace: normalised vectors (n, m), raw importance/level (n, m)."""

    name: str
    col_ids: tuple[str, ...]
    vectors: F32 | sp.csr_matrix
    present: npt.NDArray[np.bool_]
    importance: sp.csr_matrix
    level: sp.csr_matrix | None
    idf: F32
    rated: bool

    def gram(self, rows: I64) -> F32:
        """Clipped cosine of the given rows against all occupations, float32 (len(rows), n)."""
        if isinstance(self.vectors, np.ndarray):
            out = self.vectors[rows] @ self.vectors.T
        else:
            out = (self.vectors[rows] @ self.vectors.T).toarray()
        return np.clip(out, 0.0, 1.0, out=out.astype(np.float32, copy=False))


@dataclass(frozen=True)
class RoleSpace:
    """Occupations of one taxonomy with their facet vectors, job zones and median wages (n,)."""

    ids: tuple[str, ...]
    facets: Mapping[str, FacetVectors]
    job_zone: F32
    wage: F32
    _index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({oid: i for i, oid in enumerate(self.ids)})

    def __len__(self) -> int:
        return len(self.ids)

    def row(self, occupation_id: str) -> int | None:
        """Row of an occupation id, or None when the space does not hold it."""
        return self._index.get(occupation_id)

    def presence(self, names: Sequence[str]) -> F32:
        """1.0 where an occupation has a facet, float32 (n, len(names))."""
        cols = [self.facets[n].present for n in names]
        return (
            np.stack(cols, axis=1).astype(np.float32)
            if cols
            else np.zeros((len(self), 0), np.float32)
        )


def build_role_space(
    ids: Sequence[str],
    facets: Mapping[str, Facet],
    *,
    job_zone: Sequence[float | None] | None = None,
    wage: Sequence[float | None] | None = None,
) -> RoleSpace:
    """A RoleSpace over ``ids`` (n,) from facets; job_zone and wage are (n,) with None when unknown."""
    n = len(ids)
    aligned = {name: _facet_vectors(f, ids) for name, f in facets.items()}
    return RoleSpace(
        ids=tuple(ids),
        facets={k: v for k, v in aligned.items() if v.present.any()},
        job_zone=_as_f32(job_zone, n),
        wage=_as_f32(wage, n),
    )


def facet_weights(names: Sequence[str], overrides: Mapping[str, float] | None = None) -> F32:
    """Weights for facet ``names`` (len(names),): overrides, else SIMILAR_WEIGHTS, else OTHER."""
    table = {**SIMILAR_WEIGHTS, **(overrides or {})}
    return np.array([table.get(n, OTHER_FACET_WEIGHT) for n in names], dtype=np.float32)


def similarity_rows(space: RoleSpace, rows: I64, weights: Mapping[str, float] | None = None) -> F32:
    """Similarity of ``rows`` to every occupation, float32 (len(rows), n) in [0, 1]; symmetric."""
    names = [n for n in space.facets if facet_weights([n], weights)[0] > 0]
    w = facet_weights(names, weights)
    num = np.zeros((len(rows), len(space)), dtype=np.float32)
    for name, wf in zip(names, w, strict=True):
        num += wf * space.facets[name].gram(rows)
    mask = space.presence(names)
    den = (mask[rows] * w) @ mask.T
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def similar(
    space: RoleSpace, occupation_id: str, *, top: int, weights: Mapping[str, float] | None = None
) -> tuple[list[str], F32]:
    """The ``top`` most similar occupations to one id (self excluded): ids and scores (top,)."""
    i = _require_row(space, occupation_id)
    scores = similarity_rows(space, np.array([i], dtype=np.int64), weights)
    idx, val = top_k(scores, np.array([i], dtype=np.int64), top)
    return [space.ids[j] for j in idx[0]], val[0]


def all_similar(
    space: RoleSpace, *, top: int, weights: Mapping[str, float] | None = None
) -> Iterator[tuple[I64, I64, F32]]:
    """For each chunk of origins: origin rows (c,), top target rows (c, top), scores (c, top)."""
    for rows in chunks(len(space)):
        idx, val = top_k(similarity_rows(space, rows, weights), rows, top)
        yield rows, idx, val


def top_k(scores: F32, rows: I64, k: int) -> tuple[I64, F32]:
    """Best ``k`` columns per row of scores (c, n), excluding column rows[r]: (c, k) ids, scores."""
    scores = scores.copy()
    scores[np.arange(len(rows)), rows] = -np.inf
    k = max(0, min(k, scores.shape[1] - 1))
    if k == 0:
        return np.zeros((len(rows), 0), np.int64), np.zeros((len(rows), 0), np.float32)
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    vals = np.take_along_axis(scores, part, axis=1)
    order = np.lexsort((part, -vals), axis=1)
    idx = np.take_along_axis(part, order, axis=1).astype(np.int64)
    return idx, np.take_along_axis(vals, order, axis=1).astype(np.float32)


def chunks(n: int, size: int = CHUNK_ROWS) -> Iterator[I64]:
    """Row index blocks (<= size,) covering range(n)."""
    for start in range(0, n, size):
        yield np.arange(start, min(n, start + size), dtype=np.int64)


def text_facet(name: str, taxonomy: str, ids: Sequence[str], texts: Sequence[str]) -> Facet:
    """A bag-of-words facet (len(ids), vocabulary) with sublinear term counts scaled to [0, 1]."""
    vocab: dict[str, int] = {}
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for text in texts:
        counts: dict[int, int] = {}
        for tok in _TOKEN.findall(text.lower()):
            if tok not in _STOP and len(tok) > 1:
                j = vocab.setdefault(tok, len(vocab))
                counts[j] = counts.get(j, 0) + 1
        top = max(counts.values(), default=1)
        for j, c in sorted(counts.items()):
            indices.append(j)
            data.append((1.0 + math.log(c)) / (1.0 + math.log(top)))
        indptr.append(len(indices))
    matrix = sp.csr_matrix(
        (np.array(data, np.float32), np.array(indices, np.int64), np.array(indptr, np.int64)),
        shape=(len(ids), len(vocab)),
        dtype=np.float32,
    )
    cols = tuple(sorted(vocab, key=vocab.__getitem__))
    return Facet(name=name, taxonomy=taxonomy, row_ids=tuple(ids), col_ids=cols, importance=matrix)


def _require_row(space: RoleSpace, occupation_id: str) -> int:
    i = space.row(occupation_id)
    if i is None:
        raise KeyError(occupation_id)
    return i


def _as_f32(values: Sequence[float | None] | None, n: int) -> F32:
    if values is None:
        return np.full(n, np.nan, dtype=np.float32)
    return np.array([np.nan if v is None else v for v in values], dtype=np.float32)


def _align(matrix: sp.csr_matrix, facet: Facet, ids: Sequence[str]) -> sp.csr_matrix:
    """Rows of ``matrix`` in ``ids`` order; zero rows where the facet does not rate an id."""
    blank = matrix.shape[0]
    order = [facet.row_of(oid) for oid in ids]
    take = np.array([blank if r is None else r for r in order], dtype=np.int64)
    blank_row = sp.csr_matrix(np.zeros((1, matrix.shape[1]), dtype=np.float32))
    padded = sp.csr_matrix(sp.vstack([matrix, blank_row]))
    out: sp.csr_matrix = sp.csr_matrix(padded[take], dtype=np.float32)
    out.eliminate_zeros()
    return out


def _facet_vectors(facet: Facet, ids: Sequence[str]) -> FacetVectors:
    imp = _align(facet.importance, facet, ids)
    lvl = _align(facet.level, facet, ids) if facet.level is not None else None
    present = np.diff(imp.indptr) > 0
    n_present = max(int(present.sum()), 1)
    df = np.bincount(imp.indices, minlength=imp.shape[1]).astype(np.float32)
    rated = imp.nnz >= RATED_DENSITY * n_present * max(imp.shape[1], 1)
    if rated:
        idf = np.ones(imp.shape[1], dtype=np.float32)
        profile = imp if lvl is None else sp.hstack([imp, lvl], format="csr")
        vectors: F32 | sp.csr_matrix = _centred(profile, present)
    else:
        idf = np.where(df >= 2, np.log((1.0 + n_present) / (1.0 + df)) + 1.0, 0.0).astype(
            np.float32
        )
        vectors = _row_normalised(sp.csr_matrix(imp.multiply(idf[None, :]), dtype=np.float32))
    present = present & _has_norm(vectors)
    return FacetVectors(facet.name, facet.col_ids, vectors, present, imp, lvl, idf, bool(rated))


def _centred(imp: sp.csr_matrix, present: npt.NDArray[np.bool_]) -> F32:
    dense = np.asarray(imp.toarray(), dtype=np.float32)
    if present.any():
        dense[present] -= dense[present].mean(axis=0, keepdims=True)
    dense[~present] = 0.0
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    out: F32 = np.divide(dense, norms, out=np.zeros_like(dense), where=norms > 1e-12)
    return out


def _row_normalised(matrix: sp.csr_matrix) -> sp.csr_matrix:
    matrix.eliminate_zeros()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1), dtype=np.float32).ravel())
    inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0).astype(np.float32)
    out: sp.csr_matrix = sp.csr_matrix(sp.diags(inv) @ matrix, dtype=np.float32)
    return out


def _has_norm(vectors: F32 | sp.csr_matrix) -> npt.NDArray[np.bool_]:
    if isinstance(vectors, np.ndarray):
        return np.asarray(np.abs(vectors).sum(axis=1) > 0)
    return np.asarray(np.diff(vectors.indptr) > 0)
