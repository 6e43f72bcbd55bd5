"""Speed of `careerpath roles similar|transitions --all` end to end, vs the matrix-multiply bound.

Runs each CLI command (subprocess, TSV to a temp file) REPEAT times and reports the median wall
time and peak RSS; times the in-process core (all similarities / feasibilities over every O*NET
occupation) and a dense float32 GEMM of the same total size (n x sum(m_f) by sum(m_f) x n), the
machine's bound for the core product. Writes bench/results/roles_speed.json.

    CAREERPATH_DATA_DIR=../shared/data python bench/roles_speed.py
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from careerpath.bootstrap import load_taxonomy
from careerpath.config import Settings
from careerpath.domain.similarity import chunks, similarity_rows
from careerpath.domain.transitions import feasibility_rows
from careerpath.engine.roles import TRANSITION_PARAMS, role_space

sys.path.insert(0, str(Path(__file__).resolve().parent))
from roles_quality import ROOT, machine

REPEAT = 5
_ROLES_ONLY = (
    "import careerpath.cli as c\n"
    "from careerpath.cli import roles\n"
    "c._register = lambda: c.app.add_typer(roles.app, name='roles')\n"
    "c.main()"
)


def median_time(fn: Callable[[], object], repeat: int = REPEAT) -> float:
    """Median wall seconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def cli_run(mode: str) -> tuple[float, float]:
    """Median wall seconds and max peak RSS (MB) of `careerpath roles MODE --all` (TSV to a file)."""
    args = ["roles", mode, "--all", "--top", "10", "--format", "tsv"]
    entry = "import careerpath.cli as c; c.main()"
    if not _cli_module_runs():  # other command groups not written yet: register roles only
        entry = _ROLES_ONLY
    cmd = [sys.executable, "-c", entry, *args]
    walls, peaks = [], []
    for _ in range(REPEAT):
        with tempfile.TemporaryFile() as out:
            t = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            subprocess.run(cmd, stdout=out, stderr=subprocess.DEVNULL, check=True)
            walls.append(time.perf_counter() - t)
            peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
    return statistics.median(walls), max(peaks)


def _cli_module_runs() -> bool:
    probe = subprocess.run(
        [sys.executable, "-c", "import careerpath.cli as c; c._register()"], capture_output=True
    )
    return probe.returncode == 0


def main() -> None:
    """Measure, print a table, write the JSON."""
    tax = load_taxonomy(Settings())
    space = role_space(tax, "onet")
    n = len(space)
    width = sum(len(f.col_ids) for f in space.facets.values())

    def core(fn: Callable[[np.ndarray], np.ndarray]) -> Callable[[], None]:
        return lambda: [fn(rows) for rows in chunks(n)] and None

    sim_core = median_time(core(lambda r: similarity_rows(space, r)))
    feas_core = median_time(core(lambda r: feasibility_rows(space, r, TRANSITION_PARAMS)))
    a = np.random.default_rng(0).random((n, width), dtype=np.float32)
    gemm = median_time(lambda: a @ a.T)
    rows: list[dict[str, Any]] = []
    for mode, core_s in (("similar", sim_core), ("transitions", feas_core)):
        wall, peak = cli_run(mode)
        rows.append(
            {
                "command": f"roles {mode} --all --top 10 --format tsv",
                "cli_median_s": wall,
                "cli_peak_rss_mb": peak,
                "core_median_s": core_s,
                "gemm_bound_s": gemm,
                "core_over_gemm": core_s / gemm,
            }
        )
    print(f"n={n} occupations, sum of facet widths={width}, GEMM {n}x{width}x{n} f32 = {gemm:.4f}s")
    print(f"{'command':42s} {'cli s':>7s} {'peak MB':>8s} {'core s':>7s} {'core/GEMM':>9s}")
    for r in rows:
        print(
            f"{r['command']:42s} {r['cli_median_s']:7.2f} {r['cli_peak_rss_mb']:8.0f}"
            f" {r['core_median_s']:7.3f} {r['core_over_gemm']:9.1f}"
        )
    out = {
        **machine(),
        "repeat": REPEAT,
        "n": n,
        "width": width,
        "threads": os.cpu_count(),
        "results": rows,
    }
    path = ROOT / "bench" / "results" / "roles_speed.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
