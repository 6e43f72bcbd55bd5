"""The role-transition graph and the k best diverse career paths through it, under constraints.

Edges come from three kinds of evidence, each a probability that a person in the origin role makes
the move, combined by noisy-OR, p = 1 - prod_kind (1 - p_kind):

- ``similar``: taxonomy feasibility score s in [0, 1] of the top-k neighbours, p = similar_weight * s;
- ``ladder``: the organization's next_roles, p = ladder_prob (a boost over any similarity);
- ``observed``: moves in the organization's history, p = count / (holders + observed_prior), where
  holders is the number who held the origin role (default: moves out of it).

Edge cost is -log p, so a path's cost adds up and exp(-cost) is its probability. Expected months of
an edge: the median months in role before the observed moves, else ``ladder_months`` or
``similar_months``. Search is Yen's k loopless shortest paths, each spur a Dijkstra over (role, hops)
bounded by ``max_steps``; a candidate is kept only if its set of intermediate roles overlaps every
kept path's by at most ``1 - diversity`` (overlap = shared / larger set), so the k results are not
variants of one path. Unreachable targets raise NoRouteError with the closest reachable roles.
"""

from __future__ import annotations

import heapq
import itertools
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from careerpath.domain.constraints import PathConstraints, RoleAttrs
from careerpath.domain.errors import CareerpathError, InvalidRequestError
from careerpath.domain.similarity import F32, I64

KINDS = ("ladder", "observed", "similar")
_P_MIN, _P_MAX = 1e-6, 0.999
#: The default constraints (PathConstraints() defaults).
NO_CONSTRAINTS = PathConstraints()
Route = tuple[str, ...]


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

    def __post_init__(self) -> None:
        """Index edges by (source, target)."""
        for edges in self.out.values():
            for e in edges:
                self._index[e.source, e.target] = e

    def edges_from(self, role: str) -> tuple[Edge, ...]:
        """Out-edges of a role, most probable first."""
        return self.out.get(role, ())

    def edge(self, source: str, target: str) -> Edge | None:
        """The edge source -> target, if any."""
        return self._index.get((source, target))


@dataclass(frozen=True)
class Path:
    """A route of roles: its edges, additive cost, probability, expected months, flags."""

    roles: Route
    edges: tuple[Edge, ...]
    cost: float
    probability: float
    months: float
    missing_certifications: tuple[str, ...] = ()  # needed by the final role, not held
    goal: float | None = None  # goal score of the final role (paths_toward)

    @property
    def steps(self) -> int:
        """Number of moves."""
        return len(self.edges)


@dataclass(frozen=True)
class NoRoute:
    """Why no path reaches a target within the limits, and the closest reachable roles."""

    origin: str
    target: str | None
    reason: str
    closest: tuple[tuple[str, float], ...]  # (role id, closeness score), best first


class NoRouteError(CareerpathError):
    """No path reaches the target (or any goal role) within the limits; carries a NoRoute."""

    def __init__(self, no_route: NoRoute) -> None:
        """Wrap a NoRoute; the message is its reason, the hint its closest roles."""
        names = ", ".join(r for r, _ in no_route.closest[:5]) or "none"
        super().__init__(no_route.reason, hint=f"closest reachable roles: {names}")
        self.no_route = no_route


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


class _Search:
    """Hop-bounded Dijkstra over (role, hops) on a graph under constraints."""

    def __init__(self, graph: TransitionGraph, constraints: PathConstraints) -> None:
        """Keep the graph and constraints."""
        self.graph, self.c = graph, constraints

    def run(
        self,
        start: str,
        hops: int,
        target: str | None,
        banned_nodes: frozenset[str] = frozenset(),
        banned_edges: frozenset[tuple[str, str]] = frozenset(),
    ) -> dict[str, tuple[float, Route]]:
        """Best (cost, route) to each role reachable in <= ``hops`` moves (stops at ``target``)."""
        best: dict[str, tuple[float, Route]] = {}
        fewest: dict[str, int] = {}
        heap: list[tuple[float, int, Route]] = [(0.0, 0, (start,))]
        while heap:
            cost, h, route = heapq.heappop(heap)
            node = route[-1]
            if h >= fewest.get(node, hops + 1):
                continue
            fewest[node] = h
            best.setdefault(node, (cost, route))
            if node == target or h == hops or not self._passable(node, start, target):
                continue
            for e in self.graph.edges_from(node):
                v = e.target
                if v in route or v in banned_nodes or (node, v) in banned_edges:
                    continue
                if self._enter(node, v, target):
                    heapq.heappush(heap, (cost + e.cost, h + 1, (*route, v)))
        return best

    def _passable(self, node: str, start: str, target: str | None) -> bool:
        """Whether a search may continue through ``node`` (a final-only role may not)."""
        return node == start or self.c.role_ok(self.graph.roles[node], node, final=False)

    def _enter(self, src: str, dst: str, target: str | None) -> bool:
        """Whether the move src -> dst is allowed (dst may be final if it is the target or free)."""
        roles = self.graph.roles
        final = target is None or dst == target
        return self.c.role_ok(roles[dst], dst, final=final) and self.c.move_ok(
            src, roles[src], dst, roles[dst]
        )

    def path(self, route: Route, goal: float | None = None) -> Path:
        """The Path of a route (edges, cost, probability, months with the first-move wait)."""
        edges = tuple(e for a, b in itertools.pairwise(route) if (e := self.graph.edge(a, b)))
        cost = math.fsum(e.cost for e in edges)
        months = self.c.first_wait(edges[0].months) + math.fsum(e.months for e in edges[1:])
        missing = self.c.missing_certifications(self.graph.roles[route[-1]])
        return Path(route, edges, cost, math.exp(-cost), months, missing, goal)


def k_best_paths(
    graph: TransitionGraph,
    origin: str,
    target: str,
    *,
    k: int = 3,
    constraints: PathConstraints = NO_CONSTRAINTS,
    diversity: float = 0.5,
    closeness: Mapping[str, float] | None = None,
) -> list[Path]:
    """The k cheapest loopless, diverse paths origin -> target (module docstring), cost ascending."""
    constraints.validate(graph.roles, origin, target)
    if k < 1 or not 0.0 <= diversity <= 1.0:
        raise InvalidRequestError("k must be >= 1 and diversity in [0, 1]")
    search = _Search(graph, constraints)
    first = search.run(origin, constraints.max_steps, target).get(target)
    if first is None:
        raise NoRouteError(_no_route(graph, search, origin, target, constraints, closeness))
    kept: list[Route] = []
    for route in _yen(search, first[1], constraints.max_steps, limit=50 * k):
        if _diverse(route, kept, diversity):
            kept.append(route)
            if len(kept) == k:
                break
    return [search.path(r) for r in kept]


def _yen(search: _Search, first: Route, max_steps: int, *, limit: int) -> Iterable[Route]:
    """Loopless routes origin -> target in ascending cost (Yen), at most ``limit`` of them."""
    target = first[-1]
    found: list[Route] = [first]
    seen: set[Route] = {first}
    heap: list[tuple[float, Route]] = []
    yield first
    while len(found) < limit:
        last = found[-1]
        for i in range(len(last) - 1):
            root = last[: i + 1]
            banned = frozenset(
                (r[i], r[i + 1]) for r in found if len(r) > i + 1 and r[: i + 1] == root
            )
            spur = search.run(root[-1], max_steps - i, target, frozenset(root[:-1]), banned)
            if target in spur:
                route = root[:-1] + spur[target][1]
                if route not in seen:
                    seen.add(route)
                    heapq.heappush(heap, (search.path(route).cost, route))
        if not heap:
            return
        found.append(heapq.heappop(heap)[1])
        yield found[-1]


def _diverse(route: Route, kept: Sequence[Route], diversity: float) -> bool:
    """Whether a route's intermediate roles overlap each kept route's by at most 1 - diversity."""
    mids = set(route[1:-1])
    for other in kept:
        theirs = set(other[1:-1])
        larger = max(len(mids), len(theirs))
        overlap = len(mids & theirs) / larger if larger else 1.0
        if overlap > 1.0 - diversity + 1e-12:
            return False
    return True


def paths_toward(
    graph: TransitionGraph,
    origin: str,
    *,
    goal_scores: Mapping[str, float],
    k: int = 5,
    constraints: PathConstraints = NO_CONSTRAINTS,
) -> list[Path]:
    """Best paths to the k roles maximising probability x goal score (goal > 0), best first."""
    constraints.validate(graph.roles, origin, None)
    search = _Search(graph, constraints)
    reach = search.run(origin, constraints.max_steps, None)
    ends = [
        (cost - math.log(goal), role, route)
        for role, (cost, route) in reach.items()
        if role != origin and (goal := goal_scores.get(role, 0.0)) > 0
    ]
    if not ends:
        closest = sorted(((r, goal_scores.get(r, 0.0)) for r in reach if r != origin), key=_rank)
        reason = f"no role with a positive goal score is reachable from {origin!r}"
        reason += f" within {constraints.max_steps} steps"
        raise NoRouteError(NoRoute(origin, None, reason, tuple(closest[:10])))
    ends.sort()
    return [search.path(route, goal_scores[role]) for _, role, route in ends[:k]]


def _rank(item: tuple[str, float]) -> tuple[float, str]:
    """Sort key: highest score first, then id."""
    return (-item[1], item[0])


def _no_route(
    graph: TransitionGraph,
    search: _Search,
    origin: str,
    target: str,
    constraints: PathConstraints,
    closeness: Mapping[str, float] | None,
) -> NoRoute:
    """Why no route reaches the target, with reachable roles ranked by closeness to it."""
    reach = search.run(origin, constraints.max_steps, None)
    reach.pop(origin, None)
    reach.pop(target, None)
    if closeness is not None:
        scored = [(r, closeness.get(r, 0.0)) for r in reach]
    else:
        scored = [(r, e.probability if (e := graph.edge(r, target)) else 0.0) for r in reach]
    hops = _min_hops(graph, origin, target)
    if hops is None:
        reason = f"no known transitions lead from {origin!r} to {target!r}"
    elif hops > constraints.max_steps:
        reason = f"{target!r} needs at least {hops} moves (limit {constraints.max_steps})"
    else:
        reason = (
            f"every route to {target!r} within {constraints.max_steps} moves breaks a constraint"
        )
    return NoRoute(origin, target, reason, tuple(sorted(scored, key=_rank)[:10]))


def _min_hops(graph: TransitionGraph, origin: str, target: str) -> int | None:
    """Fewest moves origin -> target ignoring constraints (breadth-first), None if unreachable."""
    frontier, seen, depth = [origin], {origin}, 0
    while frontier:
        depth += 1
        nxt = [e.target for n in frontier for e in graph.edges_from(n) if e.target not in seen]
        if target in nxt:
            return depth
        seen.update(nxt)
        frontier = list(dict.fromkeys(nxt))
    return None
