"""The one Settings object (environment prefix CAREERPATH_); read once by bootstrap, passed in."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

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
    # --- service: jobs -------------------------------------------------------------------------
    jobs_backend: Literal["embedded", "celery"] = Field(
        default="embedded",
        description="Where background jobs run: 'embedded' (jobs in the database, in-process "
        "workers; no services) or 'celery' (a broker and `careerpath worker` processes).",
    )
    broker_url: str = Field(
        default="redis://127.0.0.1:6379/0",
        description="Celery broker when jobs_backend=celery: redis://host:6379/0 or "
        "amqp://guest:guest@host:5672//.",
    )
    job_workers: int = Field(
        default=2,
        ge=0,
        description="In-process job worker threads of `careerpath serve` (embedded).",
    )
    job_lease_seconds: float = Field(
        default=60.0,
        gt=0,
        description="How long a worker holds a running job before another may take it over.",
    )
    job_max_attempts: int = Field(
        default=5, ge=1, description="Attempts before a failing job becomes a dead letter."
    )
    job_plugins: str = Field(
        default="",
        description="Extra job handlers, space-separated module:attribute names (each a mapping "
        "of job kind to handler, or a callable returning one); see docs/jobs.md.",
    )
    # --- service: HTTP API -----------------------------------------------------------------------
    api_host: str = Field(default="127.0.0.1", description="Address `careerpath serve` binds to.")
    api_port: int = Field(default=8000, ge=0, le=65535, description="Port of `careerpath serve`.")
    config_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_config_dir("careerpath")),
        description="Folder of local secrets: the local admin API key of `careerpath serve` "
        "(files of mode 0600).",
    )
    oidc_issuer: str | None = Field(
        default=None,
        description="OIDC issuer whose JWT bearer tokens the API accepts (iss claim); unset: "
        "API keys only.",
    )
    oidc_audience: str | None = Field(
        default=None, description="Required aud claim of OIDC tokens (e.g. careerpath)."
    )
    oidc_jwks_url: str | None = Field(
        default=None,
        description="JWKS of the issuer: an https:// URL or a local file path (keys are cached).",
    )
    oidc_role_claim: str = Field(
        default="careerpath_role",
        description="Token claim naming the caller's role (employee, manager, hr_admin, auditor, "
        "service).",
    )
    oidc_person_claim: str = Field(
        default="careerpath_person_id",
        description="Token claim naming the person the caller is (the HRIS person id).",
    )
    rate_limit_per_minute: int = Field(
        default=1200, ge=1, description="Requests per minute allowed to one caller (429 beyond)."
    )
    max_json_bytes: int = Field(
        default=1024 * 1024, ge=1, description="Largest JSON request body accepted, in bytes."
    )
    max_page_size: int = Field(default=100, ge=1, description="Largest page a list returns.")
    log_format: Literal["json", "text"] = Field(
        default="json", description="Server log lines: one JSON object each, or plain text."
    )
