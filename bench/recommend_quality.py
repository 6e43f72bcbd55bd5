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
    people hired on or after T are left out.

  For each person employed at T with a move or promotion on or after T (their first one), with
  origin = the role held at T:
  * Recall@1/5/10 and MRR@10 of the destination in ``recommend_for(..., today=T, top=10)``'s
    next roles, vs the baseline: the most common destinations from the same origin before T (by
    count, then overall destination frequency to fill 10);
  * success probability of the move: the direct one-step path origin -> destination priced exactly as
    the recommender prices its paths (``recommend_paths.price_steps`` + ``simulate_path``, the same
    draws and seed); without a direct edge, the best path of ``recommend_for(target=destination)``.
    Calibrated (``calibration_report``: ECE, Brier, reliability) against the held-out move's
    success / failure outcome (only moves judged by --today), vs the base-rate baseline (rate of
    success among labelled outcomes before T); also vs the truth's own success probability;
  * time to role: the simulation's p50 months until the move vs the actual months from T to the move
    (MAE, median AE), vs the baselines: the origin's median months in role before a move (history
    before T) minus the months already in it (floored at 0), and the same conditioned on the spans
    longer than the current tenure. Note the held-out actuals are at most (--today - T) months long
    (right truncation), which favours short predictions.

Run (from the repo root, venv active):
    CAREERPATH_DATA_DIR=../shared/data python bench/recommend_quality.py [--today 2025-06-30]
        [--holdout 0.8] [--skills reinfer|built] [--limit N]
Writes bench/results/recommend_quality.json (``--out NAME`` for another name) and prints tables.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path as FsPath
from typing import Any

import numpy as np

sys.path.insert(0, str(FsPath(__file__).resolve().parents[1] / "tests"))

from _common import data_dir, print_table, write_results

MONTH = 30.4375
TOP = 10


def main() -> None:  # noqa: C901 - one linear benchmark script
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--today", default="2025-06-30")
    ap.add_argument("--size", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--holdout", type=float, default=0.8, help="quantile of move dates for T")
    ap.add_argument("--skills", choices=("reinfer", "built"), default="reinfer")
    ap.add_argument("--limit", type=int, default=0, help="evaluate at most N held-out people")
    ap.add_argument("--out", default="recommend_quality")
    ap.add_argument("--no-write", action="store_true", help="print only (ablations)")
    args = ap.parse_args()
    data_dir()

    from careerpath.bootstrap import load_taxonomy
    from careerpath.config import Settings
    from careerpath.domain.calibration import calibration_report
    from careerpath.domain.errors import InvalidRequestError
    from careerpath.domain.inference import infer_skills
    from careerpath.domain.paths import Edge, GraphParams, Path
    from careerpath.domain.simulation import simulate_path
    from careerpath.engine.demo import build_demo
    from careerpath.engine.recommend import N_DRAWS, SEED, load_subject, recommend_for
    from careerpath.engine.recommend_context import org_context
    from careerpath.engine.recommend_paths import price_steps
    from careerpath.engine.skills import occupation_requirements
    from fakes import FakeStore, FakeUnitOfWork

    today = date.fromisoformat(args.today)
    t0 = time.perf_counter()
    taxonomy = load_taxonomy(Settings())
    t_tax = time.perf_counter() - t0
    t0 = time.perf_counter()
    demo = build_demo(taxonomy=taxonomy, size=args.size, seed=args.seed, today=today)
    t_build = time.perf_counter() - t0

    # ---- the time split --------------------------------------------------------------------
    moves = [o for o in demo.outcomes if o.event in ("move", "promotion")]
    dates = sorted(o.at for o in moves)
    cut = dates[min(len(dates) - 1, int(args.holdout * len(dates)))]
    after = sum(1 for d in dates if d >= cut)

    roles = {occ.id: occ for occ, _ in demo.roles}
    level = {rid: (occ.org.level if occ.org is not None else None) for rid, occ in roles.items()}
    role_reqs = {occ.id: tuple(reqs) for occ, reqs in demo.roles}

    # ---- the "as of T" store ---------------------------------------------------------------
    t0 = time.perf_counter()
    learning = defaultdict(list)
    for r in demo.learning:
        if r.timestamp < cut:
            learning[r.person_id].append(r)
    projects = defaultdict(list)
    for p in demo.projects:
        if p.start is not None and p.start < cut:
            projects[p.person_id].append(replace(p, end=p.end if p.end and p.end < cut else None))
    assessments = [a for a in demo.assessments if a.assessed is not None and a.assessed < cut]
    assessed_by = defaultdict(list)
    for a in assessments:
        assessed_by[a.person_id].append(a)
    ratings: dict[str, float] = {}
    for o in demo.outcomes:  # sorted by date
        if o.event == "rating" and o.at < cut and o.value is not None:
            ratings[o.person_id] = o.value
    outside = {
        s.occupation_id
        for p in demo.people
        for s in p.history
        if s.occupation_id and not s.role_id and s.start < cut
    }
    requirements = {**occupation_requirements(taxonomy, outside), **role_reqs}
    courses = {c.id: c for c in demo.courses}

    people = []
    for p in demo.people:
        spells = tuple(
            s if (s.end is not None and s.end < cut) else replace(s, end=None)
            for s in p.history
            if s.start < cut
        )
        if not any(s.role_id for s in spells):
            continue  # hired on or after T
        current = next((s for s in spells if s.end is None), None)
        info = roles[current.role_id].org if current and current.role_id in roles else None
        targets = tuple(info.next_roles[:2]) if info is not None else ()
        skills = p.skills
        if args.skills == "reinfer":
            skills = infer_skills(
                spells,
                role_requirements=requirements,
                today=cut,
                courses=courses,
                learning=learning[p.person_id],
                projects=projects[p.person_id],
                assessments=assessed_by[p.person_id],
            )
        people.append(
            replace(
                p,
                history=spells,
                skills=skills,
                performance=ratings.get(p.person_id),
                preferences=replace(p.preferences, target_roles=targets),
                manager_id=p.manager_id if current is not None else "",
            )
        )
    kept = {p.person_id for p in people}
    store = FakeStore()
    uow = FakeUnitOfWork(store)
    with uow:
        uow.organization.add_roles([(occ, list(reqs)) for occ, reqs in demo.roles])
        uow.learning.add_courses(demo.courses)
        uow.people.add_many(people)
        uow.learning.add_records([r for v in learning.values() for r in v])
        uow.learning.add_projects([r for v in projects.values() for r in v])
        uow.learning.add_assessments(assessments)
        uow.organization.add_positions(
            [x for x in demo.positions if x.opened is not None and x.opened < cut]
        )
        uow.organization.add_mentors([m for m in demo.mentors if m.person_id in kept])
        uow.organization.add_outcomes([o for o in demo.outcomes if o.at < cut])
        uow.commit()
    with uow:
        ctx = org_context(uow, taxonomy)
    t_asof = time.perf_counter() - t0

    # ---- held-out moves and the baselines' statistics from before T ------------------------
    by_id = {p.person_id: p for p in people}
    first_after: dict[str, Any] = {}
    for o in moves:  # sorted by date
        if o.at >= cut and o.person_id in by_id and o.person_id not in first_after:
            first_after[o.person_id] = o
    verdicts = defaultdict(list)
    for o in demo.outcomes:
        if o.event in ("success", "failure"):
            verdicts[o.person_id].append(o)
    true_p = {(m.person_id, m.at): m.p_success for m in demo.truth.moves}
    true_y = {(m.person_id, m.at): m.success for m in demo.truth.moves}

    from careerpath.engine.recommend_context import observed_moves

    pre = [o for o in demo.outcomes if o.at < cut]
    hist = observed_moves(pre, set(roles))
    from_origin: dict[str, Counter[str]] = defaultdict(Counter)
    overall: Counter[str] = Counter()
    spans: dict[str, list[float]] = defaultdict(list)
    for a, b, m in hist:
        from_origin[a][b] += 1
        overall[b] += 1
        if m is not None:
            spans[a].append(m)
    all_spans = [m for v in spans.values() for m in v]
    pre_labels = [o.event == "success" for o in pre if o.event in ("success", "failure")]
    base_rate = float(np.mean(pre_labels)) if pre_labels else 0.5

    def baseline_top(origin: str) -> list[str]:
        ranked = [r for r, _ in sorted(from_origin[origin].items(), key=lambda kv: (-kv[1], kv[0]))]
        for r, _ in sorted(overall.items(), key=lambda kv: (-kv[1], kv[0])):
            if len(ranked) >= TOP:
                break
            if r not in ranked and r != origin:
                ranked.append(r)
        return [r for r in ranked if r != origin][:TOP]

    # ---- evaluate --------------------------------------------------------------------------
    rows: list[dict[str, Any]] = []
    rec_steps: Counter[str] = Counter()
    rec_components: dict[str, list[float]] = defaultdict(list)
    t0 = time.perf_counter()
    rec_times = []
    refused: Counter[str] = Counter()
    targets = sorted(first_after.items(), key=lambda kv: kv[0])
    if args.limit:
        targets = targets[: args.limit]
    for pid, mv in targets:
        prof = by_id[pid]
        cur = prof.current
        if cur is None or cur.role_id not in roles or mv.role_id not in roles:
            continue
        origin, dest = cur.role_id, mv.role_id
        named = mv.detail[5:].strip() if mv.detail.startswith("from ") else origin
        if named != origin:
            continue  # should not happen: the first move after T starts from the role held at T
        s0 = time.perf_counter()
        rec = recommend_for(pid, uow=uow, taxonomy=taxonomy, top=TOP, today=cut, context=ctx)
        rec_times.append(time.perf_counter() - s0)
        ranked = [r.role_id for r in rec.next_roles]
        base = baseline_top(origin)
        for r in rec.next_roles:
            rec_steps[_step(level, origin, r.role_id)] += 1
            rec_components["readiness"].append(r.readiness)
            rec_components["transition"].append(r.transition_probability)
        # success probability and time to role of the actual move
        subj = load_subject(pid, uow=uow, taxonomy=taxonomy, today=cut, context=ctx)
        edge = ctx.graph.edge(origin, dest)
        sim, how = None, "direct edge"
        if edge is None:
            try:
                tr = recommend_for(
                    pid,
                    uow=uow,
                    taxonomy=taxonomy,
                    target=dest,
                    top=1,
                    paths=1,
                    today=cut,
                    context=ctx,
                )
                if tr.paths:
                    sim = tr.paths[0].simulation
                    how = f"best path ({len(tr.paths[0].roles) - 1} steps)"
                else:
                    how = "no path: synthetic edge"
            except InvalidRequestError as exc:
                refused[str(exc).split(" — ")[-1][:80]] += 1
                how = "refused: synthetic edge"
        if sim is None:
            # the recommender's own pricing of a one-step move (heuristic success on readiness);
            # without an edge, a synthetic one with the graph's default 'similar' months
            e = edge or Edge(origin, dest, 0.0, float("inf"), GraphParams().similar_months, ())
            path = Path(
                roles=(origin, dest),
                edges=(e,),
                cost=e.cost,
                probability=e.probability,
                months=e.months,
            )
            priced = price_steps(path, subj.profile, subj.ready, ctx, subj.tenure)
            sim = simulate_path(priced.steps, n_draws=N_DRAWS, rng=SEED)
        verdict = next(
            (v for v in verdicts[pid] if v.role_id == dest and v.at > mv.at),
            None,
        )
        tenure = subj.tenure
        med = statistics.median(spans[origin]) if spans[origin] else statistics.median(all_spans)
        longer = [m - tenure for m in (spans[origin] or all_spans) if m > tenure]
        rows.append(
            {
                "person": pid,
                "origin": origin,
                "destination": dest,
                "event": mv.event,
                "step": _step(level, origin, dest),
                "rank": ranked.index(dest) + 1 if dest in ranked else None,
                "baseline_rank": base.index(dest) + 1 if dest in base else None,
                "edge_kinds": list(edge.kinds) if edge is not None else [],
                "priced_by": how,
                "p_success": sim.success if sim is not None else None,
                "p_true": true_p.get((pid, mv.at)),
                "readiness": subj.ready.get(dest),
                "outcome": None if verdict is None else verdict.event == "success",
                "success_truth": true_y.get((pid, mv.at)),
                "months_actual": (mv.at - cut).days / MONTH,
                "months_p50": sim.months.p50 if sim is not None else None,
                "months_baseline": max(0.0, med - tenure),
                "months_baseline_cond": statistics.median(longer) if longer else 0.0,
                "tenure_at_T": tenure,
            }
        )
    t_eval = time.perf_counter() - t0

    # ---- metrics ---------------------------------------------------------------------------
    n = len(rows)

    def recall(key: str, k: int, sub: list[dict[str, Any]] | None = None) -> float:
        sub = rows if sub is None else sub
        return sum(1 for r in sub if r[key] is not None and r[key] <= k) / max(1, len(sub))

    def mrr(key: str, sub: list[dict[str, Any]] | None = None) -> float:
        sub = rows if sub is None else sub
        return sum(1.0 / r[key] for r in sub if r[key] is not None) / max(1, len(sub))

    ranking = {
        name: {
            "recall@1": recall(key, 1),
            "recall@5": recall(key, 5),
            "recall@10": recall(key, 10),
            "mrr@10": mrr(key),
        }
        for name, key in (("recommender", "rank"), ("baseline", "baseline_rank"))
    }
    b10 = ranking["baseline"]["recall@10"]
    lift = ranking["recommender"]["recall@10"] / b10 - 1.0 if b10 > 0 else None
    by_step = []
    for step in ("up 1", "same level", "down", "up 2+", "unknown"):
        sub = [r for r in rows if r["step"] == step]
        if sub:
            by_step.append(
                {
                    "step": step,
                    "moves": len(sub),
                    "share_actual": len(sub) / n,
                    "share_recommended": rec_steps[step] / max(1, sum(rec_steps.values())),
                    "recall@10": recall("rank", 10, sub),
                    "baseline_recall@10": recall("baseline_rank", 10, sub),
                }
            )
    by_event = {
        ev: {
            "moves": len(sub),
            "recall@10": recall("rank", 10, sub),
            "baseline_recall@10": recall("baseline_rank", 10, sub),
        }
        for ev in ("promotion", "move")
        for sub in [[r for r in rows if r["event"] == ev]]
    }

    calib: dict[str, Any] = {"base_rate_before_T": base_rate}
    reports: dict[str, Any] = {}
    for label_key, name in (("success_truth", "hidden_truth"), ("outcome", "stored_outcomes")):
        sub = [r for r in rows if r[label_key] is not None and r["p_success"] is not None]
        calib[f"{name}_n"] = len(sub)
        if not sub:
            continue
        p = np.array([r["p_success"] for r in sub])
        y = np.array([1.0 if r[label_key] else 0.0 for r in sub])
        ours = calibration_report(p, y)
        basel = calibration_report(np.full_like(p, base_rate), y)
        truth = calibration_report(np.array([r["p_true"] for r in sub]), y)
        direct = [i for i, r in enumerate(sub) if r["priced_by"] == "direct edge"]
        reports[name] = (ours, basel, truth, p, y)
        calib[name] = {
            "recommender": _report(ours),
            "baseline_base_rate": _report(basel),
            "truth_p_success": _report(truth),
            "recommender_direct_edges_only": _report(calibration_report(p[direct], y[direct]))
            if direct
            else None,
            "direct_edge_n": len(direct),
            "mean_predicted": float(p.mean()),
            "observed_rate": float(y.mean()),
            "corr_with_truth_p": float(np.corrcoef(p, [r["p_true"] for r in sub])[0, 1]),
        }
    timed = [r for r in rows if r["months_p50"] is not None]
    act = np.array([r["months_actual"] for r in timed])

    def err(key: str) -> dict[str, float]:
        e = np.abs(np.array([r[key] for r in timed]) - act)
        bias = float(np.mean(np.array([r[key] for r in timed]) - act))
        return {"mae": float(e.mean()), "median_ae": float(np.median(e)), "mean_bias": bias}

    time_to_role = {
        "n": len(timed),
        "actual_mean_months": float(act.mean()) if timed else None,
        "max_observable_months": (today - cut).days / MONTH,
        "recommender_p50": err("months_p50") if timed else None,
        "baseline_median_minus_tenure": err("months_baseline") if timed else None,
        "baseline_conditional_median": err("months_baseline_cond") if timed else None,
    }

    # ---- print -----------------------------------------------------------------------------
    print(
        f"demo {args.size} seed {args.seed} today {today}; cutoff T = {cut} "
        f"({after} of {len(dates)} moves on or after T); skills: {args.skills}; "
        f"held-out people evaluated: {n}"
    )
    print_table(
        [{"model": k, **v} for k, v in ranking.items()],
        ["model", "recall@1", "recall@5", "recall@10", "mrr@10"],
        title="Next-role ranking (destination of the first move after T)",
    )
    print(
        f"relative lift in Recall@10: {lift:+.1%} (target >= +30%)"
        if lift is not None
        else "lift: n/a"
    )
    print_table(
        by_step,
        ["step", "moves", "share_actual", "share_recommended", "recall@10", "baseline_recall@10"],
        title="By level change (actual moves vs what the top-10 lists hold)",
    )
    for name, (ours, basel, truth, p, y) in reports.items():
        print_table(
            [
                {"model": "recommender", **_report(ours, bins=False)},
                {"model": "base rate (before T)", **_report(basel, bins=False)},
                {"model": "truth's own p", **_report(truth, bins=False)},
            ],
            ["model", "n", "ece", "brier", "log_loss"],
            title=f"Success probability vs {name} labels (ECE target <= 0.05); observed rate "
            f"{y.mean():.3f}, mean predicted {p.mean():.3f}",
        )
        print_table(
            [asdict(b) for b in ours.bins],
            ["bin", "lower", "upper", "mean_predicted", "observed_rate", "count"],
            title=f"Reliability (recommender, {name})",
        )
    print("\nsuccess / time priced by:", dict(Counter(r["priced_by"] for r in rows)))
    if refused:
        print("recommend_for(target=actual destination) refused:", dict(refused))
    if calib["stored_outcomes_n"] == 0:
        print(
            "\nno held-out move has a stored success/failure outcome yet (judged 12 months after "
            "the move, only when not after --today): calibrated on the hidden truth's results"
        )
    if timed:
        print_table(
            [{"model": k, **v} for k, v in time_to_role.items() if isinstance(v, dict)],
            ["model", "mae", "median_ae", "mean_bias"],
            title=f"Time to role, months (n {len(timed)}; actual mean {act.mean():.1f}, "
            f"at most {time_to_role['max_observable_months']:.1f})",
        )
    print(
        f"\ntimes: taxonomy {t_tax:.1f}s, demo {t_build:.1f}s, as-of-T store+context "
        f"{t_asof:.1f}s, evaluation {t_eval:.1f}s "
        f"(recommend_for p50 {1000 * statistics.median(rec_times):.0f} ms)"
    )
    if args.no_write:
        return
    out = write_results(
        args.out,
        {
            "params": {
                "size": args.size,
                "seed": args.seed,
                "today": str(today),
                "holdout_quantile": args.holdout,
                "cutoff": str(cut),
                "moves_total": len(dates),
                "moves_on_or_after_cutoff": after,
                "skills": args.skills,
                "skills_note": (
                    "re-inferred as of T from the truncated history and records dated before T"
                    if args.skills == "reinfer"
                    else "LEAKAGE: the demo's skills inferred at --today (post-T roles, learning)"
                ),
                "other_as_of_T": (
                    "performance = latest rating before T; target_roles = next_roles[:2] of the "
                    "role at T; outcomes and open positions dated before T; people hired on or "
                    "after T dropped"
                ),
            },
            "held_out_people": n,
            "ranking": ranking,
            "recall@10_relative_lift": lift,
            "target_lift": 0.30,
            "by_step": by_step,
            "by_event": by_event,
            "rec_top10_component_means": {k: float(np.mean(v)) for k, v in rec_components.items()},
            "calibration": calib,
            "priced_by": dict(Counter(r["priced_by"] for r in rows)),
            "recommend_for_target_refused": dict(refused),
            "target_ece": 0.05,
            "time_to_role": time_to_role,
            "seconds": {
                "taxonomy": t_tax,
                "demo": t_build,
                "as_of_store_and_context": t_asof,
                "evaluation": t_eval,
                "recommend_for_p50_ms": 1000 * statistics.median(rec_times) if rec_times else None,
            },
        },
    )
    print(f"wrote {out}")


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
