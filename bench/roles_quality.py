"""Quality of `roles transitions` (and `similar`) against the O*NET Career Changers Matrix dev set.

Reports Recall@10 / nDCG@10 (as defined by ../shared/tools/score-transitions) for the shipped
methods, the obvious baselines (each facet's cosine alone, TF-IDF over title + description + task
statements) and an ablation of the shipped transitions (minus each facet, each facet alone, and each
of its parameters switched off). Prints a table and writes bench/results/roles_quality.json.

    CAREERPATH_DATA_DIR=../shared/data python bench/roles_quality.py
"""

from __future__ import annotations

import csv
import importlib.machinery
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from careerpath.bootstrap import load_taxonomy
from careerpath.config import Settings
from careerpath.domain.similarity import SIMILAR_WEIGHTS, RoleSpace, chunks, similarity_rows, top_k
from careerpath.domain.transitions import feasibility_rows
from careerpath.engine.roles import TRANSFER_WEIGHTS, TRANSITION_PARAMS, role_space

ROOT = Path(__file__).resolve().parents[1]
TOOLS = Path(os.environ.get("CAREERPATH_TOOLS", ROOT.parent / "shared" / "tools"))
DEV = "dev/transitions/career_changers_matrix_25.1.txt"
Scorer = Callable[[RoleSpace, np.ndarray], np.ndarray]


def machine() -> dict[str, Any]:
    """Date, git commit and machine description for result files."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        commit = "uncommitted"
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "git_commit": commit or "uncommitted",
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
        },
    }


def load_scorer() -> ModuleType:
    """The project's definition of transitions quality, imported from score-transitions."""
    loader = importlib.machinery.SourceFileLoader(
        "score_transitions", str(TOOLS / "score-transitions")
    )
    spec = importlib.util.spec_from_loader("score_transitions", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def rank_all(space: RoleSpace, scorer: Scorer, top: int = 20) -> dict[str, list[str]]:
    """Top targets per source id for a scoring function over row blocks (c,) -> (c, n)."""
    preds: dict[str, list[str]] = {}
    for rows in chunks(len(space)):
        idx, _ = top_k(scorer(space, rows), rows, top)
        for r, targets in zip(rows.tolist(), idx.tolist(), strict=True):
            preds[space.ids[r]] = [space.ids[t] for t in targets]
    return preds


def methods(space: RoleSpace) -> Iterator[tuple[str, str, Scorer]]:
    """(group, name, scorer) for shipped methods, baselines and ablations."""
    ship = TRANSITION_PARAMS
    weights = dict(ship.weights or {})
    yield "shipped", "transitions (shipped)", lambda s, r: feasibility_rows(s, r, ship)
    yield "shipped", "similar (shipped, not tuned)", lambda s, r: similarity_rows(s, r)
    for name in space.facets:
        only = {f: (1.0 if f == name else 0.0) for f in space.facets}
        yield "baseline", f"cosine {name} only", _sim(only)
    yield "ablation", "no job-zone penalty", _feas(replace(ship, step_up=0.0, step_down=0.0))
    yield "ablation", "no coverage term", _feas(replace(ship, coverage_share=0.0))
    yield (
        "ablation",
        "similar weights instead of transfer",
        _feas(replace(ship, weights=SIMILAR_WEIGHTS)),
    )
    yield "ablation", "with wage-cut penalty 0.2", _feas(replace(ship, wage_cut=0.2))
    used = [f for f in space.facets if weights.get(f, 0.0) > 0]
    for name in used:
        yield "ablation", f"minus {name}", _feas(replace(ship, weights={**weights, name: 0.0}))
    for name in used:
        alone = {f: (1.0 if f == name else 0.0) for f in space.facets}
        yield "ablation", f"{name} alone (+zone, coverage)", _feas(replace(ship, weights=alone))


def _sim(weights: dict[str, float]) -> Scorer:
    return lambda s, r: similarity_rows(s, r, weights)


def _raw(space: RoleSpace, facet: str) -> Scorer:
    """Plain cosine of raw importance vectors (no centring, no IDF); 0 where a side is unrated."""
    imp = np.asarray(space.facets[facet].importance.toarray(), dtype=np.float32)
    norms = np.linalg.norm(imp, axis=1, keepdims=True)
    unit = np.divide(imp, norms, out=np.zeros_like(imp), where=norms > 0)
    return lambda s, r: unit[r] @ unit.T


def _feas(params: Any) -> Scorer:
    return lambda s, r: feasibility_rows(s, r, params)


def tfidf_baseline(
    space: RoleSpace, data_dir: Path, titles: dict[str, str]
) -> dict[str, list[str]]:
    """Plain TF-IDF cosine over title + description + O*NET task statements (sklearn)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    tasks: dict[str, list[str]] = {}
    releases = sorted((data_dir / "onet").glob("*/Task Statements.txt"))
    if releases:
        with releases[-1].open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                tasks.setdefault(row["O*NET-SOC Code"], []).append(row["Task"])
    docs = [" ".join([titles[i], *tasks.get(i, [])]) for i in space.ids]
    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(docs)
    gram = np.asarray((x @ x.T).toarray(), dtype=np.float32)
    rows = np.arange(len(space), dtype=np.int64)
    idx, _ = top_k(gram, rows, 20)
    return {space.ids[r]: [space.ids[t] for t in idx[r]] for r in rows.tolist()}


def main() -> None:
    """Score every method on the dev set, print the table, write the JSON."""
    settings = Settings()
    tax = load_taxonomy(settings)
    space = role_space(tax, "onet")
    st = load_scorer()
    mode, truth = st.load_truth(str(settings.data_dir / DEV))
    texts = {o.id: f"{o.title} {o.description}" for o in tax.occupations_of("onet")}
    results: list[dict[str, Any]] = []

    def record(group: str, name: str, preds: dict[str, list[str]]) -> None:
        summary, _ = st.score(preds, truth, mode)
        results.append(
            {"group": group, "method": name, **{k: summary[k] for k in ("R@10", "nDCG@10", "MRR")}}
        )
        print(f"{group:9s} {name:42s} {summary['R@10']:.4f}  {summary['nDCG@10']:.4f}", flush=True)

    print(f"{'group':9s} {'method':42s} R@10    nDCG@10")
    for group, name, scorer in methods(space):
        record(group, name, rank_all(space, scorer))
        if name == "similar (shipped, not tuned)":
            record(
                "baseline",
                "TF-IDF title+description+tasks",
                tfidf_baseline(space, settings.data_dir, texts),
            )
            for facet in ("skills", "knowledge"):
                record(
                    "baseline",
                    f"raw cosine {facet} importance",
                    rank_all(space, _raw(space, facet)),
                )
    out = {
        **machine(),
        "dev_set": DEV,
        "params": {**{k: v for k, v in vars(TRANSITION_PARAMS).items() if k != "weights"}},
        "transfer_weights": dict(TRANSFER_WEIGHTS),
        "similar_weights": dict(SIMILAR_WEIGHTS),
        "results": results,
    }
    path = ROOT / "bench" / "results" / "roles_quality.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
