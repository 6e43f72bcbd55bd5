"""The example role framework and the format doc's examples, loaded against the real O*NET (and ESCO)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pytest

from careerpath.domain.taxonomy import Occupation, Skill
from careerpath.taxonomy.esco import load_esco
from careerpath.taxonomy.onet import load_onet
from careerpath.taxonomy.org import load_org_framework
from careerpath.taxonomy.parts import TaxonomyPart
from tests_support import repo_root

pytestmark = pytest.mark.realdata

EXAMPLES = repo_root() / "examples"
DOC = repo_root() / "docs" / "role-framework.md"


def require_data(path: Path, what: str) -> Path:
    """``path`` if present; fail under CI=true, skip with a message otherwise."""
    if path.exists():
        return path
    message = f"{what} not found at {path}: set CAREERPATH_DATA_DIR to the data folder"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def onet(data_dir: Path) -> TaxonomyPart:
    """O*NET 29.3 as the O*NET loader reads it."""
    return load_onet(require_data(data_dir / "onet" / "29.3", "O*NET 29.3"))


@pytest.fixture(scope="module")
def onet_and_esco(
    data_dir: Path, onet: TaxonomyPart
) -> tuple[dict[str, Occupation], dict[str, Skill]]:
    """O*NET 29.3 and ESCO 1.1.1 concepts together, as the taxonomy builder hands them over."""
    esco = load_esco(require_data(data_dir / "esco" / "1.1.1", "ESCO 1.1.1"))
    return {**onet.occupations, **esco.occupations}, {**onet.skills, **esco.skills}


def _load(
    path: Path, occupations: Mapping[str, Occupation], skills: Mapping[str, Skill]
) -> TaxonomyPart:
    return load_org_framework(path, occupations=occupations, skills=skills)


def test_example_framework_loads_against_real_onet(onet: TaxonomyPart) -> None:
    part = _load(EXAMPLES / "role-framework.yaml", onet.occupations, onet.skills)
    roles = list(part.occupations.values())
    assert len(roles) == 23
    assert {r.group for r in roles} == {
        "Software Engineering",
        "Data & Analytics",
        "People",
        "Customer Support",
    }
    assert {r.org.track for r in roles if r.org} == {"ic", "management"}
    assert {r.org.level for r in roles if r.org} == {1, 2, 3, 4, 5, 6}
    for role in roles:
        assert role.org is not None and role.org.pay_band is not None
        assert (
            role.org.pay_band.currency == "USD"
            and 0 < role.org.pay_band.minimum < role.org.pay_band.maximum
        )
        assert role.org.onet_codes and all(
            onet.occupations[c].taxonomy == "onet" for c in role.org.onet_codes
        )
        assert role.job_zone is not None  # given, or inherited from the mapped O*NET occupation
    swe = part.occupations["org:swe-1"]
    assert swe.org is not None and swe.org.next_roles == ("org:swe-2",)
    assert swe.job_zone == onet.occupations["15-1252.00"].job_zone
    facet = part.facets["skills"]
    assert facet.importance.shape == (23, len(facet.col_ids)) and facet.importance.nnz > 80
    assert {"2.B.3.e", "onet:tech:43232405", "org:acme-platform"} <= set(facet.col_ids)
    assert set(part.skills) == {
        "org:acme-platform",
        "org:incident-command",
        "org:experiment-design",
        "org:people-analytics",
    }


def test_example_csv_tables_equal_the_yaml(onet: TaxonomyPart) -> None:
    from_yaml = _load(EXAMPLES / "role-framework.yaml", onet.occupations, onet.skills)
    from_csv = _load(EXAMPLES / "role-framework-roles.csv", onet.occupations, onet.skills)
    assert from_csv.occupations == from_yaml.occupations
    assert from_csv.skills == from_yaml.skills
    a, b = from_yaml.facets["skills"], from_csv.facets["skills"]
    assert (a.row_ids, a.col_ids) == (b.row_ids, b.col_ids)
    assert np.array_equal(a.importance.toarray(), b.importance.toarray())
    assert (
        a.level is not None
        and b.level is not None
        and np.array_equal(a.level.toarray(), b.level.toarray())
    )


def test_example_labels_stay_unambiguous_with_esco_loaded(
    onet_and_esco: tuple[dict[str, Occupation], dict[str, Skill]],
) -> None:
    part = _load(EXAMPLES / "role-framework.yaml", *onet_and_esco)
    assert len(part.occupations) == 23


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_format_docs_yaml_example_loads(
    tmp_path: Path, onet_and_esco: tuple[dict[str, Occupation], dict[str, Skill]]
) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(_blocks("yaml")[0], encoding="utf-8")
    part = _load(path, *onet_and_esco)
    swe = part.occupations["org:swe-2"]
    assert (
        swe.org is not None and len(swe.org.esco_uris) == 1 and swe.org.next_roles == ("org:swe-3",)
    )
    assert (
        "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
        in part.facets["skills"].col_ids
    )


def test_the_format_docs_csv_example_loads(tmp_path: Path, onet: TaxonomyPart) -> None:
    roles, skills, org_skills = _blocks("csv")
    (tmp_path / "roles.csv").write_text(roles, encoding="utf-8")
    (tmp_path / "skills.csv").write_text(skills, encoding="utf-8")
    (tmp_path / "org-skills.csv").write_text(org_skills, encoding="utf-8")
    part = _load(tmp_path, onet.occupations, onet.skills)
    assert list(part.occupations) == ["org:swe-2", "org:swe-3"]
    assert part.facets["skills"].importance.nnz == 5
