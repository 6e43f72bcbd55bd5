"""Build time and peak memory of the demo organization (target: 2,000 people <= 60 s with persisting).

Run: CAREERPATH_DATA_DIR=../shared/data python bench/demo_build.py [--sizes 2000 10000] [--with-100k]
Each size runs in a fresh Python process (so peak RSS is that build's): load the taxonomy (warm
snapshot), build the demo, then write it in one transaction to a new SQLite file through the SQL
store (or, when the store is not importable, the in-memory fake unit of work; the JSON says which).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile

from _common import REPO, data_dir, print_table, write_results

CHILD = r"""
import json, resource, sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, str(Path(sys.argv[3]) / "tests"))
from careerpath.bootstrap import load_taxonomy
from careerpath.config import Settings
from careerpath.engine.demo import build_demo, write_demo

def unit_of_work(url):
    try:
        from careerpath.store.engine import make_engine, make_session_factory
        from careerpath.store.migrate import upgrade_engine
        from careerpath.store.uow import SqlAlchemyUnitOfWork
    except ImportError:
        from fakes import FakeUnitOfWork
        return FakeUnitOfWork(), "fake (in memory)"
    engine = make_engine(url)
    upgrade_engine(engine)
    return SqlAlchemyUnitOfWork(make_session_factory(engine)), "sqlite"

size, folder = int(sys.argv[1]), sys.argv[2]
tax = load_taxonomy(Settings())
t0 = time.perf_counter()
demo = build_demo(taxonomy=tax, size=size, seed=7, today=date(2025, 6, 30))
t1 = time.perf_counter()
uow, store = unit_of_work(f"sqlite:///{folder}/demo.db")
t2 = time.perf_counter()
write_demo(demo, uow)
t3 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
c = demo.counts()
print(json.dumps({"size": size, "people": c["people"], "records": c["learning records"],
    "outcomes": c["outcomes"], "build_s": t1 - t0, "write_s": t3 - t2, "store": store,
    "peak_mb": rss, "per_person_ms": 1000 * (t1 - t0) / c["people"]}))
"""


def _run(size: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="careerpath-demo-") as folder:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(size), folder, str(REPO)],
            capture_output=True,
            text=True,
            check=True,
        )
    row: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    row["total_s"] = row["build_s"] + row["write_s"]
    return row


def main() -> None:
    """Measure each size and write bench/results/demo_build.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--with-100k", action="store_true", help="also build 100,000 people")
    args = parser.parse_args()
    data_dir()
    sizes = [*args.sizes, *([100_000] if args.with_100k else [])]
    rows = []
    for size in sizes:
        rows.append(_run(size))
        print(f"  {size:,}: {rows[-1]['total_s']:.1f} s", file=sys.stderr)
    columns = (
        "size",
        "people",
        "build_s",
        "write_s",
        "total_s",
        "peak_mb",
        "per_person_ms",
        "store",
    )
    print_table(rows, columns, title="demo organization build (seed 7, as of 2025-06-30)")
    target = next((r for r in rows if r["size"] == 2000), None)
    verdict = None if target is None else target["total_s"] <= 60.0
    path = write_results(
        "demo_build",
        {"rows": rows, "targets": {"size_2000_total_s": 60.0}, "meets_target": verdict},
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
