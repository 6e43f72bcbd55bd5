"""Roles on the real O*NET release: sensible neighbours and a floor on the dev-set nDCG@10."""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from pathlib import Path

import pytest

from careerpath.bootstrap import load_taxonomy
from careerpath.config import Settings
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.roles import all_roles, role_transitions, similar_roles
from conftest import require_data

pytestmark = pytest.mark.realdata
DEV = Path("dev/transitions/career_changers_matrix_25.1.txt")


@pytest.fixture(scope="module")
def taxonomy(data_dir: Path) -> Taxonomy:
    return load_taxonomy(Settings(data_dir=data_dir))


def test_software_developers_are_like_other_computer_occupations(taxonomy: Taxonomy) -> None:
    ranking = similar_roles("15-1252.00", taxonomy=taxonomy, top=10)
    computer = [m for m in ranking.matches if m.id.startswith("15-12")]
    assert len(computer) >= 7, [m.title for m in ranking.matches]


def test_every_onet_occupation_gets_ten_transitions(taxonomy: Taxonomy) -> None:
    rows = list(all_roles("transitions", taxonomy=taxonomy, which="onet", top=10))
    assert len(rows) == 10 * len(taxonomy.occupations_of("onet"))


def test_nurse_transition_explains_itself(taxonomy: Taxonomy) -> None:
    why = role_transitions("29-1141.00", taxonomy=taxonomy, top=1).matches[0].explanation
    assert why is not None and why.shared and why.facets


def test_transitions_ndcg_floor_on_dev_matrix(taxonomy: Taxonomy, data_dir: Path) -> None:
    truth = _truth(require_data(data_dir / DEV, "the Career Changers dev matrix"))
    preds: dict[str, list[str]] = defaultdict(list)
    for source, _, target, _ in all_roles("transitions", taxonomy=taxonomy, top=10):
        preds[source].append(target)
    scores = [_ndcg(preds.get(s, []), rel) for s, rel in truth.items()]
    assert sum(scores) / len(scores) > 0.40


def _truth(path: Path) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = defaultdict(dict)
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out[row["O*NET-SOC Code"]][row["Related O*NET-SOC Code"]] = 1.0 / int(row["Index"])
    return out


def _ndcg(pred: list[str], rel: dict[str, float], n: int = 10) -> float:
    dcg = sum(rel.get(t, 0.0) / math.log2(i + 2) for i, t in enumerate(pred[:n]))
    ideal = sorted(rel.values(), reverse=True)[:n]
    return dcg / sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
