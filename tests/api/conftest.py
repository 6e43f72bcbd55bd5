"""The API on a tmp SQLite database with a tiny organization, and one API key per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.support import NOW, make_keys, seed, tiny_taxonomy
from careerpath import bootstrap
from careerpath.api.app import create_app
from careerpath.api.deps import Services
from careerpath.config import Settings
from careerpath.store import open_store


@dataclass
class World:
    """A running test app: its client, settings, services and a token per role."""

    client: TestClient
    settings: Settings
    services: Services
    keys: dict[str, str]


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings on a tmp SQLite file and tmp folders (never the user's database)."""
    values: dict[str, object] = {
        "database_url": f"sqlite:///{tmp_path / 'api.db'}",
        "data_dir": tmp_path / "data",
        "cache_dir": tmp_path / "cache",
        "semantic": "off",
        "job_workers": 0,
        "log_format": "text",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def make_world(tmp_path: Path, **overrides: object) -> Iterator[World]:
    """Seed a tmp database, build the app on it and yield a World (client open)."""
    settings = make_settings(tmp_path, **overrides)
    uow_factory = open_store(settings.database_url)
    seed(uow_factory)
    keys = make_keys(uow_factory)
    tax = tiny_taxonomy()
    services = Services(
        uow_factory=uow_factory,
        load_taxonomy=lambda: tax,
        jobs=bootstrap.job_queue(settings),
        clock=lambda: NOW,
        load_linker=lambda t: bootstrap.load_skill_linker(settings, t),
        load_normalizer=lambda t: bootstrap.load_title_normalizer(settings, t),
    )
    services.taxonomy()  # loaded before the first request: readiness is deterministic
    app = create_app(settings, services=services)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield World(client, settings, services, keys)


@pytest.fixture()
def world(tmp_path: Path) -> Iterator[World]:
    """The API on a fresh tiny organization."""
    yield from make_world(tmp_path)
