"""The one Settings object (environment prefix CAREERPATH_); read once by bootstrap, passed in."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from careerpath import __version__

DEFAULT_USER_AGENT = (
    f"careerpath/{__version__} (self-hosted career path engine; contact: you@example.org)"
)


def _database_default() -> str:
    return "sqlite:///" + str(Path(platformdirs.user_data_dir("careerpath")) / "careerpath.db")


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
    database_url: str = Field(
        default_factory=_database_default,
        description="SQLAlchemy URL of the people database: SQLite file by default, or postgresql+psycopg://...",
    )
    max_upload_bytes: int = Field(
        default=10 * 1024 * 1024, description="Largest resume or import file accepted, in bytes."
    )
    llm_enabled: bool = Field(
        default=False,
        description="Parse resumes with an OpenAI-compatible chat API instead of the local parser.",
    )
    llm_base_url: str | None = Field(
        default=None,
        description="Base URL of the OpenAI-compatible API, e.g. http://127.0.0.1:8080/v1.",
    )
    llm_model: str | None = Field(default=None, description="Model name for the chat API.")
    llm_api_key: SecretStr | None = Field(default=None, description="API key for the chat API.")
    llm_timeout: float = Field(default=60.0, description="Seconds per chat API request.")
    onet_release: str | None = Field(
        default=None, description="O*NET release folder name; newest when unset."
    )
    esco_version: str | None = Field(
        default=None,
        description="ESCO version folder name; newest when unset. `data fetch` puts an "
        "ESCO download (CAREERPATH_ESCO_URL) in esco/<this>/ (else the version in the file name, "
        "else 1.1.1).",
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
    http_user_agent: str = Field(
        default=DEFAULT_USER_AGENT,
        description="User-Agent of `data fetch` downloads. bls.gov refuses requests without a "
        "descriptive one: name careerpath and a real contact, e.g. 'careerpath/0.1 (hr-data@acme.com)'.",
    )
    onet_base_url: str = Field(
        default="https://www.onetcenter.org/dl_files/database",
        description="Where `data fetch` finds O*NET releases (<this>/db_29_3_text.zip); "
        "override for a mirror or a test server.",
    )
    bls_base_url: str = Field(
        default="https://www.bls.gov",
        description="Where `data fetch` finds BLS files (<this>/oes/special-requests/"
        "oesm25nat.zip, <this>/emp/ind-occ-matrix/occupation.xlsx); override for a mirror or a "
        "test server.",
    )
    bls_oews_year: int = Field(
        default=2025,
        description="OEWS national estimates (May of this year) that `data fetch` downloads.",
    )
    esco_url: str | None = Field(
        default=None,
        description="Link(s) to the ESCO CSV download zip(s), space-separated (the ESCO portal "
        "emails or generates them; 1.1.1 comes as a classification zip and a relations zip). "
        "Unset: `data fetch` says what to download by hand.",
    )
