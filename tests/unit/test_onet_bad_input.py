"""The O*NET loader on bad input (one-line located DataErrors) and properties of its building blocks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.domain.errors import DataError, MissingDataError
from careerpath.taxonomy.onet import load_onet
from careerpath.taxonomy.onet_facets import RATED_FILES, rated_facet, sparse_max
from careerpath.taxonomy.onet_files import Columns
from careerpath.taxonomy.tabular import TableSource, read_table
from onet_support import ONET, copy_layout, drop_column, edit_lines, to_xlsx, zip_folder

SWE, ANALYST, NURSE = "15-1252.00", "15-1211.00", "29-1141.00"


def _bad(lines_change: tuple[str, Callable[[list[str]], list[str]]]) -> Callable[[Path], Path]:
    name, change = lines_change
    return lambda folder: edit_lines(folder, name, change)


def _set(line: int, column: int, value: str) -> Callable[[list[str]], list[str]]:
    def change(lines: list[str]) -> list[str]:
        cells = lines[line - 1].split("\t")
        cells[column] = value
        lines[line - 1] = "\t".join(cells)
        return lines

    return change


def _non_utf8(folder: Path) -> Path:
    path = folder / "Skills.txt"
    data = path.read_bytes().split(b"\n")
    data[3] = data[3].replace(b"Critical", b"Cr\xefitical")
    path.write_bytes(b"\n".join(data))
    return path


BAD_INPUTS: dict[str, tuple[Callable[[Path], object], tuple[str, ...]]] = {
    "missing column": (
        _bad(("Skills", drop_column("Data Value"))),
        ("Skills.txt:1", "'Data Value'"),
    ),
    "comma delimiter": (
        _bad(("Occupation Data", lambda ls: [ln.replace("\t", ",") for ln in ls])),
        ("Occupation Data.txt:1", "comma"),
    ),
    "non-UTF-8": (_non_utf8, ("Skills.txt:4", "UTF-8")),
    "malformed code": (
        _bad(("Knowledge", _set(4, 0, "abc"))),
        ("Knowledge.txt:4", "O*NET-SOC Code", "'abc'"),
    ),
    "malformed occupation": (
        _bad(("Occupation Data", _set(3, 0, "15-12"))),
        ("Occupation Data.txt:3",),
    ),
    "duplicate occupation": (
        _bad(("Occupation Data", _set(5, 0, SWE))),
        ("Occupation Data.txt:5", "duplicate"),
    ),
    "not a number": (_bad(("Skills", _set(6, 6, "4,5x"))), ("Skills.txt:6", "'Data Value'")),
    "infinite number": (
        _bad(("Interests", _set(2, 6, "inf"))),
        ("Interests.txt:2", "'Data Value'"),
    ),
    "empty element id": (
        _bad(("Work Styles", _set(3, 2, ""))),
        ("Work Styles.txt:3", "'Element ID'"),
    ),
    "short row": (
        _bad(("Tasks to DWAs", lambda ls: [*ls[:-1], ls[-1].split("\t")[0]])),
        ("Tasks to DWAs.txt:7", "fields"),
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_a_one_line_located_data_error(tmp_path: Path, case: str) -> None:
    folder = copy_layout(tmp_path)
    corrupt, expected = BAD_INPUTS[case]
    corrupt(folder)
    with pytest.raises(DataError) as info:
        load_onet(folder)
    message = str(info.value)
    assert "\n" not in message
    for text in expected:
        assert text in message


def test_truncated_zip(tmp_path: Path) -> None:
    archive = zip_folder(ONET / "text-layout", tmp_path / "db_29_3_text.zip", "db_29_3_text")
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(DataError, match=r"db_29_3_text\.zip.*zip"):
        load_onet(archive)


def test_corrupt_xlsx(tmp_path: Path) -> None:
    folder = to_xlsx(ONET / "excel-layout", tmp_path / "x")
    (folder / "Skills.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(DataError, match=r"Skills\.xlsx.*Excel"):
        load_onet(folder)


def test_missing_release_and_missing_occupation_data(tmp_path: Path) -> None:
    with pytest.raises(MissingDataError, match="careerpath data fetch"):
        load_onet(tmp_path / "nowhere")
    folder = copy_layout(tmp_path)
    (folder / "Occupation Data.txt").unlink()
    with pytest.raises(MissingDataError) as info:
        load_onet(folder)
    assert "Occupation Data" in str(info.value) and "CAREERPATH_DATA_DIR/onet/" in str(info.value)


def test_table_columns_match_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("a\tb\tc\n1\t 2 \t3\n\n\t\t\n4\t5\n", encoding="utf-8")
    table = read_table(TableSource(path.name, path), delimiter="\t", required=["a"])
    lines, values = table.columns(["a", "b", "zz"])
    rows = list(table.rows(["a", "b", "zz"]))
    assert lines == [r.line for r in rows] == [2, 5]
    assert values == {"a": ["1", "4"], "b": ["2", "5"]}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 5), st.floats(0, 1, allow_subnormal=False)),
        max_size=40,
    )
)
def test_sparse_max_matches_a_dense_reference(triplets: list[tuple[int, int, float]]) -> None:
    dense = np.zeros((5, 6))
    for r, c, v in triplets:
        dense[r, c] = max(dense[r, c], v)
    rows = np.array([t[0] for t in triplets], dtype=np.intp)
    cols = np.array([t[1] for t in triplets], dtype=np.intp)
    matrix = sparse_max(rows, cols, np.array([t[2] for t in triplets], dtype=np.float64), (5, 6))
    assert matrix.dtype == np.float32 and matrix.has_sorted_indices
    assert np.all(matrix.data > 0)
    np.testing.assert_allclose(matrix.toarray(), dense.astype(np.float32))


RATINGS = st.lists(
    st.tuples(
        st.sampled_from([SWE, ANALYST, NURSE]),
        st.sampled_from(["2.A.1.a", "2.B.3.e"]),
        st.floats(1, 5).map(lambda v: round(v, 2)),
        st.floats(0, 7).map(lambda v: round(v, 2)),
        st.booleans(),
        st.booleans(),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda t: (t[0], t[1]),
)


@settings(max_examples=60, deadline=None)
@given(RATINGS)
def test_rated_facet_scaling_property(
    ratings: list[tuple[str, str, float, float, bool, bool]],
) -> None:
    values: dict[str, list[str]] = {
        k: [] for k in ("O*NET-SOC Code", "Element ID", "Scale ID", "Data Value")
    }
    values["Recommend Suppress"], values["Not Relevant"] = [], []
    for code, element, im, lv, suppress_lv, not_relevant in ratings:
        for scale, value, sup, nr in (
            ("IM", im, False, False),
            ("LV", lv, suppress_lv, not_relevant),
        ):
            for key, text in zip(
                values, (code, element, scale, str(value), "YN"[not sup], "YN"[not nr]), strict=True
            ):
                values[key].append(text)
    cols = Columns("Skills.txt", list(range(2, 2 + 2 * len(ratings))), values)
    occupations = sorted([SWE, ANALYST, NURSE])
    build = rated_facet(
        cols, RATED_FILES[0], occupations, {c: i for i, c in enumerate(occupations)}
    )
    facet = build.facet
    assert facet.level is not None
    for code, element, im, lv, suppress_lv, not_relevant in ratings:
        i, j = facet.row_of(code), facet.col_ids.index(element)
        assert float(facet.importance[i, j]) == pytest.approx((im - 1) / 4, abs=1e-6)
        expected = 0.0 if (suppress_lv or not_relevant) else lv / 7
        assert float(facet.level[i, j]) == pytest.approx(expected, abs=1e-6)
