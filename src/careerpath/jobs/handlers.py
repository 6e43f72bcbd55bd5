"""The job handlers by kind: "profile.import", "recommend.partition", and plugins.

Handlers are built once per process (bootstrap.job_handlers); the taxonomy and text matchers they
need are loaded lazily, once, by the first job that needs them (in the handler's ``prepare``,
before the job's transaction opens). Plugins (setting ``job_plugins``: ``module:attribute``
names) add handlers: the attribute is a mapping of kind to handler, or a callable returning one.
"""

from __future__ import annotations

import importlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from careerpath.domain.errors import DataError, ValidationError
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import UnitOfWork
from careerpath.engine.recommend_all import Scoring, compile_run
from careerpath.engine.rerank import KIND as PARTITION_KIND
from careerpath.engine.rerank import rerank_people
from careerpath.engine.service_ports import JobHandler
from careerpath.jobs.profile_import import ProfileImportDeps, ProfileImportHandler
from careerpath.jobs.submissions import (
    profile_import_payload,
    validate_profile_payload,
    validate_profile_submission,
)

T = TypeVar("T")
PROFILE_KIND = "profile.import"
RUNS_KEPT = 4  # compiled organizations kept per process (one per re-ranking run)

__all__ = [
    "PARTITION_KIND",
    "PROFILE_KIND",
    "Lazy",
    "ProfileImportDeps",
    "ProfileImportHandler",
    "RecommendPartitionHandler",
    "load_plugins",
    "profile_import_payload",
    "validate_profile_payload",
    "validate_profile_submission",
]


class Lazy(Generic[T]):
    """A value loaded on first use, once per process, thread-safely."""

    def __init__(self, load: Callable[[], T]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._value: list[T] = []

    def __call__(self) -> T:
        """The value (loaded by this call when it is the first)."""
        if not self._value:
            with self._lock:
                if not self._value:
                    self._value.append(self._load())
        return self._value[0]


class RecommendPartitionHandler:
    """JobHandler of "recommend.partition": payload {run_id, person_ids, top?, created?}.

    The organization is compiled once per run and process (the first partition a process runs
    of a run compiles it; later ones reuse it). Result: {run_id, people, rows}.
    """

    def __init__(self, taxonomy: Callable[[], Taxonomy]) -> None:
        self.taxonomy = taxonomy
        self._runs: OrderedDict[str, Scoring] = OrderedDict()
        self._lock = threading.Lock()

    def prepare(self, payload: Mapping[str, Any]) -> None:
        """Load the taxonomy before the job's transaction opens."""
        self.taxonomy()

    def __call__(self, payload: Mapping[str, Any], uow: UnitOfWork) -> Mapping[str, Any]:
        """Re-rank the partition's people and store their rows in ``uow`` (no commit)."""
        run_id, ids, top, created = _partition(payload)
        taxonomy = self.taxonomy()
        with self._lock:
            scoring = self._runs.get(run_id)
        if scoring is None:
            scoring = compile_run(uow, taxonomy, created.date())
            with self._lock:
                self._runs[run_id] = scoring
                while len(self._runs) > RUNS_KEPT:
                    self._runs.popitem(last=False)
        rows = rerank_people(
            run_id, ids, uow=uow, taxonomy=taxonomy, created=created, top=top, scoring=scoring
        )
        return {"run_id": run_id, "people": len(ids), "rows": rows}


def _partition(payload: Mapping[str, Any]) -> tuple[str, list[str], int, datetime]:
    """(run id, person ids, top, created) of a partition payload; ValidationError when malformed."""
    run_id = payload.get("run_id")
    if not isinstance(run_id, str) or not run_id:
        raise ValidationError("run_id is not a non-empty string", column="run_id")
    ids = payload.get("person_ids")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ValidationError("person_ids is not an array of strings", column="person_ids")
    top = payload.get("top", 10)
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValidationError("top is not a positive integer", column="top")
    created_text = payload.get("created")
    try:
        created = datetime.fromisoformat(created_text) if created_text else datetime.now(UTC)
    except (TypeError, ValueError):
        raise ValidationError("created is not an ISO timestamp", column="created") from None
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return run_id, ids, top, created


def load_plugins(spec: str) -> dict[str, JobHandler]:
    """Handlers named by ``module:attribute`` entries (space- or comma-separated)."""
    handlers: dict[str, JobHandler] = {}
    for entry in spec.replace(",", " ").split():
        module_name, _, attribute = entry.partition(":")
        try:
            found: Any = getattr(importlib.import_module(module_name), attribute)
        except (ImportError, AttributeError, ValueError) as exc:
            raise DataError(
                f"cannot load the job plugin {entry!r}: {exc}",
                hint="CAREERPATH_JOB_PLUGINS names module:attribute entries importable here",
            ) from None
        table = found() if callable(found) and not isinstance(found, Mapping) else found
        if not isinstance(table, Mapping):
            raise DataError(f"the job plugin {entry!r} is not a mapping of job kind to handler")
        handlers.update(table)
    return handlers
