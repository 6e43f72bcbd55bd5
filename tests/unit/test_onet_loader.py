"""The O*NET loader on small handmade releases: both layouts, as folders, zips and Excel files."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from careerpath.taxonomy.onet import load_onet
from careerpath.taxonomy.parts import TaxonomyPart
from onet_support import ONET, copy_layout, drop_column, edit_lines, to_xlsx, zip_folder

LAYOUTS = ("excel-layout", "text-layout")
ALL_FACETS = {
    "skills",
    "knowledge",
    "abilities",
    "work_activities",
    "work_styles",
    "interests",
    "work_values",
    "work_context",
    "technology",
    "tools",
    "tasks",
    "dwas",
}
SWE, ANALYST, NURSE, RESIDUAL = "15-1252.00", "15-1211.00", "29-1141.00", "15-1299.00"


def _assert_same(a: TaxonomyPart, b: TaxonomyPart, *, labels: bool = True) -> None:
    assert a.occupations == b.occupations
    assert a.facets.keys() == b.facets.keys()
    for name, fa in a.facets.items():
        fb = b.facets[name]
        assert (fa.row_ids, fa.col_ids) == (fb.row_ids, fb.col_ids), name
        assert (fa.importance != fb.importance).nnz == 0, name
        assert (fa.level is None) == (fb.level is None), name
        if fa.level is not None and fb.level is not None:
            assert (fa.level != fb.level).nnz == 0, name
    assert a.skills.keys() == b.skills.keys()
    if labels:
        assert a.skills == b.skills


def _value(part: TaxonomyPart, facet: str, row: str, col: str, *, level: bool = False) -> float:
    f = part.facets[facet]
    matrix = f.level if level else f.importance
    assert matrix is not None
    i = f.row_of(row)
    assert i is not None
    return float(matrix[i, f.col_ids.index(col)])


@pytest.fixture(scope="module", params=LAYOUTS)
def part(request: pytest.FixtureRequest) -> TaxonomyPart:
    """The fixture release loaded from each layout."""
    return load_onet(ONET / request.param)


def test_occupations(part: TaxonomyPart) -> None:
    assert sorted(part.occupations) == sorted([SWE, ANALYST, NURSE, RESIDUAL])
    swe = part.occupations[SWE]
    assert (swe.title, swe.taxonomy, swe.group, swe.job_zone) == (
        "Software Developers",
        "onet",
        "15-1",
        4.0,
    )
    assert swe.description.startswith("Research, design, and develop")
    assert swe.alt_titles == ("Application Developer", "Software Engineer", "SWE")
    assert swe.reported_titles == ("Software Developer", "Software Engineer")
    assert swe.education_level == pytest.approx((6 * 60 + 7 * 10 + 8 * 30) / 100)
    assert part.occupations[NURSE].education_level == pytest.approx(5.5)
    assert part.occupations[NURSE].alt_titles == ("Registered Nurse", "RN", "Staff Nurse")


def test_residual_occupation_is_kept_without_facets(part: TaxonomyPart) -> None:
    residual = part.occupations[RESIDUAL]
    assert residual.title == "Computer Occupations, All Other"
    assert residual.job_zone is None and residual.education_level is None
    assert all(f.row_of(RESIDUAL) is None for f in part.facets.values())


def test_facets_are_sorted_float32_csr_in_unit_range(part: TaxonomyPart) -> None:
    assert set(part.facets) == ALL_FACETS
    for name, facet in part.facets.items():
        assert facet.name == name and facet.taxonomy == "onet"
        assert list(facet.row_ids) == sorted(facet.row_ids)
        assert list(facet.col_ids) == sorted(facet.col_ids)
        for matrix in (facet.importance, facet.level):
            if matrix is None:
                continue
            assert isinstance(matrix, sp.csr_matrix) and matrix.dtype == np.float32
            assert matrix.data.min() > 0 and matrix.data.max() <= 1
    assert part.facets["skills"].row_ids == (ANALYST, SWE, NURSE)
    assert part.facets["work_styles"].level is None
    assert part.facets["interests"].col_ids == ("1.B.1.a", "1.B.1.b")  # IH rows are not values


def test_scaling(part: TaxonomyPart) -> None:
    assert _value(part, "skills", SWE, "2.B.3.e") == pytest.approx((4.62 - 1) / 4)
    assert _value(part, "skills", SWE, "2.B.3.e", level=True) == pytest.approx(5.5 / 7)
    assert _value(part, "knowledge", NURSE, "2.C.3.a") == pytest.approx((2.9 - 1) / 4)
    assert _value(part, "work_styles", NURSE, "1.C.5.c") == pytest.approx((4.9 - 1) / 4)
    assert _value(part, "interests", SWE, "1.B.1.b") == pytest.approx(1.0)
    assert _value(part, "interests", NURSE, "1.B.1.a") == pytest.approx(3.5 / 7)
    assert _value(part, "work_values", SWE, "1.B.2.a") == pytest.approx(5.6 / 7)
    assert _value(part, "work_context", NURSE, "4.C.1.a.2.h") == pytest.approx(3.5 / 5)


def test_recommend_suppress_and_not_relevant(part: TaxonomyPart) -> None:
    # Suppressed LV: level dropped, importance kept.
    assert _value(part, "skills", ANALYST, "2.B.3.e", level=True) == 0
    assert _value(part, "skills", ANALYST, "2.B.3.e") == pytest.approx(0.5)
    # Suppressed IM: importance dropped, level kept.
    assert _value(part, "skills", NURSE, "2.A.2.a") == 0
    assert _value(part, "skills", NURSE, "2.A.2.a", level=True) == pytest.approx(4 / 7)
    # Not Relevant: level 0; IM = 1 scales to 0 too.
    assert _value(part, "skills", NURSE, "2.B.3.e", level=True) == 0
    assert any("dropped 2 value(s) marked Recommend Suppress" in n for n in part.notes)
    assert any("1 level(s) marked Not Relevant" in n for n in part.notes)


def test_tasks_and_dwas(part: TaxonomyPart) -> None:
    assert _value(part, "tasks", SWE, "16987") == 1.0
    assert _value(part, "tasks", SWE, "16988") == 0.5
    assert _value(part, "tasks", NURSE, "5001") == 0.5  # untyped task
    assert _value(part, "dwas", SWE, "4.A.2.a.4.I01.D03") == 1.0  # max of a core and a supplemental
    assert _value(part, "dwas", SWE, "4.A.4.a.2.I03.D14") == 0.5
    assert _value(part, "dwas", NURSE, "4.A.3.a.2.I01.D02") == 0.5
    dwa = part.skills["4.A.3.a.2.I01.D02"]
    assert (dwa.label, dwa.kind, dwa.broader) == (
        "Prepare medical facilities or equipment.",
        "work_activity",
        ("4.A.3.a.2",),
    )
    assert "4.A.3.b.1.I01.D01" in part.skills  # every DWA of DWA Reference is a skill


def test_skills_from_content_model(part: TaxonomyPart) -> None:
    kinds = {s.id: s.kind for s in part.skills.values() if not s.id.startswith("onet:")}
    assert kinds["2.B.3.e"] == "skill" and kinds["2.C.4.a"] == "knowledge"
    assert kinds["1.A.1.a.1"] == "ability" and kinds["1.C.5.c"] == "work_style"
    assert kinds["4.A.1.a.1"] == "work_activity"
    assert "1.B.1.a" not in kinds  # interests are facets, not skills
    programming = part.skills["2.B.3.e"]
    assert (programming.label, programming.taxonomy) == ("Programming", "onet")
    assert programming.description == "Writing computer programs for various purposes."


def test_technology_and_tools(part: TaxonomyPart) -> None:
    oo = part.skills["onet:tech:43232405"]
    assert (oo.label, oo.kind, oo.alt_labels, oo.hot) == (
        "Object or component oriented development software",
        "technology",
        ("C++", "Python"),
        True,
    )
    assert not part.skills["onet:tech:43232603"].hot
    assert part.skills["onet:tool:42181604"].alt_labels == ("Stethoscopes",)
    assert part.skills["onet:tool:42181604"].kind == "tool"
    assert part.facets["technology"].col_ids[0] == "onet:tech:43232110"
    assert _value(part, "technology", SWE, "onet:tech:43232405") == 1.0  # two examples, one cell
    assert _value(part, "tools", NURSE, "onet:tool:42181605") == 1.0


def test_layouts_agree() -> None:
    excel, text = load_onet(ONET / "excel-layout"), load_onet(ONET / "text-layout")
    _assert_same(excel, text, labels=False)
    assert excel.skills["onet:tech:43232405"].in_demand  # only the Excel layout has In Demand
    assert not text.skills["onet:tech:43232405"].in_demand
    assert "Adobe Systems Adobe Acrobat" in text.skills["onet:tech:43232202"].alt_labels


def test_sources_and_notes(part: TaxonomyPart) -> None:
    assert len(part.sources) == 19  # every file but Read Me
    for source in part.sources:
        path = Path(source.path)
        assert source.dataset == "onet" and source.release == path.parent.name
        assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        data_lines = path.read_text(encoding="utf-8").count("\n") - 1
        assert source.rows == data_lines
    assert part.notes[0].startswith("O*NET ")
    assert "no optional file absent" in part.notes[0]


def test_only_occupation_data(tmp_path: Path) -> None:
    folder = tmp_path / "29.3"
    folder.mkdir()
    shutil.copy(ONET / "text-layout" / "Occupation Data.txt", folder)
    part = load_onet(folder)
    assert len(part.occupations) == 4 and part.facets == {} and part.skills == {}
    assert [s.release for s in part.sources] == ["29.3"]
    assert "absent: Alternate Titles" in part.notes[0] and "Tasks to DWAs" in part.notes[0]


def test_names_fall_back_to_content_model_reference(tmp_path: Path) -> None:
    folder = copy_layout(tmp_path, "text-layout")
    edit_lines(folder, "Skills", drop_column("Element Name"))
    assert load_onet(folder).skills["2.B.3.e"].label == "Programming"
    (folder / "Content Model Reference.txt").unlink()
    assert load_onet(folder).skills["2.B.3.e"].label == "2.B.3.e"


def test_columns_are_chosen_by_name(tmp_path: Path) -> None:
    folder = copy_layout(tmp_path)

    def reorder(lines: list[str]) -> list[str]:
        return [
            "\t".join(["x" if k else "Extra", *reversed(ln.split("\t"))])
            for k, ln in enumerate(lines)
        ]

    for name in ("Skills", "Occupation Data", "Tasks to DWAs"):
        edit_lines(folder, name, reorder)
    _assert_same(load_onet(folder), load_onet(ONET / "excel-layout"))


def test_zip_with_top_folder(tmp_path: Path) -> None:
    archive = zip_folder(ONET / "excel-layout", tmp_path / "db_29_3_text.zip", "db_29_3_text")
    part = load_onet(archive)
    _assert_same(part, load_onet(ONET / "excel-layout"))
    assert {s.release for s in part.sources} == {"29.3"}
    assert f"{archive}/db_29_3_text/Skills.txt" in {s.path for s in part.sources}


def test_zip_release_from_read_me(tmp_path: Path) -> None:
    archive = zip_folder(ONET / "text-layout", tmp_path / "onet.zip", "onet")
    assert {s.release for s in load_onet(archive).sources} == {"27.0"}


def test_excel_folder_and_zip(tmp_path: Path) -> None:
    folder = to_xlsx(ONET / "excel-layout", tmp_path / "db_29_3_excel")
    expected = load_onet(ONET / "excel-layout")
    _assert_same(load_onet(folder), expected)
    _assert_same(
        load_onet(zip_folder(folder, tmp_path / "db_29_3_excel.zip", "db_29_3_excel")), expected
    )


def test_unknown_code_is_skipped_with_a_note(tmp_path: Path) -> None:
    folder = copy_layout(tmp_path)
    edit_lines(
        folder,
        "Skills",
        lambda lines: [lines[0], *(ln.replace(NURSE, "99-9999.00") for ln in lines[1:])],
    )
    part = load_onet(folder)
    assert part.facets["skills"].row_ids == (ANALYST, SWE)
    assert any("Skills.txt: skipped 6 row(s)" in note for note in part.notes)


def test_txt_is_preferred_over_xlsx_and_empty_files_give_empty_facets(tmp_path: Path) -> None:
    folder = copy_layout(tmp_path)
    (folder / "Skills.xlsx").write_bytes(b"not read: the .txt of the same name wins")
    edit_lines(folder, "Work Values", lambda lines: lines[:1])
    part = load_onet(folder)
    assert part.facets["skills"].importance.shape == (3, 3)
    empty = part.facets["work_values"]
    assert empty.importance.shape == (0, 0) and empty.level is None


def test_occupations_keep_task_statements_core_first(part: TaxonomyPart) -> None:
    assert part.occupations[SWE].tasks == (
        'Analyze user needs and "software requirements" to determine feasibility of design.',
        "Confer with systems analysts, engineers, programmers and others to design systems.",
    )
    assert part.occupations[NURSE].tasks[0].startswith("Monitor, record")
