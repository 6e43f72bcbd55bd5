"""Recommendation quality on the demo organization's hidden ground truth, holding out the latest moves.

What it measures (issue 4, "Quality")
  The demo (size 2000, seed 7, --today) is built from the real taxonomy. Moves and promotions are
  split by date: the cutoff T is the date at --holdout (default 0.8) of the sorted move dates, so the
  latest ~20 % of moves fall on or after T. The store is rebuilt "as of T" in a FakeUnitOfWork:

  * history: spells that started before T; a spell still open at T is made current (end = None);
  * skills: RE-INFERRED as of T (``domain.inference.infer_skills`` with today = T, from the truncated
    history, learning records / projects / assessments dated before T) unless ``--skills built``,
    which keeps the demo's skills inferred at --today (leaks post-T roles and learning; ablation);
  * performance: the latest ``rating`` outcome before T; preferences' target roles: the first two
    ``next_roles`` of the role held at T (the demo derives them from the role held at --today, which
    would leak the destination);
  * outcomes before T only (the context's observed moves and timings never see held-out moves);
    open positions opened before T only (the demo opens them in the last 90 days, so usually none);
    people hired on or after T are left out; the org context is compiled with today = T.

  Next roles and success, for each person employed at T with a move or promotion on or after T
  (their first one), with origin = the role held at T:
  * Recall@1/5/10 and MRR@10 of the destination in ``recommend_for(..., today=T, top=10)``'s next
    roles (default: a few external O*NET occupations when they rank among the best), and Recall@10
    when the person asks for external occupations (``rank_roles(external=True)``: the best 3 always
    listed) and without them; vs the baseline: the most common destinations from the same origin
    before T (by count, then overall destination frequency to fill 10). Internal moves are the
    ground truth: an external occupation in a list can only take a place;
  * success probability of the move: the direct one-step path origin -> destination priced exactly as
    the recommender prices its paths (``recommend_paths.price_steps`` + ``simulate_path``, the same
    draws and seed); without a direct edge, the best path of ``recommend_for(target=destination)``.
    Calibrated (``calibration_report``: ECE, Brier, reliability) against the hidden truth's success
    of the move (and stored success / failure outcomes when judged by --today), vs the base-rate
    baseline (rate of success among labelled outcomes before T) and the truth's own probability.

  Time to role (censoring-aware), at T and at a long-window cutoff (--long-window months before
  --today, default 36, built the same way), for EVERYONE employed in an org role at the cutoff:
  the wait W is the months from the cutoff to the person's first move after it, observed when it
  comes before --today and before they leave, else censored (at leaving or at --today). The
  recommender's prediction is its simulated time to role (p10 / p50 / p90) of the one-step move to
  the actual destination for movers, to its top-ranked next role for the others (the first move's
  time is what is observed). Metrics:
  * share moved by the predicted p10 / p50 / p90: the Kaplan-Meier estimate of P(W <= prediction)
    (KM of W - prediction with the same censoring): a calibrated model gives 0.1 / 0.5 / 0.9;
  * per origin role (at least ``MIN_GROUP`` people and a KM median reached): predicted median wait
    (median of the people's p50) vs the KM median of the observed waits; MAE and mean bias in
    months, weighted by people;
  * the baselines on the same two metrics: the origin's median months in role before a move (moves
    before the cutoff) minus the months already in it (floored at 0), and the median of those spans
    longer than the person's tenure, minus the tenure (conditional median);
  * the old window metric for continuity: MAE / bias on the people who moved within the window
    only; it is truncated at (--today - cutoff) months, so it favours short predictions;
  * ablations of the timing model (same people and destinations): ``completed`` fits time in role
    from completed spells only (the model before the censoring-aware fit), ``no-performance``
    drops the performance effect, ``no-pair`` the pair factors.

Run (from the repo root, venv active):
    CAREERPATH_DATA_DIR=../shared/data python bench/recommend_quality.py [--today 2025-06-30]
        [--holdout 0.8] [--long-window 36] [--skills reinfer|built] [--limit N]
Writes bench/results/recommend_quality.json (``--out NAME`` for another name) and prints tables.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from pathlib import Path as FsPath
from typing import Any

import numpy as np

sys.path.insert(0, str(FsPath(__file__).resolve().parents[1] / "tests"))

from _common import data_dir, print_table, write_results

MONTH = 30.4375
TOP = 10
MIN_GROUP = 15
TIMING_VARIANTS = ("model", "completed", "no-performance", "no-pair")


@dataclass
class AsOf:
    """The organization as of a cutoff: store, compiled context, people, and history before it."""

    cut: date
    uow: Any
    ctx: Any
    people: dict[str, Any]
    spans: dict[str, list[float]]  # origin -> completed months in role before a move (before cut)
    moves: list[tuple[str, str, float | None]]


def build_as_of(demo: Any, taxonomy: Any, cut: date, skills_mode: str) -> AsOf:
    """The "as of cut" store (module docstring) and its org context compiled with today = cut."""
    from careerpath.domain.inference import infer_skills
    from careerpath.engine.recommend_context import observed_moves, org_context
    from careerpath.engine.skills import occupation_requirements
    from fakes import FakeStore, FakeUnitOfWork

    roles = {occ.id: occ for occ, _ in demo.roles}
    before = _records_before(demo, cut)
    outside = {
        s.occupation_id
        for p in demo.people
        for s in p.history
        if s.occupation_id and not s.role_id and s.start < cut
    }
    requirements = {
        **occupation_requirements(taxonomy, outside),
        **{occ.id: tuple(r) for occ, r in demo.roles},
    }
    courses = {c.id: c for c in demo.courses}
    people = []
    for p in demo.people:
        spells = tuple(
            s if (s.end is not None and s.end < cut) else replace(s, end=None)
            for s in p.history
            if s.start < cut
        )
        if not any(s.role_id for s in spells):
            continue  # hired on or after the cutoff
        current = next((s for s in spells if s.end is None), None)
        info = roles[current.role_id].org if current and current.role_id in roles else None
        skills = p.skills
        if skills_mode == "reinfer":
            skills = infer_skills(
                spells,
                role_requirements=requirements,
                today=cut,
                courses=courses,
                learning=before["learning"][p.person_id],
                projects=before["projects"][p.person_id],
                assessments=before["assessments"][p.person_id],
            )
        people.append(
            replace(
                p,
                history=spells,
                skills=skills,
                performance=before["ratings"].get(p.person_id),
                preferences=replace(
                    p.preferences, target_roles=tuple(info.next_roles[:2]) if info else ()
                ),
                manager_id=p.manager_id if current is not None else "",
            )
        )
    kept = {p.person_id for p in people}
    uow = FakeUnitOfWork(FakeStore())
    with uow:
        uow.organization.add_roles([(occ, list(reqs)) for occ, reqs in demo.roles])
        uow.learning.add_courses(demo.courses)
        uow.people.add_many(people)
        for kind in ("learning", "projects", "assessments"):
            rows = [r for v in before[kind].values() for r in v]
            getattr(uow.learning, "add_records" if kind == "learning" else f"add_{kind}")(rows)
        uow.organization.add_positions(
            [x for x in demo.positions if x.opened is not None and x.opened < cut]
        )
        uow.organization.add_mentors([m for m in demo.mentors if m.person_id in kept])
        uow.organization.add_outcomes([o for o in demo.outcomes if o.at < cut])
        uow.commit()
    with uow:
        ctx = org_context(uow, taxonomy, cut)
    hist = observed_moves([o for o in demo.outcomes if o.at < cut], set(roles))
    spans: dict[str, list[float]] = defaultdict(list)
    for a, _, m in hist:
        if m is not None:
            spans[a].append(m)
    return AsOf(cut, uow, ctx, {p.person_id: p for p in people}, dict(spans), hist)


def _records_before(demo: Any, cut: date) -> dict[str, Any]:
    """Learning, projects (ends after the cut cleared), assessments and latest ratings before cut."""
    out: dict[str, Any] = {k: defaultdict(list) for k in ("learning", "projects", "assessments")}
    for r in demo.learning:
        if r.timestamp < cut:
            out["learning"][r.person_id].append(r)
    for p in demo.projects:
        if p.start is not None and p.start < cut:
            end = p.end if p.end and p.end < cut else None
            out["projects"][p.person_id].append(replace(p, end=end))
    for a in demo.assessments:
        if a.assessed is not None and a.assessed < cut:
            out["assessments"][a.person_id].append(a)
    out["ratings"] = {
        o.person_id: o.value
        for o in demo.outcomes  # sorted by date: the latest rating before the cut wins
        if o.event == "rating" and o.at < cut and o.value is not None
    }
    return out


# ---- next roles and success ----------------------------------------------------------------


def evaluate_moves(
    demo: Any, taxonomy: Any, a: AsOf, limit: int
) -> tuple[list[dict[str, Any]], Any]:
    """One row per held-out person: ranks (default / asked / no external), success, timing."""
    from careerpath.domain.errors import InvalidRequestError
    from careerpath.engine.recommend import recommend_for
    from careerpath.engine.recommend_roles import rank_roles
    from careerpath.engine.recommend_subject import constraints, load_subject

    roles = {occ.id: occ for occ, _ in demo.roles}
    level = {rid: (occ.org.level if occ.org is not None else None) for rid, occ in roles.items()}
    first = _first_moves(demo, a)
    true_p = {(m.person_id, m.at): m.p_success for m in demo.truth.moves}
    true_y = {(m.person_id, m.at): m.success for m in demo.truth.moves}
    verdicts = defaultdict(list)
    for o in demo.outcomes:
        if o.event in ("success", "failure"):
            verdicts[o.person_id].append(o)
    baseline = _baseline_ranker(a)
    stats: dict[str, Any] = {
        "steps": Counter(),
        "refused": Counter(),
        "times": [],
        "ext": Counter(),
    }
    rows = []
    for pid, mv in sorted(first.items())[: limit or None]:
        origin, dest = a.people[pid].current.role_id, mv.role_id
        if origin not in roles or dest not in roles:
            continue
        start = time.perf_counter()
        rec = recommend_for(pid, uow=a.uow, taxonomy=taxonomy, top=TOP, today=a.cut, context=a.ctx)
        stats["times"].append(time.perf_counter() - start)
        subj = load_subject(pid, uow=a.uow, taxonomy=taxonomy, today=a.cut, context=a.ctx)
        limits = constraints(subj, (), 4)
        ranked = {
            "default": [r.role_id for r in rec.next_roles],
            "asked": [
                r.role_id
                for r in rank_roles(subj, None, TOP, taxonomy, limits=limits, external=True)
            ],
            "none": [
                r.role_id
                for r in rank_roles(subj, None, TOP, taxonomy, limits=limits, external=False)
            ],
        }
        stats["ext"].update({k: sum(1 for r in v if r not in roles) for k, v in ranked.items()})
        for r in rec.next_roles:
            stats["steps"][_step(level, origin, r.role_id)] += 1
        sim, how = _move_simulation(
            pid, origin, dest, subj, a, taxonomy, stats, InvalidRequestError
        )
        verdict = next((v for v in verdicts[pid] if v.role_id == dest and v.at > mv.at), None)
        rows.append(
            {
                "person": pid,
                "origin": origin,
                "destination": dest,
                "event": mv.event,
                "step": _step(level, origin, dest),
                **{
                    f"rank_{k}": v.index(dest) + 1 if dest in v else None for k, v in ranked.items()
                },
                "baseline_rank": _rank_of(baseline(origin), dest),
                "priced_by": how,
                "p_success": sim.success,
                "p_true": true_p.get((pid, mv.at)),
                "outcome": None if verdict is None else verdict.event == "success",
                "success_truth": true_y.get((pid, mv.at)),
            }
        )
    return rows, stats


def _first_moves(demo: Any, a: AsOf) -> dict[str, Any]:
    """Each as-of person's first move or promotion on or after the cutoff."""
    first: dict[str, Any] = {}
    for o in demo.outcomes:  # sorted by date
        if o.event in ("move", "promotion") and o.at >= a.cut and o.person_id in a.people:
            first.setdefault(o.person_id, o)
    return first


def _baseline_ranker(a: AsOf) -> Callable[[str], list[str]]:
    """The most common destinations from the origin before the cutoff, filled by overall counts."""
    from_origin: dict[str, Counter[str]] = defaultdict(Counter)
    overall: Counter[str] = Counter()
    for src, dst, _ in a.moves:
        from_origin[src][dst] += 1
        overall[dst] += 1

    def top(origin: str) -> list[str]:
        ranked = [r for r, _ in sorted(from_origin[origin].items(), key=lambda kv: (-kv[1], kv[0]))]
        for r, _ in sorted(overall.items(), key=lambda kv: (-kv[1], kv[0])):
            if len(ranked) >= TOP:
                break
            if r not in ranked and r != origin:
                ranked.append(r)
        return [r for r in ranked if r != origin][:TOP]

    return top


def _rank_of(ranked: list[str], role: str) -> int | None:
    return ranked.index(role) + 1 if role in ranked else None


def _move_simulation(
    pid: str, origin: str, dest: str, subj: Any, a: AsOf, taxonomy: Any, stats: Any, refused: Any
) -> tuple[Any, str]:
    """The recommender's simulation of the move: direct edge, else its best path, else synthetic."""
    from careerpath.engine.recommend import recommend_for

    if a.ctx.graph.edge(origin, dest) is None:
        try:
            tr = recommend_for(
                pid,
                uow=a.uow,
                taxonomy=taxonomy,
                target=dest,
                top=1,
                paths=1,
                today=a.cut,
                context=a.ctx,
            )
            if tr.paths:
                return tr.paths[0].simulation, f"best path ({len(tr.paths[0].roles) - 1} steps)"
            how = "no path: synthetic edge"
        except refused as exc:
            stats["refused"][str(exc).split(" — ")[-1][:80]] += 1
            how = "refused: synthetic edge"
        return one_step(subj, origin, dest, a.ctx), how
    return one_step(subj, origin, dest, a.ctx), "direct edge"


def one_step(subj: Any, origin: str, dest: str, ctx: Any) -> Any:
    """The recommender's pricing of the one-step move (a synthetic 'similar' edge without one)."""
    from careerpath.domain.simulation import simulate_path
    from careerpath.engine.recommend import N_DRAWS, SEED

    return simulate_path(priced_step(subj, origin, dest, ctx), n_draws=N_DRAWS, rng=SEED)


def priced_step(subj: Any, origin: str, dest: str, ctx: Any) -> Any:
    """The simulation step of the one-step move, as ``price_steps`` makes it."""
    from careerpath.domain.paths import Edge, GraphParams, Path
    from careerpath.engine.recommend_paths import price_steps

    e = ctx.graph.edge(origin, dest) or Edge(
        origin, dest, 0.0, float("inf"), GraphParams().similar_months, ()
    )
    path = Path((origin, dest), (e,), e.cost, e.probability, e.months)
    return price_steps(path, subj.profile, subj.ready, ctx, subj.tenure).steps


def simulate_with_timing(steps: Any, ctx: Any, subj: Any) -> Any:
    """Simulate the steps with the timing ``ctx`` gives the move (the rest priced unchanged)."""
    from careerpath.domain.paths import Edge, GraphParams
    from careerpath.domain.simulation import simulate_path
    from careerpath.engine.recommend import N_DRAWS, SEED
    from careerpath.engine.recommend_paths import _timing

    origin, dest = subj.origin, steps[0].role_id
    months = GraphParams().similar_months
    edge = ctx.graph.edge(origin, dest) or Edge(origin, dest, 0.0, float("inf"), months, ())
    timing = _timing(edge, ctx, 0.0, subj.profile.performance)
    return simulate_path([replace(steps[0], timing=timing)], n_draws=N_DRAWS, rng=SEED)


def ranking_metrics(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Recall@1/5/10 and MRR@10 per ranking (default, asked, none, baseline)."""
    keys = {"recommender": "rank_default", "recommender_asked_external": "rank_asked"}
    keys |= {"recommender_no_external": "rank_none", "baseline": "baseline_rank"}
    return {name: _recall(rows, key) for name, key in keys.items()}


def _recall(rows: list[dict[str, Any]], key: str) -> dict[str, float]:
    n = max(1, len(rows))
    out = {f"recall@{k}": sum(1 for r in rows if r[key] and r[key] <= k) / n for k in (1, 5, 10)}
    return out | {"mrr@10": sum(1.0 / r[key] for r in rows if r[key]) / n}


def by_group(
    rows: list[dict[str, Any]], field: str, values: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Recall@10 (recommender, baseline) per value of a field."""
    out = []
    for v in values:
        sub = [r for r in rows if r[field] == v]
        if sub:
            out.append(
                {
                    field: v,
                    "moves": len(sub),
                    "share_actual": len(sub) / len(rows),
                    "recall@10": _recall(sub, "rank_default")["recall@10"],
                    "baseline_recall@10": _recall(sub, "baseline_rank")["recall@10"],
                }
            )
    return out


def calibration(rows: list[dict[str, Any]], base_rate: float) -> dict[str, Any]:
    """Calibration of the success probability against the truth's and the stored labels."""
    from careerpath.domain.calibration import calibration_report

    out: dict[str, Any] = {"base_rate_before_T": base_rate}
    for label, name in (("success_truth", "hidden_truth"), ("outcome", "stored_outcomes")):
        sub = [r for r in rows if r[label] is not None]
        out[f"{name}_n"] = len(sub)
        if not sub:
            continue
        p = np.array([r["p_success"] for r in sub])
        y = np.array([1.0 if r[label] else 0.0 for r in sub])
        direct = [i for i, r in enumerate(sub) if r["priced_by"] == "direct edge"]
        out[name] = {
            "recommender": _report(calibration_report(p, y)),
            "baseline_base_rate": _report(calibration_report(np.full_like(p, base_rate), y)),
            "truth_p_success": _report(calibration_report(np.array([r["p_true"] for r in sub]), y)),
            "recommender_direct_edges_only": _report(calibration_report(p[direct], y[direct]))
            if direct
            else None,
            "direct_edge_n": len(direct),
            "mean_predicted": float(p.mean()),
            "observed_rate": float(y.mean()),
            "corr_with_truth_p": float(np.corrcoef(p, [r["p_true"] for r in sub])[0, 1]),
        }
    return out


# ---- time to role (censoring-aware) --------------------------------------------------------


def kaplan_meier(times: np.ndarray, events: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Kaplan-Meier survival: event times (ascending) and S just after each, from (n,) arrays."""
    order = np.argsort(times, kind="stable")
    t, e = times[order], events[order].astype(bool)
    uniq, first = np.unique(t, return_index=True)
    at_risk = len(t) - first
    deaths = np.add.reduceat(e.astype(float), first) if len(t) else np.zeros(0)
    surv = np.cumprod(1.0 - deaths / at_risk)
    keep = deaths > 0
    return uniq[keep], surv[keep]


def km_share_by(times: np.ndarray, events: np.ndarray, pred: np.ndarray) -> float:
    """KM estimate of P(W <= prediction), from the KM of W - prediction (same censoring)."""
    t, s = kaplan_meier(times - pred, events)
    k = np.searchsorted(t, 0.0, side="right") - 1
    return float(1.0 - (s[k] if k >= 0 else 1.0))


def km_median(times: np.ndarray, events: np.ndarray) -> float | None:
    """The KM median, or None when the survival curve never reaches 0.5."""
    t, s = kaplan_meier(times, events)
    below = np.flatnonzero(s <= 0.5)
    return float(t[below[0]]) if len(below) else None


def timing_variants(ctx: Any, a: AsOf) -> dict[str, Any]:
    """The context with each timing model of the ablation (module docstring)."""
    from careerpath.domain.simulation import MoveTiming
    from careerpath.engine.recommend_timing import TimingModel

    completed = {o: MoveTiming.from_observed(v) for o, v in a.spans.items() if len(v) >= 5}
    return {
        "model": ctx,
        "completed": replace(ctx, timing=TimingModel(completed)),
        "no-performance": replace(ctx, timing=replace(ctx.timing, perf_effect=0.0)),
        "no-pair": replace(ctx, pair_factor={}),
    }


def time_to_role(demo: Any, taxonomy: Any, a: AsOf, today: date, limit: int) -> dict[str, Any]:
    """Censoring-aware time-to-role metrics at one cutoff (module docstring)."""
    from careerpath.engine.recommend_roles import rank_roles
    from careerpath.engine.recommend_subject import load_subject

    first = _first_moves(demo, a)
    left = {
        o.person_id: o.at for o in reversed(demo.outcomes) if o.event == "exit" and o.at >= a.cut
    }
    contexts = timing_variants(a.ctx, a)
    all_spans = [m for v in a.spans.values() for m in v]
    rows = []
    for pid, p in sorted(a.people.items())[: limit or None]:
        cur = p.current
        if cur is None or cur.role_id not in a.ctx.roles:
            continue
        subj = load_subject(pid, uow=a.uow, taxonomy=taxonomy, today=a.cut, context=a.ctx)
        mv = first.get(pid)
        moved = mv is not None and mv.role_id in a.ctx.roles and mv.at < left.get(pid, date.max)
        if moved:
            dest, wait = mv.role_id, (mv.at - a.cut).days / MONTH
        else:
            dest = rank_roles(subj, None, 1, taxonomy, external=False)[0].role_id
            wait = (min(left.get(pid, today), today) - a.cut).days / MONTH
        spans = a.spans.get(cur.role_id) or all_spans
        longer = [m - subj.tenure for m in spans if m > subj.tenure]
        row = {
            "origin": cur.role_id,
            "wait": wait,
            "moved": moved,
            "tenure": subj.tenure,
            "performance": p.performance,
            "baseline_median_minus_tenure": max(0.0, statistics.median(spans) - subj.tenure),
            "baseline_conditional_median": statistics.median(longer) if longer else 0.0,
        }
        steps = priced_step(subj, cur.role_id, dest, a.ctx)
        for name, ctx in contexts.items():
            sim = simulate_with_timing(steps, ctx, subj).months
            row |= {f"{name}_p10": sim.p10, f"{name}_p50": sim.p50, f"{name}_p90": sim.p90}
        rows.append(row)
    return _timing_metrics(rows, a, today)


def _timing_metrics(rows: list[dict[str, Any]], a: AsOf, today: date) -> dict[str, Any]:
    """KM shares, per-origin KM medians vs predicted, window MAE, per model and baseline."""
    wait = np.array([r["wait"] for r in rows])
    moved = np.array([r["moved"] for r in rows])
    preds = {f"recommender_{v}": f"{v}_p50" for v in TIMING_VARIANTS}
    preds |= {b: b for b in ("baseline_median_minus_tenure", "baseline_conditional_median")}
    out: dict[str, Any] = {
        "cutoff": str(a.cut),
        "at_risk": len(rows),
        "moved": int(moved.sum()),
        "window_months": (today - a.cut).days / MONTH,
        "km_median_wait_all": km_median(wait, moved),
        "models": {},
    }
    for name, key in preds.items():
        p50 = np.array([r[key] for r in rows])
        m: dict[str, Any] = {
            "share_moved_by_p50": km_share_by(wait, moved, p50),
            "median_prediction": float(np.median(p50)),
        }
        if name.startswith("recommender_"):
            v = name.removeprefix("recommender_")
            for q in ("p10", "p90"):
                m[f"share_moved_by_{q}"] = km_share_by(
                    wait, moved, np.array([r[f"{v}_{q}"] for r in rows])
                )
        m |= _per_origin(rows, key, wait, moved)
        win = moved.astype(bool)
        m["window_movers_mae"] = float(np.mean(np.abs(p50[win] - wait[win]))) if win.any() else None
        m["window_movers_bias"] = float(np.mean(p50[win] - wait[win])) if win.any() else None
        out["models"][name] = m
    out["by_performance"] = _by_performance(rows, wait, moved)
    return out


def _per_origin(
    rows: list[dict[str, Any]], key: str, wait: np.ndarray, moved: np.ndarray
) -> dict[str, Any]:
    """Weighted MAE and bias of the predicted median wait vs the KM median, per origin role."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[r["origin"]].append(i)
    errs, weights = [], []
    for idx in groups.values():
        if len(idx) < MIN_GROUP:
            continue
        km = km_median(wait[idx], moved[idx])
        if km is None:
            continue
        errs.append(float(np.median([rows[i][key] for i in idx])) - km)
        weights.append(len(idx))
    if not errs:
        return {"origins_compared": 0}
    e, w = np.array(errs), np.array(weights)
    return {
        "origins_compared": len(errs),
        "people_compared": int(w.sum()),
        "origin_mae": float(np.average(np.abs(e), weights=w)),
        "origin_bias": float(np.average(e, weights=w)),
    }


def _by_performance(
    rows: list[dict[str, Any]], wait: np.ndarray, moved: np.ndarray
) -> list[dict[str, Any]]:
    """Share moved by the p50 of the model and of the completed-spans ablation, per rating band."""
    perf = np.array([r["performance"] if r["performance"] is not None else np.nan for r in rows])
    out = []
    for lo, hi in ((0.0, 0.3), (0.3, 0.6), (0.6, 0.8), (0.8, 1.01)):
        m = (perf >= lo) & (perf < hi)
        if m.sum() >= MIN_GROUP:
            row: dict[str, Any] = {
                "performance": f"{lo:.1f}-{min(hi, 1.0):.1f}",
                "people": int(m.sum()),
                "km_median_wait": km_median(wait[m], moved[m]),
            }
            for v in ("model", "completed", "no-performance"):
                p50 = np.array([r[f"{v}_p50"] for r in rows])[m]
                row[f"{v}_median_p50"] = float(np.median(p50))
                row[f"{v}_share_by_p50"] = km_share_by(wait[m], moved[m], p50)
            out.append(row)
    return out


# ---- main ----------------------------------------------------------------------------------


def main() -> None:
    """Build the demo, evaluate at the cutoffs, print the tables, write the JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--today", default="2025-06-30")
    ap.add_argument("--size", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--holdout", type=float, default=0.8, help="quantile of move dates for T")
    ap.add_argument("--long-window", type=float, default=36.0, help="months; 0 skips it")
    ap.add_argument("--skills", choices=("reinfer", "built"), default="reinfer")
    ap.add_argument("--limit", type=int, default=0, help="evaluate at most N people per part")
    ap.add_argument("--out", default="recommend_quality")
    ap.add_argument("--no-write", action="store_true", help="print only (ablations)")
    args = ap.parse_args()
    data_dir()
    from careerpath.bootstrap import load_taxonomy
    from careerpath.config import Settings
    from careerpath.engine.demo import build_demo

    today = date.fromisoformat(args.today)
    clock = {"start": time.perf_counter()}
    taxonomy = load_taxonomy(Settings())
    demo = build_demo(taxonomy=taxonomy, size=args.size, seed=args.seed, today=today)
    dates = sorted(o.at for o in demo.outcomes if o.event in ("move", "promotion"))
    cut = dates[min(len(dates) - 1, int(args.holdout * len(dates)))]
    clock["demo"] = time.perf_counter()
    a = build_as_of(demo, taxonomy, cut, args.skills)
    rows, stats = evaluate_moves(demo, taxonomy, a, args.limit)
    clock["moves"] = time.perf_counter()
    labels = [
        o.event == "success"
        for o in demo.outcomes
        if o.event in ("success", "failure") and o.at < cut
    ]
    results: dict[str, Any] = {
        "params": {
            "size": args.size,
            "seed": args.seed,
            "today": str(today),
            "holdout_quantile": args.holdout,
            "cutoff": str(cut),
            "moves_total": len(dates),
            "moves_on_or_after_cutoff": sum(1 for d in dates if d >= cut),
            "skills": args.skills,
            "long_window_months": args.long_window,
        },
        "held_out_people": len(rows),
        "ranking": ranking_metrics(rows),
        "external_listed_per_person": {k: v / max(1, len(rows)) for k, v in stats["ext"].items()},
        "by_step": by_group(rows, "step", ("up 1", "same level", "down", "up 2+", "unknown")),
        "by_event": by_group(rows, "event", ("promotion", "move")),
        "calibration": calibration(rows, float(np.mean(labels)) if labels else 0.5),
        "priced_by": dict(Counter(r["priced_by"] for r in rows)),
        "recommend_for_target_refused": dict(stats["refused"]),
        "targets": {"recall@10_lift": 0.30, "ece": 0.05, "share_moved_by_p50": 0.5},
    }
    base = results["ranking"]["baseline"]["recall@10"]
    results["recall@10_relative_lift"] = (
        results["ranking"]["recommender"]["recall@10"] / base - 1.0 if base else None
    )
    results["time_to_role"] = {"at_T": time_to_role(demo, taxonomy, a, today, args.limit)}
    if args.long_window > 0:
        long_cut = today - timedelta(days=round(args.long_window * MONTH))
        b = build_as_of(demo, taxonomy, long_cut, args.skills)
        results["time_to_role"]["long_window"] = time_to_role(demo, taxonomy, b, today, args.limit)
    clock["timing"] = time.perf_counter()
    results["seconds"] = {
        "demo": clock["demo"] - clock["start"],
        "moves": clock["moves"] - clock["demo"],
        "time_to_role": clock["timing"] - clock["moves"],
        "recommend_for_p50_ms": 1000 * statistics.median(stats["times"]),
    }
    report(results)
    if not args.no_write:
        print(f"wrote {write_results(args.out, results)}")


def report(r: dict[str, Any]) -> None:
    """Print the tables."""
    p = r["params"]
    print(
        f"demo {p['size']} seed {p['seed']} today {p['today']}; cutoff T = {p['cutoff']} "
        f"({p['moves_on_or_after_cutoff']} of {p['moves_total']} moves on or after T); "
        f"skills: {p['skills']}; held-out people: {r['held_out_people']}"
    )
    print_table(
        [{"model": k, **v} for k, v in r["ranking"].items()],
        ["model", "recall@1", "recall@5", "recall@10", "mrr@10"],
        title="Next-role ranking (destination of the first move after T)",
    )
    print(
        f"relative lift in Recall@10: {r['recall@10_relative_lift']:+.1%} (target >= +30%); "
        f"external occupations listed per person: {r['external_listed_per_person']}"
    )
    print_table(
        r["by_step"],
        ["step", "moves", "share_actual", "recall@10", "baseline_recall@10"],
        title="By level change",
    )
    truth = r["calibration"].get("hidden_truth")
    if truth:
        print_table(
            [
                {"model": k, **truth[k]}
                for k in ("recommender", "baseline_base_rate", "truth_p_success")
            ],
            ["model", "n", "ece", "brier", "log_loss"],
            title=f"Success probability vs the hidden truth (ECE target <= 0.05); observed "
            f"{truth['observed_rate']:.3f}, mean predicted {truth['mean_predicted']:.3f}",
        )
    print("success / time priced by:", r["priced_by"])
    cols = [
        "model",
        "share_moved_by_p10",
        "share_moved_by_p50",
        "share_moved_by_p90",
        "median_prediction",
        "origins_compared",
        "origin_mae",
        "origin_bias",
        "window_movers_mae",
        "window_movers_bias",
    ]
    for name, t in r["time_to_role"].items():
        print_table(
            [{"model": k, **v} for k, v in t["models"].items()],
            cols,
            title=f"Time to role, {name}: cutoff {t['cutoff']}, {t['at_risk']} at risk, "
            f"{t['moved']} moved within {t['window_months']:.1f} months; KM median "
            f"wait {t['km_median_wait_all']} (shares: target 0.1 / 0.5 / 0.9)",
        )
        if t["by_performance"]:
            print_table(
                t["by_performance"],
                list(t["by_performance"][0]),
                title=f"Time to role by performance band, {name}",
            )
    print(f"\nseconds: {r['seconds']}")


def _step(level: dict[str, int | None], a: str, b: str) -> str:
    la, lb = level.get(a), level.get(b)
    if la is None or lb is None:
        return "unknown"
    d = lb - la
    return "up 1" if d == 1 else "up 2+" if d > 1 else "same level" if d == 0 else "down"


def _report(rep: Any, bins: bool = True) -> dict[str, Any]:
    out = {"n": rep.n, "ece": rep.ece, "brier": rep.brier, "log_loss": rep.log_loss}
    if bins:
        out["base_rate"] = rep.base_rate
        out["reliability"] = [asdict(b) for b in rep.bins]
    return out


if __name__ == "__main__":
    main()
