"""Fixtures of the job test modules, registered for the whole suite by ``conftest.pytest_plugins``:
a job database of each kind (``engine``: SQLite file, or the session's PostgreSQL schema, emptied),
``pg_engine`` and a fake ``clock``. A module defining its own ``engine`` overrides this one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from careerpath.store.engine import make_engine
from careerpath.store.migrate import upgrade_engine
from jobs_support import FakeClock, clean, sqlite_engine


@pytest.fixture(scope="session")
def pg_engine(postgres_url: str) -> Iterator[sa.Engine]:
    """A migrated engine on the session's PostgreSQL schema."""
    engine = make_engine(postgres_url)
    upgrade_engine(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    """An empty migrated database of each kind."""
    if request.param == "sqlite":
        made = sqlite_engine(tmp_path / "jobs.db")
        yield made
        made.dispose()
    else:
        pg: sa.Engine = request.getfixturevalue("pg_engine")
        clean(pg)
        yield pg
        clean(pg)


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock at START."""
    return FakeClock()
