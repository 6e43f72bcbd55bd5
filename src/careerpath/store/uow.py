"""SqlAlchemyUnitOfWork: one session and transaction over the SQL repositories."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from careerpath.store import tables
from careerpath.store.engine import connection_error
from careerpath.store.repositories import (
    SqlImportRepository,
    SqlLearningRepository,
    SqlOrganizationRepository,
    SqlPeopleRepository,
)


class SqlAlchemyUnitOfWork:
    """UnitOfWork on a SQLAlchemy session: begins on enter, commits explicitly, rolls back on exit."""

    people: SqlPeopleRepository
    learning: SqlLearningRepository
    organization: SqlOrganizationRepository
    imports: SqlImportRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        """Open a session and begin its transaction (DataError when the database is unreachable)."""
        self.session = self.session_factory()
        try:
            self.session.connection()
        except DBAPIError as exc:
            self.session.close()
            raise connection_error(self.session_factory.kw["bind"], exc) from None
        self.people = SqlPeopleRepository(self.session)
        self.learning = SqlLearningRepository(self.session)
        self.organization = SqlOrganizationRepository(self.session)
        self.imports = SqlImportRepository(self.session)
        return self

    def __exit__(self, *exc: object) -> None:
        """Roll back whatever was not committed, and close the session."""
        try:
            self.rollback()
        finally:
            self.session.close()

    def clear(self) -> None:
        """Delete every stored record but the import history, children before parents."""
        keep = {tables.import_batches.name, tables.import_rejects.name}
        for table in reversed(tables.metadata.sorted_tables):
            if table.name not in keep:
                self.session.execute(table.delete())

    def commit(self) -> None:
        """Make the transaction's changes durable; the session goes on in a new transaction."""
        self.session.commit()

    def rollback(self) -> None:
        """Discard the transaction's changes."""
        self.session.rollback()
