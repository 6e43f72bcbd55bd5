"""Helpers for the O*NET loader tests: copies, edits, zips and Excel versions of the fixtures."""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

ONET = Path(__file__).resolve().parent / "fixtures" / "onet"


def copy_layout(tmp_path: Path, layout: str = "excel-layout") -> Path:
    """A writable copy of one fixture layout under ``tmp_path``."""
    target = tmp_path / layout
    shutil.copytree(ONET / layout, target)
    return target


def edit_lines(folder: Path, name: str, change: Callable[[list[str]], list[str]]) -> Path:
    """Rewrite the lines of ``folder/name.txt`` with ``change``; returns the file."""
    path = folder / f"{name}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(change(lines)) + "\n", encoding="utf-8")
    return path


def drop_column(column: str) -> Callable[[list[str]], list[str]]:
    """A line rewriter that removes ``column`` from a tab-delimited file."""

    def change(lines: list[str]) -> list[str]:
        index = lines[0].split("\t").index(column)
        return ["\t".join(c for k, c in enumerate(ln.split("\t")) if k != index) for ln in lines]

    return change


def _cell(value: str) -> object:
    """What Excel would store: numbers as numbers, the rest as text."""
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return float(value)
    return value


def to_xlsx(source: Path, target: Path) -> Path:
    """Write each .txt of ``source`` as an .xlsx workbook of the same name into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for txt in sorted(source.glob("*.txt")):
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        with txt.open(encoding="utf-8", newline="") as fh:
            for k, row in enumerate(csv.reader(fh, delimiter="\t")):
                sheet.append(row if k == 0 else [_cell(v) for v in row])
        book.save(target / f"{txt.stem}.xlsx")
    return target


def zip_folder(source: Path, archive: Path, top: str) -> Path:
    """Zip the files of ``source`` under the folder ``top`` inside ``archive``."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(source.iterdir()):
            zf.write(file, f"{top}/{file.name}")
    return archive
