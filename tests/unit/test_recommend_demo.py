"""Smoke test: recommendations for demo people built from the real taxonomy (realdata)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from careerpath.bootstrap import load_taxonomy
from careerpath.config import Settings
from careerpath.engine.demo import build_demo, write_demo
from careerpath.engine.recommend import recommend_for
from fakes import FakeStore, FakeUnitOfWork

pytestmark = pytest.mark.realdata
TODAY = date(2025, 6, 30)


def test_demo_people_get_explained_recommendations(data_dir: Path) -> None:
    taxonomy = load_taxonomy(Settings(data_dir=data_dir))
    demo = build_demo(taxonomy=taxonomy, size=200, seed=11, today=TODAY)
    store = FakeStore()
    write_demo(demo, FakeUnitOfWork(store))
    people = [p.person_id for p in demo.people if p.current is not None][:5]
    for pid in people:
        rec = recommend_for(pid, uow=FakeUnitOfWork(store), taxonomy=taxonomy, today=TODAY)
        assert rec.next_roles and all(r.rationale for r in rec.next_roles)
        assert rec.paths or rec.no_route is not None or rec.notes
        for path in rec.paths:
            m = path.simulation.months
            assert m.p10 <= m.p50 <= m.p90
