"""Quality of skill linking and title normalisation on the dev sets, against plain TF-IDF baselines.

What it measures
  skills: dev/skill_linking/{tech,house}_validation_annotations.csv, one query per distinct sentence,
          RP@5 and MRR over all ESCO skills (`score-text skills`).
  titles: dev/title_normalization/jobbert_titles_dev.csv, Acc@1, R@5, R@10, MRR over ESCO occupations
          (`score-text titles`); all 15,463 titles unless --titles-sample N (fixed seed).
Systems
  baseline  skills: char 2-4-gram TF-IDF (word-bounded) over ESCO preferred labels, cosine.
            titles: word TF-IDF over ESCO preferred labels, cosine.
  lexical   careerpath with no embedder (the path that works without torch).
  semantic  careerpath's sentence-embedding scores alone (embeddings extra).
  fused     careerpath as shipped: lexical + semantic.
Predictions go through the same python API as `careerpath skills link` / `titles normalize`
(engine use case, --top 10) and are written as TSV to a temporary folder, then scored.

Ablation (--ablation): titles only, the shipped title normaliser with one part taken away at a time
(the O*NET crosswalk bridge, soft-max pooling, label weights, all labels vs the former 8 per
occupation, the fusion weight); writes bench/results/text_title_ablation.json instead.

Run (repo root, venv active):  python bench/text_quality.py [--titles-sample N] [--no-semantic]
                                                           [--ablation]
Writes bench/results/text_quality.json and prints a table.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from _common import data_dir, print_table, write_results
from careerpath.bootstrap import load_taxonomy
from careerpath.config import Settings
from careerpath.domain.matching import Match
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.normalize import link_skills, normalize_titles
from careerpath.text.build import make_skill_linker, make_title_normalizer
from careerpath.text.semantic import load_sentence_embedder

SCORER = Path("/work/shared/tools/score-text")
TOP = 10
Ranker = Callable[[Sequence[str]], list[list[Match]]]


def main() -> None:
    """Run every system on every dev set; print the table and write the JSON."""
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--titles-sample", type=int, default=0, help="score a fixed-seed sample (0 = all)"
    )
    ap.add_argument("--no-semantic", action="store_true", help="skip the embedding systems")
    ap.add_argument("--ablation", action="store_true", help="title normaliser ablation only")
    args = ap.parse_args()
    dev = data_dir() / "dev"
    settings = Settings()
    taxonomy = load_taxonomy(settings)
    embedder = (
        None
        if args.no_semantic
        else load_sentence_embedder(settings.embedding_model, required=False)
    )
    tasks = _tasks(dev, args.titles_sample)
    if args.ablation:
        tasks = {"titles-jobbert": tasks["titles-jobbert"]}
        embedder = MemoEmbedder(embedder) if embedder is not None else None
    systems = (
        _ablation(taxonomy, settings.cache_dir, embedder)
        if args.ablation
        else _systems(taxonomy, settings.cache_dir, embedder)
    )
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="careerpath-textq-") as tmp:
        for task, (kind, inputs, truth) in tasks.items():
            for system, rankers in systems.items():
                start = time.perf_counter()
                metrics = _score(Path(tmp), task, kind, rankers[kind], inputs, truth)
                rows.append(
                    {
                        "task": task,
                        "system": system,
                        **metrics,
                        "seconds": time.perf_counter() - start,
                    }
                )
                print(json.dumps(rows[-1]), file=sys.stderr)
    print_table(rows, ["task", "system", "n", "RP@5", "MRR", "Acc@1", "R@5", "R@10", "seconds"])
    path = write_results(
        "text_title_ablation" if args.ablation else "text_quality",
        {
            "embedder": getattr(embedder, "name", None),
            "top": TOP,
            "titles_sample": args.titles_sample,
            "rows": rows,
        },
    )
    print(f"\nwrote {path}")


class MemoEmbedder:
    """Wraps an Embedder, remembering vectors per text so that systems share one encoding pass."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.memo: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Encode texts; returns float32 (len(texts), dim) unit rows."""
        todo = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if todo:
            self.memo.update(zip(todo, self.inner.encode(todo), strict=True))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.memo[t] for t in texts]).astype(np.float32)


def _tasks(dev: Path, sample: int) -> dict[str, tuple[str, list[str], Path]]:
    out: dict[str, tuple[str, list[str], Path]] = {}
    for name in ("tech", "house"):
        truth = dev / "skill_linking" / f"{name}_validation_annotations.csv"
        with truth.open(encoding="utf-8", newline="") as fh:
            sentences = list(
                dict.fromkeys(r["sentence"].replace("\n", " ") for r in csv.DictReader(fh))
            )
        out[f"skills-{name}"] = ("skills", sentences, truth)
    truth = dev / "title_normalization" / "jobbert_titles_dev.csv"
    with truth.open(encoding="utf-8", newline="") as fh:
        titles = [r["vacancyTitle"].replace("\n", " ") for r in csv.DictReader(fh)]
    if sample and sample < len(titles):
        titles = random.Random(13).sample(titles, sample)
    out["titles-jobbert"] = ("titles", titles, truth)
    return out


def _systems(taxonomy: Taxonomy, cache_dir: Path, embedder: Any) -> dict[str, dict[str, Ranker]]:
    systems: dict[str, dict[str, Ranker]] = {"baseline": _baselines(taxonomy)}
    variants: list[tuple[str, Any, float | None]] = [("lexical", None, None)]
    if embedder is not None:
        variants += [("semantic", embedder, 1.0), ("fused", embedder, None)]
    for name, emb, weight in variants:
        linker = make_skill_linker(taxonomy, cache_dir=cache_dir, embedder=emb)
        normalizer = make_title_normalizer(taxonomy, cache_dir=cache_dir, embedder=emb)
        if weight is not None:
            linker.matcher.semantic_weight = weight
            normalizer.matcher.semantic_weight = weight
        systems[name] = {
            "skills": lambda xs, lk=linker: link_skills(xs, linker=lk, taxonomy="esco", top=TOP),
            "titles": lambda xs, nm=normalizer: normalize_titles(
                xs, normalizer=nm, taxonomy="esco", top=TOP
            ),
        }
    return systems


def _ablation(taxonomy: Taxonomy, cache_dir: Path, embedder: Any) -> dict[str, dict[str, Ranker]]:
    """The shipped title normaliser, then variants each with one part taken away or changed."""
    from dataclasses import replace

    from careerpath.text.labels import occupation_label_set
    from careerpath.text.semantic import build_semantic_index

    def variant(emb: Any, sem_weight: float | None = None, **change: Any) -> dict[str, Ranker]:
        nm = make_title_normalizer(taxonomy, cache_dir=cache_dir, embedder=emb)
        idx = nm.matcher.indexes("esco")
        if "temperature" in change or "label_weight" in change:
            pooled = {"weight": change["label_weight"]} if "label_weight" in change else change
            change = {"semantic": replace(idx.semantic, **pooled)}  # type: ignore[type-var]
        nm.matcher._indexes["esco"] = replace(idx, **change)
        if sem_weight is not None:
            nm.matcher.semantic_weight = sem_weight
        return {"titles": lambda xs: normalize_titles(xs, normalizer=nm, taxonomy="esco", top=TOP)}

    out = {"lexical": variant(None), "lexical -bridge": variant(None, bridge=None)}
    if embedder is None:
        return out
    labels = occupation_label_set(taxonomy, "esco")
    ones = np.ones(len(labels.texts), dtype=np.float32)
    out |= {
        "fused": variant(embedder),
        "fused -bridge": variant(embedder, bridge=None),
        "fused max pooling": variant(embedder, temperature=0.0),
        "fused unweighted labels": variant(embedder, label_weight=ones),
        "fused semantic w=0.6": variant(embedder, 0.6),
        "fused 8 labels/occ (max)": variant(
            embedder, semantic=build_semantic_index(labels, embedder, 8)
        ),
        "semantic alone": variant(embedder, 1.0),
    }
    return out


def _baselines(taxonomy: Taxonomy) -> dict[str, Ranker]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    def ranker(items: list[tuple[str, str]], vectorizer: Any) -> Ranker:
        matrix = vectorizer.fit_transform([label for _, label in items])

        def rank(texts: Sequence[str]) -> list[list[Match]]:
            sims = (vectorizer.transform(list(texts)) @ matrix.T).toarray()
            order = np.argsort(-sims, axis=1)[:, :TOP]
            return [
                [Match(items[j][0], items[j][1], float(sims[i, j])) for j in row if sims[i, j] > 0]
                for i, row in enumerate(order)
            ]

        return rank

    skills = [(s.id, s.label) for s in taxonomy.skills_of("esco") if s.kind != "group"]
    occs = [(o.id, o.title) for o in taxonomy.occupations_of("esco")]
    return {
        "skills": ranker(
            skills, TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
        ),
        "titles": ranker(occs, TfidfVectorizer()),
    }


def _score(
    tmp: Path, task: str, kind: str, rank: Ranker, inputs: list[str], truth: Path
) -> dict[str, Any]:
    inputs_path, pred_path = tmp / f"{task}.txt", tmp / f"{task}.tsv"
    inputs_path.write_text("".join(x + "\n" for x in inputs), encoding="utf-8")
    with pred_path.open("w", encoding="utf-8") as fh:
        fh.write("input_index\trank\tid\tlabel\tscore\n")
        for start in range(0, len(inputs), 2048):
            for i, matches in enumerate(rank(inputs[start : start + 2048]), start):
                for r, m in enumerate(matches, 1):
                    fh.write(f"{i}\t{r}\t{m.id}\t{m.label.replace(chr(9), ' ')}\t{m.score:.4f}\n")
    out = subprocess.run(
        [sys.executable, str(SCORER), kind, str(pred_path), str(inputs_path), str(truth)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
