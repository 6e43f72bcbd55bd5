"""Load on loopback against `careerpath serve` on the demo organization.

Builds the demo organization in a fresh database (SQLite by default, or PostgreSQL with
``--postgres URL``), creates an hr_admin API key, starts ``careerpath serve`` as its own process and
drives it with wrk (Debian package ``wrk``; a C load generator, so the client costs little of the
2 cores): 50 concurrent connections reading ``GET /v1/people/{id}/recommendations`` for random
demo people, after one warm-up pass over them. Then profile submissions (``POST /v1/profiles``)
per second through the job queue, and how fast the in-process workers drain them.

    python bench/api_load.py [--people 2000] [--clients 50] [--duration 20] [--postgres URL]

Prints a table and writes bench/results/api_load[_postgres].json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import data_dir, print_table, write_results

READ_SCRIPT = r"""
ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
token = os.getenv("BENCH_TOKEN")
request = function()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/v1/people/" .. id .. "/recommendations?limit=10", {["Authorization"] = "Bearer " .. token})
end
done = function(summary, latency, requests)
  io.write(string.format("BENCHJSON {\"requests\": %d, \"duration_us\": %d, \"errors_status\": %d, " ..
    "\"errors_connect\": %d, \"errors_timeout\": %d, \"p50_us\": %d, \"p90_us\": %d, \"p95_us\": %d, \"p99_us\": %d, \"max_us\": %d}\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99), latency.max))
end
"""

SUBMIT_SCRIPT = r"""
token = os.getenv("BENCH_TOKEN")
counter = 0
request = function()
  counter = counter + 1
  local id = string.format("LOAD-%d-%d", math.random(1000000000), counter)
  local body = '{"format": "profile", "document": {"person_id": "' .. id .. '", ' ..
    '"roles": [{"title": "Data analyst", "start": "2020-01-01"}], ' ..
    '"skills": [{"name": "SQL", "level": 0.6}]}}'
  return wrk.format("POST", "/v1/profiles", {["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency, requests)
  io.write(string.format("BENCHJSON {\"requests\": %d, \"duration_us\": %d, \"errors_status\": %d, " ..
    "\"p50_us\": %d, \"p95_us\": %d, \"p99_us\": %d}\n",
    summary.requests, summary.duration, summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def main() -> None:
    """Run the load benchmark and write its JSON."""
    args = _args()
    data_dir()
    if shutil.which("wrk") is None:
        sys.exit("bench: wrk not found; install it with `apt-get install wrk`")
    work = Path(tempfile.mkdtemp(prefix="careerpath-load-"))
    env = _env(args, work)
    _run(["careerpath", "demo", "--size", str(args.people), "--replace"], env)
    token = _key(env)
    port = _free_port()
    server = subprocess.Popen(
        ["careerpath", "serve", "--port", str(port)],
        env=env,
        stdout=(work / "serve.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_ready(base, server)
        ids = _people(base, token, args.people)
        (work / "ids.txt").write_text("\n".join(ids) + "\n")
        warm = _warm(base, token, ids)
        env_wrk = {**env, "BENCH_IDS": str(work / "ids.txt"), "BENCH_TOKEN": token}
        reads = _wrk(READ_SCRIPT, work / "read.lua", base, args.clients, args.duration, env_wrk)
        done_before, started = _jobs(base, "succeeded"), time.monotonic()
        submits = _wrk(SUBMIT_SCRIPT, work / "submit.lua", base, 10, 10, env_wrk)
        drain = _drain(base, done_before, started)
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows, results = _report(args, reads, submits, warm, drain)
    print_table(rows, ["what", "value"], title="careerpath serve under load")
    name = "api_load_postgres" if args.postgres else "api_load"
    write_results(name, results)
    shutil.rmtree(work, ignore_errors=True)


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=int, default=20, help="seconds of read load")
    parser.add_argument("--postgres", help="PostgreSQL URL of an empty database to use instead")
    return parser.parse_args()


def _env(args: argparse.Namespace, work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["CAREERPATH_DATABASE_URL"] = args.postgres or f"sqlite:///{work / 'load.db'}"
    env["CAREERPATH_LOG_FORMAT"] = "json"
    env["CAREERPATH_RATE_LIMIT_PER_MINUTE"] = "100000000"
    env["CAREERPATH_CONFIG_DIR"] = str(work / "config")
    return env


def _run(cmd: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _key(env: dict[str, str]) -> str:
    out = _run(["careerpath", "keys", "create", "--role", "hr_admin", "--subject", "bench"], env)
    match = re.search(r"cpk_[A-Za-z0-9_-]+", out)
    if match is None:
        sys.exit(f"bench: no API key in the output of keys create:\n{out}")
    return match.group(0)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("bench: careerpath serve exited; see its log")
        try:
            if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    sys.exit("bench: careerpath serve not ready after 300 s")


def _people(base: str, token: str, n: int) -> list[str]:
    """Person ids of the demo, read from the demo's deterministic id scheme via the API."""
    ids = [f"E{i:06d}" for i in range(1, n + 1)]
    headers = {"Authorization": f"Bearer {token}"}
    found = httpx.get(f"{base}/v1/people/{ids[0]}/recommendations", headers=headers, timeout=60)
    if found.status_code != 200:
        sys.exit(f"bench: {ids[0]} not readable ({found.status_code}): {found.text[:300]}")
    return ids


def _warm(base: str, token: str, ids: list[str]) -> dict[str, float]:
    """One pass over every person, sequentially: cold (first) latency of a recommendation read."""
    headers = {"Authorization": f"Bearer {token}"}
    times = []
    with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
        for pid in ids:
            start = time.perf_counter()
            response = client.get(f"/v1/people/{pid}/recommendations?limit=10")
            times.append(time.perf_counter() - start)
            if response.status_code != 200:
                sys.exit(f"bench: warm-up read of {pid} gave {response.status_code}")
    times.sort()
    return {
        "people": len(ids),
        "total_s": round(sum(times), 2),
        "p50_ms": round(1000 * times[len(times) // 2], 1),
        "p95_ms": round(1000 * times[int(len(times) * 0.95)], 1),
    }


def _wrk(
    script: str, path: Path, base: str, clients: int, seconds: int, env: dict[str, str]
) -> dict[str, Any]:
    path.write_text(script)
    cmd = ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", str(path), base]
    out = _run(cmd, env)
    line = next((x for x in out.splitlines() if x.startswith("BENCHJSON ")), None)
    if line is None:
        sys.exit(f"bench: no summary from wrk:\n{out}")
    result: dict[str, Any] = json.loads(line.removeprefix("BENCHJSON "))
    result["rps"] = round(result["requests"] / (result["duration_us"] / 1e6), 1)
    result["clients"] = clients
    return result


def _drain(base: str, done_before: int, started: float) -> dict[str, float]:
    """Jobs finished per second from the first submission until the queue is empty again."""
    while _jobs(base, "queued", "running") > 0 and time.monotonic() - started < 900:
        time.sleep(0.5)
    elapsed = time.monotonic() - started
    done = _jobs(base, "succeeded") - done_before
    failed = _jobs(base, "failed", "dead")
    return {
        "jobs": done,
        "failed_or_dead": failed,
        "seconds": round(elapsed, 1),
        "jobs_per_s": round(done / elapsed, 1),
    }


def _jobs(base: str, *statuses: str) -> int:
    """Jobs in these statuses, from the server's /metrics."""
    text = httpx.get(base + "/metrics", timeout=10).text
    total = 0.0
    for line in text.splitlines():
        if line.startswith("careerpath_jobs{") and any(f'status="{s}"' in line for s in statuses):
            total += float(line.rsplit(" ", 1)[1])
    return int(total)


def _report(
    args: argparse.Namespace,
    reads: dict[str, Any],
    submits: dict[str, Any],
    warm: dict[str, float],
    drain: dict[str, float],
) -> tuple[list[dict[str, str]], dict[str, Any]]:
    pairs = [
        ["database", "postgresql" if args.postgres else "sqlite"],
        ["people", str(args.people)],
        ["cold read p50 / p95 (ms, sequential warm-up)", f"{warm['p50_ms']} / {warm['p95_ms']}"],
        [f"reads/s at {args.clients} clients", str(reads["rps"])],
        [
            "read p50 / p95 / p99 (ms)",
            "{:.1f} / {:.1f} / {:.1f}".format(
                reads["p50_us"] / 1000, reads["p95_us"] / 1000, reads["p99_us"] / 1000
            ),
        ],
        [
            "read errors (status / connect / timeout)",
            "{} / {} / {}".format(
                reads["errors_status"], reads["errors_connect"], reads["errors_timeout"]
            ),
        ],
        ["profile submissions/s (10 clients)", str(submits["rps"])],
        ["submission errors (status)", str(submits["errors_status"])],
        ["jobs done/s (submission start to empty queue)", str(drain["jobs_per_s"])],
        ["jobs failed or dead", str(drain["failed_or_dead"])],
    ]
    rows = [{"what": what, "value": value} for what, value in pairs]
    results = {
        "config": vars(args),
        "reads": reads,
        "warm": warm,
        "submits": submits,
        "drain": drain,
        "targets": {"read_p95_ms": 150, "reads_per_s": 200},
    }
    return rows, results


if __name__ == "__main__":
    main()
