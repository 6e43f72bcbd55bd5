"""Crosswalk loader: a handmade file in Nesta's ESCO -> O*NET crosswalk layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from careerpath.domain.errors import DataError, MissingDataError
from careerpath.taxonomy.crosswalk import load_crosswalk

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "crosswalks"
NAME = "esco_onet_crosswalk_Nov2020.csv"
OCC = "http://data.europa.eu/esco/occupation/"


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / NAME
    path.write_text(text, encoding="utf-8")
    return path


def _text() -> str:
    return (FIXTURES / NAME).read_text(encoding="utf-8")


def _error(path: Path) -> DataError:
    with pytest.raises(DataError) as info:
        load_crosswalk(path)
    assert "\n" not in str(info.value)
    return info.value


def test_links_from_file_and_folder() -> None:
    for path in (FIXTURES / NAME, FIXTURES):
        xw = load_crosswalk(path)
        pairs = [(link.esco_uri, link.onet_code, link.confidence) for link in xw.links]
        assert pairs == [
            (f"{OCC}o-dev", "15-1252.00", 2.0),
            (f"{OCC}o-arch", "15-1299.08", 1.0),
            (f"{OCC}o-translator", "27-3091.00", 0.5),  # NN-NNNN completed; duplicate dropped
            (f"{OCC}o-ds", "15-2051.00", None),
        ]


def test_source_file() -> None:
    (source,) = load_crosswalk(FIXTURES).sources
    assert (source.dataset, source.release, source.rows) == ("crosswalk", "Nov2020", 5)
    assert source.path.endswith(NAME) and len(source.sha256) == 64


def test_newest_dated_file_wins_in_a_folder(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / NAME, tmp_path / NAME)
    (tmp_path / "esco_onet_crosswalk_MCC.csv").write_text(
        "concept_uri,onet_code\n", encoding="utf-8"
    )
    assert len(load_crosswalk(tmp_path).links) == 4


def test_extra_columns_and_order_tolerated(tmp_path: Path) -> None:
    text = f"onet_code,note,concept_uri\n15-1252.00,x,{OCC}o-dev\n"
    (link,) = load_crosswalk(_file(tmp_path, text)).links
    assert (link.esco_uri, link.onet_code, link.confidence) == (f"{OCC}o-dev", "15-1252.00", None)


def test_missing_file_says_how_to_get_it(tmp_path: Path) -> None:
    err = _error(tmp_path / "nope.csv")
    assert isinstance(err, MissingDataError) and "careerpath data fetch" in str(err)
    err = _error(tmp_path)
    assert isinstance(err, MissingDataError) and "*crosswalk*.csv" in str(err)


def test_missing_column(tmp_path: Path) -> None:
    err = _error(_file(tmp_path, _text().replace("onet_code", "soc")))
    assert f"{NAME}:1 column 'onet_code'" in str(err)


def test_malformed_onet_code_names_the_line(tmp_path: Path) -> None:
    err = _error(_file(tmp_path, _text().replace("15-1299.08", "151299")))
    assert f"{NAME}:3 column 'onet_code'" in str(err) and "151299" in str(err)


def test_bad_uri_names_the_line(tmp_path: Path) -> None:
    err = _error(_file(tmp_path, _text().replace(f"{OCC}o-ds", "")))
    assert f"{NAME}:6 column 'concept_uri'" in str(err)


def test_bad_confidence_names_the_line(tmp_path: Path) -> None:
    err = _error(_file(tmp_path, _text().replace(",0.5,", ",high,")))
    assert f"{NAME}:4 column 'confidence'" in str(err)


def test_wrong_delimiter_and_encoding(tmp_path: Path) -> None:
    err = _error(_file(tmp_path, "id;onet_code;concept_uri\n1;15-1252.00;http://x\n"))
    assert f"{NAME}:1" in str(err) and "semicolon" in str(err)
    path = tmp_path / NAME
    path.write_bytes(_text().replace("translator", "traductor é").encode("latin-1"))
    err = _error(path)
    assert f"{NAME}:4" in str(err) and "UTF-8" in str(err)
