"""The one Settings object (environment prefix CAREERPATH_); read once by bootstrap, passed in."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _cache_root() -> Path:
    return Path(platformdirs.user_cache_dir("careerpath"))


class Settings(BaseSettings):
    """Where data lives and which releases and models to use."""

    model_config = SettingsConfigDict(env_prefix="CAREERPATH_", extra="ignore")

    data_dir: Path = Field(
        default_factory=lambda: _cache_root() / "data",
        description="Folder holding the publishers' releases (onet/<release>/, esco/<version>/, bls/, crosswalks/).",
    )
    cache_dir: Path = Field(
        default_factory=lambda: _cache_root() / "snapshots",
        description="Folder for compiled taxonomy snapshots and text indexes; never the data folder.",
    )
    onet_release: str | None = Field(
        default=None, description="O*NET release folder name; newest when unset."
    )
    esco_version: str | None = Field(
        default=None, description="ESCO version folder name; newest when unset."
    )
    org_framework: Path | None = Field(
        default=None, description="The organization's role framework (YAML or CSV)."
    )
    embedding_model: str = Field(
        default="all-MiniLM-L6-v2", description="Sentence-transformers model name or local path."
    )
    semantic: str = Field(
        default="auto",
        description="Semantic matching: 'auto' (on when the embeddings extra is installed), 'on', 'off'.",
    )
    download_timeout: float = Field(default=120.0, description="Seconds per download request.")
