"""Helpers for tests that are not fixtures."""

from __future__ import annotations

from pathlib import Path


def repo_root() -> Path:
    """The repository root (the folder holding pyproject.toml)."""
    return Path(__file__).resolve().parents[1]
