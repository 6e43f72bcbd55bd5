"""The bulk-insert fast path: tuples straight to the driver, inside the session's transaction.

SQLite: ``cursor.executemany`` with values converted the way SQLAlchemy stores them (ISO dates,
JSON text). PostgreSQL (psycopg 3): ``COPY ... FROM STDIN``. Any other database: Core ``insert()``
executemany. Rows are tuples in the order of ``columns``; a constraint violation is a DataError.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Table, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from careerpath.domain.errors import DataError

#: Rows per executemany call (SQLite) or per COPY stream (PostgreSQL).
BATCH = 10_000

Convert = Callable[[Any], Any]


def bulk_insert(
    session: Session, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (tuples ordered as ``columns``) into ``table``; DataError on a constraint."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    dbapi = dialect.loaded_dbapi
    try:
        if dialect.name == "sqlite":
            _sqlite(connection.connection.dbapi_connection, table, columns, rows)
        elif dialect.name == "postgresql" and dialect.driver == "psycopg":
            _copy(connection.connection.dbapi_connection, table, columns, rows)
        else:
            params = [dict(zip(columns, row, strict=True)) for row in rows]
            for start in range(0, len(params), BATCH):
                connection.execute(insert(table), params[start : start + BATCH])
    except (dbapi.IntegrityError, IntegrityError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DataError(
            f"cannot store {len(rows)} {table.name} rows: {reason}",
            hint="nothing was written; roll back this unit of work and fix the input",
        ) from None


def _sqlite(
    dbapi_connection: Any, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """executemany on the raw sqlite3 connection, values converted as SQLAlchemy stores them."""
    converters = [_sqlite_converter(table, c) for c in columns]
    if any(converters):
        rows = [
            tuple(
                v if f is None or v is None else f(v) for f, v in zip(converters, row, strict=True)
            )
            for row in rows
        ]
    names = ", ".join(_quote(c) for c in columns)
    marks = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {_quote(table.name)} ({names}) VALUES ({marks})"
    cursor = dbapi_connection.cursor()
    try:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])
    finally:
        cursor.close()


def _sqlite_converter(table: Table, column: str) -> Convert | None:
    """How SQLAlchemy's SQLite dialect stores a value of this column's type (None: as is)."""
    kind = table.c[column].type
    if isinstance(kind, JSON):
        return json.dumps
    if isinstance(kind, DateTime):
        return _sqlite_datetime
    if isinstance(kind, Date):
        return date.isoformat
    return None


def _sqlite_datetime(moment: datetime) -> str:
    """SQLAlchemy's SQLite DATETIME text (naive; callers store UTC)."""
    return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _copy(
    dbapi_connection: Any, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """COPY FROM STDIN on the raw psycopg connection (JSON columns sent as text)."""
    json_at = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, JSON)]
    names = ", ".join(_quote(c) for c in columns)
    sql = f"COPY {_quote(table.name)} ({names}) FROM STDIN"
    with dbapi_connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            if json_at:
                row = tuple(
                    json.dumps(v) if i in json_at and v is not None else v
                    for i, v in enumerate(row)
                )
            copy.write_row(row)


def _quote(name: str) -> str:
    """A double-quoted SQL identifier (our names never contain quotes)."""
    return f'"{name}"'
