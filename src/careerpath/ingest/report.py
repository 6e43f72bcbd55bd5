"""The rejects report of an import as CSV (file, line, field, value, reason), one row a problem."""

from __future__ import annotations

import csv
from pathlib import Path

from careerpath.domain.errors import DataError
from careerpath.engine.people import ImportReport

REJECT_COLUMNS = ("file", "line", "field", "value", "reason")


def write_rejects(report: ImportReport, path: Path) -> int:
    """Write the report's rejects to ``path`` (header row always); returns how many were written."""
    try:
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(REJECT_COLUMNS)
            for r in report.rejects:
                writer.writerow((r.file, r.line, r.field, r.value, r.reason))
    except OSError as exc:
        raise DataError(f"cannot write the rejects file ({exc.strerror})", path=str(path)) from None
    return len(report.rejects)
