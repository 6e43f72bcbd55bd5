"""`careerpath people import|show|correct`: bring people and records in; show one; correct a skill."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from careerpath.cli.output import stderr_console
from careerpath.config import Settings
from careerpath.domain.profile import Profile
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.people import ImportReport
from careerpath.engine.ports import UnitOfWork

app = typer.Typer(
    help="Import people and their records; show a person; correct a skill.", no_args_is_help=True
)

#: Hooks for tests and embedding: build the unit of work / taxonomy from Settings.
UOW_FACTORY: Callable[[Settings], UnitOfWork] | None = None
TAXONOMY_FACTORY: Callable[[Settings], Taxonomy] | None = None
SHOWN_REJECTS = 20  # rejects printed in the table view (all of them go to --rejects)


class Kind(StrEnum):
    """What kind of file an import reads."""

    hris = "hris"
    hris_history = "hris-history"
    json_resume = "json-resume"
    resume = "resume"
    xapi = "xapi"
    courses = "courses"
    projects = "projects"
    assessments = "assessments"
    open_projects = "open-projects"


class Out(StrEnum):
    """Output formats of the people commands."""

    table = "table"
    json = "json"


_FORMAT = typer.Option(Out.table, "--format", "-f", help="table or json.")


_KIND = typer.Argument(
    ...,
    help="hris, hris-history, json-resume, resume (PDF, DOCX or text), xapi, courses, projects, "
    "assessments, open-projects.",
)
_FILE = typer.Argument(..., help="The file to import.")
_MAPPING = typer.Option(None, "--mapping", "-m", help="YAML column mapping (docs/ingest.md).")
_REPLACE = typer.Option(False, "--replace", help="Update people (or courses) already stored.")
_REJECTS = typer.Option(None, "--rejects", help="Write every reject to this CSV.")
_HISTORY = typer.Option(None, "--history", help="hris: the job-history file imported with it.")
_PERSON = typer.Option(
    None, "--person", help="json-resume, resume: whose resume it is (person id)."
)
_MATCH = typer.Option(
    None,
    "--match/--exact",
    help="Match inexact titles and skill names with the title normaliser and skill linker "
    "(default: on for json-resume and resume only).",
)


@app.command("import")
def import_(
    kind: Kind = _KIND,
    file: Path = _FILE,
    mapping: Path | None = _MAPPING,
    replace: bool = _REPLACE,
    rejects: Path | None = _REJECTS,
    history: Path | None = _HISTORY,
    person: str | None = _PERSON,
    match: bool | None = _MATCH,
    fmt: Out = _FORMAT,
) -> None:
    """Import a file all-or-nothing; rejected rows are reported (exit code 1 when there are any)."""
    from careerpath.engine.people import import_people
    from careerpath.ingest.report import write_rejects

    settings = Settings()
    taxonomy = _taxonomy(settings)
    linker, normalizer = _matchers(settings, taxonomy, kind, match)
    report = import_people(
        kind.value,
        file,
        uow=_uow(settings),
        taxonomy=taxonomy,
        readers=_readers(settings, kind),
        mapping=mapping,
        linker=linker,
        normalizer=normalizer,
        replace=replace,
        history=history,
        person_id=person,
        max_bytes=settings.max_upload_bytes,
    )
    if rejects is not None:
        write_rejects(report, rejects)
    _print_report(report, fmt)
    if report.rejected:
        raise typer.Exit(1)


@app.command("show")
def show(
    person_id: str = typer.Argument(..., help="The person id."),
    fmt: Out = _FORMAT,
) -> None:
    """A person's profile: roles held, skills with each skill's evidence, education, learning."""
    from careerpath.engine.people import show_person

    settings = Settings()
    profile = show_person(person_id, uow=_uow(settings))
    if fmt is Out.json:
        _dump(asdict(profile))
    else:
        skills = _taxonomy(settings).skills
        _print_profile(
            profile,
            {c.skill_id: skills[c.skill_id].label for c in profile.skills if c.skill_id in skills},
        )


@app.command("correct")
def correct(
    person_id: str = typer.Argument(..., help="The person id."),
    skill_id: str = typer.Argument(..., help="The skill id (as `people show` lists it)."),
    level: str = typer.Argument(
        ..., help="0-1, or awareness, basic, working, intermediate, advanced, expert; 0 removes it."
    ),
    note: str = typer.Option("", "--note", help="Why (kept with the correction)."),
    fmt: Out = _FORMAT,
) -> None:
    """Correct one of a person's skills: stored, it overrides inference and survives imports."""
    from careerpath.domain.errors import InvalidRequestError
    from careerpath.engine.skills import correct_skill
    from careerpath.ingest.common import parse_level

    try:
        value = parse_level(level)
    except ValueError as exc:
        raise InvalidRequestError(f'level "{level}" {exc}') from None
    settings = Settings()
    profile = correct_skill(
        person_id, skill_id, value, uow=_uow(settings), taxonomy=_taxonomy(settings), note=note
    )
    claim = profile.skill(skill_id)
    if fmt is Out.json:
        _dump({"person_id": person_id, "skill_id": skill_id, "claim": claim and asdict(claim)})
    elif claim is None:
        Console().print(f"{person_id}: {skill_id} removed (corrected to 0)")
    else:
        Console().print(f"{person_id}: {skill_id} corrected to {claim.level:.2f}")


def _readers(settings: Settings, kind: Kind) -> Mapping[str, Any]:
    """The readers by kind; the resume reader uses the LLM adapter when CAREERPATH_LLM_ENABLED."""
    from careerpath.ingest.readers import READERS, resume_reader

    if kind is not Kind.resume or not settings.llm_enabled:
        return READERS
    from careerpath.bootstrap import resume_parser

    found = resume_parser(settings)
    if found is None:
        return READERS
    parse, name = found
    return {**READERS, kind.value: resume_reader(parse, parser=name)}


def _uow(settings: Settings) -> UnitOfWork:
    """The unit of work for Settings.database_url (the UOW_FACTORY hook when set)."""
    if UOW_FACTORY is not None:
        return UOW_FACTORY(settings)
    from careerpath.bootstrap import unit_of_work

    return unit_of_work(settings)()


def _taxonomy(settings: Settings) -> Taxonomy:
    """The taxonomy (the TAXONOMY_FACTORY hook when set)."""
    if TAXONOMY_FACTORY is not None:
        return TAXONOMY_FACTORY(settings)
    from careerpath.bootstrap import load_taxonomy

    console = stderr_console()
    return load_taxonomy(settings, progress=lambda msg: console.print(f"[dim]{msg}[/dim]"))


def _matchers(
    settings: Settings, taxonomy: Taxonomy, kind: Kind, match: bool | None
) -> tuple[Any, Any]:
    """The skill linker and title normaliser when matching is on (default: the resume kinds)."""
    if not (match if match is not None else kind in (Kind.json_resume, Kind.resume)):
        return None, None
    from careerpath.bootstrap import load_skill_linker, load_title_normalizer

    return load_skill_linker(settings, taxonomy), load_title_normalizer(settings, taxonomy)


def _dump(data: Any) -> None:
    """JSON on stdout (dates as ISO text)."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")


def _print_report(report: ImportReport, fmt: Out) -> None:
    """The import report as a summary table plus the first rejects, or as JSON."""
    if fmt is Out.json:
        _dump(asdict(report))
        return
    console = Console()
    summary = Table(title=f"import {report.kind} {report.file}")
    for col in ("rows read", "accepted", "rejected", "skipped"):
        summary.add_column(col, justify="right")
    summary.add_row(
        *(str(n) for n in (report.rows_read, report.accepted, report.rejected, report.skipped))
    )
    console.print(summary)
    for note in report.notes:
        console.print(f"note: {note}")
    if report.rejects:
        table = Table(title=f"rejects (first {SHOWN_REJECTS} of {len(report.rejects)})")
        for col in ("file", "line", "field", "value", "reason"):
            table.add_column(col)
        for r in report.rejects[:SHOWN_REJECTS]:
            table.add_row(r.file, str(r.line), r.field, r.value, r.reason)
        console.print(table)


def _print_profile(p: Profile, labels: Mapping[str, str]) -> None:
    """A profile as text: who, roles held, skills (strongest first) with their main evidence."""
    console = Console()
    console.print(
        f"[bold]{p.person_id}[/bold] {p.name} <{p.email}>  unit {p.org_unit or '-'}  manager {p.manager_id or '-'}  location {p.location or '-'}"
    )
    roles = Table(title="roles held")
    for col in ("start", "end", "title", "role", "occupation", "employer", "unit"):
        roles.add_column(col)
    for s in p.history:
        roles.add_row(
            str(s.start),
            str(s.end or "current"),
            s.title,
            s.role_id or "",
            s.occupation_id or "",
            s.employer,
            s.org_unit,
        )
    console.print(roles)
    skills = Table(title="skills and evidence")
    for col in ("skill", "level", "confidence", "origin", "evidence"):
        skills.add_column(col)
    for c in sorted(p.skills, key=lambda c: (-c.level, c.skill_id)):
        ranked = sorted(c.evidence, key=lambda e: -e.confidence)
        lines = [
            f"{e.source} {e.observed or ''} ({e.confidence:.2f}): {e.detail}" for e in ranked[:2]
        ]
        if len(ranked) > 2:
            lines.append(f"+{len(ranked) - 2} more (--format json shows all)")
        name = f"{labels.get(c.skill_id, c.skill_id)}\n[dim]{c.skill_id}[/dim]"
        skills.add_row(name, f"{c.level:.2f}", f"{c.confidence:.2f}", c.origin, "\n".join(lines))
    console.print(skills)
    for label, items in (
        ("education", p.education),
        ("certifications", p.certifications),
        ("languages", p.languages),
    ):
        if items:
            console.print(
                f"{label}: "
                + "; ".join(", ".join(str(v) for v in asdict(i).values() if v) for i in items)
            )
