"""Gap analysis: handmade examples and properties (range, monotonicity, matrix = per-pair)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.domain import gaps
from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.gaps import (
    analyse_gap,
    effective_level,
    effective_levels,
    readiness_matrix,
    requirement_matrices,
)
from careerpath.domain.profile import Evidence, Profile, RoleRequirement, SkillClaim

EV = Evidence("resume", 0.8, 0.7, "line")


def claim(sid: str, level: float, confidence: float = 1.0, n: int = 1) -> SkillClaim:
    """A claim with ``n`` pieces of evidence."""
    return SkillClaim(sid, level, confidence, (EV,) * n)


def test_gap_report_by_hand() -> None:
    reqs = [RoleRequirement("py", 1.0, 0.7), RoleRequirement("sql", 0.5, 0.4)]
    report = analyse_gap({"py": claim("py", 0.5, n=3), "sql": claim("sql", 0.6)}, reqs)
    py = report.gaps[0]
    assert py.skill_id == "py" and py.gap == pytest.approx(0.2) and py.evidence_count == 3
    assert py.weighted_gap == pytest.approx(0.2) and py.have == 0.5
    assert report.gaps[1].gap == 0.0
    assert report.readiness == pytest.approx(1 - 0.2 / (0.7 + 0.2))
    assert report.top_missing == ("py",)


def test_confidence_discounts_and_profile_input() -> None:
    reqs = [RoleRequirement("py", 1.0, 0.8)]
    sure = analyse_gap(Profile("p", skills=(claim("py", 0.8, 1.0),)), reqs)
    unsure = analyse_gap(Profile("p", skills=(claim("py", 0.8, 0.0),)), reqs)
    assert sure.readiness == 1.0
    assert unsure.readiness == pytest.approx(0.5)
    assert effective_level(None) == 0.0


def test_empty_inputs_and_bad_requirements() -> None:
    assert analyse_gap({}, []).readiness == 1.0
    assert analyse_gap({}, [RoleRequirement("x", 1.0, 0.5)]).readiness == 0.0
    with pytest.raises(InvalidRequestError):
        analyse_gap({}, [RoleRequirement("x", 1.0, 1.5)])


def test_duplicate_requirements_merge() -> None:
    reqs = [RoleRequirement("x", 0.2, 0.9), RoleRequirement("x", 0.8, 0.3)]
    report = analyse_gap({}, reqs)
    assert len(report.gaps) == 1 and report.gaps[0].importance == 0.8
    assert report.gaps[0].required == 0.9


unit = st.floats(0.0, 1.0, allow_nan=False)
SKILLS = [f"s{i}" for i in range(6)]


@st.composite
def claims_st(draw: st.DrawFn) -> dict[str, SkillClaim]:
    """A random set of claims over SKILLS."""
    chosen = draw(st.lists(st.sampled_from(SKILLS), unique=True))
    return {s: claim(s, draw(unit), draw(unit)) for s in chosen}


@st.composite
def reqs_st(draw: st.DrawFn) -> list[RoleRequirement]:
    """Random requirements over SKILLS (unique skills)."""
    chosen = draw(st.lists(st.sampled_from(SKILLS), unique=True))
    return [RoleRequirement(s, draw(st.floats(0.0, 5.0)), draw(unit)) for s in chosen]


@settings(max_examples=200, deadline=None)
@given(claims_st(), reqs_st(), st.sampled_from(SKILLS), unit)
def test_readiness_in_range_and_monotone(
    claims: dict[str, SkillClaim], reqs: list[RoleRequirement], skill: str, bump: float
) -> None:
    before = analyse_gap(claims, reqs).readiness
    assert 0.0 <= before <= 1.0
    old = claims.get(skill)
    level = min(1.0, (old.level if old else 0.0) + bump)
    raised = {**claims, skill: claim(skill, level, old.confidence if old else 0.0)}
    assert analyse_gap(raised, reqs).readiness >= before - 1e-12


@settings(max_examples=60, deadline=None)
@given(st.lists(claims_st(), min_size=1, max_size=4), st.lists(reqs_st(), min_size=1, max_size=4))
def test_matrix_equals_per_pair(
    people: list[dict[str, SkillClaim]], roles: list[list[RoleRequirement]]
) -> None:
    profiles = [Profile(f"p{i}", skills=tuple(c.values())) for i, c in enumerate(people)]
    imp, lvl = requirement_matrices(roles, SKILLS)
    matrix = readiness_matrix(effective_levels(profiles, SKILLS), imp, lvl)
    assert matrix.shape == (len(people), len(roles)) and matrix.dtype == np.float32
    for i, person in enumerate(people):
        for j, reqs in enumerate(roles):
            assert matrix[i, j] == pytest.approx(analyse_gap(person, reqs).readiness, abs=1e-5)


def test_matrix_shapes_checked_and_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gaps, "BLOCK_ELEMENTS", 40)  # 1 person per block
    with pytest.raises(InvalidRequestError):
        readiness_matrix(
            np.zeros((2, 3), np.float32), np.zeros((1, 4), np.float32), np.zeros((1, 4), np.float32)
        )
    rng = np.random.default_rng(0)
    levels = rng.random((300, 8), dtype=np.float32)
    imp, lvl = rng.random((5, 8), dtype=np.float32), rng.random((5, 8), dtype=np.float32)
    full = readiness_matrix(levels, imp, lvl)
    direct = 1 - (imp[None] * np.maximum(0, lvl[None] - levels[:, None])).sum(2) / (imp * lvl).sum(
        1
    )
    assert np.allclose(full, direct, atol=1e-5)
