"""Embedder backends side by side: numpy MiniLM (text/minilm.py) vs sentence-transformers (torch).

What it measures (medians of --repeats; each backend in fresh processes, so imports are honest)
  * load: `load_sentence_embedder("all-MiniLM-L6-v2", backend=...)` in a new interpreter where
    careerpath.text.semantic is already imported, i.e. importing the backend (torch +
    sentence-transformers, or tokenizers + safetensors) and reading the weights; then one-query
    encode latency (first call, and the median of 5 more) and whether torch ended up imported.
  * throughput: texts/s encoding --titles JobBERT dev titles (short) and --sentences skill-linking
    dev sentences (shared/data/dev), after one warm-up call.
  * equivalence: per-text cosine between the two backends' vectors on those texts (min, mean) and
    the largest absolute difference of any coordinate.
  * CLI: wall and CPU time of `careerpath skills link TEXT --format tsv` on a warm cache with
    semantic auto (the numpy backend), the same command forced onto the torch backend (as before
    this backend existed), and with --semantic off (the lexical floor).
--threads caps BLAS/OpenMP threads of every child process (0 = the machine default); give several
to compare. The load average is recorded: on a shared machine, multi-threaded BLAS on small
matrices suffers most from contention.
Run (repo root, venv active):
    CAREERPATH_DATA_DIR=../shared/data python bench/embedder_speed.py [--threads 0 1] [--repeats 3]
Writes bench/results/embedder_speed.json and prints a table.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import REPO, data_dir, print_table, write_results

MODEL = "all-MiniLM-L6-v2"
QUERY = "python programming and data analysis"
BACKENDS = ("numpy", "torch")
TORCH_CLI = (
    "import sys, careerpath.text.semantic as s\n"
    "load = s.load_sentence_embedder\n"
    "s.load_sentence_embedder = lambda m, *, required, backend='auto': load(m, required=required, backend='torch')\n"
    "from careerpath.cli import main\n"
    "sys.argv[0] = 'careerpath'\n"
    "main()\n"
)


def main() -> None:
    """Measure, print the table, write the JSON (or run one worker when --worker is given)."""
    args = _parse()
    if args.worker:
        print(json.dumps(_worker(args)))
        return
    data = data_dir()
    titles, sentences = _inputs(data / "dev", args.titles, args.sentences)
    work = Path(tempfile.mkdtemp(prefix="careerpath-embedder-"))
    texts_file = work / "texts.json"
    texts_file.write_text(json.dumps({"titles": titles, "sentences": sentences}))
    load_before = os.getloadavg()
    rows: list[dict[str, Any]] = []
    equivalence: dict[str, Any] = {}
    try:
        for threads in args.threads:
            rows += _load_rows(threads, args.repeats)
            tp_rows, equivalence = _throughput_rows(threads, args.repeats, texts_file, work)
            rows += tp_rows
            rows += _cli_rows(threads, args.repeats)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(rows, ["what", "backend", "threads", "items", "median_s", "per_s", "cpu_s", "note"])
    print(f"\nequivalence (numpy vs torch): {equivalence}")
    payload = {
        "model": MODEL,
        "repeats": args.repeats,
        "threads": args.threads,
        "loadavg_before": load_before,
        "loadavg_after": os.getloadavg(),
        "equivalence": equivalence,
        "rows": rows,
    }
    print(f"\nwrote {write_results('embedder_speed', payload)}")


def _parse() -> argparse.Namespace:
    """Command-line options (the --worker ones are internal)."""
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--titles", type=int, default=2000)
    ap.add_argument("--sentences", type=int, default=500)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, nargs="+", default=[0, 1])
    ap.add_argument("--worker", choices=("load", "throughput"), help=argparse.SUPPRESS)
    ap.add_argument("--backend", choices=BACKENDS, help=argparse.SUPPRESS)
    ap.add_argument("--texts", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return ap.parse_args()


def _inputs(dev: Path, n_titles: int, n_sentences: int) -> tuple[list[str], list[str]]:
    """The first distinct dev titles (short texts) and skill-linking sentences."""
    with (dev / "title_normalization" / "jobbert_titles_dev.csv").open(encoding="utf-8") as fh:
        titles = list(dict.fromkeys(r["vacancyTitle"] for r in csv.DictReader(fh)))
    sentences: list[str] = []
    for name in ("tech", "house"):
        path = dev / "skill_linking" / f"{name}_validation_annotations.csv"
        with path.open(encoding="utf-8") as fh:
            sentences += [r["sentence"] for r in csv.DictReader(fh)]
    return titles[:n_titles], list(dict.fromkeys(sentences))[:n_sentences]


# ---------------------------------------------------------------- workers (child processes)


def _worker(args: argparse.Namespace) -> dict[str, Any]:
    """Run in a child process: load one backend, then time loading or encoding; a JSON-able dict."""
    import numpy as np

    from careerpath.text.semantic import load_sentence_embedder

    start = time.perf_counter()
    embedder = load_sentence_embedder(MODEL, required=True, backend=args.backend)
    assert embedder is not None
    result: dict[str, Any] = {"load_s": time.perf_counter() - start}
    if args.worker == "load":
        result["first_query_s"] = _seconds(lambda: embedder.encode([QUERY]))
        result["query_s"] = statistics.median(
            _seconds(lambda: embedder.encode([QUERY])) for _ in range(5)
        )
        result["torch_imported"] = "torch" in sys.modules
        return result
    texts = json.loads(args.texts.read_text())
    embedder.encode(texts["titles"][:32])  # warm-up
    vectors = []
    for kind in ("titles", "sentences"):
        times = [_seconds(lambda k=kind: embedder.encode(texts[k])) for _ in range(args.repeats)]
        result[kind] = times
        vectors.append(embedder.encode(texts[kind]))
    np.save(args.out, np.vstack(vectors))
    return result


def _seconds(fn: Any) -> float:
    """Wall seconds of one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _child_env(threads: int) -> dict[str, str]:
    """The environment for child processes, with BLAS/OpenMP threads capped when threads > 0."""
    env = dict(os.environ)
    if threads > 0:
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env[var] = str(threads)
    return env


def _run_worker(threads: int, *extra: str) -> dict[str, Any]:
    """One worker process's JSON result."""
    cmd = [sys.executable, str(Path(__file__).resolve()), *extra]
    done = subprocess.run(
        cmd, capture_output=True, text=True, check=True, env=_child_env(threads), cwd=REPO
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# ---------------------------------------------------------------- rows


def _row(what: str, backend: str, threads: int, items: int, times: list[float]) -> dict[str, Any]:
    """One table row from the run times of ``items`` items."""
    med = statistics.median(times)
    return {
        "what": what,
        "backend": backend,
        "threads": threads or "default",
        "items": items,
        "median_s": med,
        "per_s": items / med if med > 0 else None,
        "runs_s": [round(t, 4) for t in times],
    }


def _load_rows(threads: int, repeats: int) -> list[dict[str, Any]]:
    """Backend import + model load, first and warm one-query latency; fresh process per run."""
    rows = []
    for backend in BACKENDS:
        runs = [
            _run_worker(threads, "--worker", "load", "--backend", backend) for _ in range(repeats)
        ]
        note = "torch imported" if runs[0]["torch_imported"] else "no torch import"
        rows.append(_row("import + load", backend, threads, 1, [r["load_s"] for r in runs]))
        rows[-1]["note"] = note
        rows.append(_row("first query", backend, threads, 1, [r["first_query_s"] for r in runs]))
        rows.append(_row("warm query", backend, threads, 1, [r["query_s"] for r in runs]))
    return rows


def _throughput_rows(
    threads: int, repeats: int, texts_file: Path, work: Path
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Encode rates for titles and sentences per backend, and the backends' vector agreement."""
    import numpy as np

    texts = json.loads(texts_file.read_text())
    rows, vectors = [], {}
    for backend in BACKENDS:
        out = work / f"{backend}-{threads}.npy"
        res = _run_worker(
            threads, "--worker", "throughput", "--backend", backend,
            "--texts", str(texts_file), "--out", str(out), "--repeats", str(repeats),
        )  # fmt: skip
        for kind in ("titles", "sentences"):
            rows.append(_row(f"encode {kind}", backend, threads, len(texts[kind]), res[kind]))
        vectors[backend] = np.load(out)
    a, b = vectors["numpy"], vectors["torch"]
    cosine = np.sum(a * b, axis=1)
    equivalence = {
        "texts": len(a),
        "cosine_min": float(cosine.min()),
        "cosine_mean": float(cosine.mean()),
        "max_abs_diff": float(np.abs(a - b).max()),
    }
    return rows, equivalence


def _cli_rows(threads: int, repeats: int) -> list[dict[str, Any]]:
    """Warm-cache wall (and children's CPU) seconds of `careerpath skills link TEXT` per path."""
    exe = shutil.which("careerpath") or "careerpath"
    tail = ["skills", "link", QUERY, "--format", "tsv"]
    commands = {
        "numpy (auto)": [exe, *tail],
        "torch (before)": [sys.executable, "-c", TORCH_CLI, *tail],
        "lexical (--semantic off)": [exe, *tail, "--semantic", "off"],
    }
    rows = []
    env = _child_env(threads)
    for backend, cmd in commands.items():
        subprocess.run(cmd, capture_output=True, check=True, env=env)  # warm the caches
        walls, cpus = [], []
        for _ in range(repeats):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            walls.append(_seconds(lambda c=cmd: subprocess.run(c, capture_output=True, env=env)))
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        rows.append(_row("CLI `skills link TEXT` warm", backend, threads, 1, walls))
        rows[-1]["cpu_s"] = statistics.median(cpus)
    return rows


if __name__ == "__main__":
    main()
