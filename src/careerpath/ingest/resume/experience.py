"""Positions from an experience section, anchored on the lines that carry dates.

Each dated line (not a bullet) anchors one position. Its header is the anchor plus the short lines
next to it: before it when the first position's title comes before its dates, after it otherwise,
until title and employer are found. Everything else up to the next header is its description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from careerpath.ingest.resume.dates import find_range, strip_range
from careerpath.ingest.resume.lines import Line
from careerpath.ingest.resume.model import DateRange, Position
from careerpath.ingest.resume.places import looks_like_location
from careerpath.ingest.resume.segments import assign, is_bullet, segments, strip_bullet


@dataclass(frozen=True, slots=True)
class _Anchor:
    index: int
    rng: DateRange
    rest: str  # the line without its dates


def _is_header(text: str) -> bool:
    return not is_bullet(text) and len(text.split()) <= 10 and not text.rstrip().endswith(".")


def _anchors(texts: list[str], today: date) -> list[_Anchor]:
    """Lines whose dates head a position: not bullets or sentences that merely mention a date."""
    found = []
    for i, text in enumerate(texts):
        hit = find_range(text, today=today)
        if hit is None or hit[0].start is None:
            continue
        rest = strip_range(text, hit[1])
        words = re.findall(r"[^\W\d_][\w'.&-]*", rest)
        marked = strip_bullet(text) != text.strip()
        if len(words) > 12 or (marked and len(words) > 6) or rest.rstrip().endswith("."):
            continue
        found.append(_Anchor(i, hit[0], strip_bullet(rest)))
    return found


def _nparts(text: str) -> int:
    return len(segments(text)[0]) if text else 0


def _titles_first(texts: list[str], first: _Anchor) -> bool:
    """True when the first position's title and employer sit above its dates."""
    return _nparts(first.rest) < 2 and first.index > 0 and _is_header(texts[first.index - 1])


def _run(texts: list[str], start: int, stop: int, step: int) -> list[int]:
    """Indices of up to three header-like lines from ``start`` towards ``stop`` (exclusive)."""
    out: list[int] = []
    j = start
    while (j > stop if step < 0 else j < stop) and len(out) < 3 and _is_header(texts[j]):
        out.append(j)
        j += step
    return out


def _header(
    texts: list[str], a: _Anchor, lo: int, hi: int, pre: bool
) -> tuple[list[int], list[str]]:
    """Indices and texts of one position's header lines (strictly between lo and hi)."""
    idx, parts_n = [a.index], _nparts(a.rest)
    before = _run(texts, a.index - 1, lo, -1)
    after = _run(texts, a.index + 1, hi, 1)
    if parts_n < 2 and before and (pre or not after):
        for j in before:
            if parts_n >= 2:
                break
            idx.insert(0, j)
            parts_n += 0 if looks_like_location(texts[j]) else _nparts(texts[j])
    for j in after:
        is_place = looks_like_location(texts[j])
        if (parts_n >= 2 and not is_place) or len(texts[j].split()) > 8:
            break
        idx.append(j)
        parts_n += 0 if is_place else _nparts(texts[j])
    return idx, [a.rest if i == a.index else texts[i] for i in idx]


def _lends(header: list[str], employer: str) -> bool:
    """True when the employer stands alone on the first header line (it may head several roles)."""
    return bool(employer) and len(header) > 1 and segments(header[0])[0] == [employer]


def _position(rng: DateRange, header: list[str], description: list[str]) -> Position:
    parts: list[str] = []
    location = ""
    for text in header:
        found, loc = segments(text)
        parts.extend(found)
        location = location or loc
    title, employer = assign(parts)
    if title and not employer and ", " in title:
        title, _, employer = title.partition(", ")
    return Position(
        title=title,
        employer=employer,
        location=location,
        start=rng.start,
        end=None if rng.current else rng.end,
        description=tuple(strip_bullet(t) for t in description if strip_bullet(t)),
        line=" | ".join(h for h in header if h),
        flags=rng.flags,
    )


def parse_positions(lines: list[Line], *, today: date) -> list[Position]:
    """The positions of an experience section, in the order written."""
    texts = [line.text for line in lines]
    anchors = _anchors(texts, today)
    if not anchors:
        return []
    pre = _titles_first(texts, anchors[0])
    headers = []
    lo = -1
    for k, a in enumerate(anchors):
        hi = anchors[k + 1].index if k + 1 < len(anchors) else len(texts)
        idx, head = _header(texts, a, lo, hi, pre)
        headers.append((idx, head))
        lo = max(idx)
    positions, lends = [], []
    for k, (a, (idx, head)) in enumerate(zip(anchors, headers, strict=True)):
        stop = headers[k + 1][0][0] if k + 1 < len(headers) else len(texts)
        positions.append(_position(a.rng, head, texts[max(idx) + 1 : stop]))
        lends.append(_lends(head, positions[-1].employer))
    return _fill_employers(positions, lends)


def _fill_employers(positions: list[Position], lends: list[bool]) -> list[Position]:
    """An employer heading its roles ('Acme Corp' above 'Senior Engineer', 'Engineer') lends it to them."""
    out: list[Position] = []
    carry = ""
    for p, lend in zip(positions, lends, strict=True):
        if not p.title and p.employer and not p.description:
            carry = p.employer
            continue
        if p.employer:
            carry = p.employer if lend else ""
        elif carry:
            p = replace(p, employer=carry)
        out.append(p)
    return out
