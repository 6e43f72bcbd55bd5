"""SqlImportRepository: import runs and their rejects report (timestamps stored in UTC)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from careerpath.engine.ports import ImportBatch, ImportReject
from careerpath.store import tables as t
from careerpath.store.sql import DbRow, delete_where_in, group_by, insert_rows


class SqlImportRepository:
    """ImportRepository on SQLAlchemy Core."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_batch(self, batch: ImportBatch) -> None:
        """Insert or replace one import batch with its rejects."""
        delete_where_in(self.session, t.import_rejects, "batch_id", [batch.id])
        delete_where_in(self.session, t.import_batches, "id", [batch.id])
        row = {
            "id": batch.id,
            "kind": batch.kind,
            "file": batch.file,
            "started": _to_utc(batch.started),
            "finished": _to_utc(batch.finished) if batch.finished else None,
            "status": batch.status,
            "accepted": batch.accepted,
            "rejected": batch.rejected,
        }
        insert_rows(self.session, t.import_batches, [row])
        rejects = [
            {"batch_id": batch.id, "seq": i, "row": r.row, "field": r.field}
            | {"reason": r.reason, "value": r.value}
            for i, r in enumerate(batch.rejects)
        ]
        insert_rows(self.session, t.import_rejects, rejects)

    def get_batch(self, batch_id: str) -> ImportBatch | None:
        """One batch with its rejects, or None."""
        found = self._select([batch_id], None)
        return found[0] if found else None

    def marker(self, exclude_kinds: Collection[str] = ()) -> tuple[int, datetime | None]:
        """How many batches not of ``exclude_kinds`` there are, and the latest of their start times."""
        b = t.import_batches
        query = select(func.count(), func.max(b.c.started))
        if exclude_kinds:
            query = query.where(b.c.kind.not_in(list(exclude_kinds)))
        count, latest = self.session.execute(query).one()
        return int(count), (_from_db(latest) if latest is not None else None)

    def batches(self, kind: str | None = None) -> list[ImportBatch]:
        """Batches with rejects, oldest first; only those of ``kind`` when given."""
        return self._select(None, kind)

    def _select(self, ids: Sequence[str] | None, kind: str | None) -> list[ImportBatch]:
        """Batches filtered by id or kind, with their rejects (two queries)."""
        b, rj = t.import_batches, t.import_rejects
        query = select(b).order_by(b.c.started, b.c.id)
        rejects_query = select(rj).join(b, b.c.id == rj.c.batch_id)
        if ids is not None:
            query = query.where(b.c.id.in_(ids))
            rejects_query = rejects_query.where(b.c.id.in_(ids))
        if kind is not None:
            query = query.where(b.c.kind == kind)
            rejects_query = rejects_query.where(b.c.kind == kind)
        rejects_query = rejects_query.order_by(rj.c.batch_id, rj.c.seq)
        rejects = group_by(self.session.execute(rejects_query), "batch_id")
        return [_batch(r, rejects.get(r.id, ())) for r in self.session.execute(query)]


def _batch(r: DbRow, rejects: Sequence[DbRow]) -> ImportBatch:
    return ImportBatch(
        id=r.id,
        kind=r.kind,
        file=r.file,
        started=_from_db(r.started),
        finished=_from_db(r.finished) if r.finished is not None else None,
        status=r.status,
        accepted=r.accepted,
        rejected=r.rejected,
        rejects=tuple(ImportReject(j.row, j.field, j.reason, j.value) for j in rejects),
    )


def _to_utc(moment: datetime) -> datetime:
    """An aware UTC datetime (naive input is taken as local time)."""
    return moment.astimezone(UTC)


def _from_db(moment: datetime) -> datetime:
    """A stored timestamp as aware UTC (SQLite gives it back naive, in UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
