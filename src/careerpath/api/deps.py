"""What routes depend on: the Services (injectable for tests) and the authenticated caller."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any, Protocol

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader, HTTPBearer

from careerpath.api.auth import Authenticator
from careerpath.api.limits import RateLimiter
from careerpath.api.logs import pseudonym
from careerpath.api.metrics import ApiMetrics
from careerpath.api.recommender import Recommender
from careerpath.config import Settings
from careerpath.domain.access import Principal
from careerpath.domain.errors import AuthenticationError
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import SkillLinker, TitleNormalizer, UnitOfWork
from careerpath.engine.service_ports import JobQueue


class Stoppable(Protocol):
    """Background workers the app stops on shutdown."""

    def stop(self) -> Any:
        """Stop (finishing the running jobs)."""
        ...


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    """Adapters and loaders the API runs on; built by ``build_services`` or injected by tests.

    ``taxonomy`` and the text matchers are loaded lazily, once (the first request that needs them,
    or the start-up warm-up), and shared by every request.
    """

    uow_factory: Callable[[], UnitOfWork]
    load_taxonomy: Callable[[], Taxonomy]
    jobs: JobQueue | None = None
    clock: Callable[[], datetime] = _utcnow
    start_workers: Callable[[], Stoppable | None] | None = None
    load_linker: Callable[[Taxonomy], SkillLinker] | None = None
    load_normalizer: Callable[[Taxonomy], TitleNormalizer] | None = None
    _loaded: dict[str, Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def taxonomy(self) -> Taxonomy:
        """The taxonomy, loaded on first use."""
        return self.once("taxonomy", self.load_taxonomy)  # type: ignore[no-any-return]

    def taxonomy_loaded(self) -> bool:
        """True once the taxonomy is in memory."""
        return "taxonomy" in self._loaded

    def linker(self) -> SkillLinker:
        """The skill linker for the taxonomy, built on first use."""
        from careerpath.domain.errors import InvalidRequestError

        if self.load_linker is None:
            raise InvalidRequestError("skill linking is not available in this deployment")
        load = self.load_linker
        return self.once("linker", lambda: load(self.taxonomy()))  # type: ignore[no-any-return]

    def normalizer(self) -> TitleNormalizer:
        """The title normaliser for the taxonomy, built on first use."""
        from careerpath.domain.errors import InvalidRequestError

        if self.load_normalizer is None:
            raise InvalidRequestError("title normalisation is not available in this deployment")
        load = self.load_normalizer
        return self.once("normalizer", lambda: load(self.taxonomy()))  # type: ignore[no-any-return]

    def once(self, name: str, load: Callable[[], Any]) -> Any:
        """The value loaded under ``name``, loaded by ``load`` on first use (once per process)."""
        found = self._loaded.get(name)
        if found is not None:
            return found
        with self._lock:
            if name not in self._loaded:
                self._loaded[name] = load()
            return self._loaded[name]


def build_services(settings: Settings) -> Services:
    """The production Services for ``settings`` (database migrated, job queue per jobs_backend).

    The embedded job workers share the API's taxonomy (one copy in memory per process).
    """
    from careerpath import bootstrap

    services = Services(
        uow_factory=bootstrap.unit_of_work(settings),
        load_taxonomy=lambda: bootstrap.load_taxonomy(settings),
        jobs=bootstrap.job_queue(settings),
        load_linker=lambda tax: bootstrap.load_skill_linker(settings, tax),
        load_normalizer=lambda tax: bootstrap.load_title_normalizer(settings, tax),
    )
    services.start_workers = lambda: bootstrap.start_embedded_workers(
        settings, taxonomy=services.taxonomy
    )
    return services


@dataclass
class AppState:
    """Everything one app holds: settings, services, caches, limits and metrics."""

    settings: Settings
    services: Services
    authenticator: Authenticator
    limiter: RateLimiter
    metrics: ApiMetrics
    recommender: Recommender
    workers: Stoppable | None = None
    warm_error: str | None = None
    freeze_gc: bool = False  # after warm-up, exempt the loaded taxonomy from garbage collection


async def app_state(request: Request) -> AppState:
    """The AppState of the app serving ``request``."""
    state: AppState = request.app.state.careerpath
    return state


State = Annotated[AppState, Depends(app_state)]


_BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="An OIDC access token (JWT) or an API key (cpk_...).",
)
_API_KEY = APIKeyHeader(
    name="X-API-Key", auto_error=False, scheme_name="apiKey", description="An API key (cpk_...)."
)


async def caller(
    request: Request,
    state: State,
    _bearer: Annotated[object, Depends(_BEARER)] = None,
    _key: Annotated[object, Depends(_API_KEY)] = None,
) -> Principal:
    """The authenticated caller (401 without valid credentials; 429 beyond the rate limit).

    Requests are counted per verified caller, failed authentications per client address.

    The security dependencies only document the schemes; the raw headers are read here so that a
    malformed Authorization header gets a precise 401.
    """
    authorization = request.headers.get("authorization")
    x_api_key = request.headers.get("x-api-key")
    try:
        principal = state.authenticator.remembered(authorization, x_api_key)
        if principal is None:  # verifying may read the database or fetch the issuer's keys
            principal = await run_in_threadpool(
                state.authenticator.authenticate, authorization, x_api_key
            )
    except AuthenticationError:  # failed attempts count against the client's address
        state.limiter.check(f"ip:{request.client.host if request.client else ''}")
        raise
    # the bucket is the verified caller's, not the header's text (which a client can vary)
    state.limiter.check(principal.identity)
    request.state.caller = pseudonym(principal.subject)
    request.state.role = principal.role
    return principal


Caller = Annotated[Principal, Depends(caller)]
