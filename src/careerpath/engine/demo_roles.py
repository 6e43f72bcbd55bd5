"""The demo's role framework: departments, ladders mapped to real O*NET occupations, pay, requirements."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from careerpath.domain.profile import RoleRequirement
from careerpath.domain.similarity import similarity_rows
from careerpath.domain.taxonomy import Facet, Occupation, OrgRoleInfo, PayBand, Taxonomy
from careerpath.domain.transitions import feasibility_rows
from careerpath.engine.roles import TRANSITION_PARAMS, role_space


@dataclass(frozen=True)
class Track:
    """One ladder of a department: slug, title, O*NET code, level range, ic or management."""

    slug: str
    title: str
    onet: str
    low: int
    high: int
    track: str = "ic"


#: Departments (job families), their share of headcount and their ladders.
DEPARTMENTS: tuple[tuple[str, float, tuple[Track, ...]], ...] = (
    ("Engineering", 0.28, (
        Track("swe", "Software Engineer", "15-1252.00", 1, 6),
        Track("qa", "QA Engineer", "15-1253.00", 1, 3),
        Track("sre", "Site Reliability Engineer", "15-1244.00", 2, 4),
        Track("em", "Engineering Manager", "11-3021.00", 3, 6, "management"),
    )),
    ("Data", 0.09, (
        Track("da", "Data Analyst", "15-2051.01", 1, 3),
        Track("ds", "Data Scientist", "15-2051.00", 2, 4),
        Track("de", "Data Engineer", "15-1243.00", 2, 4),
        Track("dm", "Data Science Manager", "11-3021.00", 4, 5, "management"),
    )),
    ("Product", 0.07, (
        Track("pm", "Product Manager", "15-1299.09", 2, 5),
        Track("ux", "Product Designer", "15-1255.00", 1, 4),
        Track("pd", "Product Director", "11-2021.00", 5, 6, "management"),
    )),
    ("Sales", 0.14, (
        Track("sdr", "Sales Development Representative", "41-3091.00", 1, 2),
        Track("ae", "Account Executive", "41-4011.00", 2, 4),
        Track("sm", "Sales Manager", "11-2022.00", 3, 5, "management"),
    )),
    ("Customer Support", 0.13, (
        Track("cs", "Customer Support Specialist", "43-4051.00", 1, 3),
        Track("ts", "Technical Support Engineer", "15-1232.00", 2, 3),
        Track("csm", "Support Manager", "43-1011.00", 3, 4, "management"),
    )),
    ("Marketing", 0.06, (
        Track("mkt", "Marketing Specialist", "13-1161.00", 1, 3),
        Track("mm", "Marketing Manager", "11-2021.00", 4, 5, "management"),
    )),
    ("Finance", 0.08, (
        Track("acct", "Accountant", "13-2011.00", 1, 3),
        Track("fa", "Financial Analyst", "13-2051.00", 2, 4),
        Track("fm", "Finance Manager", "11-3031.00", 4, 6, "management"),
    )),
    ("People", 0.07, (
        Track("hr", "HR Generalist", "13-1071.00", 1, 3),
        Track("rec", "Recruiter", "13-1071.00", 1, 3),
        Track("hrm", "HR Manager", "11-3121.00", 4, 5, "management"),
    )),
    ("Operations", 0.08, (
        Track("ops", "Operations Analyst", "13-1111.00", 1, 3),
        Track("prj", "Project Manager", "13-1082.00", 2, 4),
        Track("om", "Operations Manager", "11-1021.00", 4, 6, "management"),
    )),
)  # fmt: skip
EXECUTIVE = Track("ceo", "Chief Executive Officer", "11-1011.00", 6, 6, "management")
IC_PREFIX = {
    1: "Associate ",
    2: "",
    3: "Senior ",
    4: "Staff ",
    5: "Principal ",
    6: "Distinguished ",
}
MGMT_PREFIX = {3: "", 4: "Senior ", 5: "Director, ", 6: "VP, "}
#: Required level = O*NET level x this factor (clipped to 0.95); level 3 is the occupation's norm.
LEVEL_FACTOR = {1: 0.72, 2: 0.86, 3: 1.0, 4: 1.1, 5: 1.2, 6: 1.28}
#: Pay band centre: log-interpolated BLS percentile of the mapped occupation, by level.
PAY_ANCHOR = {1: "p10", 2: "p25", 3: "median", 4: "p75", 5: "p90", 6: "top"}
BAND_WIDTH = 0.12  # band = centre x (1 -/+ 0.12)
N_SKILLS, N_KNOWLEDGE, N_TECH, MIN_IMPORTANCE = 10, 6, 4, 0.45
TECH_IMPORTANCE, TECH_LEVEL = 0.6, 0.5
#: Headcount demand by level (hidden truth: open positions are drawn from it).
LEVEL_DEMAND = {1: 0.8, 2: 1.0, 3: 0.9, 4: 0.6, 5: 0.3, 6: 0.1}


@dataclass(frozen=True)
class DemoRole:
    """One org role of the demo: the occupation record, its requirements, department and track."""

    occupation: Occupation
    requirements: tuple[RoleRequirement, ...]
    department: str
    slug: str
    level: int
    track: str
    onet: str

    @property
    def id(self) -> str:
        """The role's occupation id ``org:<slug>-<level>``."""
        return self.occupation.id


@dataclass(frozen=True)
class Framework:
    """The demo's roles (ladders by department) and the O*NET feasibility between their occupations."""

    roles: tuple[DemoRole, ...]
    departments: tuple[str, ...]
    weights: tuple[float, ...]  # headcount share per department
    feasibility: np.ndarray  # float32 (R, R): O*NET feasibility between mapped occupations

    def index(self) -> dict[str, int]:
        """Row of each role id."""
        return {r.id: i for i, r in enumerate(self.roles)}


def build_framework(taxonomy: Taxonomy) -> Framework:
    """The demo role framework from the real taxonomy; ladders whose O*NET code is absent are skipped."""
    facets = {f.name: f for f in taxonomy.facets_of("onet").values()}
    tracks = [(d, w, t) for d, w, ts in DEPARTMENTS for t in ts if t.onet in taxonomy.occupations]
    depts = tuple(dict.fromkeys(d for d, _, t in tracks if t.track == "ic"))
    tracks = [x for x in tracks if x[0] in depts]
    if EXECUTIVE.onet in taxonomy.occupations and depts:
        tracks.append(("Executive", 0.0, EXECUTIVE))
    codes = sorted({t.onet for _, _, t in tracks})
    proxy = _rated_proxies(taxonomy, codes, facets)
    roles: list[DemoRole] = []
    for dept, _, track in tracks:
        occ = taxonomy.occupations[track.onet]
        for level in range(track.low, track.high + 1):
            reqs = _requirements(proxy.get(track.onet, track.onet), level, facets, taxonomy)
            roles.append(_role(dept, track, level, occ, reqs))
    roles = _link_ladders(roles, tracks)
    weights = tuple(next(w for d, w, _ in tracks if d == dept) for dept in depts)
    feas = _feasibility(taxonomy, [r.onet for r in roles])
    return Framework(tuple(roles), depts, weights, feas)


def onet_requirements(taxonomy: Taxonomy, code: str) -> tuple[RoleRequirement, ...]:
    """Core requirements of a plain O*NET occupation at its norm level (for outside jobs)."""
    facets = {f.name: f for f in taxonomy.facets_of("onet").values()}
    return _requirements(code, 3, facets, taxonomy, tech=False)


def _role(
    dept: str, track: Track, level: int, occ: Occupation, reqs: tuple[RoleRequirement, ...]
) -> DemoRole:
    prefix = (IC_PREFIX if track.track == "ic" else MGMT_PREFIX).get(level, "")
    title = track.title if track is EXECUTIVE else f"{prefix}{track.title}"
    if track.track == "management" and level >= 5 and track is not EXECUTIVE:
        title = f"{prefix}{dept}"
    info = OrgRoleInfo(
        job_family=dept,
        track=track.track,
        level=level,
        pay_band=_pay_band(occ, level),
        onet_codes=(track.onet,),
    )
    zone = min(5.0, (occ.job_zone or 3.0) + max(0, level - 3) * 0.5)
    oid = f"org:{track.slug}-{level}"
    desc = f"{title} in {dept}: level {level} of the {track.title} ladder ({track.track}); mapped to O*NET {track.onet} {occ.title}."
    o = Occupation(
        oid, title, "org", desc, job_zone=zone, group=dept, links=(track.onet,), org=info
    )
    return DemoRole(o, reqs, dept, track.slug, level, track.track, track.onet)


def _link_ladders(roles: list[DemoRole], tracks: list[tuple[str, float, Track]]) -> list[DemoRole]:
    """Set next roles: up the ladder; IC into the first management rung; a track's top to the next level."""
    by_key = {(r.slug, r.level): r for r in roles}
    out = []
    for r in roles:
        nxt: list[str] = []
        up = by_key.get((r.slug, r.level + 1))
        if up is not None:
            nxt.append(up.id)
        for dept, _, t in tracks:
            if dept != r.department or t.slug == r.slug:
                continue
            if r.track == "ic" and t.track == "management" and t.low in (r.level, r.level + 1):
                nxt.append(f"org:{t.slug}-{t.low}")
            elif up is None and t.track == r.track and t.low <= r.level + 1 <= t.high:
                nxt.append(f"org:{t.slug}-{r.level + 1}")
        info = r.occupation.org
        assert info is not None
        occ = replace(r.occupation, org=replace(info, next_roles=tuple(dict.fromkeys(nxt))))
        out.append(DemoRole(occ, r.requirements, r.department, r.slug, r.level, r.track, r.onet))
    return out


def _pay_band(occ: Occupation, level: int) -> PayBand | None:
    """Band around the log-interpolated BLS percentile for the level (``PAY_ANCHOR``)."""
    w = occ.wages
    if w is None or w.annual_median is None:
        return None
    med = w.annual_median
    p10 = w.annual_p10 or med * 0.6
    p25 = w.annual_p25 or math.sqrt(p10 * med)
    p75 = w.annual_p75 or med * 1.3
    p90 = w.annual_p90 or med * 1.6
    anchors = {"p10": p10, "p25": p25, "median": med, "p75": p75, "p90": p90, "top": p90 * 1.25}
    centre = anchors[PAY_ANCHOR[level]]
    lo, hi = round(centre * (1 - BAND_WIDTH), -3), round(centre * (1 + BAND_WIDTH), -3)
    return PayBand(f"{occ.soc_code or occ.id} L{level}", lo, hi)


def _requirements(
    code: str, level: int, facets: dict[str, Facet], taxonomy: Taxonomy, *, tech: bool = True
) -> tuple[RoleRequirement, ...]:
    """Top skills and knowledge of an O*NET occupation (importance >= 0.45), levels scaled by level."""
    factor = LEVEL_FACTOR[level]
    out: list[RoleRequirement] = []
    for name, top in (("skills", N_SKILLS), ("knowledge", N_KNOWLEDGE)):
        facet = facets.get(name)
        row = facet.row_of(code) if facet is not None else None
        if facet is None or row is None:
            continue
        imp = facet.importance[row].toarray().ravel()
        lvl = facet.level[row].toarray().ravel() if facet.level is not None else imp
        order = sorted(np.flatnonzero(imp >= MIN_IMPORTANCE).tolist(), key=lambda j: (-imp[j], j))
        for j in order[:top]:
            level_j = min(0.95, float(lvl[j]) * factor)
            out.append(
                RoleRequirement(facet.col_ids[j], round(float(imp[j]), 3), round(level_j, 3))
            )
    if tech:
        out += _tech_requirements(code, factor, facets, taxonomy)
    return tuple(out)


def _tech_requirements(
    code: str, factor: float, facets: dict[str, Facet], taxonomy: Taxonomy
) -> list[RoleRequirement]:
    """Up to four technologies: hot first, then the most specific (fewest occupations use them)."""
    facet = facets.get("technology")
    row = facet.row_of(code) if facet is not None else None
    if facet is None or row is None:
        return []
    used = np.asarray((facet.importance > 0).sum(axis=0)).ravel()
    cols = facet.importance[row].indices.tolist()

    def key(j: int) -> tuple[bool, int, str]:
        s = taxonomy.skills.get(facet.col_ids[j])
        return (not (s is not None and s.hot), int(used[j]), facet.col_ids[j])

    level = round(min(0.95, TECH_LEVEL * factor), 3)
    return [
        RoleRequirement(facet.col_ids[j], TECH_IMPORTANCE, level)
        for j in sorted(cols, key=key)[:N_TECH]
    ]


def _rated_proxies(
    taxonomy: Taxonomy, codes: list[str], facets: dict[str, Facet]
) -> dict[str, str]:
    """For codes O*NET does not rate on skills, the most similar occupation that it does rate."""
    skills = facets.get("skills")
    if skills is None:
        return {}
    unrated = [c for c in codes if skills.row_of(c) is None]
    if not unrated:
        return {}
    space = role_space(taxonomy, "onet")
    rated = np.array([skills.row_of(i) is not None for i in space.ids])
    out = {}
    for code in unrated:
        row = space.row(code)
        if row is None:
            continue
        sim = similarity_rows(space, np.array([row], dtype=np.int64))[0]
        sim = np.where(rated, sim, -1.0)
        sim[row] = -1.0
        if sim.max() > 0:
            out[code] = space.ids[int(np.argmax(sim))]
    return out


def _feasibility(taxonomy: Taxonomy, codes: list[str]) -> np.ndarray:
    """O*NET transition feasibility between the roles' mapped occupations, float32 (R, R)."""
    n = len(codes)
    out = np.zeros((n, n), dtype=np.float32)
    if n == 0:
        return out
    space = role_space(taxonomy, "onet")
    rows = [space.row(c) for c in codes]
    have = [i for i, r in enumerate(rows) if r is not None]
    if not have:
        return out
    idx = np.array([rows[i] for i in have], dtype=np.int64)
    feas = feasibility_rows(space, idx, TRANSITION_PARAMS)[:, idx]
    out[np.ix_(have, have)] = feas
    same = np.array([[a == b for b in codes] for a in codes])
    out[same] = 1.0
    return out
