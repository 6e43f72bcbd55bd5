"""Engines, migrations and bad database URLs: clear one-line errors, password hidden."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from careerpath.domain.errors import DataError
from careerpath.domain.profile import Profile
from careerpath.store import open_store
from careerpath.store.engine import make_engine, make_session_factory, redact
from careerpath.store.migrate import current_revision, head_revision, upgrade
from careerpath.store.uow import SqlAlchemyUnitOfWork

UNREACHABLE = "postgresql+psycopg://alice:s3cret@127.0.0.1:1/careerpath"


def test_sqlite_engine_makes_the_folder_but_does_not_connect(tmp_path: Path) -> None:
    db = tmp_path / "deep" / "er" / "people.db"
    engine = make_engine(f"sqlite:///{db}")
    assert db.parent.is_dir()
    assert not db.exists()
    engine.dispose()


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    engine.dispose()


def test_upgrade_is_idempotent_and_reports_the_revision(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    assert current_revision(url) is None
    upgrade(url)
    upgrade(url)
    assert current_revision(url) == head_revision() is not None


def test_open_store_migrates_and_gives_units_of_work(tmp_path: Path) -> None:
    make_uow = open_store(f"sqlite:///{tmp_path / 'p.db'}")
    with make_uow() as uow:
        uow.people.add(Profile("E1"))
        uow.commit()
    with make_uow() as uow:
        assert uow.people.ids() == ["E1"]


def test_bad_urls_are_data_errors() -> None:
    with pytest.raises(DataError, match="invalid database URL") as bad:
        make_engine("not a url")
    assert "CAREERPATH_DATABASE_URL" in str(bad.value)
    with pytest.raises(DataError, match="no database driver"):
        make_engine("nosuchdb://x/y")


def test_unreachable_database_names_the_url_without_password() -> None:
    with pytest.raises(DataError) as caught:
        upgrade(UNREACHABLE)
    message = str(caught.value)
    assert "127.0.0.1:1" in message and "***" in message and "s3cret" not in message
    assert "\n" not in message


def test_unit_of_work_on_unreachable_database_is_a_data_error() -> None:
    engine = make_engine(UNREACHABLE)
    uow = SqlAlchemyUnitOfWork(make_session_factory(engine))
    with pytest.raises(DataError, match="cannot use the database") as caught:
        uow.__enter__()
    assert "s3cret" not in str(caught.value)


def test_redact_hides_the_password() -> None:
    assert redact(UNREACHABLE) == "postgresql+psycopg://alice:***@127.0.0.1:1/careerpath"
    assert sa.make_url("sqlite://").database is None
