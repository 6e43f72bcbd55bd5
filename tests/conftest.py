"""Shared fixtures: the real data folder (fails under CI=true when missing, skips otherwise)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: The job tests' shared fixtures (engine of each kind, pg_engine, clock).
pytest_plugins = ["jobs_fixtures"]


def _data_dir() -> Path:
    configured = os.environ.get("CAREERPATH_DATA_DIR")
    return Path(configured) if configured else (REPO_ROOT.parent / "shared" / "data")


def require_data(path: Path, what: str) -> Path:
    """Return ``path`` if it exists; fail under CI=true, skip with a message otherwise."""
    if path.exists():
        return path
    message = (
        f"{what} not found at {path}: set CAREERPATH_DATA_DIR to the data folder "
        "(or run `careerpath data fetch`)"
    )
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real O*NET/ESCO/BLS data folder (CAREERPATH_DATA_DIR, default ../shared/data)."""
    return require_data(_data_dir(), "the real data folder")


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The folder of small handmade fixtures."""
    return FIXTURES


POSTGRES_TEST_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards.

    The server is CAREERPATH_TEST_POSTGRES_URL (default 127.0.0.1:5432, database ``test``, trust
    auth); when unreachable the test fails under CI=true and is skipped otherwise.
    """
    from uuid import uuid4

    import sqlalchemy as sa

    base = sa.make_url(os.environ.get("CAREERPATH_TEST_POSTGRES_URL", POSTGRES_TEST_URL))
    admin = sa.create_engine(base, connect_args={"connect_timeout": 3}, poolclass=sa.NullPool)
    schema = f"cp_test_{uuid4().hex[:12]}"
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except (sa.exc.DBAPIError, ModuleNotFoundError) as exc:
        admin.dispose()
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        message = (
            f"PostgreSQL not reachable at {base.render_as_string(hide_password=True)}: {reason}"
            " (set CAREERPATH_TEST_POSTGRES_URL)"
        )
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    url = base.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
