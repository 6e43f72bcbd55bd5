"""ESCO loader: handmade CSVs in ESCO's download layout (zips, extracted folders, a single zip)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

from careerpath.domain.errors import DataError, MissingDataError
from careerpath.taxonomy.esco import load_esco

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "esco"
CLASSIFICATION = ("occupations_en.csv", "skills_en.csv", "languageSkillsCollection_en.csv")
RELATIONS = (
    "occupationSkillRelations.csv",
    "broaderRelationsOccPillar.csv",
    "broaderRelationsSkillPillar.csv",
)
URI = "http://data.europa.eu/esco/"


def _zip(target: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return target


def _files(names: tuple[str, ...], replace: dict[str, bytes] | None = None) -> dict[str, bytes]:
    replace = replace or {}
    return {n: replace.get(n, (FIXTURES / n).read_bytes()) for n in names}


def _release(folder: Path, replace: dict[str, bytes] | None = None) -> Path:
    """An ESCO version folder with the two official download zips."""
    folder.mkdir(parents=True, exist_ok=True)
    _zip(folder / "esco-v1.1.1-en-csv.zip", _files(CLASSIFICATION, replace))
    _zip(folder / "esco-v1.1.1-relations-csv.zip", _files(RELATIONS, replace))
    return folder


def _error(path: Path) -> DataError:
    with pytest.raises(DataError) as info:
        load_esco(path)
    assert "\n" not in str(info.value)
    return info.value


def test_loads_released_occupations_skills_and_facet(tmp_path: Path) -> None:
    part = load_esco(_release(tmp_path / "1.1.1"))
    assert sorted(part.occupations) == [
        f"{URI}occupation/o-{k}" for k in ("arch", "dev", "translator")
    ]
    assert len(part.skills) == 5  # the obsolete skill is dropped
    dev = part.occupations[f"{URI}occupation/o-dev"]
    assert dev.title == "software developer" and dev.taxonomy == "esco"
    assert dev.alt_titles == ("programmer", "coder", "code monkey")
    assert dev.group == "2512"
    assert dev.broader == (f"{URI}isco/C2512",)
    assert part.occupations[f"{URI}occupation/o-arch"].broader == (f"{URI}occupation/o-dev",)
    translator = part.occupations[f"{URI}occupation/o-translator"]
    assert translator.description == "Translators transcribe documents."  # definition as fallback


def test_skill_fields_and_kinds(tmp_path: Path) -> None:
    skills = load_esco(_release(tmp_path / "1.1.1")).skills
    python = skills[f"{URI}skill/s-python"]
    assert python.kind == "knowledge" and python.reuse_level == "sector-specific"
    assert python.alt_labels == ("Python",)
    assert python.hidden_labels == ("python3",)
    assert python.broader == (f"{URI}isced-f/0613",)
    design = skills[f"{URI}skill/s-design"]
    assert design.kind == "skill"
    assert design.broader == (f"{URI}skill/s-python", f"{URI}isced-f/0613")
    assert skills[f"{URI}skill/s-french"].kind == "language"
    assert skills[f"{URI}skill/s-ict-safety"].kind == "skill"  # blank skillType


def test_facet_is_sorted_float32_csr_with_essential_and_optional(tmp_path: Path) -> None:
    part = load_esco(_release(tmp_path / "1.1.1"))
    facet = part.facets["skills"]
    assert facet.taxonomy == "esco" and facet.level is None
    assert list(facet.row_ids) == sorted(part.occupations)
    assert list(facet.col_ids) == sorted(part.skills)
    assert facet.importance.dtype == np.float32 and facet.importance.format == "csr"
    assert facet.importance.nnz == 6
    dev = facet.dense_rows([f"{URI}occupation/o-dev"])[0]
    col = {c: j for j, c in enumerate(facet.col_ids)}
    assert dev[col[f"{URI}skill/s-python"]] == 1.0
    assert dev[col[f"{URI}skill/s-design"]] == 0.5
    arch = facet.dense_rows([f"{URI}occupation/o-arch"])[0]
    assert arch[col[f"{URI}skill/s-python"]] == 1.0  # essential wins over optional
    assert any("skipped 2 of 9" in note for note in part.notes)


def test_sources_and_notes_name_the_files(tmp_path: Path) -> None:
    part = load_esco(_release(tmp_path / "1.1.1"))
    names = {Path(s.path).name: s for s in part.sources}
    assert set(names) == {*CLASSIFICATION, *RELATIONS}
    src = names["occupationSkillRelations.csv"]
    assert (src.dataset, src.release, src.rows) == ("esco", "1.1.1", 9)
    assert len(src.sha256) == 64 and "esco-v1.1.1-relations-csv.zip" in src.path
    assert "occupations_en.csv" in part.notes[0] and "1.1.1" in part.notes[0]


def test_extracted_folder_one_level_down_and_single_zip(tmp_path: Path) -> None:
    inner = tmp_path / "extracted" / "esco-csv"
    inner.mkdir(parents=True)
    for name in (*CLASSIFICATION, *RELATIONS):
        shutil.copy(FIXTURES / name, inner / name)
    assert len(load_esco(tmp_path / "extracted").occupations) == 3
    single = _zip(
        tmp_path / "esco-v1.2.0.zip",
        {f"csv/{n}": b for n, b in _files((*CLASSIFICATION, *RELATIONS)).items()},
    )
    part = load_esco(single)
    assert len(part.skills) == 5 and part.sources[0].release == "1.2.0"


def test_other_language_and_optional_files_absent(tmp_path: Path) -> None:
    folder = tmp_path / "de"
    folder.mkdir()
    for name in ("occupations_en.csv", "skills_en.csv", "occupationSkillRelations.csv"):
        shutil.copy(FIXTURES / name, folder / name.replace("_en", "_de"))
    part = load_esco(folder)
    assert len(part.occupations) == 3
    assert part.occupations[f"{URI}occupation/o-dev"].broader == ()
    assert part.skills[f"{URI}skill/s-french"].kind == "knowledge"
    assert any(
        "optional files absent" in n and "broaderRelationsSkillPillar" in n for n in part.notes
    )


def test_missing_folder_says_how_to_get_the_data(tmp_path: Path) -> None:
    err = _error(tmp_path / "nope")
    assert isinstance(err, MissingDataError)
    assert "careerpath data fetch" in str(err) and str(tmp_path / "nope") in str(err)


def test_missing_relations_file(tmp_path: Path) -> None:
    folder = tmp_path / "1.1.1"
    folder.mkdir()
    _zip(folder / "esco-v1.1.1-en-csv.zip", _files(CLASSIFICATION))
    err = _error(folder)
    assert isinstance(err, MissingDataError)
    assert "occupationSkillRelations*.csv" in str(err)


def test_missing_column_names_file_line_and_column(tmp_path: Path) -> None:
    text = (
        (FIXTURES / "skills_en.csv").read_text(encoding="utf-8").replace("skillType,", "kind,", 1)
    )
    err = _error(_release(tmp_path / "r", {"skills_en.csv": text.encode()}))
    assert "skills_en.csv:1" in str(err) and "column 'skillType'" in str(err)


def test_wrong_delimiter(tmp_path: Path) -> None:
    text = "conceptType;conceptUri;preferredLabel\nOccupation;http://x;y\n"
    err = _error(_release(tmp_path / "r", {"occupations_en.csv": text.encode()}))
    assert "occupations_en.csv:1" in str(err) and "semicolon" in str(err)


def test_non_utf8(tmp_path: Path) -> None:
    data = (
        (FIXTURES / "skills_en.csv")
        .read_bytes()
        .replace(b"Work with others.", b"Work \xe9 others.")
    )
    err = _error(_release(tmp_path / "r", {"skills_en.csv": data}))
    assert "skills_en.csv:7" in str(err) and "UTF-8" in str(err)


def test_truncated_zip(tmp_path: Path) -> None:
    folder = _release(tmp_path / "r")
    archive = folder / "esco-v1.1.1-relations-csv.zip"
    archive.write_bytes(archive.read_bytes()[:200])
    err = _error(folder)
    assert "esco-v1.1.1-relations-csv.zip" in str(err) and "truncated" in str(err)


def test_unknown_relation_type_names_the_line(tmp_path: Path) -> None:
    text = (FIXTURES / "occupationSkillRelations.csv").read_text(encoding="utf-8")
    text = text.replace("o-translator,essential", "o-translator,mandatory")
    err = _error(_release(tmp_path / "r", {"occupationSkillRelations.csv": text.encode()}))
    assert "occupationSkillRelations.csv:8" in str(err) and "column 'relationType'" in str(err)
    assert "mandatory" in str(err)


def test_malformed_uri_names_the_line(tmp_path: Path) -> None:
    text = (FIXTURES / "broaderRelationsOccPillar.csv").read_text(encoding="utf-8")
    text = text.replace(
        "Occupation,http://data.europa.eu/esco/occupation/o-arch", "Occupation,o-arch"
    )
    err = _error(_release(tmp_path / "r", {"broaderRelationsOccPillar.csv": text.encode()}))
    assert "broaderRelationsOccPillar.csv:4" in str(err) and "column 'conceptUri'" in str(err)


def test_line_numbers_count_multiline_labels(tmp_path: Path) -> None:
    text = (FIXTURES / "occupations_en.csv").read_text(encoding="utf-8")
    text = text.replace("http://data.europa.eu/esco/occupation/o-translator", "")
    err = _error(_release(tmp_path / "r", {"occupations_en.csv": text.encode()}))
    assert "occupations_en.csv:8 column 'conceptUri'" in str(err)  # physical line, not record 4
