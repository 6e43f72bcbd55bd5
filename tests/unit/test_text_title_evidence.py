"""Title evidence beyond ESCO labels: abbreviations, bracketed alternatives, the O*NET crosswalk
bridge and soft-max pooling over every label vector."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_text_fixtures import HashingEmbedder

from careerpath.domain.taxonomy import Occupation, SourceFile, Taxonomy
from careerpath.text.build import make_title_normalizer
from careerpath.text.labels import occupation_label_set
from careerpath.text.lexical import LexicalIndex
from careerpath.text.normalize import clean_title, title_parts
from careerpath.text.scoring import title_scores
from careerpath.text.title_bridge import CrosswalkBridge, crosswalk_links
from careerpath.text.title_semantic import PooledSemanticIndex

OCC = "http://data.europa.eu/esco/occupation/"


def _taxonomy() -> Taxonomy:
    occupations = [
        Occupation(OCC + "stock", "warehouse worker", "esco", links=("53-7062.00",)),
        Occupation(OCC + "clerk", "stock clerk", "esco"),
        Occupation(OCC + "ict", "ICT help desk agent", "esco", alt_titles=("ICT support officer",)),
        Occupation(
            "53-7062.00",
            "Laborers and Freight, Stock, and Material Movers, Hand",
            "onet",
            alt_titles=("Stocker", "Shelf Filler"),
            links=(OCC + "stock",),
        ),
    ]
    return Taxonomy(
        occupations={o.id: o for o in occupations},
        skills={},
        facets={},
        sources=(SourceFile("esco", "t1", "esco.zip", "sha-t1", 1),),
    )


def test_abbreviations_are_spelled_out() -> None:
    assert clean_title("Sr. IT Exec (m/f/d)") == "ict executive"
    assert clean_title("HR Asst") == "human resources assistant"


def test_bracketed_alternative_is_a_part() -> None:
    assert "shop assistant" in title_parts("Pembantu Kedai (Shop Assistant)")
    assert title_parts("Cook") == ["cook"]


def test_crosswalk_links_map_target_to_source() -> None:
    tax = _taxonomy()
    esco, onet = occupation_label_set(tax, "esco"), occupation_label_set(tax, "onet")
    link = crosswalk_links(tax, onet, esco)
    assert link.tolist() == [-1, -1, 0]  # ids sort as clerk, ict, stock


def test_bridge_votes_for_linked_occupation() -> None:
    tax = _taxonomy()
    esco = LexicalIndex.build(occupation_label_set(tax, "esco"))
    onet = LexicalIndex.build(occupation_label_set(tax, "onet"))
    bridge = CrosswalkBridge(onet, crosswalk_links(tax, onet.labels, esco.labels))
    plain = title_scores(esco, ["shelf filler"])
    bridged = bridge.add_to(plain, ["shelf filler"], title_scores)
    assert plain[0].max() == 0.0 and int(bridged[0].argmax()) == 2
    assert float(bridged.min()) >= 0.0 and float(bridged.max()) <= 1.0


def test_normalizer_uses_bridge_and_abbreviations(tmp_path: Path) -> None:
    normalizer = make_title_normalizer(_taxonomy(), cache_dir=tmp_path, embedder=None)
    top = normalizer.normalize(["Shelf Filler", "IT Support Officer"], taxonomy="esco", top=2)
    assert top[0][0].id == OCC + "stock"
    assert top[1][0].id == OCC + "ict"


def test_fused_titles_embed_every_label_and_reload(tmp_path: Path) -> None:
    embedder = HashingEmbedder()
    first = make_title_normalizer(_taxonomy(), cache_dir=tmp_path, embedder=embedder)
    out = first.normalize(["ict support officer"], taxonomy="esco", top=1)[0][0].id
    semantic = first.matcher.indexes("esco").semantic
    assert isinstance(semantic, PooledSemanticIndex)
    assert len(semantic.vectors) == len(occupation_label_set(_taxonomy(), "esco").texts)
    again = make_title_normalizer(_taxonomy(), cache_dir=tmp_path, embedder=embedder)
    calls = embedder.calls
    assert again.normalize(["ict support officer"], taxonomy="esco", top=1)[0][0].id == out
    assert embedder.calls == calls + 1  # the query only: label vectors came from the cache


def _index(sims: list[float], temperature: float) -> tuple[PooledSemanticIndex, np.ndarray]:
    """Labels of concept 0 with the given cosines to the query e0 (unit vectors in 2-d)."""
    vecs = np.asarray([[s, math.sqrt(max(0.0, 1 - s * s))] for s in sims], dtype=np.float32)
    owner = np.zeros(len(sims), dtype=np.int32)
    weight = np.ones(len(sims), dtype=np.float32)
    query = np.asarray([[1.0, 0.0]], dtype=np.float32)
    return PooledSemanticIndex(vecs, owner, weight, 2, temperature), query


def test_pooling_single_label_is_its_similarity() -> None:
    index, query = _index([0.6], 0.05)
    assert index.scores(query)[0].tolist() == pytest.approx([0.6, 0.0], abs=1e-6)


def test_pooling_rewards_agreeing_labels() -> None:
    one, query = _index([0.6, 0.1], 0.05)
    two, _ = _index([0.6, 0.6], 0.05)
    plain, _ = _index([0.6, 0.6], 0.0)
    assert two.scores(query)[0, 0] > one.scores(query)[0, 0] >= 0.6
    assert plain.scores(query)[0, 0] == pytest.approx(0.6, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    sims=st.lists(st.floats(-1.0, 1.0), min_size=1, max_size=6),
    temperature=st.sampled_from([0.0, 0.02, 0.05, 0.1]),
)
def test_pooling_bounds(sims: list[float], temperature: float) -> None:
    index, query = _index(sims, temperature)
    score = float(index.scores(query)[0, 0])
    best = max(sims)
    assert 0.0 <= score <= 1.0
    assert score >= min(1.0, max(0.0, best)) - 1e-5
    assert score <= max(0.0, best) + temperature * math.log(len(sims)) + 1e-5
