"""Skill inference: documented curves, merge rule, overrides, and properties under Hypothesis."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.domain.inference import (
    Correction,
    infer_skills,
    merge_evidence,
    role_evidence,
)
from careerpath.domain.profile import (
    Assessment,
    Course,
    CourseSkill,
    Evidence,
    LearningRecord,
    ProjectRecord,
    RoleRequirement,
    RoleSpell,
    SkillClaim,
)

TODAY = date(2025, 1, 1)
REQS = {
    "org:swe-2": (
        RoleRequirement("prog", 0.9, 0.6),
        RoleRequirement("write", 0.7, 0.5),
        RoleRequirement("minor", 0.3, 0.9),  # below the core threshold: never inferred
    )
}
COURSE = Course("C1", "Python in Practice", (CourseSkill("prog", 0.5), CourseSkill("sql", 0.3)))

unit = st.floats(0.0, 1.0, allow_nan=False)
months = st.integers(0, 240)


def spell(since: int, length: int) -> RoleSpell:
    """A software engineer spell of ``length`` months that ended ``since`` months ago (0: current)."""
    end = TODAY - timedelta(days=round(since * 30.4375))
    start = end - timedelta(days=round(length * 30.4375))
    return RoleSpell("Software Engineer", start, None if since == 0 else end, role_id="org:swe-2")


def test_roles_imply_core_skills_with_their_provenance() -> None:
    claims = infer_skills([spell(0, 36)], role_requirements=REQS, today=TODAY)
    by_id = {c.skill_id: c for c in claims}
    assert set(by_id) == {"prog", "write"}
    prog = by_id["prog"]
    assert prog.origin == "inferred" and 0.5 < prog.level < 0.6
    assert prog.evidence[0].source == "role" and "Software Engineer" in prog.evidence[0].detail


def test_learning_projects_and_text_each_count() -> None:
    claims = infer_skills(
        [],
        role_requirements={},
        today=TODAY,
        courses={"C1": COURSE},
        learning=[
            LearningRecord("p", "C1", "passed", TODAY, 1.0),
            LearningRecord("p", "C1", "failed", TODAY, 0.2),
        ],
        projects=[ProjectRecord("P1", "p", "Atlas", skills=("docker",), start=date(2024, 1, 1))],
        text_claims=[SkillClaim("excel", 0.5, 0.4)],
    )
    by_id = {c.skill_id: c for c in claims}
    assert by_id["prog"].level == pytest.approx(0.5) and len(by_id["prog"].evidence) == 1
    assert by_id["docker"].evidence[0].source == "project"
    assert by_id["excel"].evidence[0].source == "resume" and by_id["excel"].confidence == 0.4


def test_manager_assessment_beats_self_and_corrections_beat_all() -> None:
    assessments = [
        Assessment("p", "prog", 0.9, "self", assessed=date(2024, 12, 1)),
        Assessment("p", "prog", 0.4, "manager", assessed=date(2024, 6, 1)),
        Assessment("p", "prog", 0.3, "manager", assessed=date(2023, 6, 1)),
    ]
    claims = infer_skills(
        [spell(0, 36)], role_requirements=REQS, today=TODAY, assessments=assessments
    )
    prog = next(c for c in claims if c.skill_id == "prog")
    assert (prog.level, prog.origin) == (0.4, "assessed")
    assert prog.evidence[0].source == "manager_assessment"
    fixed = infer_skills(
        [spell(0, 36)],
        role_requirements=REQS,
        today=TODAY,
        assessments=assessments,
        corrections=[Correction("prog", 0.7, TODAY), Correction("write", 0.0, TODAY)],
    )
    by_id = {c.skill_id: c for c in fixed}
    assert by_id["prog"].level == 0.7 and by_id["prog"].origin == "corrected"
    assert "write" not in by_id  # a correction to 0 removes the skill


evidence = st.builds(
    Evidence,
    source=st.sampled_from(["role", "learning", "project", "resume"]),
    confidence=unit,
    level=unit,
    detail=st.just("x"),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(evidence, max_size=8), evidence)
def test_scale_holds_and_more_evidence_never_lowers_confidence(
    pieces: list[Evidence], extra: Evidence
) -> None:
    before = merge_evidence("s", pieces)
    after = merge_evidence("s", [*pieces, extra])
    assert after is not None and 0 <= after.level <= 1 and 0 <= after.confidence <= 1
    if before is not None:
        assert after.confidence >= before.confidence - 1e-12


@settings(max_examples=200, deadline=None)
@given(st.lists(evidence, max_size=8), unit, st.sampled_from(["self", "manager"]))
def test_an_assessment_always_wins(pieces: list[Evidence], level: float, who: str) -> None:
    claim = merge_evidence("s", pieces, assessments=[Assessment("p", "s", level, who)])
    assert claim is not None and claim.level == pytest.approx(level) and claim.origin == "assessed"


@settings(max_examples=200, deadline=None)
@given(months, months, st.integers(0, 120))
def test_longer_tenure_never_lowers_the_level(a: int, b: int, since: int) -> None:
    short, long_ = sorted((a, b))
    req = [RoleRequirement("prog", 0.9, 0.6)]
    lvl = [role_evidence(spell(since, n), req, today=TODAY) for n in (short, long_)]
    levels = [ev[0][1].level if ev else 0.0 for ev in lvl]
    assert levels[1] >= levels[0] - 1e-12


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 120), months, months)
def test_decay_is_monotone_in_time_since(length: int, a: int, b: int) -> None:
    near, far = sorted((a, b))
    req = [RoleRequirement("prog", 0.9, 0.6)]
    levels = [
        role_evidence(spell(since, length), req, today=TODAY)[0][1].level for since in (near, far)
    ]
    assert levels[1] <= levels[0] + 1e-12
