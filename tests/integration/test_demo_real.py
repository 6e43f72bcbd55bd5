"""The demo organization from the real O*NET + BLS taxonomy: real mappings, pay, sane truth."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from careerpath.bootstrap import load_taxonomy
from careerpath.config import Settings
from careerpath.domain.demo_truth import readiness
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.demo import DemoOrganization, build_demo, write_demo
from careerpath.engine.demo_world import make_world
from fakes import FakeStore, FakeUnitOfWork

pytestmark = pytest.mark.realdata
TODAY = date(2025, 6, 30)


@pytest.fixture(scope="module")
def taxonomy(data_dir: Path) -> Taxonomy:
    return load_taxonomy(Settings(data_dir=data_dir))


@pytest.fixture(scope="module")
def demo(taxonomy: Taxonomy) -> DemoOrganization:
    return build_demo(taxonomy=taxonomy, size=200, seed=11, today=TODAY)


def test_roles_map_to_real_occupations_with_real_pay_and_skills(
    taxonomy: Taxonomy, demo: DemoOrganization
) -> None:
    assert 60 <= len(demo.roles) <= 90
    for occ, reqs in demo.roles:
        assert occ.org is not None and occ.org.pay_band is not None
        (code,) = occ.org.onet_codes
        assert taxonomy.occupations[code].wages is not None
        assert len(reqs) >= 8 and all(r.skill_id in taxonomy.skills for r in reqs)
    assert len(demo.departments) == 9


def test_people_courses_and_outcomes_are_there(demo: DemoOrganization) -> None:
    counts = demo.counts()
    assert counts["current employees"] == 201 and counts["courses"] == 300
    assert counts["outcomes: promotion"] > 20 and counts["outcomes: rating"] > 200
    outside = Counter(s.occupation_id for p in demo.people for s in p.history if not s.role_id)
    assert len(outside) > 20  # outside jobs come from many real O*NET occupations
    assert all(o.at <= TODAY for o in demo.outcomes)


def test_same_seed_same_demo(taxonomy: Taxonomy, demo: DemoOrganization) -> None:
    again = build_demo(taxonomy=taxonomy, size=200, seed=11, today=TODAY)
    assert again == demo


def test_people_move_to_roles_they_are_readier_for(
    taxonomy: Taxonomy, demo: DemoOrganization
) -> None:
    world = make_world(taxonomy, seed=11, today=TODAY, params=demo.truth.params)
    index = {pid: k for k, pid in enumerate(demo.truth.person_ids)}
    rng = np.random.default_rng(0)
    chosen, random = [], []
    for move in demo.truth.moves:
        ready = readiness(demo.truth.true_levels[index[move.person_id]], world.table)
        chosen.append(move.readiness)
        random.append(float(ready[rng.integers(len(ready))]))
    assert np.mean(chosen) > np.mean(random) + 0.05


def test_written_through_the_unit_of_work(demo: DemoOrganization) -> None:
    store = FakeStore()
    write_demo(demo, FakeUnitOfWork(store))
    assert len(store.people) == len(demo.people) and len(store.assessments) == len(demo.assessments)
