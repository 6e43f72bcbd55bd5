"""Resume parsing quality on bench/resumes: title, employer and date F1, skill precision/recall.

Run: ``python bench/resume_quality.py``. Parses every file in bench/resumes/files with the local
parser, compares with bench/resumes/expected, prints a table per format and writes
bench/results/resume_quality.json. Matching is case- and punctuation-insensitive; a date counts
when start and end agree at the precision the expected value gives (year, or year and month).
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import print_table, write_results
from careerpath.ingest.resume import ParsedResume, parse_resume_file
from careerpath.ingest.resume.model import PartialDate, Position

CORPUS = Path(__file__).resolve().parent / "resumes"
TODAY = date(2025, 6, 30)
FIELDS = ("title", "employer", "dates")


def norm(text: str) -> str:
    """Lowercase, '&' → 'and', punctuation dropped, spaces collapsed."""
    text = text.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^\w+#/ ]", " ", text).split())


def same_date(got: PartialDate | None, want: str | None) -> bool:
    """True when a parsed date agrees with an expected 'YYYY' / 'YYYY-MM' (None = present)."""
    if want is None or got is None:
        return want is None and got is None
    year, _, month = want.partition("-")
    return got.year == int(year) and (not month or got.month == int(month))


def field_ok(p: Position, e: dict[str, Any], name: str) -> bool:
    """Whether one field of a parsed position matches the expected one."""
    if name == "dates":
        return p.start is not None and same_date(p.start, e["start"]) and same_date(p.end, e["end"])
    return bool(getattr(p, name)) and norm(getattr(p, name)) == norm(e[name])


def align(got: list[Position], want: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Greedy pairs (parsed, expected) by how many fields agree."""
    scored = sorted(
        (
            (sum(field_ok(p, e, f) for f in FIELDS), i, j)
            for i, p in enumerate(got)
            for j, e in enumerate(want)
        ),
        reverse=True,
    )
    used_i, used_j, pairs = set(), set(), []
    for score, i, j in scored:
        if score > 0 and i not in used_i and j not in used_j:
            pairs.append((i, j))
            used_i.add(i)
            used_j.add(j)
    return pairs


def score_resume(parsed: ParsedResume, want: dict[str, Any]) -> dict[str, list[int]]:
    """(tp, fp, fn) per field for one resume."""
    got = list(parsed.positions)
    pairs = align(got, want["positions"])
    counts: dict[str, list[int]] = {}
    for f in FIELDS:
        tp = sum(field_ok(got[i], want["positions"][j], f) for i, j in pairs)
        produced = sum(1 for p in got if (p.start is not None if f == "dates" else getattr(p, f)))
        counts[f] = [tp, produced - tp, len(want["positions"]) - tp]
    got_skills = {norm(s) for s in parsed.skill_names}
    want_skills = {norm(s) for s in want["skills"]}
    counts["skills"] = [
        len(got_skills & want_skills),
        len(got_skills - want_skills),
        len(want_skills - got_skills),
    ]
    got_edu = {norm(e.institution) for e in parsed.education if e.institution}
    want_edu = {norm(e["institution"]) for e in want["education"]}
    counts["institution"] = [
        len(got_edu & want_edu),
        len(got_edu - want_edu),
        len(want_edu - got_edu),
    ]
    return counts


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (1.0 when nothing was expected nor produced)."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    """Parse the corpus, print the table and write the JSON."""
    totals: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    misses: list[str] = []
    for exp_path in sorted((CORPUS / "expected").glob("*.json")):
        want = json.loads(exp_path.read_text(encoding="utf-8"))
        parsed = parse_resume_file(CORPUS / "files" / want["file"], today=TODAY)
        counts = score_resume(parsed, want)
        for group in (want["format"], f"{want['format']}/{want['layout']}", "all"):
            for name, c in counts.items():
                totals[group][name] = [a + b for a, b in zip(totals[group][name], c, strict=True)]
        if any(c[1] or c[2] for k, c in counts.items() if k in FIELDS):
            misses.append(want["file"])
    rows = []
    for group in sorted(totals, key=lambda g: (g == "all", g)):
        row: dict[str, Any] = {"group": group}
        for name, (tp, fp, fn) in totals[group].items():
            p, r, f1 = prf(tp, fp, fn)
            row.update({f"{name}_p": p, f"{name}_r": r, f"{name}_f1": f1})
        rows.append(row)
    cols = [
        "group",
        "title_f1",
        "employer_f1",
        "dates_f1",
        "skills_p",
        "skills_r",
        "institution_f1",
    ]
    print_table(rows, cols, title="Resume parsing quality (bench/resumes)")
    print(
        f"\nresumes with a position error: {len(misses)} of {len(list((CORPUS / 'expected').glob('*.json')))}"
    )
    for name in misses:
        print(f"  {name}")
    path = write_results(
        "resume_quality",
        {"corpus": str(CORPUS.relative_to(CORPUS.parents[1])), "rows": rows, "misses": misses},
    )
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
