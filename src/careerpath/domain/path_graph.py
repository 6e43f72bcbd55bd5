"""The role-transition graph: roles, weighted moves between them and each role's constraint attributes.

Edges come from three kinds of evidence, each a probability that a person in the origin role makes
the move, combined by noisy-OR, p = 1 - prod_kind (1 - p_kind):

- ``similar``: taxonomy feasibility score s in [0, 1] of the top-k neighbours, p = similar_weight * s;
- ``ladder``: the organization's next_roles, p = ladder_prob (a boost over any similarity);
- ``observed``: moves in the organization's history, p = count / (holders + observed_prior), where
  holders is the number who held the origin role (default: moves out of it).

Edge cost is -log p, so a path's cost adds up and exp(-cost) is its probability. Expected months of
an edge: the median months in role before the observed moves, else ``ladder_months`` or
``similar_months``. ``domain.paths`` searches it.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from careerpath.domain.constraints import RoleAttrs
from careerpath.domain.similarity import F32, I64

KINDS = ("ladder", "observed", "similar")
_P_MIN, _P_MAX = 1e-6, 0.999


@dataclass(frozen=True)
class GraphParams:
    """Weights of the evidence kinds (module docstring) and default months per move."""

    similar_weight: float = 0.35
    ladder_prob: float = 0.6
    observed_prior: float = 2.0
    top_k: int = 10
    min_similarity: float = 0.0
    ladder_months: float = 24.0
    similar_months: float = 30.0


@dataclass(frozen=True, slots=True)
class Edge:
    """A move: probability in (0, 1), cost -log p, expected months, evidence kinds, observed count."""

    source: str
    target: str
    probability: float
    cost: float
    months: float
    kinds: tuple[str, ...]
    observed: int = 0


@dataclass(frozen=True)
class TransitionGraph:
    """Weighted directed graph over role ids, with each role's constraint attributes."""

    roles: Mapping[str, RoleAttrs]
    out: Mapping[str, tuple[Edge, ...]]
    _index: dict[tuple[str, str], Edge] = field(default_factory=dict, compare=False, repr=False)
    _into: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        """Index edges by (source, target) and sources by target."""
        for edges in self.out.values():
            for e in edges:
                self._index[e.source, e.target] = e
                self._into.setdefault(e.target, []).append(e.source)

    def sources_of(self, role: str) -> list[str]:
        """Roles with an edge into ``role``."""
        return self._into.get(role, [])

    def hops_to(self, target: str, depth: int) -> dict[str, int]:
        """Fewest moves from each role to ``target`` ignoring constraints, for roles <= ``depth``."""
        out, frontier = {target: 0}, [target]
        for d in range(1, depth + 1):
            frontier = [u for v in frontier for u in self.sources_of(v) if u not in out]
            for u in frontier:
                out.setdefault(u, d)
            frontier = list(dict.fromkeys(frontier))
        return out

    def edges_from(self, role: str) -> tuple[Edge, ...]:
        """Out-edges of a role, most probable first."""
        return self.out.get(role, ())

    def edge(self, source: str, target: str) -> Edge | None:
        """The edge source -> target, if any."""
        return self._index.get((source, target))


def build_graph(
    roles: Mapping[str, RoleAttrs],
    *,
    similar: Mapping[str, Sequence[tuple[str, float]]] | None = None,
    ladders: Mapping[str, Sequence[str]] | None = None,
    moves: Iterable[tuple[str, str, float]] = (),
    holders: Mapping[str, int] | None = None,
    params: GraphParams = GraphParams(),
) -> TransitionGraph:
    """Graph from feasibility neighbours, ladders and observed (from, to, months in role) moves."""
    probs: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for src, neigh in (similar or {}).items():
        best = sorted(neigh, key=lambda t: -t[1])[: params.top_k]
        for dst, score in best:
            if dst != src and score > params.min_similarity:
                probs[src, dst]["similar"] = params.similar_weight * min(1.0, score)
    for src, nexts in (ladders or {}).items():
        for dst in nexts:
            if dst != src:
                probs[src, dst]["ladder"] = params.ladder_prob
    counts, months = _observed(moves, probs, holders or {}, params)
    out: dict[str, list[Edge]] = defaultdict(list)
    for (src, dst), kinds in probs.items():
        p = min(_P_MAX, max(_P_MIN, 1.0 - math.prod(1.0 - q for q in kinds.values())))
        default = params.ladder_months if "ladder" in kinds else params.similar_months
        m = months.get((src, dst), default)
        names = tuple(k for k in KINDS if k in kinds)
        out[src].append(Edge(src, dst, p, -math.log(p), m, names, counts.get((src, dst), 0)))
    attrs = dict(roles)
    for src, dst in probs:
        attrs.setdefault(src, RoleAttrs())
        attrs.setdefault(dst, RoleAttrs())
    ordered = {s: tuple(sorted(es, key=lambda e: (e.cost, e.target))) for s, es in out.items()}
    return TransitionGraph(attrs, ordered)


def _observed(
    moves: Iterable[tuple[str, str, float]],
    probs: dict[tuple[str, str], dict[str, float]],
    holders: Mapping[str, int],
    params: GraphParams,
) -> tuple[Counter[tuple[str, str]], dict[tuple[str, str], float]]:
    """Add observed-move probabilities to ``probs``; counts and median months per pair."""
    spans: dict[tuple[str, str], list[float]] = defaultdict(list)
    for src, dst, months in moves:
        if src != dst:
            spans[src, dst].append(months)
    counts = Counter({pair: len(v) for pair, v in spans.items()})
    leaving = Counter[str]()
    for (src, _), n in counts.items():
        leaving[src] += n
    for (src, dst), n in counts.items():
        denom = max(holders.get(src, 0), leaving[src]) + params.observed_prior
        probs[src, dst]["observed"] = n / denom
    return counts, {pair: statistics.median(v) for pair, v in spans.items()}


def similar_from_arrays(
    ids: Sequence[str], origins: I64, neighbours: I64, scores: F32
) -> dict[str, list[tuple[str, float]]]:
    """Neighbour lists from top-k arrays: origin rows (c,), neighbour rows (c, k), scores (c, k)."""
    return {
        ids[int(o)]: [
            (ids[int(j)], float(s)) for j, s in zip(neighbours[i], scores[i], strict=True)
        ]
        for i, o in enumerate(origins)
    }
