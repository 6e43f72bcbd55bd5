"""Helpers shared by the benchmarks: environment facts, data folder, timing, JSON results, tables."""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"


def data_dir() -> Path:
    """The real data folder: CAREERPATH_DATA_DIR, else ../shared/data next to the repo; exits if absent."""
    path = Path(os.environ.get("CAREERPATH_DATA_DIR") or REPO.parent / "shared" / "data")
    if not path.exists():
        sys.exit(f"bench: data folder {path} not found; set CAREERPATH_DATA_DIR")
    os.environ["CAREERPATH_DATA_DIR"] = str(path)
    return path


def git_commit() -> str:
    """The current git commit (short), with '+dirty' when the tree has changes; '' outside git."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True
    ).stdout
    return head + ("+dirty" if dirty.strip() else "")


def machine() -> dict[str, Any]:
    """CPU, cores, memory and Python facts of the machine the benchmark ran on."""
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "cpu_affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "processor": _cpu_model(),
    }
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        info["memory_gb"] = round(pages * size / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        pass
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def timed(fn: Callable[[], Any], repeats: int = 3) -> tuple[float, list[float], Any]:
    """Run ``fn`` ``repeats`` times; (median seconds, all seconds, last result)."""
    times: list[float] = []
    result: Any = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, result


def write_results(name: str, payload: Mapping[str, Any]) -> Path:
    """Write ``bench/results/<name>.json`` with date, git commit and machine added; returns the path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    doc = {
        "benchmark": name,
        "date": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "machine": machine(),
        **payload,
    }
    path = RESULTS / f"{name}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def print_table(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str], *, title: str = ""
) -> None:
    """Print rows (dicts) as an aligned plain-text table on stdout; floats with 3 decimals."""

    def cell(v: Any) -> str:
        if isinstance(v, float):
            return f"{v:,.3f}" if abs(v) < 1000 else f"{v:,.0f}"
        return "" if v is None else str(v)

    cells = [[cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    if title:
        print(f"\n{title}")
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
