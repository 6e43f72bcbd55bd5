"""SqlPeopleRepository: profiles with history, skills and evidence; demographics kept apart."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

from careerpath.domain.errors import DataError
from careerpath.domain.profile import Demographics, Profile
from careerpath.store import tables as t
from careerpath.store.bulk import bulk_insert
from careerpath.store.people_rows import COLUMNS, Grouped, build_profile, profile_rows
from careerpath.store.sql import (
    ID_BATCH,
    DbRow,
    chunks,
    delete_where_in,
    group_by,
    insert_rows,
    unique,
)

#: Profiles turned into rows and inserted per round of add_many (bounds memory).
PROFILES_PER_ROUND = 2_000


class SqlPeopleRepository:
    """PeopleRepository on SQLAlchemy Core: a handful of queries per load, executemany inserts."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, person_id: str) -> Profile | None:
        """One profile, or None."""
        found = self.get_many([person_id])
        return found[0] if found else None

    def get_many(self, person_ids: Sequence[str]) -> list[Profile]:
        """The stored profiles among ``person_ids``, in the order given (one query per table)."""
        loaded: dict[str, Profile] = {}
        for batch in chunks(unique(person_ids), ID_BATCH):
            loaded.update(self._load(batch))
        return [loaded[p] for p in person_ids if p in loaded]

    def lock(self, person_id: str) -> None:
        """Hold the person's write lock until the transaction ends (concurrent writers of one
        person take turns). PostgreSQL: a transaction-level advisory lock on the id's hash;
        SQLite serializes all writing transactions already."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(
                text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                {"key": "careerpath.person:" + person_id},
            )

    def revision(self, person_id: str) -> str | None:
        """The token that changes at every write of the person's profile; None when not stored."""
        query = select(t.people.c.revision).where(t.people.c.person_id == person_id)
        return self.session.execute(query).scalar_one_or_none()

    def add(self, profile: Profile) -> None:
        """Insert or replace one profile (history, skills, evidence and all)."""
        self._delete([profile.person_id])
        self._insert([profile])

    def add_many(self, profiles: Sequence[Profile]) -> None:
        """Insert new profiles in bulk; DataError, before writing, on a repeated or stored id."""
        ids = [p.person_id for p in profiles]
        twice = _first_repeat(ids)
        if twice is not None:
            raise DataError(f"person {twice!r} appears twice in one add_many batch")
        stored = self._existing(ids)
        if stored:
            raise DataError(
                f"person {stored[0]!r} is already stored"
                + (f" (and {len(stored) - 1} more)" if len(stored) > 1 else ""),
                hint="add_many inserts new people only; use add() to replace a profile",
            )
        for batch in chunks(profiles, PROFILES_PER_ROUND):
            self._insert(batch)

    def ids(self) -> list[str]:
        """Every person id, sorted."""
        rows = self.session.execute(select(t.people.c.person_id).order_by(t.people.c.person_id))
        return list(rows.scalars())

    def count(self) -> int:
        """How many people are stored."""
        return int(self.session.execute(select(func.count()).select_from(t.people)).scalar_one())

    def set_demographics(self, records: Sequence[Demographics]) -> None:
        """Store demographic attributes, replacing each person's (read only by fairness audits)."""
        delete_where_in(
            self.session, t.demographics, "person_id", unique(r.person_id for r in records)
        )
        latest = {r.person_id: r for r in records}
        rows = [
            {"person_id": pid, "seq": i, "attribute": name, "value": value}
            for pid, r in latest.items()
            for i, (name, value) in enumerate(r.attributes)
        ]
        insert_rows(self.session, t.demographics, rows)

    def demographics(self, person_ids: Sequence[str] | None = None) -> list[Demographics]:
        """The audit read: stored demographic records by person id (all, or those given)."""
        d = t.demographics
        query = select(d).order_by(d.c.person_id, d.c.seq)
        if person_ids is None:
            grouped = group_by(self.session.execute(query), "person_id")
        else:
            grouped = {}
            for batch in chunks(unique(person_ids), ID_BATCH):
                rows = self.session.execute(query.where(d.c.person_id.in_(batch)))
                grouped.update(group_by(rows, "person_id"))
        return [
            Demographics(pid, tuple((r.attribute, r.value) for r in grouped[pid]))
            for pid in sorted(grouped)
        ]

    def _existing(self, ids: Sequence[str]) -> list[str]:
        """The ids among ``ids`` that are already stored, sorted."""
        found: list[str] = []
        column = t.people.c.person_id
        for batch in chunks(ids, ID_BATCH):
            found.extend(self.session.execute(select(column).where(column.in_(batch))).scalars())
        return sorted(found)

    def _insert(self, profiles: Sequence[Profile]) -> None:
        """Insert the rows of profiles not stored yet, parents first."""
        for table, rows in profile_rows(profiles).items():
            bulk_insert(self.session, table, COLUMNS[table], rows)

    def _delete(self, ids: Sequence[str]) -> None:
        """Delete profiles and their child rows (children first; no reliance on cascades)."""
        for table in (*t.PROFILE_CHILDREN, t.people):
            delete_where_in(self.session, table, "person_id", ids)

    def _load(self, ids: Sequence[str]) -> dict[str, Profile]:
        """Profiles of up to ID_BATCH ids: one query for people, one per child table."""
        people = self.session.execute(select(t.people).where(t.people.c.person_id.in_(ids)))
        persons = list(people)
        if not persons:
            return {}
        present = [p.person_id for p in persons]
        children: dict[Table, Grouped] = {
            table: self._children(table, present) for table in t.PROFILE_CHILDREN
        }
        return {p.person_id: build_profile(p, children) for p in persons}

    def _children(self, table: Table, ids: Sequence[str]) -> dict[str, list[DbRow]]:
        """Child rows of ``table`` for ``ids`` (COLUMNS order), grouped by person, in profile order."""
        columns = [table.c[name] for name in COLUMNS[table]]
        query = select(*columns).where(table.c.person_id.in_(ids)).order_by(*table.primary_key)
        return group_by(self.session.execute(query), "person_id")


def _first_repeat(ids: Sequence[str]) -> str | None:
    """The first id that occurs a second time, if any."""
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            return i
        seen.add(i)
    return None
