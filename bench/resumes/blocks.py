"""A resume spec as neutral blocks (heading, line, bullet, pair, table) that each renderer draws."""

from __future__ import annotations

import random

from spec import Job, School, Spec, fmt_range

Block = tuple  # ("heading", text) | ("line"|"bold"|"bullet"|"name"|"contact", text) | ("pair", l, r) | ("table", rows)


def heading(spec: Spec, kind: str) -> Block:
    """A section heading in the spec's case style."""
    text = spec.names[kind]
    case = spec.style["case"]
    return ("heading", text.upper() if case == "upper" else text + ":" if case == "colon" else text)


def job_blocks(job: Job, spec: Spec, *, pairs: bool) -> list[Block]:
    """The header lines of one job in the spec's header style, then bullets."""
    dates, _, _ = fmt_range(job, spec.style)
    t, e, c = job.title, job.employer, job.city
    style = spec.style["header"]
    if spec.layout == "hard":  # each job its own style, sentences without bullet marks
        style = random.Random(spec.stem + t).choice(
            ["inline", "stack", "employer_first", "dates_first", "paren", "at"]
        )
    if pairs and style in ("inline", "stack", "paren"):
        out: list[Block] = [("pair", t, dates), ("line", f"{e}, {c}")]
    else:
        out = {
            "inline": [("bold", f"{t} | {e}, {c} | {dates}")],
            "stack": [("bold", t), ("line", f"{e}, {c}"), ("line", dates)],
            "employer_first": [("bold", f"{e} — {c}"), ("line", f"{t} | {dates}")],
            "dates_first": [("line", dates), ("bold", t), ("line", f"{e}, {c}")],
            "paren": [("bold", f"{t}, {e} ({dates})")],
            "at": [("bold", f"{t} at {e}"), ("line", f"{dates} | {c}")],
        }[style]
    plain = spec.layout == "hard"
    out += [
        ("line", f"{b}, working closely with the wider team.") if plain else ("bullet", b)
        for b in job.bullets
    ]
    if job.tech:
        out.append(("line", "Technologies: " + ", ".join(job.tech)))
    return out


def school_blocks(s: School, spec: Spec) -> list[Block]:
    """One degree in the spec's education style."""
    style = spec.style["edu"]
    if style == "stack":
        return [("bold", s.institution), ("line", s.degree), ("line", f"{s.start} – {s.end}")]
    if style == "dash":
        return [("line", f"{s.degree} — {s.institution} ({s.start}–{s.end})")]
    return [("line", f"{s.degree}, {s.institution}, {s.end}")]


def skill_blocks(spec: Spec) -> list[Block]:
    """The skills list in the spec's style."""
    skills, style = spec.skills, spec.style["skills"]
    if style == "bullets":
        return [("bullet", s) for s in skills]
    if style == "categories":
        half = len(skills) // 2
        return [
            ("line", "Core: " + ", ".join(skills[:half])),
            ("line", "Tools: " + ", ".join(skills[half:])),
        ]
    if style == "pipes":
        return [("line", " | ".join(skills))]
    return [("line", ", ".join(skills))]


def contact_blocks(spec: Spec) -> list[Block]:
    """Name and contact lines."""
    return [("name", spec.name), ("contact", f"{spec.city} | {spec.email} | {spec.phone}")]


def experience(spec: Spec, *, pairs: bool = False) -> list[Block]:
    """The experience section."""
    out: list[Block] = [heading(spec, "experience")]
    for job in spec.jobs:
        out += job_blocks(job, spec, pairs=pairs)
    return out


def side_sections(spec: Spec) -> list[Block]:
    """Skills, education, languages and certifications."""
    out: list[Block] = [heading(spec, "skills"), *skill_blocks(spec), heading(spec, "education")]
    for s in spec.schools:
        out += school_blocks(s, spec)
    if spec.languages:
        out += [
            heading(spec, "languages"),
            ("line", ", ".join(f"{a} ({b})" for a, b in spec.languages)),
        ]
    if spec.certs:
        out += [heading(spec, "certifications"), *[("bullet", c) for c in spec.certs]]
    if spec.layout == "hard":
        out += [
            ("heading", "Volunteer Experience"),
            ("bold", "Volunteer Tutor | City Library | 2015 – 2017"),
        ]
        out += [("line", "Taught adult literacy classes on Saturday mornings.")]
    return out


def one_column(spec: Spec, *, pairs: bool = False) -> list[Block]:
    """A whole one-column resume."""
    summary: list[Block] = [heading(spec, "summary"), ("line", spec.summary)]
    exp, side = experience(spec, pairs=pairs), side_sections(spec)
    body = exp + side if spec.style["order"] == "exp_first" else side + exp
    return contact_blocks(spec) + summary + body


def to_text(blocks: list[Block], spec: Spec) -> str:
    """Plain-text rendering: underlined or caps headings, bullets, aligned pairs."""
    rng = random.Random(spec.stem)
    out: list[str] = []
    underline = rng.random() < 0.4
    for b in blocks:
        kind = b[0]
        if kind == "heading":
            out += ["", b[1]] + (["=" * len(b[1])] if underline else [])
        elif kind == "bullet":
            out.append(f"{spec.style['bullet']} {b[1]}")
        elif kind == "pair":
            out.append(f"{b[1]:<50}{b[2]}")
        elif kind == "table":
            out += ["\t".join(row) for row in b[1]]
        elif kind == "name":
            out.append(b[1].upper() if rng.random() < 0.5 else b[1])
        else:
            out.append(b[1])
    return "\n".join(out).strip() + "\n"
