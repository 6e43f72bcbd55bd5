"""The one place that reads Settings and picks adapters: taxonomy snapshot, text matchers, embedder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careerpath.config import Settings
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import Embedder, SkillLinker, TitleNormalizer, UnitOfWork
from careerpath.ingest.resume.model import ParsedResume
from careerpath.llm.settings import LLMSettings

if TYPE_CHECKING:
    from careerpath.engine.people import ImportReader
    from careerpath.engine.service_ports import JobHandler, JobQueue
    from careerpath.jobs.execute import JobRuntime
    from careerpath.jobs.runner import EmbeddedWorkers

Progress = Callable[[str], None]


def load_taxonomy(settings: Settings, *, progress: Progress | None = None) -> Taxonomy:
    """The merged taxonomy: from the compiled snapshot when sources are unchanged, else built anew."""
    from careerpath.taxonomy.build import build_taxonomy
    from careerpath.taxonomy.layout import locate_sources
    from careerpath.taxonomy.snapshot import SnapshotCache

    sources = locate_sources(settings)
    cache = SnapshotCache(settings.cache_dir)
    return cache.get_or_build(
        sources, lambda: build_taxonomy(sources, progress=progress), progress=progress
    )


_EMBEDDERS: dict[tuple[str, str], Embedder | None] = {}


def load_embedder(settings: Settings) -> Embedder | None:
    """The sentence embedder when semantic matching is on and the embeddings extra is installed.

    Loaded once per process and model: the skill linker and the title normaliser share it.
    """
    from careerpath.text.semantic import load_sentence_embedder

    if settings.semantic == "off":
        return None
    key = (settings.embedding_model, settings.semantic)
    if key not in _EMBEDDERS:
        _EMBEDDERS[key] = load_sentence_embedder(
            settings.embedding_model, required=settings.semantic == "on"
        )
    return _EMBEDDERS[key]


def load_skill_linker(settings: Settings, taxonomy: Taxonomy) -> SkillLinker:
    """The fused lexical + semantic skill linker for this taxonomy (indexes cached in cache_dir)."""
    from careerpath.text.build import make_skill_linker

    return make_skill_linker(
        taxonomy, cache_dir=settings.cache_dir, embedder=load_embedder(settings)
    )


def load_title_normalizer(settings: Settings, taxonomy: Taxonomy) -> TitleNormalizer:
    """The fused lexical + semantic title normaliser for this taxonomy (indexes cached in cache_dir)."""
    from careerpath.text.build import make_title_normalizer

    return make_title_normalizer(
        taxonomy, cache_dir=settings.cache_dir, embedder=load_embedder(settings)
    )


def unit_of_work(settings: Settings) -> Callable[[], UnitOfWork]:
    """A UnitOfWork factory on ``settings.database_url``, the schema migrated to head first."""
    from careerpath.store import open_store

    return open_store(settings.database_url)


def llm_settings(settings: Settings) -> LLMSettings:
    """The LLM resume adapter's settings (answers cached under cache_dir/llm); off unless enabled."""
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else ""
    return LLMSettings(
        enabled=settings.llm_enabled,
        base_url=settings.llm_base_url or "",
        model=settings.llm_model or "",
        api_key=key,
        timeout=settings.llm_timeout,
        cache_dir=settings.cache_dir / "llm",
    )


def resume_parser(
    settings: Settings,
) -> tuple[Callable[[Path, int, date], ParsedResume], str] | None:
    """The LLM resume-file parser and its name when CAREERPATH_LLM_ENABLED, else None (local)."""
    if not settings.llm_enabled:
        return None
    from careerpath.ingest.resume.files import read_limited
    from careerpath.ingest.resume.parser import extract_text
    from careerpath.llm.resume import parse_resume_with_llm

    llm = llm_settings(settings)

    def parse(path: Path, max_bytes: int, today: date) -> ParsedResume:
        data = read_limited(path, max_bytes=max_bytes)
        text = extract_text(data, name=path.name, max_bytes=max_bytes)
        return parse_resume_with_llm(text, source=path.name, settings=llm, today=today)

    return parse, f"LLM adapter ({llm.model or 'no model set'})"


# --- background jobs -------------------------------------------------------------------------------


def job_handlers(
    settings: Settings, *, taxonomy: Callable[[], Taxonomy] | None = None
) -> dict[str, JobHandler]:
    """The job handlers by kind (profile.import, recommend.partition, plugins of job_plugins).

    The taxonomy (``taxonomy``, e.g. the API's loader, else loaded from settings) and the text
    matchers load lazily, once, when the first job needs them.
    """
    from careerpath.jobs.handlers import (
        PARTITION_KIND,
        PROFILE_KIND,
        Lazy,
        ProfileImportDeps,
        ProfileImportHandler,
        RecommendPartitionHandler,
        load_plugins,
    )

    tax = taxonomy or Lazy(lambda: load_taxonomy(settings))
    deps = ProfileImportDeps(
        taxonomy=tax,
        readers=_job_readers(settings),
        linker=Lazy(lambda: load_skill_linker(settings, tax())),
        normalizer=Lazy(lambda: load_title_normalizer(settings, tax())),
        max_bytes=settings.max_upload_bytes,
    )
    handlers: dict[str, JobHandler] = {
        PROFILE_KIND: ProfileImportHandler(deps),
        PARTITION_KIND: RecommendPartitionHandler(tax),
    }
    handlers.update(load_plugins(settings.job_plugins))
    return handlers


def _job_readers(settings: Settings) -> dict[str, ImportReader]:
    """The import readers of profile jobs (the LLM resume parser when CAREERPATH_LLM_ENABLED)."""
    from careerpath.ingest.readers import READERS, resume_reader

    found = resume_parser(settings)
    if found is None:
        return dict(READERS)
    parse, name = found
    return {**READERS, "resume": resume_reader(parse, parser=name)}


def job_runtime(
    settings: Settings, *, taxonomy: Callable[[], Taxonomy] | None = None
) -> JobRuntime:
    """What executing jobs needs: the SQL job queue, the handlers, units of work, the lease."""
    from careerpath.jobs.execute import JobRuntime
    from careerpath.jobs.sql_queue import SqlJobQueue
    from careerpath.jobs.store import open_job_store

    handlers = job_handlers(settings, taxonomy=taxonomy)
    store = open_job_store(settings.database_url)
    queue = SqlJobQueue(
        store.engine,
        max_attempts=settings.job_max_attempts,
        doorbell=store.doorbell,
        kinds=set(handlers),
    )
    return JobRuntime(queue, handlers, store.unit_of_work, settings.job_lease_seconds)


def job_queue(settings: Settings, *, celery_queue: str = "careerpath") -> JobQueue:
    """The job queue of ``settings.jobs_backend``: the database (embedded) or database + Celery."""
    runtime = job_runtime(settings)
    if settings.jobs_backend != "celery":
        return runtime.queue
    from careerpath.jobs.celery_app import CeleryJobQueue, make_celery

    return CeleryJobQueue(
        runtime.queue, make_celery(settings, queue=celery_queue), queue=celery_queue
    )


def start_embedded_workers(
    settings: Settings,
    *,
    threads: int | None = None,
    taxonomy: Callable[[], Taxonomy] | None = None,
) -> EmbeddedWorkers | None:
    """Started in-process job workers (``threads``, default job_workers); None for Celery or 0."""
    from careerpath.jobs.runner import EmbeddedWorkers

    count = settings.job_workers if threads is None else threads
    if settings.jobs_backend != "embedded" or count <= 0:
        return None
    runtime = job_runtime(settings, taxonomy=taxonomy)
    workers = EmbeddedWorkers(
        runtime.queue, runtime.handlers, runtime.uow_factory, threads=count, lease=runtime.lease
    )
    workers.start()
    return workers


def celery_app(
    settings: Settings,
    *,
    queue: str = "careerpath",
    taxonomy: Callable[[], Taxonomy] | None = None,
) -> Any:
    """The Celery app of `careerpath worker`: its task executes jobs with this process's runtime."""
    from careerpath.jobs.celery_app import make_celery

    return make_celery(
        settings, runtime=lambda: job_runtime(settings, taxonomy=taxonomy), queue=queue
    )
