"""SQL storage of people, learning, the organization and import runs (SQLite or PostgreSQL).

Start-up (bootstrap)::

    uow_factory = open_store(settings.database_url)  # migrates to head, then returns a factory
    with uow_factory() as uow:
        ...
        uow.commit()
"""

from __future__ import annotations

from collections.abc import Callable

from careerpath.store.engine import make_engine, make_session_factory
from careerpath.store.uow import SqlAlchemyUnitOfWork


def open_store(url: str, *, migrate: bool = True) -> Callable[[], SqlAlchemyUnitOfWork]:
    """A UnitOfWork factory on ``url``, after migrating the schema to head (unless told not to)."""
    engine = make_engine(url)
    if migrate:
        from careerpath.store.migrate import upgrade_engine

        upgrade_engine(engine)
    factory = make_session_factory(engine)
    return lambda: SqlAlchemyUnitOfWork(factory)


__all__ = ["SqlAlchemyUnitOfWork", "open_store"]
