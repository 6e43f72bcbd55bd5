"""Lexical concept scores from a LexicalIndex: skill mentions in sentences, occupations for titles."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from careerpath.text.lexical import LexicalIndex
from careerpath.text.normalize import QUERY_FILLER, clean_title, title_parts
from careerpath.text.vectors import max_by_owner

EXACT = 1.0  # a label found verbatim (normalised) in the text
COVERED = 0.8  # every label word in the text, not contiguous
PARTIAL_POWER = 2.0  # partial coverage is discounted steeply: half a label is not half a match


def skill_scores(index: LexicalIndex, texts: Sequence[str]) -> np.ndarray:
    """Lexical scores in [0, 1] of every concept for each text: float32 (n_texts, n_concepts)."""
    lab = index.labels
    stems = index.query_stems(texts, drop=QUERY_FILLER)
    cos, cov = index.word_scores(stems)
    cov.data = np.minimum(cov.data, 1.0)
    full = cov.data >= 0.999
    cov.data = np.where(full, COVERED, COVERED * cov.data**PARTIAL_POWER).astype(np.float32)
    cov = sp.csr_matrix(0.8 * cov + 0.2 * cov.multiply(cos))
    cov = _with_exact(cov, index.exact_labels(stems))
    cov = sp.csr_matrix(cov.multiply(lab.weight[None, :]))
    best = max_by_owner(cov, lab.owner, index.n_concepts)
    return best * (0.9 + 0.1 * lab.prior[None, :])


def title_scores(index: LexicalIndex, titles: Sequence[str]) -> np.ndarray:
    """Lexical scores in [0, 1] of every occupation for each title: float32 (n_titles, n_concepts)."""
    lab = index.labels
    cleaned = [clean_title(t) for t in titles]
    stems = index.query_stems(cleaned, drop=frozenset())
    cos, cov = index.word_scores(stems)
    mixed = 0.7 * cos + 0.3 * cov
    exact = index.exact_labels([[*row] for row in stems])
    whole = _whole_matches(stems, exact, index)
    mixed = sp.csr_matrix(_with_exact(sp.csr_matrix(mixed), whole).multiply(lab.weight[None, :]))
    best = max_by_owner(mixed, lab.owner, index.n_concepts)
    return _with_parts(index, titles, best)


def _with_parts(index: LexicalIndex, titles: Sequence[str], best: np.ndarray) -> np.ndarray:
    """Raise scores with exact matches of the alternatives in 'A / B' titles (slightly discounted)."""
    rows: list[int] = []
    parts: list[str] = []
    for r, title in enumerate(titles):
        pieces = title_parts(title)
        if len(pieces) > 1:
            rows.extend([r] * len(pieces))
            parts.extend(pieces)
    if not parts:
        return best
    stems = index.query_stems(parts, drop=frozenset())
    whole = _whole_matches(stems, index.exact_labels(stems), index)
    for r, hits in zip(rows, whole, strict=True):
        for j, conf in hits.items():
            c = index.labels.owner[j]
            best[r, c] = max(best[r, c], 0.97 * conf * float(index.labels.weight[j]))
    return best


def _whole_matches(
    stems: Sequence[Sequence[tuple[str, float]]], exact: list[dict[int, float]], index: LexicalIndex
) -> list[dict[int, float]]:
    """Keep only exact label hits that span the whole query (a title equal to a label)."""
    out = []
    for row, hits in zip(stems, exact, strict=True):
        n = len(row)
        out.append({j: c for j, c in hits.items() if index.exact.lengths[j] == n})
    return out


def _with_exact(mat: sp.csr_matrix, exact: list[dict[int, float]]) -> sp.csr_matrix:
    """Set entries to EXACT x confidence where a label was found verbatim (max with the current)."""
    rows = [r for r, hits in enumerate(exact) for _ in hits]
    cols = [j for hits in exact for j in hits]
    vals = [EXACT * c for hits in exact for c in hits.values()]
    if not rows:
        return mat
    bonus = sp.csr_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)), shape=mat.shape)
    return mat.maximum(bonus).tocsr()
