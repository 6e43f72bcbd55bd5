"""The k best diverse career paths through the role-transition graph, under constraints.

The graph (``domain.path_graph``: edges, their probabilities, costs -log p and months) is built from
ladders, taxonomy feasibility and observed moves. Search is Yen's k loopless shortest paths, each
spur a Dijkstra over (role, hops) bounded by ``max_steps`` that stops when the target is settled and
never enters a role farther from the target (in moves, ignoring constraints) than the moves left; a
candidate is kept only if its set of intermediate roles overlaps every kept path's by at most
``1 - diversity`` (overlap = shared / larger set), so the k results are not variants of one path.
Unreachable targets raise NoRouteError with the closest reachable roles.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from careerpath.domain.constraints import PathConstraints
from careerpath.domain.errors import CareerpathError, InvalidRequestError
from careerpath.domain.path_graph import (
    KINDS,
    Edge,
    GraphParams,
    TransitionGraph,
    build_graph,
    similar_from_arrays,
)

__all__ = [
    "KINDS",
    "NO_CONSTRAINTS",
    "Edge",
    "GraphParams",
    "NoRoute",
    "NoRouteError",
    "Path",
    "TransitionGraph",
    "build_graph",
    "k_best_paths",
    "paths_toward",
    "similar_from_arrays",
]

#: The default constraints (PathConstraints() defaults).
NO_CONSTRAINTS = PathConstraints()
Route = tuple[str, ...]


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


class _Search:
    """Hop-bounded Dijkstra over (role, hops) on a graph under constraints.

    Per role, the allowed out-moves are worked out once (``_moves``: whether each neighbour may be
    entered as an intermediate and as a final role). With a target, the search stops when the target
    is settled (its first pop is its cheapest route within the hop limit), and it never enters a
    role that cannot reach the target in the moves left (``hops_to``, a lower bound ignoring
    constraints, so nothing reachable is cut).
    """

    def __init__(
        self, graph: TransitionGraph, constraints: PathConstraints, target: str | None = None
    ) -> None:
        """Keep the graph and constraints; with a target, its hop distances."""
        self.graph, self.c = graph, constraints
        self._moves: dict[str, tuple[tuple[str, float, bool, bool], ...]] = {}
        self._through: dict[str, bool] = {}
        self._near = graph.hops_to(target, constraints.max_steps) if target is not None else None

    def run(
        self,
        start: str,
        hops: int,
        target: str | None,
        banned_nodes: frozenset[str] = frozenset(),
        banned_edges: frozenset[tuple[str, str]] = frozenset(),
    ) -> dict[str, tuple[float, Route]]:
        """Best (cost, route) to each role reachable in <= ``hops`` moves (stops at ``target``)."""
        return {
            node: (cost, route)
            for node, cost, route in self.settle(start, hops, target, banned_nodes, banned_edges)
        }

    def settle(
        self,
        start: str,
        hops: int,
        target: str | None,
        banned_nodes: frozenset[str] = frozenset(),
        banned_edges: frozenset[tuple[str, str]] = frozenset(),
    ) -> Iterator[tuple[str, float, Route]]:
        """(role, cost, route) as each role's cheapest route within ``hops`` is found, cost order."""
        fewest: dict[str, int] = {}
        near = self._near if target is not None else None
        heap: list[tuple[float, int, Route]] = [(0.0, 0, (start,))]
        while heap:
            cost, h, route = heapq.heappop(heap)
            node = route[-1]
            if h >= fewest.get(node, hops + 1):
                continue
            if node not in fewest:
                yield node, cost, route
            fewest[node] = h
            if node == target:
                return
            if h == hops or not (node == start or self._passable(node)):
                continue
            left = hops - h - 1  # moves left after the next one
            for v, c, mid, final in self._allowed(node):
                if not (final if target is None or v == target else mid):
                    continue
                if v in route or v in banned_nodes or (node, v) in banned_edges:
                    continue
                if near is not None and near.get(v, left + 1) > left:
                    continue
                heapq.heappush(heap, (cost + c, h + 1, (*route, v)))

    def _passable(self, node: str) -> bool:
        """Whether a search may continue through ``node`` (a final-only role may not)."""
        ok = self._through.get(node)
        if ok is None:
            ok = self._through[node] = self.c.role_ok(self.graph.roles[node], node, final=False)
        return ok

    def _allowed(self, node: str) -> tuple[tuple[str, float, bool, bool], ...]:
        """Out-moves of ``node``: (role, cost, may enter as intermediate, may enter as final)."""
        moves = self._moves.get(node)
        if moves is None:
            roles, c = self.graph.roles, self.c
            a = roles[node]
            out = []
            for e in self.graph.edges_from(node):
                b = roles[e.target]
                if c.move_ok(node, a, e.target, b):
                    mid = c.role_ok(b, e.target, final=False)
                    final = c.role_ok(b, e.target, final=True)
                    if mid or final:
                        out.append((e.target, e.cost, mid, final))
            moves = self._moves[node] = tuple(out)
        return moves

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
    search = _Search(graph, constraints, target)
    first = search.run(origin, constraints.max_steps, target).get(target)
    if first is None:
        free = _Search(graph, constraints)
        raise NoRouteError(_no_route(graph, free, origin, target, constraints, closeness))
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
    """Best paths to the k roles maximising probability x goal score (goal > 0), best first.

    The search settles roles in cost order and stops once no role still to come can enter the best
    k (its cost plus the smallest goal penalty, -log goal, already exceeds the k-th best key).
    """
    constraints.validate(graph.roles, origin, None)
    if k < 1:
        raise InvalidRequestError("k must be >= 1")
    search = _Search(graph, constraints)
    goals = [g for g in goal_scores.values() if g > 0]
    penalty = min(-math.log(g) for g in goals) if goals else 0.0
    reach: dict[str, tuple[float, Route]] = {}
    kth: list[float] = []  # the k smallest keys so far, negated (a max-heap)
    for role, cost, route in search.settle(origin, constraints.max_steps, None):
        if len(kth) == k and -kth[0] < cost + penalty:
            break  # no role still to come can enter the best k
        reach[role] = (cost, route)
        goal = goal_scores.get(role, 0.0)
        if role != origin and goal > 0:
            heapq.heappush(kth, -(cost - math.log(goal)))
            if len(kth) > k:
                heapq.heappop(kth)
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
