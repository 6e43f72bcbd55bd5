"""Index caching: a second build loads from the cache; a changed fingerprint rebuilds; atomic files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_text_fixtures import HashingEmbedder, tiny_taxonomy

import careerpath.text.build as build
from careerpath.text.cache import cache_path, load_arrays, pack_strings, save_arrays, unpack_strings
from careerpath.text.lexical import LexicalIndex


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    original = LexicalIndex.build

    def counting(labels: object) -> LexicalIndex:
        calls.append("built")
        return original(labels)  # type: ignore[arg-type]

    monkeypatch.setattr(build.LexicalIndex, "build", staticmethod(counting))
    return calls


def test_second_build_loads_from_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_builds(monkeypatch)
    first = build.load_indexes(tiny_taxonomy(), "esco", "skills", cache_dir=tmp_path, embedder=None)
    second = build.load_indexes(
        tiny_taxonomy(), "esco", "skills", cache_dir=tmp_path, embedder=None
    )
    assert calls == ["built"]
    assert first.lexical.labels.texts == second.lexical.labels.texts
    assert first.lexical.exact.keys == second.lexical.exact.keys
    assert (first.lexical.words != second.lexical.words).nnz == 0


def test_changed_fingerprint_rebuilds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_builds(monkeypatch)
    build.load_indexes(tiny_taxonomy("1"), "esco", "titles", cache_dir=tmp_path, embedder=None)
    build.load_indexes(tiny_taxonomy("2"), "esco", "titles", cache_dir=tmp_path, embedder=None)
    assert calls == ["built", "built"]
    assert len(list((tmp_path / "text").glob("titles-lexical-esco-*.npz"))) == 2


def test_vectors_cached_per_model(tmp_path: Path) -> None:
    embedder = HashingEmbedder()
    a = build.load_indexes(tiny_taxonomy(), "esco", "skills", cache_dir=tmp_path, embedder=embedder)
    calls = embedder.calls
    b = build.load_indexes(tiny_taxonomy(), "esco", "skills", cache_dir=tmp_path, embedder=embedder)
    assert embedder.calls == calls  # second time: no encoding
    assert a.semantic is not None and b.semantic is not None
    assert np.array_equal(a.semantic.vectors, b.semantic.vectors)
    assert b.semantic.vectors.dtype == np.float32


def test_corrupt_cache_file_is_rebuilt(tmp_path: Path) -> None:
    path = cache_path(tmp_path, "skills-lexical", tiny_taxonomy(), "esco")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a zip")
    assert load_arrays(path) is None
    idx = build.load_indexes(tiny_taxonomy(), "esco", "skills", cache_dir=tmp_path, embedder=None)
    assert idx.lexical.n_concepts == 7
    assert load_arrays(path) is not None


def test_atomic_save_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "x" / "a.npz"
    save_arrays(target, {**pack_strings("s", ["é", "", "c++"])})
    assert [p.name for p in target.parent.iterdir()] == ["a.npz"]
    arrays = load_arrays(target)
    assert arrays is not None and unpack_strings("s", arrays) == ["é", "", "c++"]


def test_content_key_without_sources() -> None:
    tax = tiny_taxonomy()
    bare = type(tax)(tax.occupations, tax.skills, {})
    assert cache_path(Path("c"), "k", bare).name != cache_path(Path("c"), "k", tax).name
