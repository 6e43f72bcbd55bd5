"""ESCO 1.1.1, BLS (OEWS May 2025, EP 2024-34) and the Nesta crosswalk, loaded from the real data."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from careerpath.taxonomy.bls import load_bls
from careerpath.taxonomy.crosswalk import load_crosswalk
from careerpath.taxonomy.esco import load_esco

pytestmark = pytest.mark.realdata


def _need(path: Path) -> Path:
    """``path`` if present; fail under CI=true, skip with a message otherwise."""
    if path.exists():
        return path
    message = f"{path} not found: set CAREERPATH_DATA_DIR to the data folder (or run `careerpath data fetch`)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def test_esco_1_1_1_counts(data_dir: Path) -> None:
    part = load_esco(_need(data_dir / "esco" / "1.1.1"))
    assert len(part.occupations) == 3007
    assert len(part.skills) == 13896
    kinds = [s.kind for s in part.skills.values()]
    assert kinds.count("language") > 300 and kinds.count("knowledge") > 2900
    facet = part.facets["skills"]
    assert facet.importance.shape == (3007, 13896) and facet.importance.dtype == np.float32
    relations = next(s for s in part.sources if s.path.endswith("occupationSkillRelations.csv"))
    assert relations.rows == 123855  # every link in the file ...
    # ... minus the 67 that name an occupation absent from occupations_en.csv (a9e54177-...)
    assert facet.importance.nnz == 123855 - 67
    assert int((facet.importance.data == 1.0).sum()) == 64891
    assert any("skipped 67 of 123855" in note for note in part.notes)


def test_bls_counts(data_dir: Path) -> None:
    market = load_bls(_need(data_dir / "bls"))
    assert len(market.wages) == 830
    assert len(market.outlook) == 832
    assert market.wages["15-1252"].annual_median == 135980
    outlook = market.outlook["15-1252"]
    assert (outlook.base_year, outlook.projected_year) == (2024, 2034)
    assert outlook.labor_force_exit_rate is not None


def test_crosswalk_links_esco_1_1_1(data_dir: Path) -> None:
    crosswalk = load_crosswalk(_need(data_dir / "crosswalks"))
    assert len(crosswalk.links) == 1680
    esco = load_esco(_need(data_dir / "esco" / "1.1.1"))
    assert sum(link.esco_uri in esco.occupations for link in crosswalk.links) >= 1679
