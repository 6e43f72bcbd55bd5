"""Speed of the people store: bulk add_many of synthetic profiles, then get() and get_many().

Each person has ~3 role spells and ~15 skill claims with 1-2 evidence rows each (≈45 rows per
person). Every repeat inserts into a fresh database (SQLite file; PostgreSQL schema), in one unit
of work, and commits. Reports medians; writes bench/results/store_speed.json.

    python bench/store_speed.py [--people 100000] [--repeats 3] [--postgres-url URL | --no-postgres]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import print_table, timed, write_results
from careerpath.domain.profile import Evidence, Preferences, Profile, RoleSpell, SkillClaim
from careerpath.store.engine import make_engine, make_session_factory
from careerpath.store.migrate import upgrade_engine
from careerpath.store.uow import SqlAlchemyUnitOfWork

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SOURCES = ("role", "learning", "project", "resume", "hris", "self_assessment")


def _spells(rng: random.Random, n: int) -> list[RoleSpell]:
    """Three consecutive role spells, the last one current."""
    start = date(2005, 1, 1) + timedelta(days=rng.randrange(5000))
    spells = []
    for s in range(3):
        end = start + timedelta(days=rng.randrange(300, 1500)) if s < 2 else None
        spells.append(
            RoleSpell(
                f"Title {rng.randrange(400)}",
                start,
                end,
                f"org:r{rng.randrange(200)}",
                "15-1252.00",
                "Acme",
                f"U{rng.randrange(50)}",
                f"P{rng.randrange(n):06d}",
                "Paris",
            )
        )
        start = end or start
    return spells


def synthetic_people(n: int, seed: int = 7) -> list[Profile]:
    """``n`` deterministic profiles: 3 spells, 15 claims with 1-2 evidence rows each."""
    rng = random.Random(seed)
    skills = [f"2.A.{i // 26}.{chr(97 + i % 26)}" for i in range(120)]
    people = []
    for k in range(n):
        spells = _spells(rng, n)
        claims = tuple(
            SkillClaim(
                sid,
                rng.random(),
                rng.random(),
                tuple(
                    Evidence(
                        rng.choice(SOURCES),
                        rng.random(),
                        rng.random(),
                        "held Title",
                        f"ref{j}",
                        spells[0].start,
                    )
                    for j in range(rng.choice((1, 2)))
                ),
            )
            for sid in rng.sample(skills, 15)
        )
        people.append(
            Profile(
                f"P{k:06d}",
                f"Person {k}",
                f"p{k}@example.org",
                "Paris",
                "Eng",
                "P000001",
                spells[0].start,
                tuple(spells),
                claims,
                preferences=Preferences(("org:r1",), 50000.0),
                performance=rng.random(),
            )
        )
    return people


@contextmanager
def sqlite_engine() -> Iterator[sa.Engine]:
    """A migrated engine on a fresh SQLite file in a temp folder."""
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'people.db'}")
        upgrade_engine(engine)
        yield engine
        engine.dispose()


@contextmanager
def postgres_engine(url: str) -> Iterator[sa.Engine]:
    """A migrated engine on a fresh PostgreSQL schema, dropped afterwards."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(
        sa.make_url(url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    try:
        upgrade_engine(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run_backend(
    name: str, make: Callable[[], Any], people: list[Profile], repeats: int
) -> dict[str, Any]:
    """Median seconds of add_many+commit over fresh databases, then read timings on the last one."""
    insert_times: list[float] = []
    cpu_times: list[float] = []
    reads: dict[str, float] = {}
    for r in range(repeats):
        with make() as engine:
            sessions = make_session_factory(engine)
            t, cpu = time.perf_counter(), time.process_time()
            with SqlAlchemyUnitOfWork(sessions) as uow:
                uow.people.add_many(people)
                uow.commit()
            insert_times.append(time.perf_counter() - t)
            cpu_times.append(time.process_time() - cpu)
            print(f"  {name} repeat {r + 1}: add_many {insert_times[-1]:.1f} s", flush=True)
            if r == repeats - 1:
                reads = read_timings(sessions, people)
    median = statistics.median(insert_times)
    return {
        "backend": name,
        "people": len(people),
        "rows": rows_of(people),
        "add_many_s": median,
        "add_many_all_s": insert_times,
        "add_many_cpu_s": statistics.median(cpu_times),  # this process only (not the PG server)
        "load_avg_1min": os.getloadavg()[0],
        "rows_per_s": rows_of(people) / median,
        **reads,
    }


def read_timings(sessions: Any, people: list[Profile]) -> dict[str, float]:
    """Median ms of get() over 200 random ids; seconds of get_many over 10,000 ids."""
    rng = random.Random(1)
    ids = [p.person_id for p in rng.sample(people, min(200, len(people)))]
    many = [p.person_id for p in rng.sample(people, min(10_000, len(people)))]
    with SqlAlchemyUnitOfWork(sessions) as uow:
        gets = []
        for pid in ids:
            t = time.perf_counter()
            uow.people.get(pid)
            gets.append(time.perf_counter() - t)
        get_many_s, _, loaded = timed(lambda: uow.people.get_many(many), repeats=3)
        assert len(loaded) == len(many)
    return {"get_ms": statistics.median(gets) * 1000, "get_many_10k_s": get_many_s}


def rows_of(people: list[Profile]) -> int:
    """Rows add_many writes for these people (people, spells, claims, evidence, target roles)."""
    return sum(
        1
        + len(p.history)
        + len(p.skills)
        + sum(len(c.evidence) for c in p.skills)
        + len(p.preferences.target_roles)
        for p in people
    )


def main() -> None:
    """Parse arguments, run the backends, print the table and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("CAREERPATH_TEST_POSTGRES_URL", POSTGRES_URL)
    )
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    t = time.perf_counter()
    people = synthetic_people(args.people)
    generate_s = time.perf_counter() - t
    print(f"generated {len(people):,} profiles ({rows_of(people):,} rows) in {generate_s:.1f} s")
    results = [run_backend("sqlite", sqlite_engine, people, args.repeats)]
    if not args.no_postgres:
        results.append(
            run_backend(
                "postgresql", lambda: postgres_engine(args.postgres_url), people, args.repeats
            )
        )
    columns = ["backend", "people", "rows", "add_many_s", "add_many_cpu_s", "rows_per_s"]
    columns += ["get_ms", "get_many_10k_s", "load_avg_1min"]
    print_table(results, columns, title=f"store speed (medians of {args.repeats})")
    path = write_results(
        "store_speed",
        {
            "people": args.people,
            "repeats": args.repeats,
            "generate_s": generate_s,
            "results": results,
            "target": "100,000 people into SQLite well under 60 s",
        },
    )
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
