"""What one loader hands to the taxonomy builder."""

from __future__ import annotations

from dataclasses import dataclass, field

from careerpath.domain.taxonomy import (
    CrosswalkLink,
    Facet,
    Occupation,
    Outlook,
    Skill,
    SourceFile,
    Wages,
)


@dataclass
class TaxonomyPart:
    """Occupations, skills and facets from one source, before merging; facets keyed by short name."""

    occupations: dict[str, Occupation] = field(default_factory=dict)
    skills: dict[str, Skill] = field(default_factory=dict)
    facets: dict[str, Facet] = field(default_factory=dict)
    sources: list[SourceFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class LabourMarket:
    """BLS wages and projections keyed by 6-digit SOC code ``NN-NNNN``."""

    wages: dict[str, Wages] = field(default_factory=dict)
    outlook: dict[str, Outlook] = field(default_factory=dict)
    sources: list[SourceFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Crosswalk:
    """ESCO occupation to O*NET-SOC links."""

    links: list[CrosswalkLink] = field(default_factory=list)
    sources: list[SourceFile] = field(default_factory=list)
