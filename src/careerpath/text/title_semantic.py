"""Title embeddings against every label of every occupation, pooled per occupation (soft max).

Each occupation is embedded under all its labels (preferred, alternate and hidden, as the LabelSet
lists them), not a capped few: vacancy titles often match only a rare alternate. Per occupation the
label similarities, each scaled by the label's weight (preferred 1, alternates less), are pooled by a
temperature log-sum-exp: close to the best label's similarity, plus a little for several labels
that agree, so an occupation named many ways near the title edges out one with a single near label.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from careerpath.engine.ports import Embedder
from careerpath.text.lexical import LabelSet
from careerpath.text.vectors import chunks

TEMPERATURE = 0.05  # of the log-sum-exp pooling, in cosine units; -> 0 is the plain max
TITLE_VECTORS_VERSION = "4"  # bump when the texts embedded for title labels change


@dataclass(frozen=True)
class PooledSemanticIndex:
    """Unit label vectors (n_labels, dim) float32 with owners and weights (n_labels,) of a LabelSet."""

    vectors: np.ndarray
    owner: np.ndarray  # (n_labels,) int32, sorted: the labels of one concept are contiguous
    weight: np.ndarray  # (n_labels,) float32 label weights in (0, 1]
    n_concepts: int
    temperature: float = TEMPERATURE

    @classmethod
    def embed(cls, labels: LabelSet, embedder: Embedder) -> PooledSemanticIndex:
        """Embed every label text of a LabelSet."""
        vectors = embedder.encode(list(labels.texts)).astype(np.float32)
        return cls(vectors, labels.owner, labels.weight, len(labels.concept_ids))

    def scores(self, queries: np.ndarray) -> np.ndarray:
        """Pooled similarity per concept in [0, 1]: queries (n, dim) -> float32 (n, n_concepts)."""
        out = np.zeros((queries.shape[0], self.n_concepts), dtype=np.float32)
        if len(self.owner) == 0 or queries.shape[0] == 0:
            return out
        uniq, first = np.unique(self.owner, return_index=True)
        t = self.temperature
        for sl in chunks(queries.shape[0], 256):
            sims = (queries[sl] @ self.vectors.T) * self.weight[None, :]
            if t <= 0:
                out[sl, uniq] = np.maximum.reduceat(sims, first, axis=1)
                continue
            top = np.maximum.reduceat(sims, first, axis=1)
            spread = np.exp(
                (sims - np.repeat(top, np.diff(np.r_[first, sims.shape[1]]), axis=1)) / t
            )
            out[sl, uniq] = top + t * np.log(np.add.reduceat(spread, first, axis=1))
        return np.clip(out, 0.0, 1.0)
