"""Skill linking: free text (a resume line, a job-ad sentence) to ranked taxonomy skills."""

from __future__ import annotations

from collections.abc import Sequence

from careerpath.domain.matching import Match
from careerpath.text.matcher import FusedMatcher


class FusedSkillLinker:
    """A SkillLinker over lexical span/coverage matching fused with sentence embeddings."""

    def __init__(self, matcher: FusedMatcher) -> None:
        self.matcher = matcher

    def link(self, texts: Sequence[str], *, taxonomy: str, top: int) -> list[list[Match]]:
        """For each text, up to ``top`` skills of ``taxonomy`` (esco|onet), best first."""
        return self.matcher.match(texts, taxonomy=taxonomy, top=top)
