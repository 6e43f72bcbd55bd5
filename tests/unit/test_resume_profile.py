"""ParsedResume → profile parts: spells with normalised titles and scores, skills with resume evidence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from careerpath.domain.matching import Match
from careerpath.ingest.resume import parse_text
from careerpath.ingest.resume.profile import resume_to_profile_parts

TODAY = date(2025, 6, 1)
TEXT = """Ann Lee
ann@example.com

Experience
Senior Software Engineer | Acme Corp | Jan 2020 – Present
- Built services in Python on Kubernetes
Barista | Bean There | 2016 – 2019

Skills
Python (expert), Kubernetes, Knitting
"""


class FakeNormalizer:
    """Knows software engineers only."""

    def normalize(self, titles: Sequence[str], *, taxonomy: str, top: int) -> list[list[Match]]:
        """One match for engineer titles, none otherwise."""
        return [
            [Match("15-1252.00", "Software Developers", 0.91, t)] if "Engineer" in t else []
            for t in titles
        ]


class FakeLinker:
    """Links texts that mention Python or Kubernetes."""

    def link(self, texts: Sequence[str], *, taxonomy: str, top: int) -> list[list[Match]]:
        """Exact-word matches with score 1.0 (Python) or 0.8 (Kubernetes)."""
        known = {"python": ("S-PY", 1.0), "kubernetes": ("S-K8S", 0.8)}
        out = []
        for text in texts:
            hits = [
                Match(sid, word, score, word)
                for word, (sid, score) in known.items()
                if word in text.lower()
            ]
            out.append(hits[:top])
        return out


def test_profile_parts_with_normalizer_and_linker() -> None:
    parsed = parse_text(TEXT, source="ann.txt", today=TODAY)
    parts = resume_to_profile_parts(parsed, normalizer=FakeNormalizer(), linker=FakeLinker())
    assert [(s.title, s.start, s.end, s.occupation_id) for s in parts.history] == [
        ("Barista", date(2016, 1, 1), date(2019, 1, 1), None),
        ("Senior Software Engineer", date(2020, 1, 1), None, "15-1252.00"),
    ]
    assert parts.titles[1].match is not None and parts.titles[1].match.score == 0.91
    assert parts.titles[0].match is None
    python = next(c for c in parts.skills if c.skill_id == "S-PY")
    assert python.level == 0.9  # 'expert'
    assert {e.detail for e in python.evidence} == {
        "Python (expert), Kubernetes, Knitting",
        "Built services in Python on Kubernetes",
    }
    assert all(e.source == "resume" and e.ref == "ann.txt" for e in python.evidence)
    assert 0 < python.confidence <= 1
    assert parts.unlinked_skills == ("Knitting",)
    assert "ann@example.com" not in repr(parts)


def test_profile_parts_without_adapters_keep_raw_skills() -> None:
    parts = resume_to_profile_parts(parse_text(TEXT, today=TODAY), normalizer=None, linker=None)
    assert parts.skills == () and parts.unlinked_skills == ("Python", "Kubernetes", "Knitting")
    assert all(s.occupation_id is None for s in parts.history)


def test_reversed_and_missing_dates_are_noted() -> None:
    text = "Experience\nAnalyst | Initech | Jan 2021 – Feb 2019\nClerk | Globex\n"
    parts = resume_to_profile_parts(parse_text(text, today=TODAY), normalizer=None, linker=None)
    assert [(s.start, s.end) for s in parts.history] == [(date(2019, 2, 1), date(2021, 1, 1))]
    assert any("reversed" in n for n in parts.notes)
