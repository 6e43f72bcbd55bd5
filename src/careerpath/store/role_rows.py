"""Mapping between org roles (Occupation with taxonomy 'org') and rows of the roles table."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from careerpath.domain.taxonomy import Occupation, OrgRoleInfo, Outlook, PayBand, Wages
from careerpath.store.sql import DbRow


def role_row(occ: Occupation) -> dict[str, Any]:
    """The roles-table row of one occupation (every field, so it round-trips exactly)."""
    org = occ.org
    band = org.pay_band if org else None
    return {
        "id": occ.id,
        "title": occ.title,
        "taxonomy": occ.taxonomy,
        "description": occ.description,
        "alt_titles": list(occ.alt_titles),
        "reported_titles": list(occ.reported_titles),
        "tasks": list(occ.tasks),
        "job_zone": occ.job_zone,
        "education_level": occ.education_level,
        "job_group": occ.group,
        "broader": list(occ.broader),
        "links": list(occ.links),
        "wages": asdict(occ.wages) if occ.wages else None,
        "outlook": asdict(occ.outlook) if occ.outlook else None,
        "has_org_info": org is not None,
        "job_family": org.job_family if org else "",
        "track": org.track if org else "",
        "level": org.level if org else None,
        "pay_band": band.name if band else None,
        "pay_min": band.minimum if band else None,
        "pay_max": band.maximum if band else None,
        "pay_currency": band.currency if band else None,
        "certifications": list(org.certifications) if org else [],
        "onet_codes": list(org.onet_codes) if org else [],
        "esco_uris": list(org.esco_uris) if org else [],
        "next_roles": list(org.next_roles) if org else [],
    }


def role_from_row(r: DbRow) -> Occupation:
    """The occupation stored in one roles-table row."""
    return Occupation(
        id=r.id,
        title=r.title,
        taxonomy=r.taxonomy,
        description=r.description,
        alt_titles=tuple(r.alt_titles),
        reported_titles=tuple(r.reported_titles),
        tasks=tuple(r.tasks),
        job_zone=r.job_zone,
        education_level=r.education_level,
        group=r.job_group,
        broader=tuple(r.broader),
        links=tuple(r.links),
        wages=Wages(**r.wages) if r.wages is not None else None,
        outlook=Outlook(**r.outlook) if r.outlook is not None else None,
        org=_org_info(r) if r.has_org_info else None,
    )


def _org_info(r: DbRow) -> OrgRoleInfo:
    band = None
    if r.pay_band is not None:
        band = PayBand(r.pay_band, r.pay_min, r.pay_max, r.pay_currency)
    return OrgRoleInfo(
        job_family=r.job_family,
        track=r.track,
        level=r.level,
        pay_band=band,
        certifications=tuple(r.certifications),
        onet_codes=tuple(r.onet_codes),
        esco_uris=tuple(r.esco_uris),
        next_roles=tuple(r.next_roles),
    )
