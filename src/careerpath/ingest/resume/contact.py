"""Contact details from the resume header: name, email, phone, location, links."""

from __future__ import annotations

import re

from careerpath.ingest.resume.dates import find_range
from careerpath.ingest.resume.lines import CELL, Line
from careerpath.ingest.resume.model import Contact
from careerpath.ingest.resume.places import looks_like_location

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(
    r"(?<![\w/(])(?:\+|00)?\(?\d[\d()]*(?:(?:\s-\s|[-.\s])\(?\d[\d()]*){1,6}(?![\w/])"
)
URL = re.compile(
    r"(?:https?://|www\.)\S+|(?:linkedin\.com|github\.com|gitlab\.com)/\S+", re.IGNORECASE
)
_LABEL = re.compile(
    r"^(?:e-?mail|phone|tel|mobile|cell|address|location|linkedin|github|web(?:site)?)\s*:\s*", re.I
)
_NAME_WORD = re.compile(r"^[A-ZÀ-Þ][\w'’.-]*$|^(?:van|von|de|der|da|di|del|la|le|bin|al)$")


def is_phone(text: str) -> bool:
    """True for a phone number: 7-15 digits and not mostly a date or date range."""
    digits = re.sub(r"\D", "", text)
    if not 7 <= len(digits) <= 15:
        return False
    found = find_range(text)
    return found is None or (found[1][1] - found[1][0]) < 0.6 * len(text.strip())


def phone_spans(text: str) -> list[tuple[int, int]]:
    """Spans of phone numbers; a match that runs into a date is cut back group by group."""
    spans = []
    for m in PHONE.finditer(text):
        start, value = m.start(), m.group(0)
        while value and not is_phone(value):
            cut = re.search(r"(?:\s-\s|[-.\s])\(?\d[\d()]*$", value)
            value = value[: cut.start()] if cut else ""
        if value:
            spans.append((start, start + len(value)))
    return spans


def find_contact(header: list[Line], everything: list[Line]) -> Contact:
    """Email, phone and links from anywhere; name and location from the header (or first lines)."""
    text = "\n".join(line.text for line in everything[:60])
    email = _first(EMAIL, text)
    spans = phone_spans(text)
    phone = text[spans[0][0] : spans[0][1]] if spans else ""
    links = tuple(dict.fromkeys(m.group(0).rstrip(".,;)") for m in URL.finditer(text)))
    top = header or everything[:6]
    return Contact(_name(top), email, phone, _location(top), links)


def _first(pattern: re.Pattern[str], text: str) -> str:
    m = pattern.search(text)
    return m.group(0) if m else ""


def _parts(line: Line) -> list[str]:
    return [
        p.strip()
        for p in re.split(r"\s*(?:\||•|·|,?\s{2,})\s*", line.text.replace(CELL, "|"))
        if p.strip()
    ]


def _name(lines: list[Line]) -> str:
    for line in lines[:5]:
        for part in _parts(line)[:1]:
            words = part.replace(",", " ").split()
            if (
                2 <= len(words) <= 4
                and all(_NAME_WORD.match(w) for w in words)
                and not EMAIL.search(part)
            ):
                return part.title() if part.isupper() else part
    return ""


def _location(lines: list[Line]) -> str:
    for line in lines[:8]:
        for part in re.split(r"\s*(?:\||•|·|;)\s*", line.text.replace(CELL, "|")):
            candidate = _LABEL.sub("", part.strip())
            if EMAIL.search(candidate) or URL.search(candidate) or PHONE.search(candidate):
                continue
            if looks_like_location(candidate):
                return candidate
    return ""
