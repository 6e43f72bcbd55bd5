"""Words with positions from a PDF page through PDFium (pypdfium2): fast, and no per-glyph objects."""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

Word = dict[str, Any]  # text, x0, x1, top, bottom, size (points; top measured from the page top)


def page_words(page: pdfium.PdfPage) -> list[Word]:
    """The page's words, in content order, with loose glyph boxes (top-left origin)."""
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        return _words(textpage, height)
    finally:
        textpage.close()


def _words(textpage: pdfium.PdfTextPage, height: float) -> list[Word]:
    words: list[Word] = []
    cur: Word | None = None
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
        ch = chr(code) if 0 < code < 0x110000 else " "
        if ch.isspace() or code in (0xFFFE, 0xFFFF):
            cur = None
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i) or (top - bottom)
        y = height - top
        if (
            cur is not None
            and abs(cur["top"] - y) < 0.4 * size
            and -0.5 * size < left - cur["x1"] < 0.15 * size
        ):
            cur["text"] += ch
            cur["x1"] = max(cur["x1"], right)
            continue
        cur = {
            "text": ch,
            "x0": left,
            "x1": right,
            "top": y,
            "bottom": height - bottom,
            "size": size,
        }
        words.append(cur)
    return words


def count_objects(page: pdfium.PdfPage, kind: int) -> int:
    """How many page objects of one kind (pdfium_c.FPDF_PAGEOBJ_IMAGE, ..._PATH) the page draws."""
    return sum(1 for _ in page.get_objects(filter=[kind], max_depth=3))


IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE
PATH = pdfium_c.FPDF_PAGEOBJ_PATH
