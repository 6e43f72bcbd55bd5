"""DOCX text: paragraphs and tables in document order; layout tables read cell by cell."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from careerpath.domain.errors import DataError
from careerpath.ingest.resume.lines import CELL, Line

_HINT = "re-save the document as DOCX (Word 2007 or later) or export it as PDF"


def read_docx(data: bytes, *, name: str) -> list[Line]:
    """The document's lines (header first, then body) in order; DataError if it cannot be read."""
    try:
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise DataError("not a DOCX file (not a zip archive)", path=name, hint=_HINT) from exc
    except Exception as exc:
        raise DataError("this DOCX is damaged and cannot be read", path=name, hint=_HINT) from exc
    styles = {
        s.style_id: (s.name or "") for s in document.styles
    }  # by id: python-docx looks up slowly
    lines = list(_header_lines(document))
    lines.extend(_content(document.iter_inner_content(), styles))
    if not any(line.text for line in lines):
        raise DataError("this DOCX holds no text", path=name, hint="check the file is the resume")
    return lines


def _header_lines(document: Document) -> Iterator[Line]:
    seen: set[str] = set()
    for section in document.sections:
        for para in section.header.paragraphs:
            text = " ".join(para.text.split())
            if text and text not in seen:
                seen.add(text)
                yield Line(text)


def _content(items: Iterator[Paragraph | Table], styles: dict[str, str]) -> Iterator[Line]:
    for item in items:
        if isinstance(item, Paragraph):
            line = _paragraph(item, styles)
            if line.text:
                yield line
        else:
            yield from _table(item, styles)


def _paragraph(para: Paragraph, styles: dict[str, str]) -> Line:
    text = " ".join(para.text.replace("\t", CELL).split())
    style = styles.get(para._p.style or "", "")
    heading = style.lower().startswith(("heading", "title"))
    runs = [r for r in para.runs if r.text.strip()]
    bold = bool(runs) and all(r.bold for r in runs)
    return Line(text, heading=heading, bold=bold, size=1.3 if heading else 1.0)


def _table(table: Table, styles: dict[str, str]) -> Iterator[Line]:
    """Short-celled rows as one line of cells; rows of long cells (layout) cell by cell."""
    for row in table.rows:
        cells = _unique(row.cells)
        if any(_is_block(c) for c in cells):
            for cell in cells:
                yield from _content(cell.iter_inner_content(), styles)
            continue
        texts = [" ".join(c.text.split()) for c in cells]
        if any(texts):
            yield Line(CELL.join(t for t in texts if t))


def _unique(cells: list[_Cell]) -> list[_Cell]:
    seen: set[int] = set()
    out = []
    for cell in cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out


def _is_block(cell: _Cell) -> bool:
    paragraphs = [p for p in cell.paragraphs if p.text.strip()]
    return len(paragraphs) > 1 or bool(cell.tables)
