"""`careerpath serve`: the REST API (FastAPI under uvicorn) with in-process job workers."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import typer

from careerpath.config import Settings


def serve(
    host: str | None = typer.Option(None, "--host", help="Bind address (CAREERPATH_API_HOST)."),
    port: int | None = typer.Option(None, "--port", help="Port (CAREERPATH_API_PORT)."),
    admin_key: bool | None = typer.Option(
        None,
        "--admin-key/--no-admin-key",
        help="Make (or reuse) a local hr_admin API key and say how to use it "
        "(default: on with the embedded SQLite database).",
    ),
) -> None:
    """Serve the API: /v1 (OpenAPI at /docs), /healthz, /readyz, /metrics; Ctrl-C stops it."""
    import uvicorn

    from careerpath.api.app import create_app
    from careerpath.api.logs import configure_logging

    settings = Settings()
    updates = {k: v for k, v in (("api_host", host), ("api_port", port)) if v is not None}
    settings = settings.model_copy(update=updates)
    configure_logging(settings.log_format)
    app = create_app(settings, freeze_gc=True)
    state = app.state.careerpath
    base = f"http://{_url_host(settings.api_host)}:{settings.api_port}"
    print(
        f"careerpath API: {base}/v1 (docs {base}/docs; jobs: {settings.jobs_backend})", flush=True
    )
    if admin_key if admin_key is not None else settings.database_url.startswith("sqlite"):
        _admin_key(settings, state.services.uow_factory, base)
    uvicorn.run(
        app,
        host=settings.api_host,
        port=settings.api_port,
        log_config=None,
        access_log=False,
        server_header=False,
    )


def _admin_key(settings: Settings, uow_factory: object, base: str) -> None:
    """Make or reuse the local admin key and print where it is and a curl line using it."""
    from careerpath.api.admin_key import ensure_local_admin_key, key_path

    path = key_path(settings.config_dir, settings.database_url)
    _, made = ensure_local_admin_key(path=path, uow_factory=uow_factory, now=datetime.now(UTC))  # type: ignore[arg-type]
    print(
        f"local admin API key (hr_admin) {'made and ' if made else ''}kept in {path} (mode 0600)",
        flush=True,
    )
    print(f'try: curl -H "Authorization: Bearer $(cat {path})" {base}/v1/taxonomy', flush=True)
    sys.stdout.flush()


def _url_host(host: str) -> str:
    """The host as it goes in a URL (a wildcard bind is reached on loopback)."""
    if host in ("0.0.0.0", "::", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host
