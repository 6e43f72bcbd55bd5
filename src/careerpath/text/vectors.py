"""Sparse term vectors (a vocabulary with IDF weights) and vectorised top-k over concepts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from careerpath.text.normalize import fold

CHUNK = 512  # queries per block when scoring


@dataclass(frozen=True)
class Vocabulary:
    """Terms mapped to columns, with smoothed IDF weights of shape (n_terms,) float32."""

    terms: dict[str, int]
    idf: np.ndarray

    @classmethod
    def fit(cls, docs: Sequence[Sequence[str]]) -> Vocabulary:
        """Learn terms and IDF = ln((1 + N) / (1 + df)) + 1 from tokenised documents."""
        terms: dict[str, int] = {}
        df: list[int] = []
        for doc in docs:
            for term in set(doc):
                col = terms.setdefault(term, len(terms))
                if col == len(df):
                    df.append(0)
                df[col] += 1
        n = len(docs)
        idf = np.log((1.0 + n) / (1.0 + np.asarray(df, dtype=np.float64))) + 1.0
        return cls(terms, idf.astype(np.float32))

    @classmethod
    def from_arrays(cls, terms: Sequence[str], idf: np.ndarray) -> Vocabulary:
        """Rebuild a vocabulary from its term list (column order) and IDF array (n_terms,)."""
        return cls({t: i for i, t in enumerate(terms)}, idf.astype(np.float32))

    def term_list(self) -> list[str]:
        """Terms in column order."""
        out = [""] * len(self.terms)
        for term, col in self.terms.items():
            out[col] = term
        return out

    def matrix(self, docs: Sequence[Sequence[str]], *, norm: str = "l2") -> sp.csr_matrix:
        """Binary TF x IDF rows of shape (len(docs), n_terms) float32, unit L2 or unit sum ('sum')."""
        indptr = [0]
        indices: list[int] = []
        for doc in docs:
            cols = {self.terms[t] for t in doc if t in self.terms}
            indices.extend(sorted(cols))
            indptr.append(len(indices))
        idx = np.asarray(indices, dtype=np.int32)
        data = self.idf[idx] if len(idx) else np.zeros(0, dtype=np.float32)
        mat = sp.csr_matrix(
            (data, idx, np.asarray(indptr, dtype=np.int64)), shape=(len(docs), len(self.terms))
        )
        return normalize_rows(mat, norm)


def normalize_rows(mat: sp.csr_matrix, norm: str) -> sp.csr_matrix:
    """Scale CSR rows to unit L2 norm ('l2') or unit sum ('sum'); empty rows stay empty."""
    sq = mat.multiply(mat) if norm == "l2" else mat
    totals = np.asarray(sq.sum(axis=1)).ravel()
    if norm == "l2":
        totals = np.sqrt(totals)
    scale = np.divide(1.0, totals, out=np.zeros_like(totals), where=totals > 0)
    out = sp.csr_matrix(sp.diags(scale.astype(np.float32)) @ mat, dtype=np.float32)
    return out


def char_ngrams(text: str, n: int = 3) -> list[str]:
    """Character n-grams of the folded, space-padded text ('  ab' style boundaries)."""
    padded = f" {' '.join(fold(text).split())} "
    return [padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]


def max_by_owner(scores: sp.csr_matrix, owner: np.ndarray, n_owners: int) -> np.ndarray:
    """Max of (n_queries, n_labels) sparse scores per owning concept -> dense (n_queries, n_owners).

    ``owner`` (n_labels,) must be sorted: the labels of one concept are contiguous.
    """
    out = np.zeros((scores.shape[0], n_owners), dtype=np.float32)
    csr = sp.csr_matrix(scores)
    csr.sum_duplicates()  # canonical: sorted column indices within each row
    if csr.nnz == 0:
        return out
    rows = np.repeat(np.arange(csr.shape[0], dtype=np.int64), np.diff(csr.indptr))
    keys = rows * n_owners + owner[csr.indices]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    out.ravel()[keys[starts]] = np.maximum.reduceat(csr.data.astype(np.float32), starts)
    return out


def top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of the k best scores per row, best first: two (n_rows, k) arrays."""
    k = min(k, scores.shape[1])
    if k <= 0:
        empty = np.zeros((scores.shape[0], 0))
        return empty.astype(np.int64), empty.astype(np.float32)
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    vals = np.take_along_axis(scores, part, axis=1)
    order = np.argsort(-vals, axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1), np.take_along_axis(vals, order, axis=1)


def chunks(n: int, size: int = CHUNK) -> Iterable[slice]:
    """Slices covering range(n) in blocks of ``size``."""
    for start in range(0, n, size):
        yield slice(start, min(n, start + size))
