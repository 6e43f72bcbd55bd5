"""Fusing lexical and semantic concept scores into ranked Matches, batch by batch."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.matching import Match
from careerpath.engine.ports import Embedder
from careerpath.text.lexical import LexicalIndex
from careerpath.text.title_bridge import CrosswalkBridge
from careerpath.text.vectors import chunks, top_k


class ConceptVectors(Protocol):
    """Label vectors of one taxonomy that score query vectors against its concepts."""

    def scores(self, queries: np.ndarray) -> np.ndarray:
        """Scores in [0, 1]: queries (n, dim) -> float32 (n, n_concepts)."""
        ...


@dataclass(frozen=True)
class Indexes:
    """A taxonomy's lexical index, its semantic index (with an embedder) and crosswalk evidence."""

    lexical: LexicalIndex
    semantic: ConceptVectors | None
    bridge: CrosswalkBridge | None = None


LexicalScorer = Callable[[LexicalIndex, Sequence[str]], np.ndarray]
IndexLoader = Callable[[str], Indexes]


class FusedMatcher:
    """Scores texts against one taxonomy's concepts: (1 - w) * lexical + w * semantic, both in [0, 1]."""

    def __init__(
        self,
        *,
        taxonomies: tuple[str, ...],
        loader: IndexLoader,
        lexical: LexicalScorer,
        embedder: Embedder | None,
        semantic_weight: float,
        prepare: Callable[[str], str] = str.strip,
    ) -> None:
        self.taxonomies = taxonomies
        self.embedder = embedder
        self.semantic_weight = semantic_weight
        self._loader = loader
        self._lexical = lexical
        self._prepare = prepare
        self._indexes: dict[str, Indexes] = {}

    def indexes(self, taxonomy: str) -> Indexes:
        """The (cached) indexes of a taxonomy, built on first use."""
        if taxonomy not in self.taxonomies:
            raise InvalidRequestError(
                f"unknown taxonomy {taxonomy!r}", hint=f"use one of {', '.join(self.taxonomies)}"
            )
        if taxonomy not in self._indexes:
            self._indexes[taxonomy] = self._loader(taxonomy)
        return self._indexes[taxonomy]

    def scores(self, texts: Sequence[str], taxonomy: str) -> np.ndarray:
        """Fused scores in [0, 1]: float32 (len(texts), n_concepts); blank texts score 0 everywhere."""
        idx = self.indexes(taxonomy)
        out = self._lexical(idx.lexical, texts)
        if idx.bridge is not None:
            out = idx.bridge.add_to(out, texts, self._lexical)
        if idx.semantic is not None and self.embedder is not None and len(texts):
            prepared = [self._prepare(t) for t in texts]
            sem = idx.semantic.scores(self.embedder.encode(prepared))
            w = self.semantic_weight
            out = (1.0 - w) * out + w * sem
        blank = np.asarray([not t.strip() for t in texts], dtype=bool)
        out[blank] = 0.0
        return np.clip(out, 0.0, 1.0)

    def match(self, texts: Sequence[str], *, taxonomy: str, top: int) -> list[list[Match]]:
        """For each text, up to ``top`` concepts with score > 0, best first."""
        idx = self.indexes(taxonomy)
        lab = idx.lexical.labels
        results: list[list[Match]] = []
        for sl in chunks(len(texts)):
            cols, vals = top_k(self.scores(texts[sl], taxonomy), top)
            for row_cols, row_vals in zip(cols.tolist(), vals.tolist(), strict=True):
                results.append(
                    [
                        Match(lab.concept_ids[c], lab.concept_labels[c], round(float(v), 6))
                        for c, v in zip(row_cols, row_vals, strict=True)
                        if v > 0.0
                    ]
                )
        return results
