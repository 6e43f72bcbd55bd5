"""A resume as lines of text, with the layout hints the readers could see (heading, bold, size)."""

from __future__ import annotations

from dataclasses import dataclass

#: Separator the readers put between cells or widely spaced words of one line.
CELL = " | "


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text; ``heading`` when the document styled it as one; ``size`` relative to body."""

    text: str
    heading: bool = False
    bold: bool = False
    size: float = 1.0
