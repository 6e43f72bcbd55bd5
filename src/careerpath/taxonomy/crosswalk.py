"""Crosswalk loader: Nesta's ESCO occupation -> O*NET-SOC mapping ("Mapping Career Causeways").

The CSV (``esco_onet_crosswalk_Nov2020.csv``) has the columns ``id, esco_occupation, isco_code,
onet_code, onet_occupation, matching_job_titles, semantic_similarity, confidence, concept_uri``;
only ``concept_uri`` and ``onet_code`` are required, ``confidence`` is read when present. It maps
1,680 ESCO occupations (the level under the ISCO unit groups); Nesta notes that narrower ESCO
occupations may inherit their parent's O*NET code, which this loader does not do (the builder can,
with ESCO's ``broader`` ids).

``confidence`` keeps the publisher's scale: 0.5, 1 or 2 (2 = most confident). O*NET codes
``NN-NNNN`` are completed to ``NN-NNNN.00``. Duplicate pairs are kept once.
"""

from __future__ import annotations

import re
from pathlib import Path

from careerpath.domain.errors import DataError, MissingDataError
from careerpath.domain.taxonomy import CrosswalkLink
from careerpath.taxonomy.discovery import file_name, list_sources, pick_source, read_source
from careerpath.taxonomy.parts import Crosswalk
from careerpath.taxonomy.tabular import Row, Table, TableSource

DATASET = "crosswalk"
FILE = r".*crosswalk.*\.csv"
REQUIRED = ("concept_uri", "onet_code")
_HOW = (
    "run `careerpath data fetch`, or put Nesta's esco_onet_crosswalk_Nov2020.csv (github.com/"
    "nestauk/mapping-career-causeways, supplementary_online_data/ONET_ESCO_crosswalk) in"
    " <data>/crosswalks/"
)


def load_crosswalk(path: Path) -> Crosswalk:
    """Load ESCO occupation URI -> O*NET-SOC code links from the crosswalk CSV or its folder."""
    source = _locate(path)
    release = _release_of(source)
    table, provenance = read_source(source, dataset=DATASET, release=release, required=REQUIRED)
    links: dict[tuple[str, str], CrosswalkLink] = {}
    for row in table.rows((*REQUIRED, "confidence")):
        uri = _esco_uri(table, row)
        code = _onet_code(table, row)
        confidence = table.float_value(row, "confidence", required=False)
        links.setdefault((uri, code), CrosswalkLink(uri, code, confidence))
    return Crosswalk(links=list(links.values()), sources=[provenance])


def _locate(path: Path) -> TableSource:
    """The crosswalk file: ``path`` itself, or the newest ``*crosswalk*.csv`` in the folder."""
    if not path.exists():
        raise MissingDataError("crosswalk not found", path=str(path), hint=_HOW)
    if path.is_file():
        return TableSource(str(path), path)
    _, hits = pick_source(list_sources(path), FILE)
    if not hits:
        raise MissingDataError("no *crosswalk*.csv in this folder", path=str(path), hint=_HOW)
    return max(hits, key=lambda s: (re.findall(r"\d{4}", file_name(s)), file_name(s)))


def _release_of(source: TableSource) -> str:
    """``Nov2020`` from ``esco_onet_crosswalk_Nov2020.csv``; else the file's stem."""
    stem = Path(file_name(source)).stem
    found = re.search(r"crosswalk[_-]+(.+)$", stem, re.IGNORECASE)
    return found.group(1) if found else stem


def _esco_uri(table: Table, row: Row) -> str:
    """The ESCO occupation URI of a row; a blank or non-URI value is a DataError."""
    uri = row.get("concept_uri")
    if not uri.startswith(("http://", "https://")):
        raise DataError(
            f"not an ESCO occupation URI: {uri!r}",
            path=table.source.name,
            line=row.line,
            column="concept_uri",
            hint="expected http://data.europa.eu/esco/occupation/<uuid>",
        )
    return uri


def _onet_code(table: Table, row: Row) -> str:
    """The O*NET-SOC code ``NN-NNNN.NN`` of a row (``NN-NNNN`` gets ``.00``); else a DataError."""
    code = row.get("onet_code")
    if re.fullmatch(r"\d{2}-\d{4}\.\d{2}", code):
        return code
    if re.fullmatch(r"\d{2}-\d{4}", code):
        return code + ".00"
    raise DataError(
        f"malformed O*NET-SOC code {code!r}; expected NN-NNNN.NN",
        path=table.source.name,
        line=row.line,
        column="onet_code",
        hint="fix the code on this line or download the crosswalk again",
    )
