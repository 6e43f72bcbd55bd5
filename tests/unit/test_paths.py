"""Role-transition graph and k-best diverse paths: handmade graphs and properties against brute force."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.domain.constraints import PathConstraints, RoleAttrs, role_attrs
from careerpath.domain.errors import InvalidRequestError, UnknownCodeError
from careerpath.domain.paths import (
    GraphParams,
    NoRouteError,
    TransitionGraph,
    build_graph,
    k_best_paths,
    paths_toward,
    similar_from_arrays,
)
from careerpath.domain.taxonomy import Occupation, OrgRoleInfo, PayBand


def roles(*ids: str, **attrs: RoleAttrs) -> dict[str, RoleAttrs]:
    """Role attributes: defaults for ``ids``, given ones for keywords."""
    return {**{r: RoleAttrs() for r in ids}, **attrs}


def ladder_graph() -> TransitionGraph:
    """A -> B -> C on a ladder; A -> C a weak similarity jump; A -> D -> C similar."""
    return build_graph(
        roles("A", "B", "C", "D"),
        ladders={"A": ["B"], "B": ["C"]},
        similar={"A": [("C", 0.2), ("D", 0.9)], "D": [("C", 0.9)]},
    )


def test_ladder_preferred_over_risky_jump() -> None:
    best = k_best_paths(ladder_graph(), "A", "C", k=1)[0]
    assert best.roles == ("A", "B", "C")
    assert [e.kinds for e in best.edges] == [("ladder",), ("ladder",)]
    assert best.probability == pytest.approx(0.36) and best.months == 48.0


def test_excluded_role_and_policy_reroute() -> None:
    g = ladder_graph()
    c = PathConstraints(excluded=frozenset({"B"}))
    assert k_best_paths(g, "A", "C", k=1, constraints=c)[0].roles == ("A", "D", "C")
    no_d = PathConstraints(excluded=frozenset({"B"}), policy=lambda a, b: b != "D")
    assert k_best_paths(g, "A", "C", k=1, constraints=no_d)[0].roles == ("A", "C")


def test_job_zone_limit() -> None:
    attrs = roles(A=RoleAttrs(job_zone=2), B=RoleAttrs(job_zone=3), C=RoleAttrs(job_zone=4))
    g = build_graph(attrs, similar={"A": [("C", 0.99), ("B", 0.4)], "B": [("C", 0.4)]})
    assert k_best_paths(g, "A", "C", k=1)[0].roles == ("A", "B", "C")
    loose = PathConstraints(max_zone_step=2)
    assert k_best_paths(g, "A", "C", k=1, constraints=loose)[0].roles == ("A", "C")


def test_pay_floor_and_locations() -> None:
    attrs = roles(
        "A", "C", B=RoleAttrs(pay_min=50.0, locations=("Paris",)), D=RoleAttrs(pay_min=90)
    )
    g = build_graph(attrs, ladders={"A": ["B", "D"], "B": ["C"], "D": ["C"]})
    floor = PathConstraints(pay_floor=80.0)
    assert [p.roles for p in k_best_paths(g, "A", "C", k=3, constraints=floor)] == [("A", "D", "C")]
    berlin = PathConstraints(locations=frozenset({"Berlin"}))
    assert [p.roles for p in k_best_paths(g, "A", "C", k=3, constraints=berlin)] == [
        ("A", "D", "C")
    ]


def test_k_paths_distinct_and_diverse() -> None:
    mids = ["M1", "M2", "M3", "X"]
    similar = {"A": [(m, 0.9) for m in mids], **{m: [("T", 0.9)] for m in mids}}
    similar["M1"] = [("X", 0.9), ("T", 0.9)]
    g = build_graph(roles("A", "T", *mids), similar=similar)
    paths = k_best_paths(g, "A", "T", k=10, diversity=0.6)
    assert len({p.roles for p in paths}) == len(paths)
    for i, p in enumerate(paths):
        for q in paths[:i]:
            shared = set(p.roles[1:-1]) & set(q.roles[1:-1])
            assert len(shared) <= 0.4 * max(len(p.roles) - 2, len(q.roles) - 2)
    assert ("A", "M1", "X", "T") not in {p.roles for p in paths}  # a variant of A-M1-T / A-X-T
    plain = k_best_paths(g, "A", "T", k=10, diversity=0.0)
    assert ("A", "M1", "X", "T") in {p.roles for p in plain}


def test_no_route_names_closest_roles() -> None:
    g = build_graph(roles("A", "B", "C", "T"), ladders={"A": ["B"], "B": ["C"], "C": ["T"]})
    with pytest.raises(NoRouteError) as err:
        k_best_paths(g, "A", "T", constraints=PathConstraints(max_steps=2))
    no = err.value.no_route
    assert "at least 3 moves" in no.reason and no.closest[0] == ("C", pytest.approx(0.6))
    with pytest.raises(NoRouteError) as err:
        k_best_paths(g, "B", "A", closeness={"C": 0.7, "T": 0.2})
    assert "no known transitions" in err.value.no_route.reason
    assert [r for r, _ in err.value.no_route.closest] == ["C", "T"]
    with pytest.raises(NoRouteError) as err:
        k_best_paths(g, "A", "T", constraints=PathConstraints(excluded=frozenset({"B"})))
    assert "breaks a constraint" in err.value.no_route.reason


def test_contradictory_and_unknown() -> None:
    g = ladder_graph()
    with pytest.raises(InvalidRequestError):
        k_best_paths(g, "A", "C", constraints=PathConstraints(max_steps=0))
    with pytest.raises(InvalidRequestError):
        k_best_paths(g, "A", "C", constraints=PathConstraints(excluded=frozenset({"C"})))
    with pytest.raises(InvalidRequestError):
        k_best_paths(g, "A", "A")
    with pytest.raises(UnknownCodeError):
        k_best_paths(g, "A", "Z")


def test_certifications_final_only_or_excluded() -> None:
    attrs = roles(
        "A", "T", B=RoleAttrs(certifications=("CPA",)), C=RoleAttrs(certifications=("PMP",))
    )
    g = build_graph(attrs, ladders={"A": ["B", "C"], "C": ["T"]}, similar={"B": [("T", 0.9)]})
    to_b = k_best_paths(g, "A", "B")[0]
    assert to_b.missing_certifications == ("CPA",)
    with pytest.raises(NoRouteError):  # C would be an uncertified intermediate
        k_best_paths(g, "A", "T")
    held = PathConstraints(held_certifications=frozenset({"PMP"}))
    assert k_best_paths(g, "A", "T", constraints=held)[0].roles == ("A", "C", "T")
    with pytest.raises(InvalidRequestError):
        k_best_paths(g, "A", "B", constraints=PathConstraints(certifications="exclude"))


def test_observed_moves_rates_months_and_tenure() -> None:
    moves = [("A", "B", 10.0), ("A", "B", 14.0), ("A", "B", 30.0), ("A", "C", 6.0)]
    g = build_graph(roles("A", "B", "C"), moves=moves, holders={"A": 10}, ladders={"A": ["B"]})
    ab = g.edge("A", "B")
    assert ab is not None and ab.kinds == ("ladder", "observed") and ab.observed == 3
    assert ab.probability == pytest.approx(1 - 0.4 * (1 - 3 / 12)) and ab.months == 14.0
    c = PathConstraints(tenure_months=4.0, min_tenure_months=18.0)
    assert k_best_paths(g, "A", "B", constraints=c)[0].months == 14.0
    assert k_best_paths(g, "A", "C", constraints=PathConstraints(tenure_months=4))[0].months == 2.0


def test_paths_toward_goals() -> None:
    g = ladder_graph()
    paths = paths_toward(g, "A", goal_scores={"C": 1.0, "D": 0.1, "B": 0.0}, k=5)
    assert [p.roles[-1] for p in paths] == ["C", "D"] and paths[0].goal == 1.0
    with pytest.raises(NoRouteError) as err:
        paths_toward(g, "C", goal_scores={"A": 1.0})
    assert err.value.no_route.target is None


def test_helpers_from_taxonomy_shapes() -> None:
    import numpy as np

    sim = similar_from_arrays(
        ["a", "b", "c"],
        np.array([0, 1]),
        np.array([[1, 2], [0, 2]]),
        np.array([[0.9, 0.1], [0.5, 0.2]]),
    )
    assert sim["a"] == [("b", pytest.approx(0.9)), ("c", pytest.approx(0.1))]
    g = build_graph({}, similar=sim, params=GraphParams(top_k=1))
    assert g.edge("a", "c") is None and g.edge("a", "b") is not None
    occ = Occupation(
        "org:x",
        "X",
        "org",
        job_zone=3,
        org=OrgRoleInfo("eng", pay_band=PayBand("L3", 1.0, 2.0), certifications=("c",)),
    )
    assert role_attrs(occ) == RoleAttrs(3, 1.0, ("c",))


# ---- properties against brute force on small random graphs ----

NODES = [f"r{i}" for i in range(7)]


@st.composite
def graphs(draw: st.DrawFn) -> TransitionGraph:
    """A random graph over NODES with similar and ladder edges and random job zones."""
    zones = {n: RoleAttrs(job_zone=draw(st.sampled_from([None, 1.0, 2.0, 3.0]))) for n in NODES}
    pairs = draw(st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(NODES)), max_size=25))
    similar: dict[str, list[tuple[str, float]]] = {}
    for a, b in pairs:
        similar.setdefault(a, []).append((b, draw(st.floats(0.05, 1.0))))
    ladders = {
        a: [b]
        for a, b in draw(
            st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(NODES)), max_size=5)
        )
    }
    return build_graph(zones, similar=similar, ladders=ladders)


def brute_force(g: TransitionGraph, origin: str, target: str, c: PathConstraints) -> list[float]:
    """Costs of every loopless path origin -> target allowed by ``c``, ascending."""
    costs: list[float] = []

    def walk(route: list[str], cost: float) -> None:
        node = route[-1]
        if node == target:
            costs.append(cost)
            return
        if len(route) > c.max_steps or (
            len(route) > 1 and not c.role_ok(g.roles[node], node, final=False)
        ):
            return
        for e in g.edges_from(node):
            v = e.target
            ok = c.role_ok(g.roles[v], v, final=v == target) and c.move_ok(
                node, g.roles[node], v, g.roles[v]
            )
            if v not in route and ok:
                walk([*route, v], cost + e.cost)

    walk([origin], 0.0)
    return sorted(costs)


@settings(max_examples=150, deadline=None)
@given(
    graphs(),
    st.sampled_from(NODES),
    st.sampled_from(NODES),
    st.integers(1, 4),
    st.frozensets(st.sampled_from(NODES), max_size=2),
    st.sampled_from([0.0, 0.5, 1.0]),
)
def test_paths_properties(
    g: TransitionGraph,
    origin: str,
    target: str,
    steps: int,
    excluded: frozenset[str],
    diversity: float,
) -> None:
    excluded = excluded - {origin, target}
    if origin == target:
        return
    c = PathConstraints(max_steps=steps, excluded=excluded)
    expected = brute_force(g, origin, target, c)
    try:
        paths = k_best_paths(g, origin, target, k=4, constraints=c, diversity=diversity)
    except NoRouteError as err:
        assert not expected and err.no_route.reason
        return
    assert paths and paths[0].cost == pytest.approx(expected[0])
    if diversity == 0.0:
        assert [p.cost for p in paths] == pytest.approx(expected[:4])
    for p, q in itertools.pairwise(paths):
        assert q.cost >= p.cost - 1e-9
    for p in paths:
        assert len(set(p.roles)) == len(p.roles) and p.steps <= steps
        assert p.roles[0] == origin and p.roles[-1] == target
        assert not excluded & set(p.roles)
        assert all(g.edge(e.source, e.target) == e for e in p.edges)
        assert math.isclose(p.probability, math.exp(-p.cost))


def brute_ends(g: TransitionGraph, origin: str, c: PathConstraints) -> dict[str, float]:
    """Cheapest cost of a loopless path within ``c`` from ``origin`` to every role it reaches."""
    best: dict[str, float] = {}

    def walk(route: list[str], cost: float) -> None:
        node = route[-1]
        if len(route) > 1:
            best[node] = min(cost, best.get(node, math.inf))
            if not c.role_ok(g.roles[node], node, final=False):
                return
        if len(route) > c.max_steps:
            return
        for e in g.edges_from(node):
            v = e.target
            ok = c.role_ok(g.roles[v], v, final=True) and c.move_ok(
                node, g.roles[node], v, g.roles[v]
            )
            if v not in route and ok:
                walk([*route, v], cost + e.cost)

    walk([origin], 0.0)
    return best


@settings(max_examples=150, deadline=None)
@given(
    graphs(),
    st.sampled_from(NODES),
    st.integers(1, 4),
    st.dictionaries(st.sampled_from(NODES), st.floats(0.05, 1.0), max_size=7),
    st.integers(1, 4),
)
def test_paths_toward_properties(
    g: TransitionGraph, origin: str, steps: int, goals: dict[str, float], k: int
) -> None:
    c = PathConstraints(max_steps=steps)
    reach = brute_ends(g, origin, c)
    keys = sorted(reach[r] - math.log(v) for r, v in goals.items() if r in reach and r != origin)
    try:
        paths = paths_toward(g, origin, goal_scores=goals, k=k, constraints=c)
    except NoRouteError as err:
        assert not keys and err.no_route.target is None
        return
    got = [p.cost - math.log(goals[p.roles[-1]]) for p in paths]
    assert got == pytest.approx(keys[:k])  # the k best ends, in order, each by its cheapest route
    assert len({p.roles[-1] for p in paths}) == len(paths)
    for p in paths:
        assert p.roles[0] == origin and p.steps <= steps and p.goal == goals[p.roles[-1]]
        assert len(set(p.roles)) == len(p.roles)
