"""Crosswalk evidence for titles: O*NET's job-posting titles vote for the ESCO occupations they link to.

O*NET lists some 60,000 alternate and reported titles gathered from employers and job postings;
ESCO's labels are fewer and more formal. A title that matches an O*NET occupation's titles is
evidence for the ESCO occupations the Nesta crosswalk links to that O*NET occupation. The vote is
added with a small weight (BRIDGE_WEIGHT), so it reorders close ESCO candidates rather than
overruling a direct ESCO label match.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from careerpath.domain.taxonomy import Taxonomy
from careerpath.text.lexical import LabelSet, LexicalIndex

BRIDGE_WEIGHT = (
    0.1  # share of the crosswalked O*NET score added to a linked ESCO occupation's score
)

Scorer = Callable[[LexicalIndex, Sequence[str]], np.ndarray]


def crosswalk_links(taxonomy: Taxonomy, source: LabelSet, target: LabelSet) -> np.ndarray:
    """For each target concept, the index of a linked source concept or -1: int32 (n_target,)."""
    row = {cid: k for k, cid in enumerate(source.concept_ids)}
    out = np.full(len(target.concept_ids), -1, dtype=np.int32)
    for k, cid in enumerate(target.concept_ids):
        occ = taxonomy.occupations.get(cid)
        linked = [row[x] for x in (occ.links if occ else ()) if x in row]
        if linked:
            out[k] = linked[0]
    return out


@dataclass(frozen=True)
class CrosswalkBridge:
    """Scores of another taxonomy's concepts carried over crosswalk links to this taxonomy's."""

    source: LexicalIndex
    link: np.ndarray  # (n_target,) int32 index into source concepts, -1 when unlinked
    weight: float = BRIDGE_WEIGHT

    def add_to(self, scores: np.ndarray, texts: Sequence[str], lexical: Scorer) -> np.ndarray:
        """``(scores + weight * bridged) / (1 + weight)``: float32 (n_texts, n_target) in [0, 1]."""
        has = self.link >= 0
        if not has.any() or not len(texts):
            return scores
        bridged = lexical(self.source, texts)[:, self.link[has]]
        out = scores.copy()
        out[:, has] += self.weight * bridged
        return (out / (1.0 + self.weight)).astype(np.float32)
