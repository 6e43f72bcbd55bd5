"""SqlAlchemyUnitOfWork: one session and transaction over the SQL repositories."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from careerpath.store import tables, tables_service
from careerpath.store.engine import connection_error
from careerpath.store.repositories import (
    SqlImportRepository,
    SqlLearningRepository,
    SqlOrganizationRepository,
    SqlPeopleRepository,
)
from careerpath.store.service_repos import (
    SqlApiKeyRepository,
    SqlFeedbackRepository,
    SqlPolicyRepository,
    SqlProjectRepository,
)

#: Tables ``clear()`` keeps: the import history, API keys, policy versions and jobs.
KEPT_BY_CLEAR = frozenset(
    {
        tables.import_batches.name,
        tables.import_rejects.name,
        tables_service.api_keys.name,
        tables_service.policies.name,
        tables_service.jobs.name,
    }
)


class SqlAlchemyUnitOfWork:
    """UnitOfWork on a SQLAlchemy session: begins on enter, commits explicitly, rolls back on exit."""

    people: SqlPeopleRepository
    learning: SqlLearningRepository
    organization: SqlOrganizationRepository
    imports: SqlImportRepository
    policies: SqlPolicyRepository
    feedback: SqlFeedbackRepository
    api_keys: SqlApiKeyRepository
    projects: SqlProjectRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory
        self._depth = 0  # nested ``with`` blocks join the open transaction

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        """Open a session and begin its transaction (DataError when the database is unreachable).

        Entering a unit of work that is already open joins its transaction (no new session).
        """
        if self._depth:
            self._depth += 1
            return self
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
        self.policies = SqlPolicyRepository(self.session)
        self.feedback = SqlFeedbackRepository(self.session)
        self.api_keys = SqlApiKeyRepository(self.session)
        self.projects = SqlProjectRepository(self.session)
        self._depth = 1
        return self

    def __exit__(self, *exc: object) -> None:
        """Leaving the outermost block: roll back whatever was not committed, close the session."""
        self._depth -= 1
        if self._depth:
            return
        try:
            self.rollback()
        finally:
            self.session.close()

    def clear(self) -> None:
        """Delete the organization's data, children before parents (KEPT_BY_CLEAR tables stay)."""
        for table in reversed(tables.metadata.sorted_tables):
            if table.name not in KEPT_BY_CLEAR:
                self.session.execute(table.delete())

    def commit(self) -> None:
        """Make the transaction's changes durable; the session goes on in a new transaction."""
        self.session.commit()

    def rollback(self) -> None:
        """Discard the transaction's changes."""
        self.session.rollback()
