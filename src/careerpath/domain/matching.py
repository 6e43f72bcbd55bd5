"""Results of matching text to taxonomy concepts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked candidate: a concept id, its display label, a score in [0, 1] and what matched."""

    id: str
    label: str
    score: float
    via: str = ""  # the label, alternate title or text span that produced the match
