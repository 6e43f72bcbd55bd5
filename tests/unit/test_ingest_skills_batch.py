"""The vectorised inference for an import's new people agrees with domain.inference.infer_skills."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.domain.profile import Evidence, Profile, RoleRequirement, RoleSpell, SkillClaim
from careerpath.engine.skills import SkillContext, infer_profile
from careerpath.engine.skills_batch import infer_new_people

TODAY = date(2025, 6, 30)
CONTEXT = SkillContext(
    requirements={
        "org:a": (RoleRequirement("s1", 0.9, 0.7), RoleRequirement("s2", 0.6, 0.5)),
        "org:b": (RoleRequirement("s2", 0.8, 0.9), RoleRequirement("s3", 0.3, 0.9)),
        "org:empty": (),
        "15-1252.00": (RoleRequirement("s1", 0.7, 0.4), RoleRequirement("s4", 1.0, 1.0)),
    },
    courses={},
    today=TODAY,
)
spell = st.builds(
    lambda role, occ, start, months, open_: RoleSpell(
        "Role",
        TODAY - timedelta(days=start),
        None if open_ else min(TODAY, TODAY - timedelta(days=start) + timedelta(days=months * 30)),
        role,
        occ,
    ),
    st.sampled_from([None, "org:a", "org:b", "org:empty", "org:unknown"]),
    st.sampled_from([None, "15-1252.00", "99-0000.00"]),
    st.integers(0, 9000),
    st.integers(0, 120),
    st.booleans(),
)
claim = st.builds(
    lambda skill, conf, level, bare: SkillClaim(
        skill, level, conf, () if bare else (Evidence("hris", conf, level, "HR", "row 2"),)
    ),
    st.sampled_from(["s1", "s2", "s9"]),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.booleans(),
)
person = st.builds(
    lambda hist, claims: (hist, claims),
    st.lists(spell, max_size=5),
    st.lists(claim, max_size=3, unique_by=lambda c: c.skill_id),
)


def _same(a: SkillClaim, b: SkillClaim) -> None:
    assert (a.skill_id, a.origin) == (b.skill_id, b.origin)
    assert a.level == pytest.approx(b.level, abs=1e-12)
    assert a.confidence == pytest.approx(b.confidence, abs=1e-12)
    assert [(e.source, e.detail, e.ref, e.observed) for e in a.evidence] == [
        (e.source, e.detail, e.ref, e.observed) for e in b.evidence
    ]
    for x, y in zip(a.evidence, b.evidence, strict=True):
        assert (x.confidence, x.level) == pytest.approx((y.confidence, y.level), abs=1e-12)


@settings(max_examples=150, deadline=None)
@given(people=st.lists(person, max_size=6))
def test_batch_inference_equals_person_by_person(
    people: list[tuple[list[RoleSpell], list[SkillClaim]]],
) -> None:
    profiles = [
        Profile(f"P{i}", history=tuple(h), skills=tuple(c)) for i, (h, c) in enumerate(people)
    ]
    batch = infer_new_people(profiles, CONTEXT)
    for got, profile in zip(batch, profiles, strict=True):
        want = infer_profile(profile, CONTEXT)
        assert [c.skill_id for c in got.skills] == [c.skill_id for c in want.skills]
        for a, b in zip(got.skills, want.skills, strict=True):
            _same(a, b)
