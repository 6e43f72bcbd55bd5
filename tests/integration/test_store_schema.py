"""The migrated schema equals the tables' metadata (autogenerate finds nothing) on both databases."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from careerpath.store.engine import make_engine
from careerpath.store.migrate import upgrade
from careerpath.store.tables import metadata


def schema_diff(url: str) -> list[object]:
    """What autogenerate would change after migrating ``url`` to head."""
    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def test_sqlite_schema_matches_metadata(tmp_path: Path) -> None:
    assert schema_diff(f"sqlite:///{tmp_path / 'schema.db'}") == []


def test_postgres_schema_matches_metadata(postgres_url: str) -> None:
    assert schema_diff(postgres_url) == []
