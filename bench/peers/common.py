"""Plumbing for the peer benchmarks: paths, machine info, JSON, tables, our CLI, ESCO zips."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from _common import print_table, timed, write_results

__all__ = ["print_table", "timed"]

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("CAREERPATH_PEERS_CACHE", "/tmp/careerpath-peers"))
DATA = Path(os.environ.get("CAREERPATH_DATA_DIR", str(ROOT.parent / "shared" / "data")))
TOOLS = Path(os.environ.get("CAREERPATH_TOOLS_DIR", str(ROOT.parent / "shared" / "tools")))
ESCO_DIR = DATA / "esco" / "1.1.1"
ESCO_EN_ZIP = ESCO_DIR / "esco-v1.1.1-en-csv.zip"
ESCO_REL_ZIP = ESCO_DIR / "esco-v1.1.1-relations-csv.zip"


def limit_threads(n: int) -> None:
    """Cap BLAS/OpenMP/torch threads in this process and in the children it starts."""
    for var in (
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "TOKENIZERS_PARALLELISM",
    ):
        os.environ[var] = "false" if var == "TOKENIZERS_PARALLELISM" else str(n)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def require_data(*paths: Path) -> None:
    """Fail with a clear message (exit 1) when a data file the bench needs is missing."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        sys.exit(
            "missing data (set CAREERPATH_DATA_DIR to the shared data folder): "
            + ", ".join(missing)
        )


def full_commit() -> str:
    """`git rev-parse HEAD` of the repository, or 'unknown'."""
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def save(name: str, threads: int, payload: dict[str, Any]) -> None:
    """Write bench/results/NAME.json via the shared bench helper (adds date, commit, machine)."""
    path = write_results(name, {"git_commit_full": full_commit(), "threads": threads, **payload})
    print(f"wrote {path}")


def read_zip_csv(zip_path: Path, member: str) -> list[dict[str, str]]:
    """Rows of one CSV file inside an official ESCO zip."""
    with zipfile.ZipFile(zip_path) as z, z.open(member) as fh:
        return list(csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8", newline="")))


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header row (O*NET text layout)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def write_lines(path: Path, lines: Iterable[str]) -> Path:
    """Write one input per line (newlines inside an input become spaces)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(s.replace("\n", " ").replace("\r", " ") + "\n" for s in lines), encoding="utf-8"
    )
    return path


# ---------------------------------------------------------------- our product's CLI


def careerpath_exe() -> str | None:
    """Path of the `careerpath` console script next to this Python, else on PATH."""
    here = Path(sys.executable).with_name("careerpath")
    return str(here) if here.exists() else shutil.which("careerpath")


def cli_env(threads: int) -> dict[str, str]:
    """Environment for our CLI: data folder and the same thread cap as the peer."""
    env = dict(os.environ)
    env.setdefault("CAREERPATH_DATA_DIR", str(DATA))
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[var] = str(threads)
    env["HF_HUB_OFFLINE"] = "1"
    env["TRANSFORMERS_OFFLINE"] = "1"
    return env


def cli_ready(args: Sequence[str], env: dict[str, str]) -> bool:
    """True when `careerpath ARGS --help` exits 0 (the subcommand exists)."""
    exe = careerpath_exe()
    if exe is None:
        return False
    try:
        out = subprocess.run([exe, *args, "--help"], env=env, capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0


def wait_for_cli(
    args: Sequence[str], env: dict[str, str], wait_min: float, poll_s: float = 180
) -> bool:
    """Poll until the subcommand exists or `wait_min` minutes have passed."""
    deadline = time.monotonic() + wait_min * 60
    while True:
        if cli_ready(args, env):
            return True
        if time.monotonic() >= deadline:
            return False
        print(
            f"  `careerpath {' '.join(args)}` not available yet; polling again in {poll_s:.0f}s",
            flush=True,
        )
        time.sleep(poll_s)


def run_cli(args: Sequence[str], env: dict[str, str], out_path: Path) -> float:
    """Run our CLI writing stdout to out_path; return wall seconds; raise with stderr on failure."""
    exe = careerpath_exe()
    assert exe is not None
    t0 = time.perf_counter()
    with out_path.open("w", encoding="utf-8") as fh:
        proc = subprocess.run([exe, *args], env=env, stdout=fh, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(
            f"careerpath {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}"
        )
    return seconds


def score_tool(tool: str, *args: str) -> dict[str, Any]:
    """Run a shared scorer (score-text prints one JSON line; score-transitions writes --json)."""
    out = subprocess.run(
        [sys.executable, str(TOOLS / tool), *args], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]
