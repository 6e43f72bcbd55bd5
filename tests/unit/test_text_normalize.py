"""Tokenising, stemming and title cleaning."""

from __future__ import annotations

from careerpath.text.normalize import clean_title, content_stems, fold, stem, title_parts, tokens


def test_tokens_keep_technology_symbols() -> None:
    assert tokens("C++, C# and .NET with Node.js") == [
        "c++",
        "c#",
        "and",
        ".net",
        "with",
        "node.js",
    ]


def test_fold_strips_accents() -> None:
    assert fold("Café Crème") == "cafe creme"


def test_stem_conflates_inflections() -> None:
    assert stem("teams") == stem("team")
    assert stem("developer") == stem("development") == stem("developing")
    assert stem("managers") == stem("management")
    assert stem("engineer") != stem("engine")


def test_content_stems_drop_stopwords() -> None:
    assert content_stems("work in the teams") == ["work", "team"]


def test_clean_title_strips_noise() -> None:
    assert clean_title("Senior Java Developer (m/f/d)") == "java developer"
    assert clean_title("Junior Nurse - part time") == "nurse"
    assert clean_title("URGENT HIRING: Cook") == "cook"
    assert clean_title("Senior") == "senior"  # never empty when the input is not


def test_title_parts_split_alternatives() -> None:
    assert title_parts("Courier Driver / Warehouse Assistant") == [
        "courier driver",
        "warehouse assistant",
    ]
