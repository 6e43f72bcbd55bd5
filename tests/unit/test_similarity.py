"""Role similarity and transition feasibility on small synthetic facets (properties + a handmade pair)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.domain.similarity import (
    RoleSpace,
    build_role_space,
    similar,
    similarity_rows,
    text_facet,
    top_k,
)
from careerpath.domain.taxonomy import Facet
from careerpath.domain.transitions import (
    TransitionParams,
    explain,
    feasibility_rows,
    transitions,
)


def random_space(seed: int, n: int) -> RoleSpace:
    """n occupations: a rated skills facet with levels (occupation 0 unrated) and binary technology."""
    rng = np.random.default_rng(seed)
    ids = [f"occ{i:02d}" for i in range(n)]
    imp = rng.uniform(0.05, 1.0, size=(n - 1, 6)).astype(np.float32)
    lvl = rng.uniform(0.05, 1.0, size=(n - 1, 6)).astype(np.float32)
    skills = Facet(
        "skills",
        "t",
        tuple(ids[1:]),
        tuple(f"s{j}" for j in range(6)),
        sp.csr_matrix(imp),
        sp.csr_matrix(lvl),
    )
    tech = (rng.uniform(size=(n, 8)) < 0.5).astype(np.float32)
    tech[:, 0] = 1.0  # everyone shares one element, so every row has a vector
    technology = Facet(
        "technology", "t", tuple(ids), tuple(f"t{j}" for j in range(8)), sp.csr_matrix(tech)
    )
    zones = rng.integers(1, 6, size=n).astype(float).tolist()
    wages = rng.uniform(30_000, 150_000, size=n).tolist()
    return build_role_space(
        ids, {"skills": skills, "technology": technology}, job_zone=zones, wage=wages
    )


def all_rows(space: RoleSpace) -> np.ndarray:
    return np.arange(len(space), dtype=np.int64)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(3, 14))
def test_similarity_is_symmetric_bounded_and_self_maximal(seed: int, n: int) -> None:
    space = random_space(seed, n)
    s = similarity_rows(space, all_rows(space))
    assert s.shape == (n, n)
    assert np.allclose(s, s.T, atol=1e-5)
    assert s.min() >= 0.0 and s.max() <= 1.0 + 1e-5
    assert np.all(np.diag(s) >= s.max(axis=1) - 1e-5)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(3, 14), k=st.integers(1, 20))
def test_top_k_sorted_without_self(seed: int, n: int, k: int) -> None:
    space = random_space(seed, n)
    rows = all_rows(space)
    idx, val = top_k(similarity_rows(space, rows), rows, k)
    assert idx.shape == (n, min(k, n - 1))
    assert np.all(np.diff(val, axis=1) <= 1e-7)
    assert not np.any(idx == rows[:, None])


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(3, 14))
def test_feasibility_bounded_and_asymmetric_across_preparation(seed: int, n: int) -> None:
    space = random_space(seed, n)
    params = TransitionParams(coverage_share=0.0, step_up=0.6, step_down=0.1)
    f = feasibility_rows(space, all_rows(space), params)
    assert f.min() >= 0.0 and f.max() <= 1.0 + 1e-5
    s = similarity_rows(space, all_rows(space))
    zones = space.job_zone
    for a in range(n):
        for b in range(n):
            if zones[a] != zones[b] and s[a, b] > 1e-3:
                assert f[a, b] != pytest.approx(f[b, a], rel=1e-4)
                up, down = (a, b) if zones[b] > zones[a] else (b, a)
                assert f[up, down] < f[down, up]


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(3, 14))
def test_occupation_missing_a_facet_still_gets_results(seed: int, n: int) -> None:
    space = random_space(seed, n)
    assert not space.facets["skills"].present[0]
    ids, scores = similar(space, "occ00", top=n)
    assert len(ids) == n - 1 and "occ00" not in ids
    ids, scores = transitions(space, "occ00", top=3, params=TransitionParams())
    assert len(ids) == min(3, n - 1)
    assert np.all(scores >= 0)


def handmade() -> RoleSpace:
    ids = ("a", "b", "c")
    cols = ("read", "math", "code")
    imp = np.array([[1.0, 0.5, 0.0], [1.0, 0.0, 1.0], [0.5, 0.5, 0.5]], np.float32)
    lvl = np.array([[0.5, 0.2, 0.0], [0.8, 0.0, 0.6], [0.3, 0.3, 0.3]], np.float32)
    skills = Facet("skills", "t", ids, cols, sp.csr_matrix(imp), sp.csr_matrix(lvl))
    tech = np.array([[1, 1, 0, 1], [0, 1, 1, 1], [1, 0, 1, 1]], np.float32)
    technology = Facet("technology", "t", ids, ("x", "y", "z", "w"), sp.csr_matrix(tech))
    return build_role_space(
        ids,
        {"skills": skills, "technology": technology},
        job_zone=[2, 4, None],
        wage=[50_000, 80_000, None],
    )


def test_explanation_lists_shared_and_missing_with_gaps() -> None:
    space = handmade()
    why = explain(
        space, "a", "b", params=TransitionParams(), labels={"read": "Reading", "code": "Coding"}
    )
    shared = {(g.facet, g.element) for g in why.shared}
    assert shared == {("skills", "read"), ("technology", "y"), ("technology", "w")}
    gaps = {(g.facet, g.element): g.gap for g in why.missing}
    assert gaps[("skills", "code")] == pytest.approx(0.6)
    assert gaps[("skills", "read")] == pytest.approx(0.3)
    assert gaps[("technology", "z")] == pytest.approx(1.0)
    assert ("skills", "math") not in gaps  # b does not need math
    assert next(g for g in why.missing if g.element == "code").label == "Coding"
    assert why.job_zone_step == 2.0
    assert why.wage_change == pytest.approx(30_000)
    assert why.wage_change_ratio == pytest.approx(0.6)
    assert {f.facet for f in why.facets} == {"skills", "technology"}
    assert 0.0 <= why.similarity <= 1.0 and 0.0 <= why.feasibility <= 1.0


def test_explanation_without_job_zone_or_wage_says_none() -> None:
    why = explain(handmade(), "a", "c", params=TransitionParams())
    assert why.job_zone_step is None and why.wage_change is None


def test_moving_up_a_zone_is_harder_than_down() -> None:
    space = handmade()
    params = TransitionParams(coverage_share=0.5, step_up=0.5, step_down=0.1)
    f = feasibility_rows(space, np.array([0, 1], dtype=np.int64), params)
    assert f[0, 1] < f[1, 0]


def test_text_facet_counts_words_not_stopwords() -> None:
    facet = text_facet("titles", "t", ["a", "b"], ["Software Developer and developer", "the Nurse"])
    assert set(facet.col_ids) == {"software", "developer", "nurse"}
    assert facet.importance.shape == (2, 3)
    assert facet.importance.max() == pytest.approx(1.0)


def test_unknown_id_raises_key_error() -> None:
    with pytest.raises(KeyError):
        similar(handmade(), "zzz", top=2)
