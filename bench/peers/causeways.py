"""Career Causeways occupation similarity: OUR RE-IMPLEMENTATION, for benchmarking only.

Written from the public description of Nesta's "Mapping Career Causeways" (Kanders et al., 2020),
not from their code. The core idea:

* NLP-adjusted overlap of two occupations' items (e.g. essential skills): for each item of the
  destination, the best cosine match (sentence embeddings) among the origin's items; averaged over
  the destination's items. Asymmetric: how much of what B needs A already covers, up to synonyms.
* Semantic similarity: cosine of occupation vectors, each the mean embedding of its essential items.
* Work-activity similarity: cosine of occupation work-activity profiles.
* Combined similarity: the mean of the facet similarities available for a pair.

Arrays are float32; `items` are integer index arrays into an item-embedding matrix.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

F32 = npt.NDArray[np.float32]
Index = npt.NDArray[np.int64]


def normalise_rows(x: F32) -> F32:
    """Rows scaled to unit L2 norm (zero rows stay zero). Shape kept."""
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.where(norms > 0, norms, 1)).astype(np.float32)


def best_match(item_emb: F32, *origin_lists: Sequence[Index], chunk: int = 2048) -> list[F32]:
    """Per list: M[o, s] = max over the origin's items t of cos(s, t); NaN rows for empty origins.

    item_emb: (n_items, dim), unit rows. Returns one (n_origins, n_items) array per origin list.
    """
    n_items = item_emb.shape[0]
    sim = np.empty((n_items, n_items), dtype=np.float32)
    for a in range(0, n_items, chunk):
        np.matmul(item_emb[a : a + chunk], item_emb.T, out=sim[a : a + chunk])
    result = []
    for origin_items in origin_lists:
        out = np.full((len(origin_items), n_items), np.nan, dtype=np.float32)
        for o, items in enumerate(origin_items):
            if len(items):
                out[o] = sim[items].max(axis=0)  # sim is symmetric: rows == columns
        result.append(out)
    return result


def indicator(items: Sequence[Index], n_items: int) -> F32:
    """Row-normalised membership matrix (n_occ, n_items): 1/|items| on each occupation's items."""
    mat = np.zeros((len(items), n_items), dtype=np.float32)
    for d, idx in enumerate(items):
        if len(idx):
            mat[d, idx] = 1.0 / len(np.unique(idx))
    return mat


def nlp_overlap(best: F32, dest_items: Sequence[Index]) -> F32:
    """W[o, d] = mean over d's items s of best[o, s]; NaN where o or d has no items. (n_o, n_d)."""
    dest = indicator(dest_items, best.shape[1])
    w = np.nan_to_num(best, nan=0.0) @ dest.T
    w[np.isnan(best[:, 0])] = np.nan
    w[:, dest.sum(axis=1) == 0] = np.nan
    return w.astype(np.float32)


def semantic(item_emb: F32, items: Sequence[Index]) -> F32:
    """Cosine of occupation vectors = mean of their items' embeddings; NaN for empty occupations."""
    vec = indicator(items, item_emb.shape[0]) @ item_emb
    has = np.array([len(i) > 0 for i in items])
    vec = normalise_rows(vec)
    w = vec @ vec.T
    w[~has] = np.nan
    w[:, ~has] = np.nan
    return w.astype(np.float32)


def profile_cosine(profiles: F32) -> F32:
    """Cosine of non-negative profiles (n_occ, n_features); NaN for all-zero profiles."""
    has = profiles.sum(axis=1) > 0
    p = normalise_rows(profiles.astype(np.float32))
    w = p @ p.T
    w[~has] = np.nan
    w[:, ~has] = np.nan
    return w.astype(np.float32)


def combine(facets: Sequence[F32]) -> F32:
    """Mean of the facets that are defined (not NaN) for each pair; NaN where none is."""
    stack = np.stack(facets)
    count = (~np.isnan(stack)).sum(axis=0)
    total = np.nansum(stack, axis=0)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan).astype(np.float32)
