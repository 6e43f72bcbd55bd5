"""The one place that reads Settings and picks adapters: taxonomy snapshot, text matchers, embedder."""

from __future__ import annotations

from collections.abc import Callable

from careerpath.config import Settings
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import Embedder, SkillLinker, TitleNormalizer, UnitOfWork

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


def load_embedder(settings: Settings) -> Embedder | None:
    """The sentence embedder when semantic matching is on and the embeddings extra is installed."""
    from careerpath.text.semantic import load_sentence_embedder

    if settings.semantic == "off":
        return None
    return load_sentence_embedder(settings.embedding_model, required=settings.semantic == "on")


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
