"""Resume parsing speed: median time to parse a two-page PDF, a DOCX and a text resume.

Run: ``python bench/resume_speed.py``. Builds a two-page PDF (and DOCX and text from the same
content) with the corpus generator in a temporary folder, parses each many times, prints the
medians and writes bench/results/resume_speed.json. Target: two-page PDF ≤ 200 ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "resumes"))
from blocks import one_column, to_text  # noqa: E402
from pools import OCCUPATIONS  # noqa: E402
from render_docx import write_docx  # noqa: E402
from render_pdf import write_pdf  # noqa: E402
from spec import Job, build_spec  # noqa: E402

from _common import print_table, write_results  # noqa: E402
from careerpath.ingest.resume import parse_resume_file  # noqa: E402

REPEATS = 25
TARGET_PDF_MS = 200.0


def long_spec(fmt: str, layout: str):  # type: ignore[no-untyped-def]
    """A software resume with eight positions and five bullets each: two pages as a PDF."""
    spec = build_spec(0, fmt, layout)
    occ = OCCUPATIONS["software"]
    jobs = []
    for k in range(8):
        start, end = (2024 - 2 * k - 2, 3), (2024 - 2 * k, 2)
        bullets = [b.format(s1="Python", s2="Kafka", y="19") for b in occ["bullets"]]
        jobs.append(
            Job(
                occ["titles"][k],
                occ["employers"][k],
                "Austin, TX",
                start,
                None if k == 0 else end,
                bullets,
            )
        )
    spec.jobs = jobs
    return spec


def timings(path: Path) -> list[float]:
    """Milliseconds per parse, after one warm-up."""
    parse_resume_file(path)
    out = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        parse_resume_file(path)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    """Build the files, time them, print and write the results."""
    import pdfplumber

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        pdf, docx, txt = Path(tmp) / "cv.pdf", Path(tmp) / "cv.docx", Path(tmp) / "cv.txt"
        write_pdf(long_spec("pdf", "one"), pdf)
        write_docx(long_spec("docx", "plain"), docx)
        spec = long_spec("text", "plain")
        txt.write_text(to_text(one_column(spec), spec), encoding="utf-8")
        with pdfplumber.open(pdf) as doc:
            pages = len(doc.pages)
        for name, path in (("pdf", pdf), ("docx", docx), ("text", txt)):
            ms = timings(path)
            parsed = parse_resume_file(path)
            rows.append({"format": name, "pages": pages if name == "pdf" else None, "bytes": path.stat().st_size,
                         "positions": len(parsed.positions), "median_ms": statistics.median(ms),
                         "p90_ms": sorted(ms)[int(0.9 * len(ms)) - 1]})  # fmt: skip
    print_table(
        rows,
        ["format", "pages", "bytes", "positions", "median_ms", "p90_ms"],
        title="Resume parse speed",
    )
    pdf_ms = rows[0]["median_ms"]
    print(
        f"\ntwo-page PDF median {pdf_ms:.1f} ms (target ≤ {TARGET_PDF_MS:.0f} ms): {'OK' if pdf_ms <= TARGET_PDF_MS else 'SLOW'}"
    )
    path = write_results(
        "resume_speed", {"repeats": REPEATS, "target_pdf_ms": TARGET_PDF_MS, "rows": rows}
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
