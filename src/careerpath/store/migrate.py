"""Programmatic Alembic: upgrade the people database to head at start-up, report its revision.

``python -m careerpath.store.migrate upgrade URL`` and ``... current URL`` do the same from a shell;
``... revision URL MESSAGE`` autogenerates a new revision (review it before committing).
"""

from __future__ import annotations

import sys

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from careerpath.store.engine import connection_error, make_engine

SCRIPT_LOCATION = "careerpath.store:migrations"
#: Key of the PostgreSQL advisory lock that serialises concurrent upgrades (API + workers).
PG_MIGRATION_LOCK = 0x63617265  # "care"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic Config for careerpath's migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str | None:
    """The newest revision the code knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` to ``revision`` (idempotent; DataError when unreachable)."""
    engine = make_engine(url)
    try:
        upgrade_engine(engine, revision)
    finally:
        engine.dispose()


def upgrade_engine(engine: Engine, revision: str = "head") -> None:
    """Migrate the database behind ``engine`` to ``revision`` in one transaction."""
    config = alembic_config()
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"SELECT pg_advisory_xact_lock({PG_MIGRATION_LOCK})"))
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except DBAPIError as exc:
        raise connection_error(engine, exc) from None


def current_revision(url: str) -> str | None:
    """The revision the database at ``url`` is at (None when never migrated)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except DBAPIError as exc:
        raise connection_error(engine, exc) from None
    finally:
        engine.dispose()


def make_revision(url: str, message: str) -> None:
    """Autogenerate a revision from the difference between the database at head and the tables."""
    upgrade(url)
    command.revision(alembic_config(url), message=message, autogenerate=True)


def main(argv: list[str]) -> int:
    """Tiny command line: upgrade URL | current URL | revision URL MESSAGE."""
    if len(argv) >= 2 and argv[0] == "upgrade":
        upgrade(argv[1])
    elif len(argv) >= 2 and argv[0] == "current":
        print(current_revision(argv[1]) or "<none>")
    elif len(argv) >= 3 and argv[0] == "revision":
        make_revision(argv[1], argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
