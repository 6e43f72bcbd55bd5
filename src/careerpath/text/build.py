"""Wiring: build (or load from the cache) the indexes behind the skill linker and title normaliser."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.normalize import SKILL_TAXONOMIES, TITLE_TAXONOMIES
from careerpath.engine.ports import Embedder
from careerpath.text.cache import VECTORS_VERSION, Arrays, cache_path, cached
from careerpath.text.labels import occupation_label_set, skill_label_set
from careerpath.text.lexical import LabelSet, LexicalIndex
from careerpath.text.linking import FusedSkillLinker
from careerpath.text.matcher import FusedMatcher, Indexes
from careerpath.text.normalize import clean_title
from careerpath.text.scoring import skill_scores, title_scores
from careerpath.text.semantic import SemanticIndex, build_semantic_index
from careerpath.text.titles import FusedTitleNormalizer

Progress = Callable[[str], None]

SKILL_SEMANTIC_WEIGHT = 0.35
TITLE_SEMANTIC_WEIGHT = 0.6
SKILL_VECTORS_PER_CONCEPT = 3  # preferred label + first alternates: bounds the cold embedding time
TITLE_VECTORS_PER_CONCEPT = 8


def make_skill_linker(
    taxonomy: Taxonomy,
    *,
    cache_dir: Path,
    embedder: Embedder | None,
    progress: Progress | None = None,
) -> FusedSkillLinker:
    """A skill linker for esco|onet; indexes are built lazily per taxonomy and cached in cache_dir."""

    def load(which: str) -> Indexes:
        return load_indexes(
            taxonomy, which, "skills", cache_dir=cache_dir, embedder=embedder, progress=progress
        )

    matcher = FusedMatcher(
        taxonomies=SKILL_TAXONOMIES,
        loader=load,
        lexical=skill_scores,
        embedder=embedder,
        semantic_weight=SKILL_SEMANTIC_WEIGHT,
    )
    return FusedSkillLinker(matcher)


def make_title_normalizer(
    taxonomy: Taxonomy,
    *,
    cache_dir: Path,
    embedder: Embedder | None,
    progress: Progress | None = None,
) -> FusedTitleNormalizer:
    """A title normaliser for esco|onet|org; indexes built lazily per taxonomy and cached in cache_dir."""

    def load(which: str) -> Indexes:
        return load_indexes(
            taxonomy, which, "titles", cache_dir=cache_dir, embedder=embedder, progress=progress
        )

    matcher = FusedMatcher(
        taxonomies=TITLE_TAXONOMIES,
        loader=load,
        lexical=title_scores,
        embedder=embedder,
        semantic_weight=TITLE_SEMANTIC_WEIGHT,
        prepare=clean_title,
    )
    return FusedTitleNormalizer(matcher)


def load_indexes(
    taxonomy: Taxonomy,
    which: str,
    kind: str,
    *,
    cache_dir: Path,
    embedder: Embedder | None,
    progress: Progress | None = None,
) -> Indexes:
    """The lexical (and semantic) index of ``kind`` (skills|titles) for one taxonomy, via the cache."""
    say = progress or (lambda _msg: None)
    path = cache_path(cache_dir, f"{kind}-lexical", taxonomy, which)
    if not path.exists():
        say(f"building the {which} {kind} index (first run; cached in {path.parent})")
    arrays, _ = cached(path, lambda: _label_index(taxonomy, which, kind).to_arrays())
    lexical = LexicalIndex.from_arrays(arrays)
    semantic = None
    if embedder is not None:
        semantic = semantic_index(taxonomy, which, kind, lexical.labels, embedder, cache_dir, say)
    return Indexes(lexical, semantic)


def _label_index(taxonomy: Taxonomy, which: str, kind: str) -> LexicalIndex:
    labels = (
        skill_label_set(taxonomy, which)
        if kind == "skills"
        else occupation_label_set(taxonomy, which)
    )
    return LexicalIndex.build(labels)


def semantic_index(
    taxonomy: Taxonomy,
    which: str,
    kind: str,
    labels: LabelSet,
    embedder: Embedder,
    cache_dir: Path,
    say: Progress,
) -> SemanticIndex:
    """Label vectors for one taxonomy and model, from the cache or embedded now (float32 .npz)."""
    cap = SKILL_VECTORS_PER_CONCEPT if kind == "skills" else TITLE_VECTORS_PER_CONCEPT
    path = cache_path(
        cache_dir,
        f"{kind}-vectors",
        taxonomy,
        which,
        embedder.name,
        str(cap),
        version=VECTORS_VERSION,
    )
    if not path.exists():
        say(f"embedding {which} {kind} labels with {embedder.name} (first run; cached)")

    def build() -> Arrays:
        index = build_semantic_index(labels, embedder, cap)
        return {"vectors": index.vectors, "owner": index.owner}

    arrays, _ = cached(path, build)
    return SemanticIndex(arrays["vectors"], arrays["owner"], len(labels.concept_ids))
