"""Small helpers shared by the SQL repositories: chunking, bulk inserts, grouping rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from typing import Any, TypeVar

from sqlalchemy import Row, Table, delete
from sqlalchemy.orm import Session

from careerpath.store.bulk import bulk_insert

T = TypeVar("T")
#: A result row of any width.
DbRow = Row[*tuple[Any, ...]]

#: Ids per ``IN (...)`` list of a read or delete (well under SQLite's and psycopg's bind limits).
ID_BATCH = 1_000


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows (dicts with the same keys) through the bulk fast path; DataError on a constraint."""
    if rows:
        columns = list(rows[0])
        bulk_insert(session, table, columns, [tuple(r[c] for c in columns) for r in rows])


def delete_where_in(session: Session, table: Table, column: str, ids: Sequence[str]) -> None:
    """Delete the rows of ``table`` whose ``column`` is one of ``ids`` (in ID_BATCH chunks)."""
    for batch in chunks(ids, ID_BATCH):
        session.execute(delete(table).where(table.c[column].in_(batch)))


def group_by(rows: Iterable[DbRow], key: str) -> dict[str, list[DbRow]]:
    """Rows grouped by the value of one column, keeping their order."""
    out: dict[str, list[DbRow]] = defaultdict(list)
    get = attrgetter(key)
    for row in rows:
        out[get(row)].append(row)
    return out


def unique(items: Iterable[T]) -> list[T]:
    """Items without repeats, first occurrence kept."""
    return list(dict.fromkeys(items))
