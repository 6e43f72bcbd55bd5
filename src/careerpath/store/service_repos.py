"""SQL repositories of the service: versioned policies, feedback events, API keys, open projects.

Timestamps are stored in UTC and returned timezone-aware (UTC). A policy version is appended with
``max(version) + 1`` inside a savepoint; when a concurrent transaction took that number first (the
primary key refuses the second insert) the number is read again and the insert retried.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Insert, Table, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from careerpath.domain.access import ROLES, Role
from careerpath.domain.errors import ConflictError, DataError
from careerpath.domain.feedback import FeedbackEvent
from careerpath.domain.opportunities import OpenProject
from careerpath.domain.policy import PolicyRules, PolicyVersion, rules_from_json, rules_to_json
from careerpath.engine.service_ports import ApiKeyRecord
from careerpath.store import tables_service as ts
from careerpath.store.sql import DbRow, chunks, delete_where_in, insert_rows

#: Attempts at appending a policy version before giving up with ConflictError.
POLICY_ADD_ATTEMPTS = 5
#: Feedback rows per INSERT statement.
FEEDBACK_BATCH = 500


class SqlPolicyRepository:
    """PolicyRepository on SQLAlchemy Core: one row per version, never updated."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def current(self) -> PolicyVersion | None:
        """The newest version, or None when no policy was ever set."""
        p = ts.policies
        row = self.session.execute(select(p).order_by(p.c.version.desc()).limit(1)).first()
        return _policy(row) if row is not None else None

    def get(self, version: int) -> PolicyVersion | None:
        """One version, or None."""
        p = ts.policies
        row = self.session.execute(select(p).where(p.c.version == version)).first()
        return _policy(row) if row is not None else None

    def history(self) -> list[PolicyVersion]:
        """Every version, oldest first."""
        p = ts.policies
        return [_policy(r) for r in self.session.execute(select(p).order_by(p.c.version))]

    def add(self, rules: PolicyRules, *, author: str, comment: str, at: datetime) -> PolicyVersion:
        """Append version max + 1 (retried when a concurrent writer took that number first)."""
        p = ts.policies
        for _ in range(POLICY_ADD_ATTEMPTS):
            newest = self.session.execute(select(func.max(p.c.version))).scalar()
            version = PolicyVersion(int(newest or 0) + 1, rules, _utc(at), author, comment)
            row = {
                "version": version.version,
                "created": version.created,
                "author": author,
                "comment": comment,
                "body": rules_to_json(rules),
            }
            try:
                with self.session.begin_nested():
                    self.session.execute(insert(p).values(**row))
            except IntegrityError:
                continue  # another transaction committed this version: read the newest again
            return version
        raise ConflictError(
            "the policy was changed by someone else at the same time",
            hint="look at `careerpath policy show --history` and set the policy again",
        )


class SqlFeedbackRepository:
    """FeedbackRepository on SQLAlchemy Core: events keyed by (event id, sender)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_many(self, events: Sequence[FeedbackEvent], *, received: datetime) -> int:
        """Store the events whose (id, sender) are new (also within ``events``); how many were new.

        Concurrent senders of one event id are safe: the database skips ids stored meanwhile.
        """
        first: dict[tuple[str, str], FeedbackEvent] = {}
        for event in events:
            first.setdefault((event.event_id, event.source), event)
        rows = [_feedback_row(e, _utc(received)) for e in first.values()]
        new = 0
        for batch in chunks(rows, FEEDBACK_BATCH):
            statement = _insert_ignoring_duplicates(self.session, ts.feedback_events)
            result = self.session.execute(
                statement.returning(ts.feedback_events.c.event_id), list(batch)
            )
            new += len(result.all())
        return new

    def of_person(self, person_id: str) -> list[FeedbackEvent]:
        """One person's events, oldest first (ties by event id, then sender)."""
        f = ts.feedback_events
        order = (f.c.occurred, f.c.event_id, f.c.source)
        query = select(f).where(f.c.person_id == person_id).order_by(*order)
        return [_feedback(r) for r in self.session.execute(query)]


class SqlApiKeyRepository:
    """ApiKeyRepository on SQLAlchemy Core (only hashes of secrets are stored)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, record: ApiKeyRecord) -> None:
        """Insert one key (DataError when the id exists)."""
        if self.get(record.key_id) is not None:
            raise DataError(f"API key {record.key_id!r} already exists", hint="create a new key")
        row = {
            "key_id": record.key_id,
            "secret_hash": record.secret_hash,
            "role": record.role,
            "subject": record.subject,
            "person_id": record.person_id,
            "description": record.description,
            "created": _utc(record.created),
            "revoked": _utc(record.revoked) if record.revoked else None,
        }
        insert_rows(self.session, ts.api_keys, [row])

    def get(self, key_id: str) -> ApiKeyRecord | None:
        """One key, or None."""
        k = ts.api_keys
        row = self.session.execute(select(k).where(k.c.key_id == key_id)).first()
        return _api_key(row) if row is not None else None

    def all(self) -> list[ApiKeyRecord]:
        """Every key, oldest first (ties by id)."""
        k = ts.api_keys
        return [
            _api_key(r) for r in self.session.execute(select(k).order_by(k.c.created, k.c.key_id))
        ]

    def revoke(self, key_id: str, at: datetime) -> bool:
        """Mark a key revoked (a revoked key keeps its first revocation time); False when unknown."""
        k = ts.api_keys
        if self.get(key_id) is None:
            return False
        self.session.execute(
            update(k).where(k.c.key_id == key_id, k.c.revoked.is_(None)).values(revoked=_utc(at))
        )
        return True


class SqlProjectRepository:
    """ProjectRepository on SQLAlchemy Core."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_open(self, projects: Sequence[OpenProject]) -> None:
        """Insert or replace open projects by id (the last of repeated ids wins)."""
        latest = {p.id: p for p in projects}
        delete_where_in(self.session, ts.open_projects, "project_id", list(latest))
        rows = [
            {"project_id": p.id, "name": p.name, "skills": list(p.skills)}
            | {"start": p.start, "end": p.end, "seats": p.seats}
            for p in latest.values()
        ]
        insert_rows(self.session, ts.open_projects, rows)

    def open(self) -> list[OpenProject]:
        """Every open project, by id."""
        o = ts.open_projects
        return [
            OpenProject(r.project_id, r.name, tuple(r.skills), r.start, r.end, r.seats)
            for r in self.session.execute(select(o).order_by(o.c.project_id))
        ]


def _insert_ignoring_duplicates(session: Session, table: Table) -> Insert:
    """INSERT ... ON CONFLICT DO NOTHING on SQLite and PostgreSQL (a plain INSERT elsewhere)."""
    name = session.connection().dialect.name
    if name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    return insert(table)


def _policy(r: DbRow) -> PolicyVersion:
    return PolicyVersion(
        r.version, rules_from_json(r.body), _from_db(r.created), r.author, r.comment
    )


def _feedback_row(e: FeedbackEvent, received: datetime) -> dict[str, Any]:
    return {
        "event_id": e.event_id,
        "person_id": e.person_id,
        "type": e.type,
        "item_kind": e.item_kind,
        "item_id": e.item_id,
        "occurred": _utc(e.occurred),
        "received": received,
        "source": e.source,
        "details": dict(e.details),
    }


def _feedback(r: DbRow) -> FeedbackEvent:
    return FeedbackEvent(
        event_id=r.event_id,
        person_id=r.person_id,
        type=r.type,
        occurred=_from_db(r.occurred),
        item_kind=r.item_kind,
        item_id=r.item_id,
        source=r.source,
        details=r.details,
    )


def _api_key(r: DbRow) -> ApiKeyRecord:
    return ApiKeyRecord(
        key_id=r.key_id,
        secret_hash=r.secret_hash,
        role=_role(r.key_id, r.role),
        subject=r.subject,
        created=_from_db(r.created),
        person_id=r.person_id,
        description=r.description,
        revoked=_from_db(r.revoked) if r.revoked is not None else None,
    )


def _role(key_id: str, text: str) -> Role:
    """The stored role text as a Role (DataError for a role this version does not know)."""
    for role in ROLES:
        if role == text:
            return role
    raise DataError(
        f"API key {key_id!r} has the unknown role {text!r}",
        hint=f"roles are {', '.join(ROLES)}; revoke the key and create a new one",
    )


def _utc(moment: datetime) -> datetime:
    """An aware UTC datetime (naive input is taken as local time)."""
    return moment.astimezone(UTC)


def _from_db(moment: datetime) -> datetime:
    """A stored timestamp as aware UTC (SQLite gives it back naive, in UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
