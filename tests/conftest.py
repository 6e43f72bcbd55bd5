"""Shared fixtures: the real data folder (fails under CI=true when missing, skips otherwise)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _data_dir() -> Path:
    configured = os.environ.get("CAREERPATH_DATA_DIR")
    return Path(configured) if configured else (REPO_ROOT.parent / "shared" / "data")


def require_data(path: Path, what: str) -> Path:
    """Return ``path`` if it exists; fail under CI=true, skip with a message otherwise."""
    if path.exists():
        return path
    message = (
        f"{what} not found at {path}: set CAREERPATH_DATA_DIR to the data folder "
        "(or run `careerpath data fetch`)"
    )
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real O*NET/ESCO/BLS data folder (CAREERPATH_DATA_DIR, default ../shared/data)."""
    return require_data(_data_dir(), "the real data folder")


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The folder of small handmade fixtures."""
    return FIXTURES
