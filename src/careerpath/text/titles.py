"""Title normalisation: job titles as people write them to ranked occupations or org roles."""

from __future__ import annotations

from collections.abc import Sequence

from careerpath.domain.matching import Match
from careerpath.text.matcher import FusedMatcher


class FusedTitleNormalizer:
    """A TitleNormalizer over cleaned-title lexical matching fused with sentence embeddings."""

    def __init__(self, matcher: FusedMatcher) -> None:
        self.matcher = matcher

    def normalize(self, titles: Sequence[str], *, taxonomy: str, top: int) -> list[list[Match]]:
        """For each title, up to ``top`` occupations of ``taxonomy`` (esco|onet|org), best first."""
        return self.matcher.match(titles, taxonomy=taxonomy, top=top)
