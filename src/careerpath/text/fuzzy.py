"""Typo tolerance: map out-of-vocabulary query tokens to close label tokens ('pyhton' -> 'python')."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from rapidfuzz.distance import OSA

from careerpath.text.cache import Arrays, pack_csr, pack_strings, unpack_csr, unpack_strings
from careerpath.text.vectors import Vocabulary, char_ngrams

MIN_LENGTH = 5  # shorter tokens are too ambiguous to correct
MIN_SIMILARITY = 0.8  # normalised optimal-string-alignment similarity to accept a correction


class TokenCorrector:
    """Finds, for unknown tokens, the most similar known token by char-trigram cosine + OSA check."""

    def __init__(self, known: Sequence[str], vocab: Vocabulary, matrix: sp.csr_matrix) -> None:
        self.known = list(known)
        self.known_set = frozenset(known)
        self.vocab = vocab
        self.matrix_t = matrix.T.tocsr()  # (n_ngrams, n_known)
        self._memo: dict[str, tuple[str, float] | None] = {}

    @classmethod
    def build(cls, known: Iterable[str]) -> TokenCorrector:
        """Index the known tokens (label words) by character trigrams."""
        words = sorted({w for w in known if len(w) >= MIN_LENGTH - 1 and w.isalpha()})
        grams = [char_ngrams(w) for w in words]
        vocab = Vocabulary.fit(grams)
        return cls(words, vocab, vocab.matrix(grams))

    def to_arrays(self) -> Arrays:
        """The corrector as named arrays for the cache."""
        return {
            **pack_strings("fz_known", self.known),
            **pack_strings("fz_terms", self.vocab.term_list()),
            "fz_idf": self.vocab.idf,
            **pack_csr("fz_m", self.matrix_t.T.tocsr()),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray]) -> TokenCorrector:
        """The corrector stored by :meth:`to_arrays`."""
        vocab = Vocabulary.from_arrays(unpack_strings("fz_terms", arrays), arrays["fz_idf"])
        return cls(unpack_strings("fz_known", arrays), vocab, unpack_csr("fz_m", arrays))

    def correct(self, tokens: Iterable[str]) -> dict[str, tuple[str, float]]:
        """Corrections {token: (known token, similarity in [0.8, 1))} for the unknown tokens given."""
        asked = set(tokens)
        todo = sorted(
            t for t in asked if t not in self._memo and t not in self.known_set and _candidate(t)
        )
        if todo and self.known:
            q = self.vocab.matrix([char_ngrams(t) for t in todo])
            sims = (q @ self.matrix_t).tocsr()
            for row, token in enumerate(todo):
                self._memo[token] = self._best(token, sims, row)
        out: dict[str, tuple[str, float]] = {}
        for t in asked:
            hit = self._memo.get(t)
            if hit is not None:
                out[t] = hit
        return out

    def _best(self, token: str, sims: sp.csr_matrix, row: int) -> tuple[str, float] | None:
        start, end = sims.indptr[row], sims.indptr[row + 1]
        if start == end:
            return None
        cols, vals = sims.indices[start:end], sims.data[start:end]
        for j in cols[np.argsort(-vals)[:5]]:
            cand = self.known[int(j)]
            sim = float(OSA.normalized_similarity(token, cand))
            if sim >= MIN_SIMILARITY and cand[0] == token[0]:
                return cand, sim
        return None


def _candidate(token: str) -> bool:
    return len(token) >= MIN_LENGTH and token.isalpha()
