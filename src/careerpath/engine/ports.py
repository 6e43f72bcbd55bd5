"""Ports: what use cases need from adapters, as typing.Protocols."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from careerpath.domain.matching import Match


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of shape (n_texts, dim)."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Encode texts; returns float32 (len(texts), dim), rows of unit length."""
        ...


class SkillLinker(Protocol):
    """Links free text (one item per text) to ranked taxonomy skills."""

    def link(self, texts: Sequence[str], *, taxonomy: str, top: int) -> list[list[Match]]:
        """For each text, up to ``top`` skills of ``taxonomy`` (esco|onet), best first."""
        ...


class TitleNormalizer(Protocol):
    """Maps job titles as people write them to ranked occupations or org roles."""

    def normalize(self, titles: Sequence[str], *, taxonomy: str, top: int) -> list[list[Match]]:
        """For each title, up to ``top`` occupations of ``taxonomy`` (esco|onet|org), best first."""
        ...
