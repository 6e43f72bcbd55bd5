"""Generate the resume corpus (PDF, DOCX, text) and its expected JSON, deterministically.

Run from the repository root: ``python bench/resumes/generate.py``. Writes ``files/`` and
``expected/`` beside this script. Names, employers and contact details are made up.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from blocks import one_column, to_text  # noqa: E402
from render_docx import write_docx  # noqa: E402
from render_pdf import write_pdf  # noqa: E402
from spec import build_spec, expected  # noqa: E402

PLAN = (
    [("pdf", "one")] * 10
    + [("pdf", "two")] * 7
    + [("pdf", "ruled")] * 2
    + [("docx", "plain")] * 4
    + [("docx", "table")] * 3
    + [("docx", "layout")] * 2
    + [("text", "plain")] * 5
    + [("text", "cp1252"), ("text", "utf16")]
    + [("pdf", "hard"), ("docx", "hard"), ("text", "hard")] * 3
)


def write_text(spec_text: str, path: Path, layout: str) -> None:
    """Write text in UTF-8, or in the legacy encoding the layout names."""
    if layout == "cp1252":
        path.write_bytes(spec_text.replace("—", "-").encode("cp1252"))
    elif layout == "utf16":
        path.write_bytes(spec_text.encode("utf-16"))
    else:
        path.write_text(spec_text, encoding="utf-8")


def main() -> None:
    """Generate every resume of the plan."""
    files, exp = HERE / "files", HERE / "expected"
    files.mkdir(exist_ok=True)
    exp.mkdir(exist_ok=True)
    for i, (fmt, layout) in enumerate(PLAN):
        spec = build_spec(i, fmt, layout)
        if layout == "cp1252":
            spec.name = spec.name.replace("a", "á", 1)
        want = expected(spec)
        target = files / want["file"]
        if fmt == "pdf":
            write_pdf(spec, target)
        elif fmt == "docx":  # 'hard' docx and pdf are one-column with the hard job styles
            write_docx(spec, target)
        else:
            write_text(to_text(one_column(spec), spec), target, layout)
        (exp / f"{spec.stem}.json").write_text(
            json.dumps(want, indent=2, ensure_ascii=False) + "\n"
        )
    print(f"wrote {len(PLAN)} resumes to {files}")


if __name__ == "__main__":
    main()
