"""`/healthz` (process up), `/readyz` (database reachable, taxonomy loaded) and `/metrics`.

These three need no credentials: they reveal no personal data, and load balancers and Prometheus
call them without tokens. Bind the server to an internal address (or filter /metrics at the proxy)
when the metrics should stay private.
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from careerpath.api.deps import State
from careerpath.api.problems import ApiProblem
from careerpath.api.schemas import Health

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=Health, summary="The process is up")
def healthz() -> Health:
    """Always ok while the process serves requests."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, summary="Ready to serve: database and taxonomy")
def readyz(state: State) -> Health:
    """200 when the database answers and the taxonomy is loaded, else a 503 problem saying which."""
    checks: dict[str, str] = {}
    try:
        with state.services.uow_factory():
            checks["database"] = "ok"
    except Exception as exc:  # any failure to connect means not ready
        checks["database"] = f"unreachable: {type(exc).__name__}"
    loaded = state.services.taxonomy_loaded()
    checks["taxonomy"] = (
        "ok" if loaded else f"failed: {state.warm_error}" if state.warm_error else "loading"
    )
    if any(v != "ok" for v in checks.values()):
        detail = "; ".join(f"{k}: {v}" for k, v in checks.items())
        raise ApiProblem(503, "not-ready", f"not ready: {detail}")
    return Health(status="ready", checks=checks)


@router.get(
    "/metrics",
    response_class=Response,
    summary="Prometheus metrics",
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def metrics(state: State) -> Response:
    """Request rate, errors and latency per route template, queue depth, job durations."""
    return Response(state.metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")
