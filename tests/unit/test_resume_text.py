"""Plain-text resumes: encodings, sections, position layouts, contact kept but redacted; bad files."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from careerpath.domain.errors import DataError
from careerpath.ingest.resume import parse_resume_bytes, parse_resume_file, parse_text
from careerpath.ingest.resume.model import PartialDate

TODAY = date(2025, 6, 1)
RESUME = """JOSÉ MÜLLER
Berlin, Germany | jose.muller@example.com | +49 30 1234567

PROFILE
Logistics lead with a decade in warehousing.

WORK HISTORY
Warehouse Supervisor | Blue Harbor Logistics, Hamburg, Germany | Mar. '19 – Present
• Ran a team of 14 pickers and packers across two shifts every week.
Wayfarer Freight — Berlin, Germany
Dispatcher
Summer 2016 – Feb 2019
- Planned routes for 25 trucks

EDUCATION
BS in Logistics, Technical University of Munich, 2015

SKILLS
Inventory Management, WMS (advanced), Lean
Languages: German (native), English (C1)
"""


def _check(parsed: object) -> None:
    from careerpath.ingest.resume.model import ParsedResume

    assert isinstance(parsed, ParsedResume)
    assert [(p.title, p.employer, p.start, p.end) for p in parsed.positions] == [
        ("Warehouse Supervisor", "Blue Harbor Logistics", PartialDate(2019, 3), None),
        ("Dispatcher", "Wayfarer Freight", PartialDate(2016, 7, True), PartialDate(2019, 2)),
    ]
    assert (
        parsed.contact.name == "José Müller" and parsed.contact.email == "jose.muller@example.com"
    )
    assert parsed.skill_names == ("Inventory Management", "WMS", "Lean")
    assert parsed.skills[1].level == "advanced"
    assert [(x.language, x.fluency) for x in parsed.languages] == [
        ("German", "native"),
        ("English", "C1"),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "cv.txt"
    path.write_bytes(RESUME.replace("—", "-").replace("•", "*").encode(encoding))
    parsed = parse_resume_file(path, today=TODAY)
    _check(parsed)
    assert any("cp1252" in n for n in parsed.notes) == (encoding == "cp1252")


def test_contact_is_kept_but_never_printed() -> None:
    parsed = parse_text(RESUME, today=TODAY)
    shown = repr(parsed) + str(parsed.contact)
    assert (
        "jose.muller" not in shown
        and "1234567" not in shown
        and "Müller" not in shown.replace("MÜLLER", "")
    )
    assert parsed.contact.phone == "+49 30 1234567" and parsed.contact.location == "Berlin, Germany"


@pytest.mark.parametrize(
    "block",
    [
        "Software Engineer at Hooli\nJan 2018 - Dec 2020 | Seattle, WA\n- Built things",
        "Hooli, Seattle, WA\nSoftware Engineer, 01/2018 – 12/2020\n* Built things",
        "01/2018 – 12/2020\nSoftware Engineer\nHooli, Seattle, WA\n• Built things",
        "Software Engineer, Hooli (2018-01 to 2020-12)\n• Built things",
        "Software Engineer                                   Jan 2018 – Dec 2020\nHooli — Seattle, WA",
        "HOOLI\nSoftware Engineer\nJanuary 2018 - December 2020",
    ],
)
def test_position_layouts(block: str) -> None:
    parsed = parse_text(
        f"Ann Lee\n\nProfessional Experience\n{block}\n\nSkills\nGo, Rust\n", today=TODAY
    )
    assert len(parsed.positions) == 1
    p = parsed.positions[0]
    assert (p.title, p.employer.title()) == ("Software Engineer", "Hooli")
    assert (p.start, p.end) == (PartialDate(2018, 1), PartialDate(2020, 12))


def test_roles_under_one_employer_share_it() -> None:
    text = "Experience\nAcme Corp\nSenior Engineer | 2021 – Present\n- Led team\nEngineer | 2018 – 2021\n- Wrote code\n"
    parsed = parse_text(text, today=TODAY)
    assert [(p.title, p.employer) for p in parsed.positions] == [
        ("Senior Engineer", "Acme Corp"),
        ("Engineer", "Acme Corp"),
    ]


def test_odd_dates_are_noted_not_fatal() -> None:
    parsed = parse_text("Experience\nAnalyst | Initech | 13/2019 – 02/2020\n", today=TODAY)
    assert (
        parsed.positions[0].start == PartialDate(2019)
        and "invalid month 13" in parsed.positions[0].flags
    )
    assert any("invalid month" in n for n in parsed.notes)


def test_size_limit_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(DataError) as info:
        parse_resume_file(path, max_bytes=1024)
    assert (
        "big.txt" in str(info.value)
        and "limit" in str(info.value)
        and "CAREERPATH_MAX_UPLOAD_BYTES" in str(info.value)
    )


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "legacy Word"),
        (bytes(range(256)) * 4, "unknown binary"),
    ],
)
def test_unknown_types_are_sniffed_not_trusted(data: bytes, words: str) -> None:
    with pytest.raises(DataError) as info:
        parse_resume_bytes(data, name="resume.pdf")
    assert (
        "resume.pdf" in str(info.value) and words in str(info.value) and "DOCX" in str(info.value)
    )


def test_pdf_with_wrong_extension_is_still_a_pdf(tmp_path: Path) -> None:
    bad_utf16 = codecs.BOM_UTF16_LE + b"\x00\xd8"  # a lone surrogate
    with pytest.raises(DataError, match="UTF-16"):
        parse_resume_bytes(bad_utf16, name="cv.txt")


def test_no_headings_still_finds_positions() -> None:
    parsed = parse_text("Kim Park\nNurse Practitioner, Mercy Clinic, 2019 - 2023\n", today=TODAY)
    assert [(p.title, p.employer) for p in parsed.positions] == [
        ("Nurse Practitioner", "Mercy Clinic")
    ]


def test_linkedin_style_roles_with_durations() -> None:
    text = (
        "Experience\nAcme Corp\n3 years 2 months\nSenior Engineer\n"
        "January 2022 - Present (1 year 2 months)\nAustin, Texas\nEngineer\n"
        "March 2020 - December 2021 (1 year 10 months)\nAustin, Texas\n"
    )
    got = [
        (p.title, p.employer, p.location, p.start, p.end)
        for p in parse_text(text, today=TODAY).positions
    ]
    assert got == [
        ("Senior Engineer", "Acme Corp", "Austin, Texas", PartialDate(2022, 1), None),
        ("Engineer", "Acme Corp", "Austin, Texas", PartialDate(2020, 3), PartialDate(2021, 12)),
    ]


def test_extract_text_for_the_llm_adapter() -> None:
    from careerpath.ingest.resume import extract_text

    text = extract_text(RESUME.encode("utf-16"), name="cv.txt")
    assert text.startswith("JOSÉ MÜLLER") and "Warehouse Supervisor" in text
    with pytest.raises(DataError, match="limit"):
        extract_text(b"x" * 100, name="cv.txt", max_bytes=10)
