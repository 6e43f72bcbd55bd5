"""recommend --all: the vectorised top-k equals rank_roles for every person; rows are stored."""

from __future__ import annotations

import random
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest

import careerpath.cli as cli
from careerpath.cli import recommend as rec_cli
from careerpath.domain.profile import (
    MentorOffer,
    OpenPosition,
    Outcome,
    Preferences,
    Profile,
    RoleRequirement,
    RoleSpell,
    SkillClaim,
)
from careerpath.domain.taxonomy import Occupation, OrgRoleInfo, Taxonomy
from careerpath.engine.ports import StoredRecommendation, UnitOfWork
from careerpath.engine.recommend import load_subject, rank_roles
from careerpath.engine.recommend_all import recommend_all, top_k
from careerpath.store import open_store
from fakes import FakeStore, FakeUnitOfWork, uow_factory

TODAY = date(2025, 1, 1)
SKILLS = ("py", "sql", "lead", "ops", "ml")
ROLES = (
    ("org:e1", 1, ("org:e2",)),
    ("org:e2", 2, ("org:e3",)),
    ("org:e3", 3, ()),
    ("org:ops", 1, ("org:ops2",)),
    ("org:ops2", 2, ()),
    ("org:ml", 2, ()),
    ("org:free", None, ()),
)


def _tax() -> Taxonomy:
    return Taxonomy(occupations={}, skills={}, facets={})


def _roles() -> list[tuple[Occupation, list[RoleRequirement]]]:
    rng = random.Random(3)
    out = []
    for rid, level, nxt in ROLES:
        info = OrgRoleInfo("Eng", level=level, next_roles=nxt)
        reqs = [RoleRequirement(s, rng.random(), rng.random()) for s in rng.sample(SKILLS, 3)]
        out.append((Occupation(rid, rid.title(), "org", job_zone=2.0, org=info), reqs))
    return out


def _person(i: int, rng: random.Random) -> Profile:
    claims = tuple(
        SkillClaim(s, round(rng.random(), 1), rng.choice((0.0, 0.5, 1.0)))
        for s in rng.sample(SKILLS, rng.randint(0, 4))
    )
    role = rng.choice([r for r, _, _ in ROLES] + ["org:unknown", ""])
    history = (RoleSpell("x", date(2022, 1, 1), None, role or None),) if role != "" else ()
    targets = tuple(rng.sample([r for r, _, _ in ROLES], rng.randint(0, 2)))
    return Profile(f"P{i:03d}", history=history, skills=claims, preferences=Preferences(targets))


def _fill(uow: UnitOfWork, n: int = 60) -> None:
    rng = random.Random(5)
    org = uow.organization
    org.add_roles(_roles())
    org.add_positions([OpenPosition("p1", "org:e2"), OpenPosition("p2", "org:ml")])
    org.add_mentors([MentorOffer("P001", 2)])
    org.add_outcomes(
        [Outcome(f"X{i}", "promotion", date(2024, 1, i + 1), "org:e2", None, "from org:e1")
         for i in range(3)]
    )  # fmt: skip
    uow.people.add_many([_person(i, rng) for i in range(n)])
    uow.commit()


@pytest.fixture
def store() -> FakeStore:
    s = FakeStore()
    with FakeUnitOfWork(s) as uow:
        _fill(uow)
    return s


def test_batch_ranking_equals_rank_roles_for_every_person(store: FakeStore) -> None:
    tax = _tax()
    summary = recommend_all(uow_factory=uow_factory(store), taxonomy=tax, top=4, today=TODAY)
    assert summary.people == 60 and summary.roles == len(ROLES)
    with FakeUnitOfWork(store) as uow:
        for pid in uow.people.ids():
            subject = load_subject(pid, uow=FakeUnitOfWork(store), taxonomy=tax, today=TODAY)
            expected = rank_roles(subject, None, 4, tax)
            got = uow.organization.recommendations(pid)
            assert [r.role_id for r in got] == [o.role_id for o in expected]
            assert [r.score for r in got] == [o.score for o in expected]
            assert [r.readiness for r in got] == pytest.approx([o.readiness for o in expected])
            assert [r.rank for r in got] == list(range(1, len(expected) + 1))
            assert {r.run_id for r in got} == {summary.run_id}


def test_top_k_breaks_ties_by_column_and_skips_nothing() -> None:
    scores = np.array([[0.5, 0.9, 0.5, 0.5, -np.inf], [1.0, 1.0, 1.0, 1.0, 1.0]])
    assert top_k(scores, 3).tolist() == [[1, 0, 2], [0, 1, 2]]
    assert top_k(scores, 9).tolist() == [[1, 0, 2, 3, 4], [0, 1, 2, 3, 4]]
    assert top_k(np.empty((0, 3)), 2).shape == (0, 2)


def test_progress_and_rerun_replaces_rows(store: FakeStore) -> None:
    seen: list[tuple[int, int]] = []
    factory = uow_factory(store)
    recommend_all(uow_factory=factory, taxonomy=_tax(), top=2, today=TODAY)
    again = recommend_all(
        uow_factory=factory,
        taxonomy=_tax(),
        top=2,
        today=TODAY,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen[-1] == (60, 60)
    with FakeUnitOfWork(store) as uow:
        rows = uow.organization.recommendations("P001")
    assert len(rows) == 2 and {r.run_id for r in rows} == {again.run_id}


def test_sqlite_stores_and_reads_back(tmp_path: Path) -> None:
    factory = open_store(f"sqlite:///{tmp_path / 'r.db'}")
    fake = FakeStore()
    with FakeUnitOfWork(fake) as src:
        _fill(src)
    with factory() as uow:
        _fill(uow)
    summary = recommend_all(uow_factory=factory, taxonomy=_tax(), top=3, today=TODAY)
    summary_fake = recommend_all(uow_factory=uow_factory(fake), taxonomy=_tax(), top=3, today=TODAY)
    with factory() as uow, FakeUnitOfWork(fake) as f:
        for pid in ("P000", "P007", "P042"):
            sql_rows = uow.organization.recommendations(pid)
            fake_rows = f.organization.recommendations(pid)
            assert [r.role_id for r in sql_rows] == [r.role_id for r in fake_rows]
            assert all(r.created == datetime(2025, 1, 1, tzinfo=UTC) for r in sql_rows)
            assert all(isinstance(r, StoredRecommendation) for r in sql_rows)
        assert uow.organization.recommendations("nobody") == []
    assert summary.rows > 0 and summary.rows == summary_fake.rows - 0


def test_cli_all_flag(
    store: FakeStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(rec_cli, "UOW_FACTORY", lambda _s: FakeUnitOfWork(store))
    monkeypatch.setattr(rec_cli, "TAXONOMY_FACTORY", lambda _s: _tax())
    monkeypatch.setattr(cli, "_register", lambda: None)
    if "recommend" not in {c.name for c in cli.app.registered_commands}:
        cli.app.command("recommend")(rec_cli.recommend)
        cli.app.command("simulate")(rec_cli.simulate)

    def invoke(*args: str) -> tuple[int, str]:
        monkeypatch.setattr(sys, "argv", ["careerpath", *args])
        try:
            cli.main()
        except SystemExit as exc:
            return int(exc.code or 0), capsys.readouterr().err
        return 0, capsys.readouterr().out

    code, out = invoke("recommend", "--all", "--top", "3")
    assert code == 0 and "60 people" in out
    with FakeUnitOfWork(store) as uow:
        assert len(uow.organization.recommendations("P010")) == 3
    assert invoke("recommend", "P001", "--all")[0] == 2
    assert invoke("recommend")[0] == 2
