"""`people import resume`: PDF, DOCX and text resumes (sniffed by content) into new or stored people."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from careerpath.domain.errors import CareerpathError, DataError
from careerpath.engine.people import import_people
from careerpath.ingest.readers import READERS, resume_reader
from careerpath.ingest.resume import parse_text
from careerpath.ingest.resume.model import ParsedResume
from careerpath.ingest.resume_file import NO_EMPLOYER, ExactSkillLinker
from careerpath.llm.client import LLMError
from fakes import FakeStore, FakeUnitOfWork
from fixtures.ingest.ingest_support import EXAMPLES, TODAY, data_is_empty, run_import
from fixtures.ingest.skills_support import (
    RESUME,
    docx_resume,
    facet_taxonomy,
    pdf_resume,
    text_resume,
)

HRIS = EXAMPLES / "hris"


def _resume(store: FakeStore, path: Path, person: str = "C1", **kw: object) -> None:
    run_import(store, "resume", path, person_id=person, taxonomy=facet_taxonomy(), **kw)


@pytest.mark.parametrize("make", [text_resume, docx_resume, pdf_resume])
def test_a_resume_file_creates_a_person_with_spells_and_resume_claims(
    tmp_path: Path, make: object
) -> None:
    path = make(tmp_path, "upload.bin")  # type: ignore[operator]  # format sniffed, not named
    store = FakeStore()
    report = run_import(store, "resume", path, person_id="C1", taxonomy=facet_taxonomy())
    assert (report.rows_read, report.accepted, report.rejected) == (1, 1, 0)
    p = store.people["C1"]
    assert (p.name, p.email) == ("Chloé Martin", "chloe.martin@example.com")
    assert [(s.title, s.employer, s.occupation_id) for s in p.history] == [
        ("Software Developer", "Université de Lyon", "15-1252.00"),
        ("Data Scientist", "Atelier Numérique", "15-2051.00"),
    ]
    assert p.education[0].institution.startswith("INSA Lyon")
    prog = p.skill("2.B.3.e")
    assert prog is not None
    assert {e.source for e in prog.evidence} == {"resume", "role"}
    resume = next(e for e in prog.evidence if e.source == "resume")
    assert resume.level == pytest.approx(0.7) and resume.ref == "upload.bin"
    assert any("Knitting" in n for n in report.notes)


def test_a_resume_merges_into_a_stored_person_and_a_second_needs_replace(tmp_path: Path) -> None:
    store = FakeStore()
    run_import(store, "hris", HRIS / "employees.csv", mapping=HRIS / "mapping.yaml")
    internal = store.people["E1003"].history
    _resume(store, text_resume(tmp_path), person="E1003")
    p = store.people["E1003"]
    assert p.name == "Chloé Martin" and p.org_unit == "Platform"  # HR fields kept
    assert set(internal) <= set(p.history) and len(p.history) == len(internal) + 2
    assert any(e.source == "resume" for c in p.skills for e in c.evidence)
    with pytest.raises(DataError, match="resume data of"):
        _resume(store, text_resume(tmp_path), person="E1003")
    _resume(store, text_resume(tmp_path), person="E1003", replace=True)
    assert len(store.people["E1003"].history) == len(internal) + 2


def test_bad_files_and_missing_person_abort_and_write_nothing(tmp_path: Path) -> None:
    store = FakeStore()
    png = tmp_path / "photo.pdf"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(DataError, match="PNG image"):
        _resume(store, png)
    broken = tmp_path / "cv.pdf"
    broken.write_bytes(b"%PDF-1.4\n garbage")
    with pytest.raises(CareerpathError):
        _resume(store, broken)
    with pytest.raises(DataError, match="no person id"):
        run_import(store, "resume", text_resume(tmp_path), taxonomy=facet_taxonomy())
    with pytest.raises(DataError, match="over the"):
        _resume(store, text_resume(tmp_path), max_bytes=10)
    assert data_is_empty(store)
    assert {b.status for b in store.batches.values()} == {"failed"}


def test_a_plugged_in_parser_is_used_and_its_errors_write_nothing(tmp_path: Path) -> None:
    def good(path: Path, max_bytes: int, today: date) -> ParsedResume:
        return parse_text(RESUME, source=path.name, today=today)

    def failing(path: Path, max_bytes: int, today: date) -> ParsedResume:
        raise LLMError("LLM endpoint answered HTTP 500: boom")

    store = FakeStore()
    for parse, name in ((failing, "LLM adapter (x)"), (good, "LLM adapter (m)")):
        readers = {**READERS, "resume": resume_reader(parse, parser=name)}
        try:
            report = import_people(
                "resume",
                text_resume(tmp_path),
                uow=FakeUnitOfWork(store),
                taxonomy=facet_taxonomy(),
                readers=readers,
                person_id="C1",
                today=TODAY,
            )
        except LLMError:
            assert data_is_empty(store)
    assert report.notes[0].startswith("resume read by the LLM adapter (m)")
    assert "C1" in store.people


def test_exact_linker_matches_labels_of_one_taxonomy_only() -> None:
    linker = ExactSkillLinker(facet_taxonomy())
    hits = linker.link(["programming", "Python", "Knitting"], taxonomy="onet", top=1)
    assert [[m.id for m in h] for h in hits] == [["2.B.3.e"], [], []]
    esco = linker.link(["Python"], taxonomy="esco", top=1)
    assert esco[0][0].id == "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"


def test_a_position_without_employer_is_still_external(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_text("Ann Lee\n\nExperience\nData Scientist\n2019 – 2021\n", encoding="utf-8")
    store = FakeStore()
    _resume(store, path, person="A1")
    assert all(s.employer for s in store.people["A1"].history)
    assert {s.employer for s in store.people["A1"].history} <= {NO_EMPLOYER, "Data Scientist"}
