"""Rendering rows for people (rich table) and for machines (TSV, JSON) on stdout."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table


class Format(StrEnum):
    """Output formats every listing command offers."""

    table = "table"
    tsv = "tsv"
    json = "json"


def stderr_console() -> Console:
    """A console on stderr for progress and messages, so stdout stays clean."""
    return Console(stderr=True)


def render(
    rows: Iterable[Sequence[Any]], columns: Sequence[str], fmt: Format, *, title: str = ""
) -> None:
    """Write rows as a rich table, TSV with a header row, or a JSON array of objects."""
    out = sys.stdout
    if fmt is Format.tsv:
        out.write("\t".join(columns) + "\n")
        for row in rows:
            out.write("\t".join(_tsv_cell(v) for v in row) + "\n")
    elif fmt is Format.json:
        json.dump(
            [dict(zip(columns, row, strict=True)) for row in rows],
            out,
            ensure_ascii=False,
            indent=1,
        )
        out.write("\n")
    else:
        table = Table(title=title or None, show_lines=False)
        for c in columns:
            table.add_column(c)
        for row in rows:
            table.add_row(*(_table_cell(v) for v in row))
        Console().print(table)


def _tsv_cell(value: Any) -> str:
    text = f"{value:.4f}" if isinstance(value, float) else str(value)
    return text.replace("\t", " ").replace("\n", " ")


def _table_cell(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def read_inputs(text: str | None, input_file: str | None) -> list[str]:
    """Items from an argument or from a file / stdin ('-'), one per line (blank lines kept)."""
    from careerpath.domain.errors import InvalidRequestError

    if (text is None) == (input_file is None):
        raise InvalidRequestError(
            "give exactly one of TEXT or --input FILE", hint="use --input - for stdin"
        )
    if text is not None:
        return [text]
    assert input_file is not None
    if input_file == "-":
        data = sys.stdin.read()
    else:
        try:
            with open(input_file, encoding="utf-8") as fh:
                data = fh.read()
        except FileNotFoundError:
            raise InvalidRequestError(f"{input_file}: file not found") from None
        except UnicodeDecodeError as exc:
            line = exc.object[: exc.start].count(b"\n") + 1
            raise InvalidRequestError(
                f"{input_file}:{line}: not valid UTF-8 text", hint="save it as UTF-8"
            ) from None
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]
