"""Speed of ``k_best_paths`` / ``paths_toward`` on random role-transition graphs (issue 4, paths).

What it measures
  Random graphs built like the recommender's (``domain.paths.build_graph``): --roles roles in
  ladders of 4-6 rungs (``ladder`` edges up each ladder), each role with ``--similar`` neighbours of
  random feasibility (``similar`` edges; ~half in the same job-zone band), ``--moves`` observed moves
  between random ladder neighbours, job zones 1-5 rising along a ladder, pay floors on half the
  roles. Queries: random (origin, target) pairs, k = 3 diverse paths (diversity 0.5) of at most 4
  steps under default constraints with a pay floor at the origin's band; targets (never below the
  floor) are drawn among roles reachable within 4 moves ignoring constraints (``found``) and among
  any roles (``any``: includes no-route answers with their closest roles); plus ``paths_toward`` with goal scores on a tenth of the roles.
  Each query is timed once after one warm-up query; the table shows p50 / p95 / mean in ms.

Run (from the repo root, venv active):
    python bench/paths_speed.py [--roles 1000] [--queries 200] [--seed 0]
Writes bench/results/paths_speed.json and prints a table.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from _common import print_table, write_results
from careerpath.domain.constraints import PathConstraints, RoleAttrs
from careerpath.domain.paths import (
    NoRouteError,
    TransitionGraph,
    build_graph,
    k_best_paths,
    paths_toward,
)


def random_graph(n: int, similar: int, moves: int, seed: int) -> TransitionGraph:
    """A random graph of ``n`` roles (module docstring)."""
    rng = np.random.default_rng(seed)
    ids = [f"r{i:05d}" for i in range(n)]
    ladders: dict[str, list[str]] = {}
    attrs: dict[str, RoleAttrs] = {}
    i = 0
    while i < n:
        rungs = int(rng.integers(4, 7))
        zone = float(rng.integers(1, 3))
        for r in range(min(rungs, n - i)):
            rid = ids[i + r]
            pay = float(40_000 + 15_000 * (zone + r)) if rng.random() < 0.5 else None
            attrs[rid] = RoleAttrs(job_zone=min(5.0, zone + r // 2), pay_min=pay)
            if r + 1 < rungs and i + r + 1 < n:
                ladders[rid] = [ids[i + r + 1]]
        i += rungs
    neigh = {
        rid: [(ids[int(j)], float(s)) for j, s in zip(
            rng.choice(n, similar, replace=False), rng.uniform(0.05, 1.0, similar), strict=True
        ) if ids[int(j)] != rid]
        for rid in ids
    }  # fmt: skip
    observed = []
    for _ in range(moves):
        a = int(rng.integers(n))
        b = min(n - 1, max(0, a + int(rng.integers(-8, 9))))
        observed.append((ids[a], ids[b], float(rng.uniform(6, 48))))
    return build_graph(attrs, similar=neigh, ladders=ladders, moves=observed)


def reachable(graph: TransitionGraph, origin: str, hops: int) -> list[str]:
    """Roles reachable from ``origin`` in 1..hops moves, ignoring constraints."""
    seen, frontier = {origin}, [origin]
    for _ in range(hops):
        frontier = [e.target for n in frontier for e in graph.edges_from(n) if e.target not in seen]
        seen.update(frontier)
    return sorted(seen - {origin})


def timed(fn: Callable[[], Any]) -> tuple[float, str]:
    """Milliseconds of one call and its outcome: found (number of paths) or no route."""
    start = time.perf_counter()
    try:
        out = fn()
        outcome = f"{len(out)} paths"
    except NoRouteError:
        outcome = "no route"
    return (time.perf_counter() - start) * 1000, outcome


def run(graph: TransitionGraph, queries: int, seed: int) -> list[dict[str, Any]]:
    """Time the three query kinds; one row per kind."""
    rng = np.random.default_rng(seed + 1)
    ids = sorted(graph.roles)
    goals = {r: float(rng.uniform(0.2, 1.0)) for r in rng.choice(ids, len(ids) // 10, False)}
    rows = []
    for kind in ("found", "any", "toward"):
        times, outcomes = [], []
        for q in range(queries + 1):
            origin = ids[int(rng.integers(len(ids)))]
            c = PathConstraints(max_steps=4, pay_floor=graph.roles[origin].pay_min)
            call: Callable[[], Any]
            if kind == "toward":
                call = partial(paths_toward, graph, origin, goal_scores=goals, k=3, constraints=c)
            else:
                pool = reachable(graph, origin, 4) if kind == "found" else ids
                pool = [t for t in pool if t != origin and c.role_ok(graph.roles[t], t, final=True)]
                if not pool:
                    continue
                target = pool[int(rng.integers(len(pool)))]
                call = partial(k_best_paths, graph, origin, target, k=3, constraints=c)
            ms, outcome = timed(call)
            if q:  # the first query warms up
                times.append(ms)
                outcomes.append(outcome)
        rows.append(
            {
                "query": kind,
                "n": len(times),
                "p50_ms": statistics.median(times),
                "p95_ms": float(np.percentile(times, 95)),
                "mean_ms": statistics.fmean(times),
                "max_ms": max(times),
                "no_route_share": outcomes.count("no route") / len(outcomes),
            }
        )
    return rows


def main() -> None:
    """Build the graph, time the queries, print and write the results."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--roles", type=int, default=1000)
    ap.add_argument("--similar", type=int, default=10)
    ap.add_argument("--moves", type=int, default=3000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    start = time.perf_counter()
    graph = random_graph(args.roles, args.similar, args.moves, args.seed)
    build_s = time.perf_counter() - start
    edges = sum(len(graph.edges_from(r)) for r in graph.roles)
    rows = run(graph, args.queries, args.seed)
    print(f"graph: {len(graph.roles)} roles, {edges} edges, built in {build_s:.2f} s")
    cols = ["query", "n", "p50_ms", "p95_ms", "mean_ms", "max_ms", "no_route_share"]
    print_table(rows, cols, title="k_best_paths (k=3, 4 steps, diversity 0.5) and paths_toward")
    if args.no_write:
        return
    path = write_results(
        "paths_speed",
        {"params": vars(args) | {"edges": edges, "build_s": build_s}, "queries": rows},
    )
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
