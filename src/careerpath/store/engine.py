"""Engines and sessions for the people database: SQLite (WAL, foreign keys) or PostgreSQL (psycopg).

Nothing here connects at import time; ``make_engine`` only builds the engine and, for a SQLite
file, its parent folder. Connection failures become ``DataError`` naming the URL (password hidden).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.exc import DBAPIError as SqlDBAPIError
from sqlalchemy.orm import Session, sessionmaker

from careerpath.domain.errors import DataError

SQLITE_BUSY_TIMEOUT_MS = 10_000
POSTGRES_CONNECT_TIMEOUT_S = 10
SQLITE_POOL_SIZE = 40
URL_HINT = (
    "set CAREERPATH_DATABASE_URL to sqlite:///path/to/careerpath.db or "
    "postgresql+psycopg://user:password@host:5432/dbname"
)


def redact(url: str | URL) -> str:
    """The URL as text with its password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable database URL>"


def parse_url(url: str) -> URL:
    """Parse a SQLAlchemy URL; DataError when it is not one."""
    try:
        return make_url(url)
    except ArgumentError:
        raise DataError(f"invalid database URL {redact(url)!r}", hint=URL_HINT) from None


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url`` (SQLite: WAL, foreign keys, busy timeout; PostgreSQL via psycopg)."""
    parsed = parse_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    # errors (logged when unexpected) must not carry the statement's values: personal data
    kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
    if parsed.get_backend_name() == "sqlite":
        _create_sqlite_folder(parsed)
        if _is_file(parsed):
            # Connections to a file are cheap; enough of them that the API's worker threads
            # (40) never queue for one.
            kwargs.update(pool_size=SQLITE_POOL_SIZE, max_overflow=SQLITE_POOL_SIZE)
    elif parsed.get_backend_name() == "postgresql":
        kwargs["pool_pre_ping"] = True
        # The API's 40 worker threads and its event loop share the pool: room for all of them
        # (40 connections at most per process, 10 kept open).
        kwargs.update(pool_size=10, max_overflow=30)
        kwargs["connect_args"] = {"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S}
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise DataError(
            f"no database driver for {redact(parsed)!r} ({exc})",
            hint="use sqlite:///... or postgresql+psycopg://... "
            "(PostgreSQL needs `pip install careerpath[postgres]`)",
        ) from None
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory for the unit of work (no autoflush surprises, objects kept after commit)."""
    return sessionmaker(bind=engine, autoflush=False, expire_on_commit=False)


def connection_error(engine: Engine | URL | str, exc: Exception) -> DataError:
    """A one-line DataError for a database that cannot be reached or used."""
    url = engine.url if isinstance(engine, Engine) else engine
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    return DataError(
        f"cannot use the database {redact(url)!r}: {reason}",
        hint=f"check that the server runs and the URL, user and password are right (or {URL_HINT})",
    )


def check_connection(engine: Engine) -> None:
    """Connect once; DataError naming the URL when the database cannot be reached."""
    try:
        with engine.connect():
            pass
    except SqlDBAPIError as exc:
        raise connection_error(engine, exc) from None


def _is_file(url: URL) -> bool:
    """Whether a SQLite URL names a database file (not memory)."""
    database = url.database or ""
    return bool(database) and database != ":memory:" and "mode=memory" not in database


def _create_sqlite_folder(url: URL) -> None:
    """Create the parent folder of a SQLite database file (not for in-memory databases)."""
    database = url.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(
            f"cannot create the folder of the SQLite database {redact(url)!r}: {exc.strerror}",
            hint=URL_HINT,
        ) from None


def _configure_sqlite(engine: Engine) -> None:
    """Per connection: WAL journal, foreign keys, busy timeout; transactions begin explicitly."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN (below)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")
