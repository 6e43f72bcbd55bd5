"""The one place that reads Settings and picks adapters: taxonomy snapshot, text matchers, embedder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from careerpath.config import Settings
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import Embedder, SkillLinker, TitleNormalizer, UnitOfWork
from careerpath.ingest.resume.model import ParsedResume
from careerpath.llm.settings import LLMSettings

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
