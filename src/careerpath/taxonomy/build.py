"""Build the one Taxonomy from the O*NET, ESCO, BLS, crosswalk and org-framework loaders."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import TypeVar

from careerpath.domain.taxonomy import CrosswalkLink, Facet, Occupation, Skill, SourceFile, Taxonomy
from careerpath.taxonomy.layout import SourceSet
from careerpath.taxonomy.parts import LabourMarket, TaxonomyPart

Progress = Callable[[str], None]
T = TypeVar("T")


def build_taxonomy(sources: SourceSet, *, progress: Progress | None = None) -> Taxonomy:
    """Load every available source and merge them; O*NET is required, the rest optional."""
    from careerpath.taxonomy.onet import load_onet

    say = progress or (lambda _msg: None)
    say(f"loading O*NET {sources.onet_release} from {sources.onet}")
    parts = [load_onet(sources.onet)]
    notes: list[str] = []
    if sources.esco is not None:
        from careerpath.taxonomy.esco import load_esco

        say(f"loading ESCO {sources.esco_version} from {sources.esco}")
        parts.append(load_esco(sources.esco))
    else:
        notes.append("ESCO: not found in the data folder; ESCO skills and occupations unavailable")
    market = _load_market(sources, say, notes)
    links, link_sources = _load_crosswalk(sources, say, notes)
    occupations, skills, facets, src, more_notes = _merge(parts)
    notes.extend(more_notes)
    occupations = _attach_market(occupations, market)
    occupations = _attach_links(occupations, links)
    unknown = sum(
        1 for x in links if x.esco_uri not in occupations or x.onet_code not in occupations
    )
    if unknown:
        notes.append(
            f"crosswalk: {unknown} of {len(links)} links name an occupation absent from the loaded "
            "releases (e.g. O*NET-SOC 2010 codes retired in the 2019 taxonomy); those links are unused"
        )
    src.extend(market.sources)
    src.extend(link_sources)
    if sources.org_framework is not None:
        from careerpath.taxonomy.org import load_org_framework

        say(f"loading the role framework {sources.org_framework}")
        org = load_org_framework(sources.org_framework, occupations=occupations, skills=skills)
        o2, s2, f2, src2, n2 = _merge([org])
        occupations.update(o2)
        skills.update(s2)
        facets.update(f2)
        src.extend(src2)
        notes.extend(n2)
    return Taxonomy(occupations, skills, facets, tuple(links), tuple(src), tuple(notes))


def _merge(
    parts: list[TaxonomyPart],
) -> tuple[dict[str, Occupation], dict[str, Skill], dict[str, Facet], list[SourceFile], list[str]]:
    occupations: dict[str, Occupation] = {}
    skills: dict[str, Skill] = {}
    facets: dict[str, Facet] = {}
    sources: list[SourceFile] = []
    notes: list[str] = []
    for part in parts:
        occupations.update(part.occupations)
        skills.update(part.skills)
        for name, facet in part.facets.items():
            facets[f"{facet.taxonomy}.{name}"] = facet
        sources.extend(part.sources)
        notes.extend(part.notes)
    return occupations, skills, facets, sources, notes


def _load_market(sources: SourceSet, say: Progress, notes: list[str]) -> LabourMarket:
    if sources.bls is None:
        notes.append("BLS: no bls/ folder in the data folder; wages and outlook unavailable")
        return LabourMarket()
    from careerpath.taxonomy.bls import load_bls

    say(f"loading BLS wages and projections from {sources.bls}")
    market = load_bls(sources.bls)
    notes.extend(market.notes)
    return market


def _load_crosswalk(
    sources: SourceSet, say: Progress, notes: list[str]
) -> tuple[list[CrosswalkLink], list[SourceFile]]:
    if sources.crosswalk is None:
        notes.append(
            "crosswalk: no ESCO↔O*NET crosswalk in crosswalks/; ESCO and O*NET stay unlinked"
        )
        return [], []
    from careerpath.taxonomy.crosswalk import load_crosswalk

    say(f"loading the ESCO↔O*NET crosswalk {sources.crosswalk}")
    xw = load_crosswalk(sources.crosswalk)
    return list(xw.links), list(xw.sources)


def _attach_market(
    occupations: dict[str, Occupation], market: LabourMarket
) -> dict[str, Occupation]:
    """O*NET occupations get the wages and outlook of their 6-digit SOC code."""
    out = dict(occupations)
    for oid, occ in occupations.items():
        if occ.taxonomy != "onet":
            continue
        wages = _by_soc(market.wages, occ.soc_code)
        outlook = _by_soc(market.outlook, occ.soc_code)
        if wages is not None or outlook is not None:
            out[oid] = dataclasses.replace(occ, wages=wages, outlook=outlook)
    return out


def _by_soc(table: Mapping[str, T], soc: str) -> T | None:
    """The row for a 6-digit SOC code, else for the combined code BLS publishes it under.

    OEWS and the projections sometimes publish one combined code where O*NET splits it
    (13-1020 for 13-1021/22/23); the returned row keeps that code in its ``soc_code``.
    """
    row = table.get(soc)
    if row is None and len(soc) == 7:
        row = table.get(soc[:6] + "0")
    return row


def _attach_links(
    occupations: dict[str, Occupation], links: list[CrosswalkLink]
) -> dict[str, Occupation]:
    """Both sides of each ESCO↔O*NET link know the other's id (unknown ids are skipped)."""
    extra: dict[str, list[str]] = {}
    for link in links:
        if link.esco_uri in occupations and link.onet_code in occupations:
            extra.setdefault(link.esco_uri, []).append(link.onet_code)
            extra.setdefault(link.onet_code, []).append(link.esco_uri)
    out = dict(occupations)
    for oid, ids in extra.items():
        occ = out[oid]
        merged = tuple(dict.fromkeys((*occ.links, *ids)))
        out[oid] = dataclasses.replace(occ, links=merged)
    return out
