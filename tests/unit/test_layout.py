"""Finding releases in the data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerpath.config import Settings
from careerpath.domain.errors import MissingDataError
from careerpath.taxonomy.layout import locate_sources, release_key


def _settings(tmp_path: Path, **kw: object) -> Settings:
    return Settings(data_dir=tmp_path, cache_dir=tmp_path / "cache", **kw)  # type: ignore[arg-type]


def test_newest_onet_release_is_picked(tmp_path: Path) -> None:
    for rel in ("27.0-text", "29.3", "28.1"):
        (tmp_path / "onet" / rel).mkdir(parents=True)
    assert locate_sources(_settings(tmp_path)).onet_release == "29.3"


def test_named_release_is_honoured_and_unknown_one_lists_what_exists(tmp_path: Path) -> None:
    for rel in ("27.0-text", "29.3"):
        (tmp_path / "onet" / rel).mkdir(parents=True)
    assert locate_sources(_settings(tmp_path, onet_release="27.0-text")).onet_release == "27.0-text"
    with pytest.raises(MissingDataError, match=r"have: 27\.0-text, 29\.3"):
        locate_sources(_settings(tmp_path, onet_release="30.0"))


def test_missing_onet_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(MissingDataError) as err:
        locate_sources(_settings(tmp_path))
    assert "careerpath data fetch" in str(err.value)


def test_optional_sources_found_by_convention(tmp_path: Path) -> None:
    (tmp_path / "onet" / "29.3").mkdir(parents=True)
    (tmp_path / "esco" / "1.1.1").mkdir(parents=True)
    (tmp_path / "bls").mkdir()
    (tmp_path / "crosswalks").mkdir()
    (tmp_path / "crosswalks" / "esco_onet_crosswalk_Nov2020.csv").write_text("x\n")
    found = locate_sources(_settings(tmp_path))
    assert found.esco_version == "1.1.1" and found.bls is not None and found.crosswalk is not None


def test_release_key_orders_versions_numerically() -> None:
    names = ["9.0", "29.3", "db_28_1_text", "29.10"]
    assert sorted(names, key=release_key) == ["9.0", "db_28_1_text", "29.3", "29.10"]
