"""The import readers by kind: how each file is read, and how it meets the store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from careerpath.engine.people import ImportOptions, ImportPlan, ImportReader, ParsedImport
from careerpath.engine.ports import UnitOfWork
from careerpath.ingest import open_projects, plan
from careerpath.ingest.history import read_history
from careerpath.ingest.hris import read_employees
from careerpath.ingest.json_resume import read_json_resume
from careerpath.ingest.records import read_assessments, read_courses, read_projects
from careerpath.ingest.resume_file import ResumeParse, read_resume
from careerpath.ingest.xapi import read_xapi

Planner = Callable[[ParsedImport, UnitOfWork], ImportPlan]


@dataclass(frozen=True)
class Reader:
    """An ImportReader made of a read function and a plan function."""

    read_file: Callable[[Path, ImportOptions], ParsedImport]
    plan_store: Callable[..., ImportPlan]

    def read(self, path: Path, options: ImportOptions) -> ParsedImport:
        """Parse and validate ``path``."""
        return self.read_file(path, options)

    def plan(self, parsed: ParsedImport, uow: UnitOfWork, *, replace: bool) -> ImportPlan:
        """Check against the store and plan the writes."""
        return self.plan_store(parsed, uow, replace=replace)


def resume_reader(parse: ResumeParse | None = None, *, parser: str = "") -> ImportReader:
    """The resume-file reader: the local parser, or ``parse`` (named ``parser`` in notes)."""
    return Reader(partial(read_resume, parse=parse, parser=parser), plan.plan_resume)


READERS: dict[str, ImportReader] = {
    "hris": Reader(read_employees, plan.plan_people),
    "hris-history": Reader(read_history, plan.plan_history),
    "json-resume": Reader(read_json_resume, plan.plan_resume),
    "resume": resume_reader(),
    "xapi": Reader(read_xapi, plan.plan_records),
    "courses": Reader(read_courses, plan.plan_courses),
    "projects": Reader(read_projects, plan.plan_records),
    "assessments": Reader(read_assessments, plan.plan_records),
    open_projects.KIND: open_projects.READER,
}
