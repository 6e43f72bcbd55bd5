"""Recommendations and what-ifs on a tiny organization held in a FakeUnitOfWork."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

import careerpath.cli as cli
import careerpath.engine.recommend_context as rc
import careerpath.engine.recommend_paths as rp
from careerpath.cli import recommend as rec_cli
from careerpath.domain.errors import NotFoundError, UnknownCodeError
from careerpath.domain.learning_plan import LearningPlan
from careerpath.domain.paths import Edge
from careerpath.domain.profile import (
    Course,
    CourseSkill,
    MentorOffer,
    OpenPosition,
    Outcome,
    Profile,
    RoleRequirement,
    RoleSpell,
    SkillClaim,
)
from careerpath.domain.simulation import MoveTiming
from careerpath.domain.taxonomy import Occupation, OrgRoleInfo, Skill, Taxonomy
from careerpath.engine.recommend import recommend_for
from careerpath.engine.recommend_context import OrgContext, org_context, success_estimator
from careerpath.engine.recommend_paths import READY_ENOUGH, needed_hours, success_version
from careerpath.engine.recommend_timing import TimingModel
from careerpath.engine.recommend_whatif import simulate_for
from careerpath.ml.success import FEATURES, HeuristicSuccess, SuccessModel
from fakes import FakeStore, FakeUnitOfWork

TODAY = date(2025, 1, 1)
SKILLS = ("py", "sql", "lead", "ops")


def _role(rid: str, title: str, level: int, zone: float, nxt: tuple[str, ...]) -> Occupation:
    info = OrgRoleInfo("Eng", level=level, next_roles=nxt)
    return Occupation(rid, title, "org", job_zone=zone, org=info)


def _req(**levels: float) -> list[RoleRequirement]:
    return [RoleRequirement(s, 1.0, v) for s, v in levels.items()]


def _store() -> FakeStore:
    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        org = uow.organization
        org.add_roles(
            [
                (_role("org:e1", "Engineer I", 1, 2, ("org:e2",)), _req(py=0.3, sql=0.3)),
                (_role("org:e2", "Engineer II", 2, 3, ("org:e3",)), _req(py=0.5, sql=0.4)),
                (_role("org:e3", "Staff Engineer", 3, 4, ()), _req(py=0.7, sql=0.5, lead=0.6)),
                (_role("org:ops", "Operations", 1, 2, ()), _req(ops=0.6, sql=0.3)),
            ]
        )
        org.add_positions([OpenPosition("p1", "org:e2")])
        org.add_mentors([MentorOffer("M1", 2), MentorOffer("BOSS", 2)])
        org.add_outcomes(
            [Outcome(f"X{i}", "promotion", date(2024, 1, i + 1), "org:e2", None, "from org:e1")
             for i in range(3)]
        )  # fmt: skip
        uow.learning.add_courses(
            [
                Course("c-lead", "Leading teams", (CourseSkill("lead", 0.7),), 20.0, 300.0),
                Course("c-py", "Advanced Python", (CourseSkill("py", 0.8),), 40.0, 100.0),
            ]
        )
        uow.people.add_many([_person(), _mentor(), Profile("BOSS", history=_spell("org:e3"))])
        uow.people.add(Profile("EMPTY", history=_spell("org:e1")))
        uow.commit()
    return store


def _spell(role: str, start: date = date(2022, 1, 1)) -> tuple[RoleSpell, ...]:
    return (RoleSpell("x", start, None, role),)


def _person() -> Profile:
    claims = (SkillClaim("py", 0.7, 1.0), SkillClaim("sql", 0.5, 1.0))
    return Profile("P1", "Pat", manager_id="BOSS", history=_spell("org:e1"), skills=claims)


def _mentor() -> Profile:
    history = (
        RoleSpell("e1", date(2015, 1, 1), date(2018, 1, 1), "org:e1"),
        RoleSpell("e3", date(2018, 1, 1), None, "org:e3"),
    )
    return Profile("M1", "Mo", history=history, skills=(SkillClaim("lead", 0.9, 1.0),))


def _taxonomy() -> Taxonomy:
    skills = {s: Skill(s, s.upper(), "org", "skill") for s in SKILLS}
    return Taxonomy(occupations={}, skills=skills, facets={})


def test_ready_ladder_step_ranks_first() -> None:
    rec = recommend_for("P1", uow=FakeUnitOfWork(_store()), taxonomy=_taxonomy(), today=TODAY)
    first = rec.next_roles[0]
    assert first.role_id == "org:e2" and first.readiness == pytest.approx(1.0)
    assert "org:e1" not in [r.role_id for r in rec.next_roles]
    assert sum(a.contribution for a in first.attributions) == pytest.approx(first.score)
    assert first.rationale and 0 < first.confidence <= 1 and rec.model_version


def test_two_step_target_is_planned_and_simulated() -> None:
    store = _store()
    rec = recommend_for(
        "P1", uow=FakeUnitOfWork(store), taxonomy=_taxonomy(), today=TODAY, target="org:e3"
    )
    assert rec.no_route is None and rec.paths
    best = rec.paths[0]
    assert best.roles == ("org:e1", "org:e2", "org:e3")
    assert [s.course_id for s in best.plan.steps] == ["c-lead"]
    m = best.simulation.months
    assert 0 < m.p10 <= m.p50 <= m.p90
    lo, hi = best.simulation.success_interval
    assert 0 <= lo <= best.simulation.success <= hi <= 1
    assert "Leading teams" in best.rationale
    assert [x.person_id for x in rec.mentors] == ["M1"]  # BOSS is the manager: left out


def test_no_route_when_the_middle_rung_is_excluded() -> None:
    rec = recommend_for(
        "P1",
        uow=FakeUnitOfWork(_store()),
        taxonomy=_taxonomy(),
        today=TODAY,
        target="org:e3",
        excluded=("org:e2",),
    )
    assert rec.paths == () and rec.no_route is not None
    assert "org:e3" in rec.no_route.reason and rec.next_roles


def test_unknown_person_and_target() -> None:
    store = _store()
    with pytest.raises(NotFoundError):
        recommend_for("NOPE", uow=FakeUnitOfWork(store), taxonomy=_taxonomy(), today=TODAY)
    with pytest.raises(UnknownCodeError):
        recommend_for(
            "P1", uow=FakeUnitOfWork(store), taxonomy=_taxonomy(), today=TODAY, target="org:zz"
        )


def test_empty_profile_still_gets_recommendations_with_a_note() -> None:
    rec = recommend_for("EMPTY", uow=FakeUnitOfWork(_store()), taxonomy=_taxonomy(), today=TODAY)
    assert rec.next_roles and all(r.readiness == 0 for r in rec.next_roles)
    assert any("no skills" in n for n in rec.notes)
    assert rec.paths or rec.no_route is not None


def test_what_if_course_helps() -> None:
    result = simulate_for(
        "P1",
        target="org:e3",
        what_if=[("course", "c-lead")],
        uow=FakeUnitOfWork(_store()),
        taxonomy=_taxonomy(),
        today=TODAY,
    )
    assert result.readiness_after > result.readiness_before
    assert result.delta_p50_months < 0 or result.delta_success > 0
    assert result.plan_hours_after < result.plan_hours_before


def test_what_if_unknown_course() -> None:
    with pytest.raises(UnknownCodeError):
        simulate_for(
            "P1",
            target="org:e3",
            what_if=[("course", "nope")],
            uow=FakeUnitOfWork(_store()),
            taxonomy=_taxonomy(),
            today=TODAY,
        )


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture()
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    store = _store()
    monkeypatch.setattr(rec_cli, "UOW_FACTORY", lambda settings: FakeUnitOfWork(store))
    monkeypatch.setattr(rec_cli, "TAXONOMY_FACTORY", lambda settings: _taxonomy())
    monkeypatch.setattr(cli, "_register", lambda: None)
    names = {c.name for c in cli.app.registered_commands}
    if "recommend" not in names:
        cli.app.command("recommend")(rec_cli.recommend)
        cli.app.command("simulate")(rec_cli.simulate)

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["careerpath", *args])
        code = 0
        try:
            cli.main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        out = capsys.readouterr()
        return code, out.out, out.err

    yield invoke


def test_cli_recommend_json_shape(run: Run) -> None:
    code, out, _ = run("recommend", "P1", "--target", "org:e3", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["next_roles"][0]["role_id"] == "org:e2"
    path = data["paths"][0]
    assert {"p10", "p50", "p90"} <= set(path["simulation"]["months"])
    assert path["plan"]["steps"] and data["model_version"] and data["sources"]


def test_cli_table_and_errors(run: Run) -> None:
    code, out, _ = run("recommend", "P1")
    assert code == 0 and "next roles" in out
    code, _, err = run("recommend", "NOPE")
    assert code == 2 and "NOPE" in err
    code, out, _ = run("simulate", "P1", "--target", "org:e3", "--what-if", "course=c-lead")
    assert code == 0 and "months p50" in out
    code, _, err = run("simulate", "P1", "--target", "org:e3", "--what-if", "bogus")
    assert code == 2 and "kind=ID" in err


def _ctx() -> OrgContext:
    with FakeUnitOfWork(_store()) as uow:
        return org_context(uow, _taxonomy())


def _plan(hours: float, coverage: float) -> LearningPlan:
    return LearningPlan((), hours, 0.0, (), "time", hours, hours, coverage, "exact")


def test_needed_hours_only_up_to_ready_enough() -> None:
    assert needed_hours(_plan(100.0, 1.0), READY_ENOUGH) == 0.0
    assert needed_hours(_plan(100.0, 1.0), 0.6) == pytest.approx(100.0 * 0.2 / 0.4)
    assert needed_hours(_plan(100.0, 0.1), 0.0) == pytest.approx(100.0)  # capped at the plan
    assert needed_hours(_plan(100.0, 0.0), 0.0) == 0.0


def test_timing_origin_fit_scaled_by_pair_and_performance_else_pooled_else_edge() -> None:
    ctx = replace(_ctx(), timing=TimingModel())
    edge = Edge("org:e1", "org:e2", 0.5, 0.7, 24.0, ("ladder",))
    assert rp._timing(edge, ctx).median == 24.0
    pooled = replace(ctx, timing=TimingModel(base=MoveTiming(30.0, 0.7)))
    assert (rp._timing(edge, pooled).median, rp._timing(edge, pooled).sigma) == (30.0, 0.7)
    model = TimingModel({"org:e1": MoveTiming(15.0, 0.4)}, MoveTiming(30.0, 0.7))
    origin = replace(ctx, timing=model)
    assert rp._timing(edge, origin).median == 15.0
    pair = replace(origin, pair_factor={("org:e1", "org:e2"): 0.6})
    assert rp._timing(edge, pair).median == pytest.approx(9.0)
    assert rp._timing(edge, pair).sigma == 0.4
    assert rp._timing(edge, pair, min_months=18.0).min_months == 18.0
    perf = replace(origin, timing=replace(model, perf_effect=-1.0, perf_mean={"org:e1": 0.5}))
    assert rp._timing(edge, perf, performance=1.0).median == pytest.approx(15.0 * math.exp(-0.5))
    assert rp._timing(edge, perf, performance=None).median == 15.0


def test_success_model_heuristic_without_history_learned_with_it() -> None:
    ctx = _ctx()
    assert ctx.success_data is None
    assert success_version(ctx) == "heuristic-success"
    assert isinstance(success_estimator(ctx)[0], HeuristicSuccess)
    rng = np.random.default_rng(0)
    x = np.full((400, len(FEATURES)), np.nan)
    x[:, 0] = rng.random(400)
    x[:, 1], x[:, 2], x[:, 3], x[:, 5] = 1.0 - x[:, 0], 1.0, 12.0, 1.0
    y = (rng.random(400) < x[:, 0]).astype(float)
    learned = replace(ctx, success_data=(x, y), cache={})
    model, version = success_estimator(learned)
    assert isinstance(model, SuccessModel) and version == "learned-success-n400"
    assert success_estimator(learned)[0] is model  # fitted once, cached on the context
    p = model.success_probability(x[:5])
    assert p.shape == (5,) and np.all((p > 0) & (p < 1))


def test_context_joins_verdicts_to_moves() -> None:
    outcomes = [
        Outcome("A", "promotion", date(2020, 1, 1), "org:e2", None, "from org:e1"),
        Outcome("A", "promotion", date(2021, 1, 1), "org:e3", None, "from org:e2"),
        Outcome("A", "success", date(2022, 1, 1), "org:e3", None, "success"),
        Outcome("B", "failure", date(2022, 1, 1), "org:e2", None, "no move before"),
    ]
    joined = rc._labelled_moves(outcomes, {"org:e1", "org:e2", "org:e3"})
    assert len(joined) == 1
    pid, a, b, months, ok = joined[0]
    assert (pid, a, b, ok) == ("A", "org:e2", "org:e3", True)
    assert months == pytest.approx(366 / 30.4375)
