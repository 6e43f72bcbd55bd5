"""The demo organization on a tiny handmade O*NET-like taxonomy: determinism, counts, plausibility."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cache
from itertools import pairwise

import numpy as np
import pytest
import scipy.sparse as sp
from rich.console import Console

from careerpath.cli.demo import build_and_store, summary
from careerpath.domain.demo_truth import TruthParams
from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.taxonomy import Facet, Occupation, Skill, Taxonomy, Wages
from careerpath.engine.demo import DemoOrganization, build_demo, write_demo
from careerpath.engine.ports import ImportBatch
from fakes import FakeStore, FakeUnitOfWork

TODAY = date(2025, 6, 30)
OCCUPATIONS = {
    "15-1252.00": ("Software Developers", 4.0, 135_000.0),
    "11-3021.00": ("Computer and Information Systems Managers", 4.0, 175_000.0),
    "43-4051.00": ("Customer Service Representatives", 2.0, 45_000.0),
    "43-1011.00": (
        "First-Line Supervisors of Office and Administrative Support Workers",
        3.0,
        69_000.0,
    ),
    "13-2011.00": ("Accountants and Auditors", 4.0, 84_000.0),
    "11-3031.00": ("Financial Managers", 4.0, 166_000.0),
    "11-1011.00": ("Chief Executives", 5.0, 214_000.0),
}
SKILLS = ("2.A.1.a", "2.A.2.a", "2.B.1.a", "2.B.3.e", "2.B.4.e", "2.B.5.d")
KNOWLEDGE = ("2.C.1.a", "2.C.1.c", "2.C.3.a")
TECH = ("onet:tech:1", "onet:tech:2", "onet:tech:3", "onet:tech:4")


def _facet(name: str, cols: tuple[str, ...], rng: np.random.Generator, levels: bool) -> Facet:
    rows = tuple(OCCUPATIONS)
    imp = rng.uniform(0.3, 1.0, size=(len(rows), len(cols))).astype(np.float32)
    if not levels:
        imp = (imp > 0.6).astype(np.float32)
    lvl = rng.uniform(0.3, 0.8, size=imp.shape).astype(np.float32) if levels else None
    return Facet(
        name,
        "onet",
        rows,
        cols,
        sp.csr_matrix(imp),
        sp.csr_matrix(lvl) if lvl is not None else None,
    )


@cache
def tiny() -> Taxonomy:
    """Seven O*NET-like occupations with wages, rated skills and knowledge, binary technology."""
    rng = np.random.default_rng(0)
    occupations = {
        code: Occupation(
            code, title, "onet", job_zone=zone,
            wages=Wages(code[:7], 1e5, med, med * 0.6, med * 0.8, med, med * 1.3, med * 1.6, med / 2080),
        )
        for code, (title, zone, med) in OCCUPATIONS.items()
    }  # fmt: skip
    skills = {
        s: Skill(s, f"Skill {s}", "onet", kind)
        for kind, ids in (("skill", SKILLS), ("knowledge", KNOWLEDGE), ("technology", TECH))
        for s in ids
    }
    facets = {
        "onet.skills": _facet("skills", SKILLS, rng, True),
        "onet.knowledge": _facet("knowledge", KNOWLEDGE, rng, True),
        "onet.technology": _facet("technology", TECH, rng, False),
    }
    return Taxonomy(occupations, skills, facets)


@cache
def small(seed: int = 7, size: int = 150) -> DemoOrganization:
    """A demo of ``size`` people on the tiny taxonomy (cached: building is deterministic)."""
    return build_demo(taxonomy=tiny(), size=size, seed=seed, today=TODAY)


def test_same_seed_same_organization_and_other_seed_differs() -> None:
    a, b = small(), build_demo(taxonomy=tiny(), size=150, seed=7, today=TODAY)
    assert a == b
    assert np.array_equal(a.truth.true_levels, b.truth.true_levels)
    assert small(seed=8).people != a.people


def test_counts_match_the_request() -> None:
    demo = small()
    counts = demo.counts()
    assert counts["current employees"] == 150 + 1  # and the chief executive
    assert counts["courses"] == 300
    assert counts["roles"] == len({o.id for o, _ in demo.roles}) > 10
    assert counts["departments"] == 3  # Engineering, Customer Support, Finance
    assert counts["open positions"] >= 3 and counts["learning records"] > 0
    assert len(demo.demographics) == len(demo.people)


def test_histories_are_plausible() -> None:
    demo = small()
    for person in demo.people:
        spells = person.history
        assert spells, person.person_id
        for s in spells:
            assert s.start <= TODAY and (s.end is None or s.start <= s.end <= TODAY)
        for earlier, later in pairwise(spells):
            assert earlier.end is not None and earlier.end <= later.start
        assert sum(1 for s in spells if s.end is None) <= 1
        inside = [s for s in spells if s.role_id]
        assert inside and person.hire_date == inside[0].start
        for a, b in pairwise(inside):
            assert a.end == b.start  # internal moves are back to back


def test_managers_form_a_tree_of_current_people() -> None:
    demo = small()
    current = {p.person_id: p for p in demo.people if p.current is not None}
    roots = [p for p in current.values() if not p.manager_id]
    assert [p.person_id for p in roots] == ["E000000"]
    for p in current.values():
        assert p.manager_id != p.person_id
        seen, boss = {p.person_id}, p.manager_id
        while boss:
            assert boss in current and boss not in seen
            seen.add(boss)
            boss = current[boss].manager_id


def test_outcomes_are_dated_and_moves_match_histories() -> None:
    demo = small()
    assert all(o.at <= TODAY for o in demo.outcomes)
    assert [o.at for o in demo.outcomes] == sorted(o.at for o in demo.outcomes)
    starts = {(p.person_id, s.start, s.role_id) for p in demo.people for s in p.history}
    moves = [o for o in demo.outcomes if o.event in ("move", "promotion")]
    assert moves and all((o.person_id, o.at, o.role_id) in starts for o in moves)
    assert len(demo.truth.moves) == len(moves)


def test_roles_have_ladders_pay_and_requirements() -> None:
    demo = small()
    ids = {o.id for o, _ in demo.roles}
    swe = sorted((o for o, _ in demo.roles if o.id.startswith("org:swe-")), key=lambda o: o.id)
    assert [o.org.level for o in swe if o.org] == [1, 2, 3, 4, 5, 6]
    pays = [o.org.pay_band.minimum for o in swe if o.org and o.org.pay_band]
    assert pays == sorted(pays) and len(pays) == 6
    for occ, reqs in demo.roles:
        assert occ.org is not None and set(occ.org.next_roles) <= ids
        assert reqs and all(0 <= r.level <= 1 and 0 <= r.importance <= 1 for r in reqs)


def test_inferred_skills_and_records_stay_on_the_scale() -> None:
    demo = small()
    for person in demo.people:
        for claim in person.skills:
            assert 0 <= claim.level <= 1 and 0 <= claim.confidence <= 1 and claim.evidence
    assert all(0 <= a.level <= 1 for a in demo.assessments)
    managers = {a.assessor_id for a in demo.assessments if a.assessor == "manager"}
    assert managers <= {p.person_id for p in demo.people}


def test_bias_changes_only_the_biased_group() -> None:
    fair = small()
    biased = build_demo(
        taxonomy=tiny(), size=150, seed=7, today=TODAY, params=TruthParams(bias=3.0)
    )
    gender = {d.person_id: dict(d.attributes)["gender"] for d in biased.demographics}

    def careers(demo: DemoOrganization) -> dict[str, list[tuple[object, ...]]]:
        return {p.person_id: [(s.role_id, s.start, s.end) for s in p.history] for p in demo.people}

    before, after = careers(fair), careers(biased)
    changed = {pid for pid in after if before.get(pid) != after[pid] and pid in before}
    assert changed
    assert {gender[pid] for pid in changed} == {"female"}


def test_size_out_of_range_is_refused() -> None:
    with pytest.raises(InvalidRequestError):
        build_demo(taxonomy=tiny(), size=0, seed=1, today=TODAY)


def test_write_demo_persists_everything_in_one_transaction() -> None:
    demo, store = small(), FakeStore()
    uow = FakeUnitOfWork(store)
    write_demo(demo, uow)
    assert uow.commits == 1
    assert len(store.people) == len(demo.people) and len(store.roles) == len(demo.roles)
    assert len(store.outcomes) == len(demo.outcomes) and len(store.courses) == 300
    assert store.people[demo.sample_person()] == next(
        p for p in demo.people if p.person_id == demo.sample_person()
    )
    assert [b.kind for b in store.batches.values()] == ["demo"]


def test_an_earlier_demo_is_replaced_but_imported_people_need_replace() -> None:
    demo, store = small(), FakeStore()
    uow = FakeUnitOfWork(store)
    write_demo(demo, uow)
    write_demo(replace(demo, people=demo.people[:10], demographics=()), uow)  # demo over demo
    assert len(store.people) == 10
    store.batches["B-hris"] = ImportBatch(
        "B-hris", "hris", "people.csv", datetime(2025, 1, 1, tzinfo=UTC)
    )
    with pytest.raises(InvalidRequestError, match="--replace"):
        write_demo(demo, uow)
    assert len(store.people) == 10  # refused: nothing changed
    write_demo(demo, uow, replace=True)
    assert len(store.people) == len(demo.people)


def test_cli_builds_stores_and_summarises() -> None:
    store = FakeStore()
    console = Console(stderr=True, quiet=True)
    made = build_and_store(
        tiny(), FakeUnitOfWork(store), size=40, seed=3, replace=False, today=TODAY, console=console
    )
    text = summary(made)
    assert "current employees" in text and f"careerpath people show {made.sample_person()}" in text
    assert len(store.people) == len(made.people)
