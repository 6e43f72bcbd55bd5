"""PDF text with layout: words by position, two-column pages read column by column, ruled tables.

A page has two columns when a vertical gutter crosses (almost) no row of words and text sits on
both sides; rows that span the gutter (a header, a footer) are read in place. A side made mostly of
dates is a date margin, not a column, so such pages are read row by row.
"""

from __future__ import annotations

import io
import re
import statistics
from collections.abc import Iterator

import numpy as np
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from careerpath.domain.errors import DataError
from careerpath.ingest.resume.dates import find_range
from careerpath.ingest.resume.lines import CELL, Line
from careerpath.ingest.resume.pdf_chars import IMAGE, PATH, Word, count_objects, page_words

_UNMAPPED = re.compile(r"\(cid:\d+\)|[\x00-\x08\x0e-\x1f\x7f\ufffd]")

Table = tuple[tuple[float, float, float, float], list[list[str]]]
RULED_PATHS = 6  # pages drawing at least this many paths are searched for ruled tables
_ENCRYPTED_HINT = "export or print an unprotected copy (no password) and upload that"
_SCANNED_HINT = (
    "OCR is not supported: upload a PDF with a text layer (exported, not scanned) or a DOCX"
)


def read_pdf(data: bytes, *, name: str) -> list[Line]:
    """The PDF's lines in reading order; DataError for corrupt, encrypted or image-only files."""
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _open_error(exc, name) from exc
    try:
        lines, images = _all_lines(doc, data)
    finally:
        doc.close()
    if not any(line.text.strip() for line in lines):
        if images:
            raise DataError(
                "this PDF has no text layer (a scan or images only)", path=name, hint=_SCANNED_HINT
            )
        raise DataError(
            "this PDF holds no text", path=name, hint="upload the resume as a text PDF or DOCX"
        )
    return lines


def _all_lines(doc: pdfium.PdfDocument, data: bytes) -> tuple[list[Line], int]:
    lines: list[Line] = []
    images = 0
    for index in range(len(doc)):
        page = doc[index]
        try:
            images += count_objects(page, IMAGE)
            ruled = count_objects(page, PATH) >= RULED_PATHS
            tables = _tables(data, index) if ruled else []
            lines.extend(page_lines(page_words(page), float(page.get_width()), tables))
        finally:
            page.close()
    return lines, images


def _open_error(exc: pdfium.PdfiumError, name: str) -> DataError:
    if (
        "password" in str(exc).lower()
        or getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD
    ):
        return DataError(
            "this PDF is encrypted (password-protected)", path=name, hint=_ENCRYPTED_HINT
        )
    return DataError(
        "this PDF is damaged and cannot be read",
        path=name,
        hint="re-export it as PDF, or upload a DOCX",
    )


def page_lines(words: list[Word], width: float, tables: list[Table]) -> list[Line]:
    """One page's lines: column-aware, with ruled tables as rows of cells."""
    words = [w for w in words if not any(_inside(w, bbox) for bbox, _ in tables)]
    rows = _rows(words)
    body = _body_size(words)
    placed: list[tuple[float, list[Line]]] = []
    gutter = _gutter(rows, width)
    for top, group in _ordered(rows, gutter):
        placed.append((top, [_line(r, body) for r in group if r]))
    for bbox, cells in tables:
        placed.append(
            (bbox[1], [Line(CELL.join(c for c in row if c)) for row in cells if any(row)])
        )
    placed.sort(key=lambda item: item[0])
    return [line for _, group in placed for line in group]


def _tables(data: bytes, index: int) -> list[Table]:
    """Ruled tables of one page, through pdfplumber (only for pages that draw many lines)."""
    import pdfplumber

    found = []
    with pdfplumber.open(io.BytesIO(data), pages=[index + 1]) as pdf:
        for table in pdf.pages[0].find_tables():
            rows = [[" ".join((c or "").split()) for c in row] for row in table.extract()]
            if rows and max(len(r) for r in rows) >= 2:
                found.append((table.bbox, rows))
    return found


def _inside(word: Word, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return bool(x0 <= cx <= x1 and top <= cy <= bottom)


def _rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped into rows by vertical position, each row sorted left to right."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= max(2.0, 0.3 * w["size"]):
            rows[-1].append(w)
        else:
            rows.append([w])
    return [sorted(r, key=lambda w: w["x0"]) for r in rows]


def _body_size(words: list[Word]) -> float:
    sizes = [round(w["size"], 1) for w in words for _ in range(len(w["text"]))]
    return statistics.mode(sizes) if sizes else 10.0


def _gutter(rows: list[list[Word]], width: float) -> float | None:
    """The x of a vertical gutter splitting the page into two columns, or None."""
    n = len(rows)
    if n < 8:
        return None
    cover = np.zeros(int(width) + 4, dtype=np.int32)
    for row in rows:
        hit = np.zeros_like(cover, dtype=bool)
        for w in row:
            hit[max(0, int(w["x0"]) - 3) : int(w["x1"]) + 4] = True
        cover += hit
    lo, hi = int(width * 0.2), int(width * 0.8)
    free = cover[lo:hi] <= max(1, int(0.1 * n))
    best: tuple[int, float] | None = None
    for a, b in _runs(free):
        gx = lo + (a + b) / 2
        balance = _two_sided(rows, gx)
        if b - a >= 6 and balance and (best is None or balance > best[0]):
            best = (balance, gx)
    return best[1] if best else None


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True values."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, v in enumerate([*mask.tolist(), False]):
        if v and start is None:
            start = i
        elif not v and start is not None:
            runs.append((start, i))
            start = None
    return runs


def _two_sided(rows: list[list[Word]], gx: float) -> int:
    """Rows on the thinner side when both sides hold a real share of text and neither is dates; else 0."""
    left = [" ".join(w["text"] for w in r if w["x1"] <= gx) for r in rows]
    right = [" ".join(w["text"] for w in r if w["x0"] >= gx) for r in rows]
    left, right = [t for t in left if t], [t for t in right if t]
    n = len(rows)
    if len(left) < 0.25 * n or len(right) < 0.25 * n or _mostly_dates(left) or _mostly_dates(right):
        return 0
    return min(len(left), len(right))


def _mostly_dates(texts: list[str]) -> bool:
    dated = sum(1 for t in texts if len(t) < 40 and find_range(t) is not None)
    return dated >= 0.5 * len(texts)


def _ordered(
    rows: list[list[Word]], gutter: float | None
) -> Iterator[tuple[float, list[list[Word]]]]:
    """Runs of rows in reading order: spanning rows in place, split runs left column then right."""
    if gutter is None:
        for r in rows:
            yield r[0]["top"], [r]
        return
    run: list[list[Word]] = []
    for r in rows:
        if any(w["x0"] < gutter < w["x1"] for w in r):
            if run:
                yield from _split(run, gutter)
                run = []
            yield r[0]["top"], [r]
        else:
            run.append(r)
    if run:
        yield from _split(run, gutter)


def _split(run: list[list[Word]], gutter: float) -> Iterator[tuple[float, list[list[Word]]]]:
    left = [[w for w in r if w["x1"] <= gutter] for r in run]
    right = [[w for w in r if w["x0"] >= gutter] for r in run]
    top = run[0][0]["top"]
    yield top, [r for r in left if r]
    yield top + 0.001, [r for r in right if r]


def _line(row: list[Word], body: float) -> Line:
    parts: list[str] = []
    prev: Word | None = None
    for w in row:
        if prev is not None:
            gap = w["x0"] - prev["x1"]
            parts.append(CELL if gap > max(12.0, 1.6 * w["size"]) else " ")
        parts.append(w["text"])
        prev = w
    size = statistics.median(w["size"] for w in row) / body if body else 1.0
    text = "".join(parts)
    if _UNMAPPED.search(text):  # glyphs without a Unicode mapping: at the start of a line, bullets
        text = _UNMAPPED.sub(
            "", _UNMAPPED.sub("•", text, count=1) if _UNMAPPED.match(text) else text
        ).strip()
    return Line(text, heading=size >= 1.15, size=size)
