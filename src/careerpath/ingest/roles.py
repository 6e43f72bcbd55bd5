"""Role codes and titles of imported records resolved against the taxonomy (lookups built once)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from careerpath.domain.taxonomy import Occupation, Taxonomy
from careerpath.engine.ports import TitleNormalizer
from careerpath.ingest.memo import IdentityMemo

ONET_CODE = re.compile(r"^\d{2}-\d{4}(\.\d{2})?$")
ORG = "org:"

Resolved = tuple[str | None, str | None, str]  # (org role id, occupation id, title)


class RoleResolver:
    """Maps role codes (org ids, O*NET-SOC codes, ESCO URIs) and exact titles to taxonomy ids."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        *,
        system: str = "auto",
        normalizer: TitleNormalizer | None = None,
        min_score: float = 0.85,
    ) -> None:
        self.taxonomy = taxonomy
        self.system = system
        self.normalizer = normalizer
        self.min_score = min_score
        self._titles = _TITLE_INDEX(taxonomy.occupations)
        self._cache: dict[str, Resolved] = {}
        self._codes: dict[str, Resolved] = {}

    def code(self, code: str, title: str = "") -> Resolved:
        """Resolve a role code (ValueError when the taxonomy does not hold it)."""
        hit = self._codes.get(code)
        if hit is None:
            occ = self._occupation(code.strip())
            if occ is None:
                raise ValueError(f"is not a known role code ({_SYSTEM_HINT[self.system]})")
            hit = self._codes[code] = self._ids(occ, "")
        return (hit[0], hit[1], title or hit[2])

    def title(self, title: str) -> Resolved:
        """Resolve a free title exactly (or through the normaliser); unresolved keeps just the title."""
        hit = self._cache.get(title)
        if hit is None:
            occ = self._titles.get(title.casefold().strip())
            hit = self._ids(occ, title) if occ is not None else (None, None, title)
            self._cache[title] = hit
        return hit

    def prepare(self, titles: Iterable[str]) -> None:
        """Resolve many titles at once, calling the title normaliser once for the inexact ones."""
        todo = sorted({t for t in titles if t and self.title(t)[:2] == (None, None)})
        if self.normalizer is None or not todo:
            return
        which = "org" if any(o.taxonomy == "org" for o in self._titles.values()) else "onet"
        for text, matches in zip(
            todo, self.normalizer.normalize(todo, taxonomy=which, top=1), strict=True
        ):
            occ = self.taxonomy.occupations.get(matches[0].id) if matches else None
            if occ is not None and matches[0].score >= self.min_score:
                self._cache[text] = self._ids(occ, text)

    def _occupation(self, code: str) -> Occupation | None:
        """The occupation a code names in the configured code system."""
        occs = self.taxonomy.occupations
        system = self.system
        if system == "auto":
            system = "org" if code.startswith(ORG) or ORG + code in occs else _guess(code)
        if system == "org":
            occ = occs.get(code if code.startswith(ORG) else ORG + code)
        elif system == "onet":
            occ = occs.get(code + ".00" if len(code) == 7 else code)
        else:
            occ = occs.get(code)
        return occ if occ is not None and (system == "title" or occ.taxonomy == system) else None

    def _ids(self, occ: Occupation, title: str) -> Resolved:
        """(org role id, occupation id, title) for an occupation or org role."""
        if occ.taxonomy != "org":
            return None, occ.id, title or occ.title
        onet = occ.org.onet_codes if occ.org else ()
        first = next((c for c in onet if c in self.taxonomy.occupations), None)
        return occ.id, first, title or occ.title


_SYSTEM_HINT = {
    "auto": "an org role id, O*NET-SOC code or ESCO URI",
    "org": "an org role id of the role framework",
    "onet": "an O*NET-SOC code like 15-1252.00",
    "esco": "an ESCO occupation URI",
    "title": "an occupation id",
}


def _guess(code: str) -> str:
    """The code system a code looks like."""
    if ONET_CODE.match(code):
        return "onet"
    return "esco" if code.startswith("http") else "org"


def _build_title_index(occupations: Iterable[Occupation]) -> dict[str, Occupation]:
    """Exact (casefolded) titles to occupations: org roles first, then O*NET, then ESCO; ambiguous dropped."""
    rank = {"org": 0, "onet": 1, "esco": 2}
    index: dict[str, Occupation] = {}
    ambiguous: set[str] = set()
    for occ in sorted(occupations, key=lambda o: (rank.get(o.taxonomy, 3), o.id)):
        for text in (occ.title, *occ.alt_titles):
            key = text.casefold().strip()
            other = index.get(key)
            if other is None:
                index[key] = occ
            elif other.taxonomy == occ.taxonomy and other.id != occ.id:
                ambiguous.add(key)
    for key in ambiguous:
        del index[key]
    return index


def _title_index_of(occupations: Mapping[str, Occupation]) -> dict[str, Occupation]:
    """The exact-title index of an occupations mapping (remembered per mapping, read-only)."""
    return _build_title_index(occupations.values())


_TITLE_INDEX = IdentityMemo(_title_index_of)
