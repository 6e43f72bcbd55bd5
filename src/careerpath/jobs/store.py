"""The database side of the jobs, shared in a process: one engine, sessions and doorbell per URL.

The API's job queue and the embedded workers of one process must share the doorbell (so a submit
wakes the workers at once) and may as well share the connection pool. Each process (a forked
Celery child included) opens its own: engines must not cross a fork.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from careerpath.jobs.doorbell import Doorbell
from careerpath.store.engine import make_engine, make_session_factory
from careerpath.store.uow import SqlAlchemyUnitOfWork


@dataclass(frozen=True)
class JobStore:
    """One database for jobs and their handlers: engine, session factory, doorbell."""

    engine: Engine
    sessions: sessionmaker[Session]
    doorbell: Doorbell

    def unit_of_work(self) -> SqlAlchemyUnitOfWork:
        """A new unit of work on this database (the execution transaction of a job)."""
        return SqlAlchemyUnitOfWork(self.sessions)


_STORES: dict[tuple[str, int], JobStore] = {}
_LOCK = threading.Lock()


def open_job_store(url: str, *, migrate: bool = True) -> JobStore:
    """The process's JobStore for ``url``, the schema migrated to head on first open."""
    key = (url, os.getpid())
    with _LOCK:
        found = _STORES.get(key)
        if found is None:
            engine = make_engine(url)
            if migrate:
                from careerpath.store.migrate import upgrade_engine

                upgrade_engine(engine)
            found = _STORES[key] = JobStore(engine, make_session_factory(engine), Doorbell())
        return found


def close_job_stores() -> None:
    """Dispose of this process's engines (tests; a process about to exit)."""
    with _LOCK:
        for (_, pid), store in list(_STORES.items()):
            if pid == os.getpid():
                store.engine.dispose()
        _STORES.clear()
