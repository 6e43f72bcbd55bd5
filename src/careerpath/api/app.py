"""The FastAPI application: routers, problem details, limits, metrics, logs and the lifespan."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from careerpath import __version__
from careerpath.api import problems
from careerpath.api.auth import Authenticator, make_verifier
from careerpath.api.deps import AppState, Services, build_services
from careerpath.api.limits import RateLimiter
from careerpath.api.metrics import ApiMetrics
from careerpath.api.middleware import ServiceMiddleware
from careerpath.api.recommender import Recommender
from careerpath.api.routes import catalog, feedback, health, people, policies, profiles, runs
from careerpath.config import Settings
from careerpath.domain.access import Principal
from careerpath.engine.ports import UnitOfWork

log = logging.getLogger("careerpath.api")
DESCRIPTION = (
    "Career paths for people: recommendations with rationale, what-if simulations, profile "
    "imports as jobs, the organization's policy and feedback. Errors are RFC 9457 problem "
    "details. Authenticate with `Authorization: Bearer <OIDC token or API key>` or `X-API-Key`."
)


def _authenticate_key(token: str, uow: UnitOfWork) -> Principal:
    from careerpath.engine.api_keys import authenticate_api_key

    return authenticate_api_key(token, uow=uow)


def create_app(
    settings: Settings, *, services: Services | None = None, freeze_gc: bool = False
) -> FastAPI:
    """The API for ``settings``; ``services`` replaces the production adapters (tests).

    ``freeze_gc`` (the server process): once warm, move every object alive (the taxonomy, the
    compiled organization: millions of objects) out of the collector's reach, so collections
    triggered by request garbage stay short instead of pausing all requests for a full scan.
    """
    svc = services if services is not None else build_services(settings)
    metrics = ApiMetrics(svc.jobs.counts if svc.jobs is not None else None)
    state = AppState(
        settings=settings,
        services=svc,
        authenticator=Authenticator(
            uow_factory=svc.uow_factory,
            verifier=make_verifier(settings),
            authenticate_key=_authenticate_key,
        ),
        limiter=RateLimiter(settings.rate_limit_per_minute),
        metrics=metrics,
        recommender=Recommender(uow_factory=svc.uow_factory, taxonomy=svc.taxonomy),
        freeze_gc=freeze_gc,
    )
    app = FastAPI(
        title="careerpath",
        version=__version__,
        description=DESCRIPTION,
        lifespan=_lifespan,
        responses={401: {"description": "Missing, malformed, expired or forged credentials"}},
    )
    app.state.careerpath = state
    problems.install(app)
    for module in (profiles, people, runs, policies, feedback, catalog, health):
        app.include_router(module.router)
    app.add_middleware(
        ServiceMiddleware,
        metrics=metrics,
        max_json_bytes=settings.max_json_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        multipart_paths=frozenset({"/v1/profiles"}),
    )
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the embedded workers and warm the taxonomy in the background; stop workers at exit."""
    state: AppState = app.state.careerpath
    if state.services.start_workers is not None:
        state.workers = state.services.start_workers()
    threading.Thread(target=_warm, args=(state,), name="careerpath-warm", daemon=True).start()
    try:
        yield
    finally:
        if state.workers is not None:
            state.workers.stop()


def _warm(state: AppState) -> None:
    """Load the taxonomy and compile the organization so the first requests are fast."""
    try:
        state.services.taxonomy()
        state.recommender.snapshot()
        if state.freeze_gc:
            gc.collect()
            gc.freeze()
    except Exception as exc:  # readiness reports it; requests retry and answer with a problem
        state.warm_error = f"{type(exc).__name__}: {exc}"
        log.exception("warm-up failed")
