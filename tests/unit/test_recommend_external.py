"""External O*NET occupations among the next roles: flagged, limited, asked for, left out, batched."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.domain.policy import PolicyRules
from careerpath.domain.profile import (
    Preferences,
    Profile,
    RoleRequirement,
    RoleSpell,
    SkillClaim,
)
from careerpath.domain.taxonomy import Facet, Occupation, OrgRoleInfo, Skill, Taxonomy
from careerpath.engine.recommend import recommend_for
from careerpath.engine.recommend_all import recommend_all
from careerpath.engine.recommend_context import org_context
from careerpath.engine.recommend_external import MAX_LISTED, Row, external_space, merge
from careerpath.engine.recommend_roles import rank_roles
from careerpath.engine.recommend_subject import constraints, load_subject
from fakes import FakeStore, FakeUnitOfWork, uow_factory

TODAY = date(2025, 1, 1)
SKILLS = ("2.A.1.a", "2.A.1.b", "2.B.1.a", "2.B.2.a", "2.C.1.a")
#: O*NET occupations: (code, title, job zone, importance per skill); the first two are mapped.
ONET = (
    ("15-0001.00", "Developers", 3.0, (0.9, 0.8, 0.0, 0.0, 0.5)),
    ("43-0001.00", "Clerks", 2.0, (0.0, 0.0, 0.9, 0.8, 0.0)),
    ("15-0002.00", "Programmers", 3.0, (0.9, 0.7, 0.0, 0.0, 0.6)),
    ("15-0003.00", "Testers", 3.0, (0.8, 0.9, 0.0, 0.1, 0.5)),
    ("15-0004.00", "Analysts", 4.0, (0.7, 0.9, 0.2, 0.0, 0.6)),
    ("15-0005.00", "Architects", 5.0, (0.9, 0.9, 0.0, 0.0, 0.9)),
    ("15-0006.00", "Webmasters", 3.0, (0.8, 0.6, 0.0, 0.2, 0.7)),
)
MAPPED = {"15-0001.00", "43-0001.00"}


def taxonomy() -> Taxonomy:
    """Seven O*NET occupations rated on five skills (importance = level)."""
    codes = tuple(c for c, *_ in ONET)
    imp = sp.csr_matrix(np.array([row for *_, row in ONET], np.float32))
    facet = Facet("skills", "onet", codes, SKILLS, imp, imp.copy())
    occupations = {c: Occupation(c, t, "onet", job_zone=z) for c, t, z, _ in ONET}
    skills = {s: Skill(s, f"skill {s}", "onet", "skill") for s in SKILLS}
    return Taxonomy(occupations=occupations, skills=skills, facets={"onet.skills": facet})


def _role(rid: str, level: int, code: str, nxt: tuple[str, ...] = ()) -> Occupation:
    info = OrgRoleInfo("Eng", level=level, onet_codes=(code,), next_roles=nxt)
    return Occupation(rid, rid.upper(), "org", job_zone=3.0, org=info)


def store(people: list[Profile]) -> FakeStore:
    """Org roles that require a skill nobody has (so they score low) and the given people."""
    hard = [RoleRequirement("org:rare", 1.0, 0.9)]
    s = FakeStore()
    with FakeUnitOfWork(s) as uow:
        uow.organization.add_roles(
            [
                (_role("org:dev1", 1, "15-0001.00", ("org:dev2",)), hard),
                (_role("org:dev2", 2, "15-0001.00"), hard),
                (_role("org:clerk", 1, "43-0001.00"), hard),
            ]
        )
        uow.people.add_many(people)
        uow.commit()
    return s


def person(pid: str = "P1", role: str = "org:dev1", **prefs: tuple[str, ...]) -> Profile:
    claims = tuple(SkillClaim(s, 0.9, 1.0) for s in SKILLS[:2] + SKILLS[4:])
    return Profile(
        pid,
        history=(RoleSpell("x", date(2022, 1, 1), None, role),),
        skills=claims,
        preferences=Preferences(**prefs),
    )


def test_space_leaves_out_mapped_occupations_and_keeps_feasible_ones() -> None:
    tax = taxonomy()
    with FakeUnitOfWork(store([])) as uow:
        ctx = org_context(uow, tax)
    ext = external_space(ctx, tax)
    assert not MAPPED & set(ext.ids) and "15-0002.00" in ext.ids
    assert external_space(ctx, tax) is ext  # compiled once per context
    rows = [j for j, _ in ext.candidates["org:dev1"]]
    feas = [f for _, f in ext.candidates["org:dev1"]]
    assert feas == sorted(feas, reverse=True) and all(f > 0 for f in feas)
    assert ext.ids[rows[0]] in {"15-0002.00", "15-0003.00", "15-0006.00"}


def test_externals_flagged_capped_by_default() -> None:
    tax = taxonomy()
    rec = recommend_for("P1", uow=FakeUnitOfWork(store([person()])), taxonomy=tax, today=TODAY)
    ext = [r for r in rec.next_roles if r.external]
    assert 0 < len(ext) <= MAX_LISTED
    assert all(r.open_positions == 0 and r.role_id not in MAPPED for r in ext)
    assert all("outside the organization" in r.rationale for r in ext)
    assert all(r.sources[1] == "taxonomy.onet" for r in ext)
    top = ext[0]
    values = {a.feature: a.value for a in top.attributions}
    assert values["progression"] == 0.0 and values["open_positions"] == 0.0
    assert top.score == pytest.approx(sum(a.contribution for a in top.attributions))
    # the architects need a job-zone rise of 2 over the person's role: refused by the step limit
    assert "15-0005.00" not in {r.role_id for r in rec.next_roles}


def test_asked_shows_them_refused_leaves_them_out_policy_wins() -> None:
    tax = taxonomy()
    s = store([person()])
    asked = recommend_for(
        "P1", uow=FakeUnitOfWork(s), taxonomy=tax, today=TODAY, top=2, external=True
    )
    assert sum(r.external for r in asked.next_roles) == 2
    none = recommend_for("P1", uow=FakeUnitOfWork(s), taxonomy=tax, today=TODAY, external=False)
    assert not any(r.external for r in none.next_roles)
    with FakeUnitOfWork(s) as uow:
        uow.policies.add(
            PolicyRules(include_external=False), author="hr", comment="", at=datetime.now(UTC)
        )
        uow.commit()
    ruled = recommend_for("P1", uow=FakeUnitOfWork(s), taxonomy=tax, today=TODAY, external=True)
    assert not any(r.external for r in ruled.next_roles)
    assert ruled.policy_version == 1 and any("external" in n for n in ruled.notes)


def test_excluded_and_wanted_externals() -> None:
    tax = taxonomy()
    p = person(target_roles=("15-0004.00",))
    s = store([p])
    rec = recommend_for("P1", uow=FakeUnitOfWork(s), taxonomy=tax, today=TODAY, top=20)
    wanted = next(r for r in rec.next_roles if r.role_id == "15-0004.00")
    assert wanted.external and wanted.aspiration == 1.0 and "your goals" in wanted.rationale
    best = next(r.role_id for r in rec.next_roles if r.external)
    again = recommend_for(
        "P1", uow=FakeUnitOfWork(s), taxonomy=tax, today=TODAY, top=20, excluded=(best,)
    )
    assert best not in {r.role_id for r in again.next_roles}


def test_batch_with_externals_and_policy_equals_rank_roles() -> None:
    tax = taxonomy()
    people = [
        person("A"),
        person("B", "org:dev2", target_roles=("15-0003.00",)),
        person("C", "org:clerk"),
        Profile("D"),
    ]
    s = store(people)
    for rules in (None, PolicyRules(excluded_roles=frozenset({"org:dev2", "15-0002.00"}))):
        if rules is not None:
            with FakeUnitOfWork(s) as uow:
                uow.policies.add(rules, author="hr", comment="", at=datetime.now(UTC))
                uow.commit()
        summary = recommend_all(uow_factory=uow_factory(s), taxonomy=tax, top=5, today=TODAY)
        assert summary.policy_version == (1 if rules else None)
        for p in people:
            sub = load_subject(p.person_id, uow=FakeUnitOfWork(s), taxonomy=tax, today=TODAY)
            expected = rank_roles(sub, None, 5, tax, limits=constraints(sub, (), 4))
            with FakeUnitOfWork(s) as uow:
                got = uow.organization.recommendations(p.person_id)
            assert [r.role_id for r in got] == [o.role_id for o in expected]
            assert [r.score for r in got] == [o.score for o in expected]
            if rules is not None:
                assert not {"org:dev2", "15-0002.00"} & {r.role_id for r in got}
    with FakeUnitOfWork(s) as uow:
        assert any(r.role_id in ONET_IDS for r in uow.organization.recommendations("A"))


ONET_IDS = {c for c, *_ in ONET}


rows = st.lists(
    st.tuples(st.floats(0, 1), st.sampled_from("abcdefgh")), max_size=8, unique_by=lambda t: t[1]
)


@settings(max_examples=200, deadline=None)
@given(rows, rows, st.integers(1, 6), st.sampled_from([None, True, False]))
def test_merge_limits(
    internal: list[tuple[float, str]],
    external: list[tuple[float, str]],
    top: int,
    asked: bool | None,
) -> None:
    ins: list[Row] = [(v, f"org:{k}", {}) for v, k in internal]
    ext: list[Row] = sorted(((v, f"x{k}", {}) for v, k in external), key=lambda r: (-r[0], r[1]))
    got = merge(ins, ext, top, asked)
    n_ext = sum(1 for r in got if r[1].startswith("x"))
    assert got == sorted(got, key=lambda r: (-r[0], r[1]))
    assert len(got) == min(
        top, len(ins) + (0 if asked is False else len(ext) if asked else min(MAX_LISTED, len(ext)))
    )
    if asked is False:
        assert n_ext == 0
    elif asked is None:
        assert n_ext <= MAX_LISTED
    else:
        assert n_ext >= min(MAX_LISTED, len(ext), top)
    shown = [r for r in got if r[1].startswith("x")]
    assert shown == ext[: len(shown)]  # always the best externals
