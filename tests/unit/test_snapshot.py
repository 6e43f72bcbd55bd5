"""The compiled snapshot cache: keyed by checksums, rebuilt on change, written atomically."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from careerpath.domain.taxonomy import Facet, Occupation, Taxonomy
from careerpath.taxonomy.layout import SourceSet
from careerpath.taxonomy.snapshot import SnapshotCache


def _sources(tmp_path: Path) -> SourceSet:
    onet = tmp_path / "data" / "onet" / "29.3"
    onet.mkdir(parents=True)
    (onet / "Occupation Data.txt").write_text(
        "O*NET-SOC Code\tTitle\tDescription\n11-1011.00\tCEO\tx\n"
    )
    return SourceSet(data_dir=tmp_path / "data", onet=onet, onet_release="29.3")


def _taxonomy(title: str = "CEO") -> Taxonomy:
    occ = Occupation("11-1011.00", title, "onet")
    facet = Facet(
        "skills", "onet", ("11-1011.00",), ("2.A.1.a",), sp.csr_matrix(np.ones((1, 1), np.float32))
    )
    return Taxonomy({occ.id: occ}, {}, {"onet.skills": facet})


def test_second_load_comes_from_the_snapshot(tmp_path: Path) -> None:
    cache, sources = SnapshotCache(tmp_path / "cache"), _sources(tmp_path)
    builds: list[int] = []
    first = cache.get_or_build(sources, lambda: builds.append(1) or _taxonomy())
    second = cache.get_or_build(sources, lambda: builds.append(1) or _taxonomy("other"))
    assert builds == [1]
    assert second.occupations["11-1011.00"].title == first.occupations["11-1011.00"].title == "CEO"
    assert second.facets["onet.skills"].row_of("11-1011.00") == 0


def test_changed_source_rebuilds_and_drops_the_stale_snapshot(tmp_path: Path) -> None:
    cache, sources = SnapshotCache(tmp_path / "cache"), _sources(tmp_path)
    cache.get_or_build(sources, _taxonomy)
    old_key = cache.key(sources)
    occ_file = sources.onet / "Occupation Data.txt"
    occ_file.write_text(occ_file.read_text() + "11-1011.03\tCSO\ty\n")
    assert cache.key(sources) != old_key
    rebuilt = cache.get_or_build(sources, lambda: _taxonomy("rebuilt"))
    assert rebuilt.occupations["11-1011.00"].title == "rebuilt"
    assert [p.name for p in cache.cache_dir.glob("taxonomy-*.pickle")] == [
        cache.path_for(cache.key(sources)).name
    ]


def test_same_size_and_mtime_reuses_memoised_checksum_but_content_change_with_new_mtime_does_not(
    tmp_path: Path,
) -> None:
    cache, sources = SnapshotCache(tmp_path / "cache"), _sources(tmp_path)
    k1 = cache.key(sources)
    occ_file = sources.onet / "Occupation Data.txt"
    st = occ_file.stat()
    occ_file.write_text(occ_file.read_text().replace("CEO", "CFO"))
    os.utime(occ_file, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert cache.key(sources) != k1


def test_corrupt_snapshot_is_rebuilt_not_trusted(tmp_path: Path) -> None:
    cache, sources = SnapshotCache(tmp_path / "cache"), _sources(tmp_path)
    cache.get_or_build(sources, _taxonomy)
    cache.path_for(cache.key(sources)).write_bytes(b"\x80\x05garbage")
    rebuilt = cache.get_or_build(sources, lambda: _taxonomy("fresh"))
    assert rebuilt.occupations["11-1011.00"].title == "fresh"


def test_failed_build_leaves_no_snapshot_or_temp_file(tmp_path: Path) -> None:
    cache, sources = SnapshotCache(tmp_path / "cache"), _sources(tmp_path)

    def boom() -> Taxonomy:
        raise RuntimeError("loader failed")

    with pytest.raises(RuntimeError):
        cache.get_or_build(sources, boom)
    leftovers = [p.name for p in (tmp_path / "cache").glob("*") if p.name != "checksums.json"]
    assert leftovers == []
