"""Speed of skill linking and title normalisation: batch throughput, index build cold vs warm, CLI start.

What it measures (medians over --repeats runs, on the machine's cores)
  * index build: lexical skill/title indexes built from the taxonomy into an empty cache (cold) and
    loaded from the cache (warm), per taxonomy.
  * lexical throughput: `link_skills` over the dev sentences repeated to --lines lines, and
    `normalize_titles` over the 15,463 dev titles, through the engine use cases (top 10).
  * embedding path: MiniLM encode rate (texts/s) for sentences and titles, fused throughput, and the
    label-vector load from cache (the cold embedding of all labels is estimated from the encode rate
    unless --cold-vectors measures it).
  * CLI: wall time of `careerpath skills link TEXT --semantic off` on a warm cache (process start).
Run (repo root, venv active):  python bench/text_speed.py [--lines 5000] [--repeats 3] [--no-semantic]
Writes bench/results/text_speed.json and prints a table.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from _common import data_dir, print_table, timed, write_results
from careerpath.bootstrap import load_taxonomy
from careerpath.config import Settings
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.normalize import link_skills, normalize_titles
from careerpath.text.build import load_indexes, make_skill_linker, make_title_normalizer
from careerpath.text.semantic import embedding_texts, load_sentence_embedder


def main() -> None:
    """Measure, print the table, write the JSON."""
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--lines", type=int, default=5000, help="skill-linking lines per run")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-semantic", action="store_true")
    ap.add_argument(
        "--cold-vectors", action="store_true", help="embed all labels from scratch (slow)"
    )
    args = ap.parse_args()
    dev = data_dir() / "dev"
    settings = Settings()
    taxonomy = load_taxonomy(settings)
    sentences, titles = _inputs(dev, args.lines)
    rows = _build_rows(taxonomy, args.repeats)
    rows += _lexical_rows(taxonomy, settings.cache_dir, sentences, titles, args.repeats)
    if not args.no_semantic:
        embedder = load_sentence_embedder(settings.embedding_model, required=False)
        if embedder is not None:
            rows += _semantic_rows(taxonomy, settings, embedder, sentences, titles, args)
    rows.append(_cli_row(args.repeats))
    print_table(rows, ["what", "taxonomy", "items", "median_s", "per_s", "runs_s"])
    path = write_results("text_speed", {"repeats": args.repeats, "rows": rows})
    print(f"\nwrote {path}")


def _inputs(dev: Path, lines: int) -> tuple[list[str], list[str]]:
    sentences: list[str] = []
    for name in ("tech", "house"):
        with (dev / "skill_linking" / f"{name}_validation_annotations.csv").open(
            encoding="utf-8"
        ) as fh:
            sentences += list(dict.fromkeys(r["sentence"] for r in csv.DictReader(fh)))
    with (dev / "title_normalization" / "jobbert_titles_dev.csv").open(encoding="utf-8") as fh:
        titles = [r["vacancyTitle"] for r in csv.DictReader(fh)]
    repeated = (sentences * (lines // len(sentences) + 1))[:lines]
    return repeated, titles


def _row(what: str, taxonomy: str, items: int, times: list[float], median: float) -> dict[str, Any]:
    return {
        "what": what,
        "taxonomy": taxonomy,
        "items": items,
        "median_s": median,
        "per_s": items / median if median > 0 else None,
        "runs_s": [round(t, 4) for t in times],
    }


def _build_rows(taxonomy: Taxonomy, repeats: int) -> list[dict[str, Any]]:
    rows = []
    for kind, which in (
        ("skills", "esco"),
        ("skills", "onet"),
        ("titles", "esco"),
        ("titles", "onet"),
    ):
        tmp = Path(tempfile.mkdtemp(prefix="careerpath-speed-"))
        try:

            def cold(tmp: Path = tmp, kind: str = kind, which: str = which) -> Any:
                shutil.rmtree(tmp / "text", ignore_errors=True)
                return load_indexes(taxonomy, which, kind, cache_dir=tmp, embedder=None)

            med, times, idx = timed(cold, repeats)
            rows.append(
                _row(f"{kind} index build (cold)", which, len(idx.lexical.labels.texts), times, med)
            )

            def warm(tmp: Path = tmp, kind: str = kind, which: str = which) -> Any:
                return load_indexes(taxonomy, which, kind, cache_dir=tmp, embedder=None)

            med, times, _ = timed(warm, repeats)
            rows.append(
                _row(f"{kind} index load (warm)", which, len(idx.lexical.labels.texts), times, med)
            )
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return rows


def _lexical_rows(
    taxonomy: Taxonomy, cache_dir: Path, sentences: list[str], titles: list[str], repeats: int
) -> list[dict[str, Any]]:
    linker = make_skill_linker(taxonomy, cache_dir=cache_dir, embedder=None)
    normalizer = make_title_normalizer(taxonomy, cache_dir=cache_dir, embedder=None)
    rows = []
    for which in ("esco", "onet"):
        link_skills(sentences[:10], linker=linker, taxonomy=which, top=10)  # load the index
        med, times, _ = timed(
            lambda w=which: link_skills(sentences, linker=linker, taxonomy=w, top=10), repeats
        )
        rows.append(_row("skills link, lexical", which, len(sentences), times, med))
        normalize_titles(titles[:10], normalizer=normalizer, taxonomy=which, top=10)
        med, times, _ = timed(
            lambda w=which: normalize_titles(titles, normalizer=normalizer, taxonomy=w, top=10),
            repeats,
        )
        rows.append(_row("titles normalize, lexical", which, len(titles), times, med))
    return rows


def _semantic_rows(
    taxonomy: Taxonomy,
    settings: Settings,
    embedder: Any,
    sentences: list[str],
    titles: list[str],
    args: Any,
) -> list[dict[str, Any]]:
    rows = []
    few_sentences, few_titles = sentences[: min(1000, len(sentences))], titles[:2000]
    med, times, _ = timed(lambda: embedder.encode(few_sentences), args.repeats)
    rows.append(_row("MiniLM encode, sentences", "-", len(few_sentences), times, med))
    med, times, _ = timed(lambda: embedder.encode(few_titles), args.repeats)
    title_rate = len(few_titles) / med
    rows.append(_row("MiniLM encode, titles", "-", len(few_titles), times, med))
    linker = make_skill_linker(taxonomy, cache_dir=settings.cache_dir, embedder=embedder)
    normalizer = make_title_normalizer(taxonomy, cache_dir=settings.cache_dir, embedder=embedder)
    med, times, _ = timed(
        lambda: load_indexes(
            taxonomy, "esco", "skills", cache_dir=settings.cache_dir, embedder=embedder
        ),
        args.repeats,
    )
    index = load_indexes(
        taxonomy, "esco", "skills", cache_dir=settings.cache_dir, embedder=embedder
    )
    n_vec = len(index.semantic.vectors) if index.semantic is not None else 0
    rows.append(_row("skills vectors load (warm)", "esco", n_vec, times, med))
    rows.append(
        _row("skills vectors embed (cold, estimated)", "esco", n_vec, [], n_vec / title_rate)
    )
    if args.cold_vectors:
        texts, _ = embedding_texts(index.lexical.labels, 3)
        med, times, _ = timed(lambda: embedder.encode(texts), 1)
        rows.append(_row("skills vectors embed (cold, measured)", "esco", len(texts), times, med))
    med, times, _ = timed(
        lambda: link_skills(few_sentences, linker=linker, taxonomy="esco", top=10), args.repeats
    )
    rows.append(_row("skills link, fused", "esco", len(few_sentences), times, med))
    med, times, _ = timed(
        lambda: normalize_titles(few_titles, normalizer=normalizer, taxonomy="esco", top=10),
        args.repeats,
    )
    rows.append(_row("titles normalize, fused", "esco", len(few_titles), times, med))
    return rows


def _cli_row(repeats: int) -> dict[str, Any]:
    exe = shutil.which("careerpath") or "careerpath"
    cmd = [exe, "skills", "link", "SQL and Python", "--semantic", "off", "--format", "tsv"]
    subprocess.run(cmd, capture_output=True, check=True)  # warm the caches
    med, times, _ = timed(lambda: subprocess.run(cmd, capture_output=True, check=True), repeats)
    return _row("CLI `skills link TEXT` warm start", "esco", 1, times, med)


if __name__ == "__main__":
    main()
