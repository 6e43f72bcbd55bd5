"""Cold and warm taxonomy load from the official files: seconds (median of N) and peak memory.

Run: CAREERPATH_DATA_DIR=../shared/data python bench/taxonomy_load.py [--repeats 3]
Cold = a fresh cache folder (parse every source, compile, write the snapshot);
warm = the snapshot written by the cold run. Each run is a fresh Python process, so times include
imports, and peak RSS is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

from _common import print_table, write_results

CHILD = r"""
import json, resource, time
t0 = time.perf_counter()
from careerpath.bootstrap import load_taxonomy
from careerpath.config import Settings
tax = load_taxonomy(Settings())
dt = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": dt, "peak_mb": rss, "occupations": len(tax.occupations),
                  "skills": len(tax.skills), "facets": len(tax.facets)}))
"""


def _run(cache_dir: str) -> dict[str, float]:
    env = dict(os.environ, CAREERPATH_CACHE_DIR=cache_dir)
    out = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    """Measure cold and warm loads and write bench/results/taxonomy_load.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    cold, warm = [], []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory(prefix="careerpath-bench-") as cache:
            cold.append(_run(cache))
            warm.extend(_run(cache) for _ in range(3))
    rows = []
    for name, runs in (("cold (parse + compile)", cold), ("warm (snapshot)", warm)):
        rows.append(
            {
                "load": name,
                "median_s": round(statistics.median(r["seconds"] for r in runs), 3),
                "max_s": round(max(r["seconds"] for r in runs), 3),
                "peak_mb": round(max(r["peak_mb"] for r in runs), 1),
                "runs": len(runs),
            }
        )
    sizes = {k: cold[0][k] for k in ("occupations", "skills", "facets")}
    print_table(rows, list(rows[0]), title="taxonomy load (O*NET + ESCO + BLS + crosswalk)")
    print(f"holds: {sizes}")
    write_results(
        "taxonomy_load", {"rows": rows, "sizes": sizes, "targets": {"warm_s": 1.0, "peak_mb": 1536}}
    )


if __name__ == "__main__":
    main()
