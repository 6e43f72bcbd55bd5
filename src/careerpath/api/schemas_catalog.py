"""Schemas of the catalog: roles, skills, matches and what the taxonomy holds."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from careerpath.domain.matching import Match
from careerpath.domain.taxonomy import Occupation, Skill


class Out(BaseModel):
    """Base of catalog responses."""

    model_config = ConfigDict(extra="forbid")


class RoleSummary(Out):
    """An org role or a taxonomy occupation."""

    id: str
    title: str
    taxonomy: str
    job_zone: float | None
    level: int | None
    job_family: str | None
    next_roles: list[str]


class Requirement(Out):
    """A skill a role requires: importance and level in [0, 1]."""

    skill_id: str
    label: str
    importance: float
    level: float


class PayBandOut(Out):
    """A role's pay band."""

    name: str
    minimum: float
    maximum: float
    currency: str


class RoleDetail(RoleSummary):
    """One role in full: description, alternate titles, pay band, certifications, requirements."""

    description: str
    alt_titles: list[str]
    pay_band: PayBandOut | None
    certifications: list[str]
    requirements: list[Requirement]


class RolesList(Out):
    """One page of roles."""

    items: list[RoleSummary]
    total: int
    limit: int
    offset: int


class SkillOut(Out):
    """A taxonomy skill."""

    id: str
    label: str
    taxonomy: str
    kind: str
    alt_labels: list[str]


class SkillsList(Out):
    """One page of skills."""

    items: list[SkillOut]
    total: int
    limit: int
    offset: int


class MatchOut(Out):
    """A ranked candidate for one input line."""

    id: str
    label: str
    score: float
    via: str


class MatchesOut(Out):
    """For each input (same order), its ranked candidates."""

    taxonomy: str
    results: list[list[MatchOut]]


class SkillTexts(BaseModel):
    """Free texts (resume lines, job-ad sentences) to link to taxonomy skills."""

    model_config = ConfigDict(extra="forbid")

    texts: list[str] = Field(min_length=1, max_length=100)
    taxonomy: Literal["auto", "esco", "onet"] = "auto"
    top: int = Field(default=5, ge=1, le=50)


class TitleTexts(BaseModel):
    """Job titles as people write them, to normalise to occupations or org roles."""

    model_config = ConfigDict(extra="forbid")

    titles: list[str] = Field(min_length=1, max_length=100)
    taxonomy: Literal["auto", "esco", "onet", "org"] = "auto"
    top: int = Field(default=5, ge=1, le=50)


class TaxonomyPart(Out):
    """What one taxonomy holds."""

    name: str
    occupations: int
    skills: int
    facets: list[str]


class SourceOut(Out):
    """A source release the taxonomy was built from."""

    dataset: str
    release: str
    files: int


class TaxonomyOut(Out):
    """What is loaded: taxonomies, sources and versions, the organization's roles, the policy."""

    fingerprint: str
    taxonomies: list[TaxonomyPart]
    sources: list[SourceOut]
    crosswalk_links: int
    org_roles: int
    notes: list[str]


def summary(occ: Occupation) -> RoleSummary:
    """An occupation as a RoleSummary."""
    org = occ.org
    return RoleSummary(
        id=occ.id,
        title=occ.title,
        taxonomy=occ.taxonomy,
        job_zone=occ.job_zone,
        level=org.level if org else None,
        job_family=org.job_family if org else None,
        next_roles=list(org.next_roles) if org else [],
    )


def skill_out(s: Skill) -> SkillOut:
    """A Skill as its response schema."""
    return SkillOut(
        id=s.id, label=s.label, taxonomy=s.taxonomy, kind=s.kind, alt_labels=list(s.alt_labels)
    )


def match_out(m: Match) -> MatchOut:
    """A Match as its response schema."""
    return MatchOut(id=m.id, label=m.label, score=float(m.score), via=m.via)
