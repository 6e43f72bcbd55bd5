"""Reading tables by column name, with located errors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerpath.domain.errors import DataError, MissingDataError
from careerpath.taxonomy.tabular import TableSource, read_table


def _write(tmp_path: Path, name: str, data: bytes) -> TableSource:
    path = tmp_path / name
    path.write_bytes(data)
    return TableSource(name, path)


def test_columns_by_name_in_any_order_extra_tolerated(tmp_path: Path) -> None:
    src = _write(tmp_path, "t.txt", b"Extra\tB\tA\nx\t2\t1\ny\t4\t3\n")
    table = read_table(src, delimiter="\t", required=["A", "B"])
    rows = [(r.get("A"), r.get("B"), r.line) for r in table.rows(["A", "B"])]
    assert rows == [("1", "2", 2), ("3", "4", 3)]


def test_alias_maps_to_canonical_name(tmp_path: Path) -> None:
    src = _write(tmp_path, "t.txt", b"onet-soc code\tv\n11-1011.00\t1\n")
    table = read_table(
        src,
        delimiter="\t",
        required=["O*NET-SOC Code"],
        aliases={"O*NET-SOC Code": ["onet-soc code"]},
    )
    assert next(table.rows(["O*NET-SOC Code"])).get("O*NET-SOC Code") == "11-1011.00"


def test_missing_column_names_file_line_and_column(tmp_path: Path) -> None:
    src = _write(tmp_path, "Skills.txt", b"A\tB\n1\t2\n")
    with pytest.raises(DataError) as err:
        read_table(src, delimiter="\t", required=["A", "Data Value"])
    text = str(err.value)
    assert "Skills.txt:1" in text and "Data Value" in text


def test_wrong_delimiter_is_named(tmp_path: Path) -> None:
    src = _write(tmp_path, "Skills.txt", b"A,B,C\n1,2,3\n")
    with pytest.raises(DataError, match="commas, expected tabs"):
        read_table(src, delimiter="\t", required=["A"])


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    src = _write(tmp_path, "t.txt", "A\tB\nok\tok\nbad\tcaf\xe9\n".encode("latin-1"))
    with pytest.raises(DataError) as err:
        read_table(src, delimiter="\t", required=["A"])
    assert "t.txt:3" in str(err.value) and "UTF-8" in str(err.value)


def test_short_row_is_located(tmp_path: Path) -> None:
    src = _write(tmp_path, "t.txt", b"A\tB\tC\n1\t2\t3\n4\n")
    table = read_table(src, delimiter="\t", required=["C"])
    with pytest.raises(DataError, match=r"t.txt:3"):
        list(table.rows(["A", "C"]))


def test_truncated_zip_is_a_data_error(tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("x.txt", "A\n" + "1\n" * 1000)
    archive.write_bytes(archive.read_bytes()[:60])
    with pytest.raises(DataError, match="corrupt or truncated zip"):
        read_table(TableSource("x.txt", archive, "x.txt"), delimiter="\t", required=["A"])


def test_missing_file_is_missing_data(tmp_path: Path) -> None:
    with pytest.raises(MissingDataError):
        read_table(TableSource("nope.txt", tmp_path / "nope.txt"), delimiter="\t", required=[])


@given(
    st.lists(
        st.tuples(st.text(alphabet="abc xyz-.", max_size=8), st.integers(-99, 99)), max_size=20
    )
)
def test_roundtrip_any_rows(rows: list[tuple[str, int]]) -> None:
    import tempfile

    body = "Name\tValue\n" + "".join(f"{n}\t{v}\n" for n, v in rows)
    with tempfile.TemporaryDirectory() as tmp:
        src = _write(Path(tmp), "t.txt", body.encode())
        table = read_table(src, delimiter="\t", required=["Name", "Value"])
        got = [(r.get("Name"), int(r.get("Value"))) for r in table.rows(["Name", "Value"])]
    expected = [(n.strip(), v) for n, v in rows if n.strip() or True]
    assert got == expected
