"""Personal data out before text leaves the machine, and back in after: emails, phones, URLs, names, streets."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from careerpath.ingest.resume.contact import EMAIL, URL, phone_spans

STREET = re.compile(
    r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][\w'.-]*\s+){1,4}"
    r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Court|Ct\.?"
    r"|Way|Place|Pl\.?|Terrace|Square|Sq\.?|Parkway|Pkwy\.?|Highway|Hwy\.?)"
    r"(?:,?\s+(?:Apt|Suite|Unit|#)\.?\s*\w+)?",
)
_PLACEHOLDER = re.compile(r"\[(?:EMAIL|PHONE|URL|NAME|ADDRESS)_\d+\]")


@dataclass(frozen=True)
class Redaction:
    """Redacted text and the placeholder → original map that restores it."""

    text: str
    mapping: dict[str, str] = field(default_factory=dict, repr=False)


def redact(text: str, *, names: Sequence[str] = ()) -> Redaction:
    """Replace emails, URLs, phones, street addresses and the given names with placeholders."""
    mapping: dict[str, str] = {}
    seen: dict[str, str] = {}

    def swap(kind: str, value: str) -> str:
        """The placeholder for one value (the same value always gets the same one)."""
        if value not in seen:
            seen[value] = f"[{kind}_{sum(1 for k in mapping if k.startswith('[' + kind)) + 1}]"
            mapping[seen[value]] = value
        return seen[value]

    text = EMAIL.sub(lambda m: swap("EMAIL", m.group(0)), text)
    text = URL.sub(lambda m: swap("URL", m.group(0)), text)
    text = STREET.sub(lambda m: swap("ADDRESS", m.group(0)), text)
    for a, b in reversed(phone_spans(text)):
        text = text[:a] + swap("PHONE", text[a:b]) + text[b:]
    for name in sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True):
        for variant in _name_variants(name):
            pattern = re.compile(rf"(?<!\w){re.escape(variant)}(?!\w)", re.IGNORECASE)
            text = pattern.sub(lambda m: swap("NAME", m.group(0)), text)
    return Redaction(text, mapping)


def _name_variants(name: str) -> list[str]:
    """The full name, then each part of it long enough not to be a common word."""
    parts = [p for p in re.split(r"[\s,]+", name) if len(p) >= 3]
    return [name, *sorted(set(parts), key=len, reverse=True)]


def restore(value: Any, mapping: dict[str, str]) -> Any:
    """``value`` (JSON: dicts, lists, strings) with placeholders put back."""
    if isinstance(value, str):
        return _PLACEHOLDER.sub(lambda m: mapping.get(m.group(0), m.group(0)), value)
    if isinstance(value, list):
        return [restore(v, mapping) for v in value]
    if isinstance(value, dict):
        return {k: restore(v, mapping) for k, v in value.items()}
    return value
