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
from careerpath.text.title_bridge import CrosswalkBridge, crosswalk_links
from careerpath.text.title_semantic import TITLE_VECTORS_VERSION, PooledSemanticIndex
from careerpath.text.titles import FusedTitleNormalizer

Progress = Callable[[str], None]

SKILL_SEMANTIC_WEIGHT = 0.35
TITLE_SEMANTIC_WEIGHT = 0.7
SKILL_VECTORS_PER_CONCEPT = 3  # preferred label + first alternates: bounds the cold embedding time
BRIDGED_TITLES = {"esco": "onet"}  # titles of the key taxonomy also use the value's, via crosswalk


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
        return load_title_indexes(
            taxonomy, which, cache_dir=cache_dir, embedder=embedder, progress=progress
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


def load_title_indexes(
    taxonomy: Taxonomy,
    which: str,
    *,
    cache_dir: Path,
    embedder: Embedder | None,
    progress: Progress | None = None,
) -> Indexes:
    """Title indexes of one taxonomy, with O*NET titles bridged in over the crosswalk for ESCO."""
    indexes = load_indexes(
        taxonomy, which, "titles", cache_dir=cache_dir, embedder=embedder, progress=progress
    )
    other = BRIDGED_TITLES.get(which)
    if other is None:
        return indexes
    source = load_indexes(
        taxonomy, other, "titles", cache_dir=cache_dir, embedder=None, progress=progress
    ).lexical
    link = crosswalk_links(taxonomy, source.labels, indexes.lexical.labels)
    return Indexes(indexes.lexical, indexes.semantic, CrosswalkBridge(source, link))


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
) -> SemanticIndex | PooledSemanticIndex:
    """Label vectors for one taxonomy and model, from the cache or embedded now (float32 .npz).

    Skills embed a capped few labels per concept (max pooling); titles embed every label
    (weighted soft-max pooling, see title_semantic).
    """
    titles = kind == "titles"
    version = TITLE_VECTORS_VERSION if titles else VECTORS_VERSION
    cap = "all" if titles else str(SKILL_VECTORS_PER_CONCEPT)
    path = cache_path(
        cache_dir, f"{kind}-vectors", taxonomy, which, embedder.name, cap, version=version
    )
    if not path.exists():
        say(f"embedding {which} {kind} labels with {embedder.name} (first run; cached)")

    def build() -> Arrays:
        if titles:
            return {"vectors": PooledSemanticIndex.embed(labels, embedder).vectors}
        index = build_semantic_index(labels, embedder, SKILL_VECTORS_PER_CONCEPT)
        return {"vectors": index.vectors, "owner": index.owner}

    arrays, _ = cached(path, build)
    if not titles:
        return SemanticIndex(arrays["vectors"], arrays["owner"], len(labels.concept_ids))
    if len(arrays["vectors"]) != len(labels.texts):  # a stale file: embed again, do not misalign
        return PooledSemanticIndex.embed(labels, embedder)
    return PooledSemanticIndex(
        arrays["vectors"], labels.owner, labels.weight, len(labels.concept_ids)
    )
