"""O*NET 29.3 (Excel-derived layout) and 27.0 (official text layout, partial) from the real data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from careerpath.taxonomy.onet import load_onet
from careerpath.taxonomy.parts import TaxonomyPart
from conftest import require_data

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def onet_29_3(data_dir: Path) -> TaxonomyPart:
    """O*NET 29.3 as loaded from CAREERPATH_DATA_DIR/onet/29.3."""
    return load_onet(require_data(data_dir / "onet" / "29.3", "O*NET 29.3"))


@pytest.fixture(scope="module")
def onet_27_0(data_dir: Path) -> TaxonomyPart:
    """O*NET 27.0 (text layout) as loaded from CAREERPATH_DATA_DIR/onet/27.0-text."""
    return load_onet(require_data(data_dir / "onet" / "27.0-text", "O*NET 27.0 text release"))


def test_29_3_counts_from_the_data_readme(onet_29_3: TaxonomyPart) -> None:
    part = onet_29_3
    assert len(part.occupations) == 1016
    assert sum(o.job_zone is not None for o in part.occupations.values()) == 923
    assert part.facets["skills"].importance.shape == (879, 35)
    assert part.facets["knowledge"].importance.shape == (879, 33)
    for name in ("tasks", "dwas", "technology", "interests"):
        assert len(part.facets[name].row_ids) == 923, name
    assert "Skills.txt: dropped 124 value(s) marked Recommend Suppress = Y" in "\n".join(part.notes)
    assert "Skills.txt: 3302 level(s) marked Not Relevant = Y" in "\n".join(part.notes)
    assert part.notes[0].endswith("absent: Abilities, Work Activities, Work Context")
    assert {s.release for s in part.sources} == {"29.3"} and len(part.sources) == 16


def test_29_3_content(onet_29_3: TaxonomyPart) -> None:
    part = onet_29_3
    programmers = part.occupations["15-1251.00"]
    assert programmers.title == "Computer Programmers" and programmers.group == "15-1"
    assert programmers.education_level is not None and 5 < programmers.education_level < 9
    skills = part.facets["skills"]
    row = skills.row_of("15-1251.00")
    assert row is not None
    assert skills.importance[row, skills.col_ids.index("2.B.3.e")] > 0.75  # Programming
    assert part.skills["2.B.3.e"].label == "Programming"
    assert "Python" in part.skills["onet:tech:43232405"].alt_labels
    assert "Adobe Acrobat" in part.skills["onet:tech:43232202"].alt_labels
    assert part.skills["onet:tech:43232405"].hot and part.skills["onet:tech:43232405"].in_demand
    for facet in part.facets.values():
        assert facet.importance.dtype == np.float32
        assert facet.importance.data.max() <= 1.0 and facet.importance.data.min() > 0


def test_27_0_text_layout(onet_27_0: TaxonomyPart) -> None:
    part = onet_27_0
    assert len(part.occupations) == 1016
    assert "skills" not in part.facets and "knowledge" not in part.facets
    assert len(part.facets["dwas"].row_ids) == 923
    assert len(part.facets["work_styles"].row_ids) == 873
    dwa = part.skills["4.A.2.a.4.I09.D03"]  # its name comes from DWA Reference
    assert (
        dwa.label == "Analyze impact of legal or regulatory changes."
        and dwa.kind == "work_activity"
    )
    assert "Adobe Systems Adobe Acrobat" in part.skills["onet:tech:43232202"].alt_labels
    assert "absent: Skills, Knowledge, Abilities, Work Activities, Work Context" in part.notes[0]
