"""The one taxonomy model: occupations/roles, skills and facet matrices from O*NET, ESCO and the org."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from careerpath.domain.errors import UnknownCodeError

TAXONOMIES = ("onet", "esco", "org")


@dataclass(frozen=True, slots=True)
class Skill:
    """A skill, knowledge area, technology or tool concept with its labels.

    Ids: O*NET content-model element ids (``2.A.1.a``), ``onet:tech:<commodity code>`` and
    ``onet:tool:<commodity code>`` for O*NET technology/tool commodities, ESCO concept URIs, or
    ``org:<id>`` for skills the organization defines itself.
    """

    id: str
    label: str
    taxonomy: str
    kind: str  # skill | knowledge | technology | tool | ability | work_style | language | ...
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    description: str = ""
    # ESCO reuse level: transversal | cross-sector | sector-specific | occupation-specific
    reuse_level: str = ""
    broader: tuple[str, ...] = ()  # ids of broader skill concepts or groups
    hot: bool = False  # O*NET Hot Technology on at least one occupation
    in_demand: bool = False  # O*NET In Demand on at least one occupation


@dataclass(frozen=True, slots=True)
class Wages:
    """BLS OEWS wages for one SOC code, annual USD, with national employment."""

    soc_code: str
    employment: float | None
    annual_mean: float | None
    annual_p10: float | None
    annual_p25: float | None
    annual_median: float | None
    annual_p75: float | None
    annual_p90: float | None
    hourly_median: float | None
    release: str = ""


@dataclass(frozen=True, slots=True)
class Outlook:
    """BLS Employment Projections for one SOC code (employment in thousands, rates in percent)."""

    soc_code: str
    base_year: int
    projected_year: int
    employment_base: float | None
    employment_projected: float | None
    change_percent: float | None
    annual_openings: float | None  # thousands per year
    labor_force_exit_rate: float | None
    occupational_transfer_rate: float | None
    education: str = ""  # typical entry-level education
    median_wage: float | None = None


@dataclass(frozen=True, slots=True)
class PayBand:
    """An organization's pay band for a role (annual, in its currency)."""

    name: str
    minimum: float
    maximum: float
    currency: str = "USD"


@dataclass(frozen=True, slots=True)
class OrgRoleInfo:
    """What the organization's role framework says about one of its roles."""

    job_family: str
    track: str = ""
    level: int | None = None
    pay_band: PayBand | None = None
    certifications: tuple[str, ...] = ()
    onet_codes: tuple[str, ...] = ()
    esco_uris: tuple[str, ...] = ()
    next_roles: tuple[str, ...] = ()  # occupation ids (``org:<role id>``) this role promotes to


@dataclass(frozen=True, slots=True)
class Occupation:
    """An occupation (O*NET, ESCO) or an organization role, identified by a stable id.

    Ids: O*NET-SOC codes (``15-1252.00``), ESCO occupation URIs, or ``org:<role id>``.
    ``job_zone`` is O*NET's preparation level 1-5; ``education_level`` the expected O*NET
    "Required Level of Education" category (1-12).
    """

    id: str
    title: str
    taxonomy: str
    description: str = ""
    alt_titles: tuple[str, ...] = ()
    reported_titles: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()  # task statements, core tasks first
    job_zone: float | None = None
    education_level: float | None = None
    group: str = ""  # SOC minor group, ISCO unit group code, or job family
    broader: tuple[str, ...] = ()
    links: tuple[str, ...] = ()  # crosswalked ids in other taxonomies
    wages: Wages | None = None
    outlook: Outlook | None = None
    org: OrgRoleInfo | None = None

    @property
    def soc_code(self) -> str:
        """The 6-digit SOC code ``NN-NNNN`` of an O*NET occupation, else ``""``."""
        return self.id[:7] if self.taxonomy == "onet" else ""


@dataclass(frozen=True)
class Facet:
    """One facet of what occupations are, as a sparse occupations x elements matrix.

    ``importance`` is float32 CSR of shape (len(row_ids), len(col_ids)), scaled to [0, 1]
    (0 = absent). ``level`` has the same shape when the source rates a level (scaled to [0, 1]).
    """

    name: str  # e.g. "skills", "knowledge", "technology", "tasks", "dwas", "esco_skills"
    taxonomy: str
    row_ids: tuple[str, ...]
    col_ids: tuple[str, ...]
    importance: sp.csr_matrix
    level: sp.csr_matrix | None = None
    _row_index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        n, m = len(self.row_ids), len(self.col_ids)
        if self.importance.shape != (n, m):
            raise ValueError(
                f"facet {self.name}: importance shape {self.importance.shape} != {(n, m)}"
            )
        if self.level is not None and self.level.shape != (n, m):
            raise ValueError(f"facet {self.name}: level shape {self.level.shape} != {(n, m)}")
        self._row_index.update({r: i for i, r in enumerate(self.row_ids)})

    def row_of(self, occupation_id: str) -> int | None:
        """Row index of an occupation in this facet, or None when the facet does not rate it."""
        return self._row_index.get(occupation_id)

    def dense_rows(self, occupation_ids: Iterable[str]) -> np.ndarray:
        """Importance rows for the given ids as float32 (n_ids, n_cols); zeros where unrated."""
        ids = list(occupation_ids)
        out = np.zeros((len(ids), len(self.col_ids)), dtype=np.float32)
        for k, oid in enumerate(ids):
            i = self._row_index.get(oid)
            if i is not None:
                out[k] = self.importance[i].toarray().ravel()
        return out


@dataclass(frozen=True, slots=True)
class CrosswalkLink:
    """An ESCO occupation mapped to an O*NET-SOC occupation, with the mapper's confidence."""

    esco_uri: str
    onet_code: str
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A source file that went into the taxonomy, for provenance and cache keys."""

    dataset: str  # onet | esco | bls | crosswalk | org
    release: str
    path: str
    sha256: str
    rows: int


@dataclass(frozen=True)
class Taxonomy:
    """Everything careerpath knows about work, merged from O*NET, ESCO, BLS and the org framework."""

    occupations: Mapping[str, Occupation]
    skills: Mapping[str, Skill]
    facets: Mapping[str, Facet]
    crosswalk: tuple[CrosswalkLink, ...] = ()
    sources: tuple[SourceFile, ...] = ()
    notes: tuple[str, ...] = ()  # what the loaders chose to say (files used, files absent)

    def fingerprint(self) -> str:
        """A short hex digest of the source files' checksums; keys caches derived from this taxonomy."""
        digest = hashlib.sha256()
        for src in sorted(self.sources, key=lambda s: (s.dataset, s.path)):
            digest.update(f"{src.dataset}|{src.release}|{src.sha256}\n".encode())
        return digest.hexdigest()[:16]

    def occupation(self, occupation_id: str) -> Occupation:
        """The occupation with this id; raises UnknownCodeError naming close matches."""
        occ = self.occupations.get(occupation_id)
        if occ is None:
            occ = self.occupations.get(_normalize_onet_code(occupation_id))
        if occ is None:
            raise UnknownCodeError(
                f"unknown occupation or role code {occupation_id!r}",
                hint="use an O*NET-SOC code like 15-1252.00, an ESCO occupation URI, or org:<role id>;"
                " `careerpath titles normalize TITLE` finds codes by title",
            )
        return occ

    def skill(self, skill_id: str) -> Skill:
        """The skill with this id; raises UnknownCodeError."""
        try:
            return self.skills[skill_id]
        except KeyError:
            raise UnknownCodeError(
                f"unknown skill id {skill_id!r}",
                hint="`careerpath skills link TEXT` finds skill ids from text",
            ) from None

    def occupations_of(self, taxonomy: str) -> list[Occupation]:
        """Occupations of one taxonomy (onet, esco or org), in id order."""
        return sorted(
            (o for o in self.occupations.values() if o.taxonomy == taxonomy), key=lambda o: o.id
        )

    def skills_of(self, taxonomy: str) -> list[Skill]:
        """Skills of one taxonomy (onet, esco or org), in id order."""
        return sorted(
            (s for s in self.skills.values() if s.taxonomy == taxonomy), key=lambda s: s.id
        )

    def facets_of(self, taxonomy: str) -> dict[str, Facet]:
        """Facets that describe the occupations of one taxonomy, by name."""
        return {n: f for n, f in self.facets.items() if f.taxonomy == taxonomy}


def _normalize_onet_code(code: str) -> str:
    """Accept ``15-1252`` for ``15-1252.00``."""
    code = code.strip()
    if len(code) == 7 and code[2] == "-":
        return code + ".00"
    return code
