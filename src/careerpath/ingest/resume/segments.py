"""Splitting a header line into its parts: 'Senior Engineer | Acme Corp, Austin, TX | 2019 – 2021'."""

from __future__ import annotations

import re

from careerpath.ingest.resume.lines import CELL
from careerpath.ingest.resume.places import looks_like_location, split_location
from careerpath.ingest.resume.vocab import employer_score, title_score

_SPLIT = re.compile(r"\s+[|·•–—]\s+|\s+-\s+|\s*\|\s*|\t")
_AT = re.compile(r"\s+(?:at|@)\s+", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•·▪◦●○■□➢►✓✔*>]|-(?=\s)|–(?=\s)|\d{1,2}[.)](?=\s))\s*")
_NOISE = re.compile(
    r"^\(?(?:full[- ]time|part[- ]time|contract(?:or)?|temporary|temp|freelance|permanent|"
    r"internship|seasonal|self[- ]employed|on[- ]?site|hybrid|remote)\)?$"
    r"|^\(?\d+\+?\s*(?:yrs?|years?|mos?|months?)(?:,?\s*\d+\s*(?:mos?|months?))?\)?$",
    re.IGNORECASE,
)


def strip_bullet(text: str) -> str:
    """The text without a leading bullet mark."""
    return _BULLET.sub("", text, count=1).strip()


def is_bullet(text: str) -> bool:
    """True for bulleted lines and sentences (description, not a header)."""
    words = text.split()
    if (_BULLET.match(text) and not text.lstrip().startswith(("-", "–"))) or (
        _BULLET.match(text) and len(words) > 2
    ):
        return True
    return len(words) > 14 or (len(words) > 7 and text.rstrip().endswith("."))


def segments(text: str) -> tuple[list[str], str]:
    """The non-date parts of a header line and the location found in it ('' if none)."""
    parts: list[str] = []
    location = ""
    for raw in _SPLIT.split(text.replace(CELL, " | ")):
        for piece in _split_at(raw.strip(" ,;")):
            if not piece or _NOISE.match(piece):
                continue
            name, loc = split_location(piece)
            location = location or loc
            parts.extend(_split_comma(name) if name else [])
    return [p for p in parts if p and not looks_like_location(p)], location


def _split_at(text: str) -> list[str]:
    """'Software Engineer at Google' → ['Software Engineer', 'Google']."""
    pieces = _AT.split(text, maxsplit=1)
    if len(pieces) == 2 and title_score(pieces[0]) > 0:
        return [pieces[0].strip(), pieces[1].strip()]
    return [text.strip()]


def _split_comma(text: str) -> list[str]:
    """'Registered Nurse, Mercy Hospital' splits; 'Director, Sales Operations' does not."""
    if "," not in text:
        return [text]
    left, _, right = text.partition(",")
    left, right = left.strip(), right.strip()
    if not left or not right:
        return [left or right]
    if (employer_score(right) > 0 and title_score(right) <= employer_score(right)) or (
        employer_score(left) > 0 and title_score(left) == 0
    ):
        return [left, *_split_comma(right)]
    if title_score(right) > 0 and title_score(left) == 0:
        return [left, right]
    return [text]


def assign(parts: list[str]) -> tuple[str, str]:
    """(title, employer) from a position's header parts, by vocabulary and then by order."""
    if not parts:
        return "", ""
    if len(parts) == 1:
        p = parts[0]
        return ("", p) if employer_score(p) > title_score(p) else (p, "")
    best = (float("-inf"), 0, 1)
    for ti, t in enumerate(parts):
        for ei, e in enumerate(parts):
            if ti == ei:
                continue
            score = title_score(t) - employer_score(t) + employer_score(e) - title_score(e)
            score += 0.1 * (ti < ei) - 0.05 * (ti + ei)
            best = max(best, (score, ti, ei))
    return parts[best[1]], parts[best[2]]
