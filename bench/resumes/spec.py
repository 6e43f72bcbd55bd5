"""Deterministic resume specs (what a resume says) and the expected JSON the parser should find."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from pools import CITIES, FIRST, INSTITUTIONS, LAST, OCCUPATIONS, SECTIONS, SPOKEN

MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTH_FULL = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]  # fmt: skip
DATE_STYLES = ["mon", "month", "mm/yyyy", "yyyy-mm", "year", "mon_apos", "mon_dot"]
SEPARATORS = [" – ", " - ", " to ", "–", " — "]
PRESENT = ["Present", "Current", "Now", "present", "Today"]
HEADER_STYLES = ["inline", "stack", "employer_first", "dates_first", "paren", "at"]


@dataclass
class Job:
    """One position as the resume states it, and how its dates are written."""

    title: str
    employer: str
    city: str
    start: tuple[int, int]
    end: tuple[int, int] | None
    bullets: list[str]
    tech: list[str] = field(default_factory=list)
    odd: str = ""  # since | season | yy_range | ''


@dataclass
class School:
    """One degree."""

    degree: str
    institution: str
    start: int
    end: int


@dataclass
class Spec:
    """Everything one generated resume says, plus its layout choices."""

    stem: str
    fmt: str
    layout: str
    occupation: str
    name: str
    email: str
    phone: str
    city: str
    summary: str
    jobs: list[Job]
    schools: list[School]
    skills: list[str]
    languages: list[tuple[str, str]]
    certs: list[str]
    style: dict[str, str]
    names: dict[str, str]


def _jobs(rng: random.Random, occ: dict[str, list[str]], count: int, odd: bool) -> list[Job]:
    titles = sorted(rng.sample(occ["titles"], count), key=occ["titles"].index)
    employers = rng.sample(occ["employers"], count)
    year, month = 2025, rng.randint(1, 5)
    jobs: list[Job] = []
    for k in range(count):
        current = k == 0 and rng.random() < 0.75
        end = None if current else (year, month)
        length = rng.randint(14, 50)
        start_index = year * 12 + month - 1 - length
        start = (start_index // 12, start_index % 12 + 1)
        skills = rng.sample(occ["skills"], 3)
        bullets = [
            b.format(s1=skills[0], s2=skills[1], y=str(start[0])[2:])
            for b in rng.sample(occ["bullets"], rng.randint(2, 3))
        ]
        jobs.append(Job(titles[-1 - k], employers[k], rng.choice(CITIES), start, end, bullets))
        gap = rng.randint(0, 4)
        idx = start_index - gap
        year, month = idx // 12, idx % 12 + 1
    if odd:
        pick = rng.randrange(count)
        kinds = ["season", "yy_range"] + (["since"] if jobs[pick].end is None else [])
        jobs[pick].odd = rng.choice(kinds)
    return jobs


def build_spec(i: int, fmt: str, layout: str) -> Spec:
    """The i-th resume of the corpus (seeded by i)."""
    rng = random.Random(1000 + i)
    occ_name = list(OCCUPATIONS)[i % len(OCCUPATIONS)]
    occ = OCCUPATIONS[occ_name]
    first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
    jobs = _jobs(rng, occ, rng.randint(2, 4), odd=i % 3 == 0)
    if occ_name == "software" and rng.random() < 0.6:
        jobs[0].tech = rng.sample(occ["skills"], 4)
    grad = jobs[-1].start[0] - rng.randint(0, 2)
    schools = [School(rng.choice(occ["degrees"]), rng.choice(INSTITUTIONS), grad - 4, grad)]
    skills = rng.sample(occ["skills"], rng.randint(5, 8))
    style = {
        "date": rng.choice(DATE_STYLES), "sep": rng.choice(SEPARATORS), "present": rng.choice(PRESENT),
        "header": rng.choice(HEADER_STYLES), "skills": rng.choice(["comma", "bullets", "categories", "pipes"]),
        "case": rng.choice(["upper", "title", "colon"]), "edu": rng.choice(["one", "stack", "dash"]),
        "bullet": rng.choice(["•", "-", "*", "▪"]), "order": rng.choice(["exp_first", "skills_first"]),
    }  # fmt: skip
    names = {k: rng.choice(v) for k, v in SECTIONS.items()}
    return Spec(
        stem=f"{i + 1:02d}_{occ_name}_{fmt}_{layout}", fmt=fmt, layout=layout, occupation=occ_name,
        name=f"{first} {last}", email=f"{first.lower()}.{last.lower().replace(chr(39), '')}@example.com",
        phone=f"+1 (555) {rng.randint(100, 999)}-{rng.randint(1000, 9999)}", city=rng.choice(CITIES),
        summary=f"{jobs[0].title} with {2025 - jobs[-1].start[0]} years of experience in {occ_name}.",
        jobs=jobs, schools=schools, skills=skills,
        languages=rng.sample(SPOKEN, 2) if rng.random() < 0.5 else [],
        certs=occ["certs"][: rng.randint(0, len(occ["certs"]))], style=style, names=names,
    )  # fmt: skip


def fmt_date(ym: tuple[int, int], style: str) -> tuple[str, str]:
    """(text, expected iso) of one date in a style."""
    y, m = ym
    table = {
        "mon": f"{MONTH_ABBR[m - 1]} {y}", "month": f"{MONTH_FULL[m - 1]} {y}",
        "mm/yyyy": f"{m:02d}/{y}", "yyyy-mm": f"{y}-{m:02d}", "mon_apos": f"{MONTH_ABBR[m - 1]} '{y % 100:02d}",
        "mon_dot": f"{MONTH_ABBR[m - 1]}. {y}",
    }  # fmt: skip
    if style == "year":
        return str(y), f"{y}"
    return table[style], f"{y}-{m:02d}"


def fmt_range(job: Job, style: dict[str, str]) -> tuple[str, str, str | None]:
    """(text, expected start, expected end or None for present) of a job's dates."""
    if job.odd == "since" and job.end is None:
        return f"Since {job.start[0]}", str(job.start[0]), None
    if job.odd == "season":
        season = "Summer" if 5 <= job.start[1] <= 8 else "Fall" if job.start[1] > 8 else "Spring"
        end_text, end_iso = (
            ("Present", None) if job.end is None else (str(job.end[0]), str(job.end[0]))
        )
        return f"{season} {job.start[0]} – {end_text}", str(job.start[0]), end_iso
    if job.odd == "yy_range" and job.end is not None and job.end[0] > job.start[0]:
        return f"{job.start[0]}-{job.end[0] % 100:02d}", str(job.start[0]), str(job.end[0])
    start_text, start_iso = fmt_date(job.start, style["date"])
    if job.end is None:
        return f"{start_text}{style['sep']}{style['present']}", start_iso, None
    end_text, end_iso = fmt_date(job.end, style["date"])
    return f"{start_text}{style['sep']}{end_text}", start_iso, end_iso


def expected(spec: Spec) -> dict[str, Any]:
    """The expected parse of a spec, as JSON."""
    positions = []
    for job in spec.jobs:
        _, start, end = fmt_range(job, spec.style)
        positions.append({"title": job.title, "employer": job.employer, "start": start, "end": end})
    skills = list(dict.fromkeys(spec.skills + [t for j in spec.jobs for t in j.tech]))
    return {
        "file": f"{spec.stem}.{ {'pdf': 'pdf', 'docx': 'docx', 'text': 'txt'}[spec.fmt] }",
        "format": spec.fmt, "layout": spec.layout, "occupation": spec.occupation, "name": spec.name,
        "positions": positions,
        "education": [{"institution": s.institution, "degree": s.degree, "end": str(s.end)} for s in spec.schools],
        "skills": skills, "languages": [lang for lang, _ in spec.languages],
    }  # fmt: skip
