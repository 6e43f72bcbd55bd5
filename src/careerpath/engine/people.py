"""People use cases: import profiles and records all-or-nothing with a rejects report; show a person.

Readers (``careerpath.ingest``) parse and validate a file against the taxonomy into a
``ParsedImport``; ``import_people`` checks it against the store (unknown people, people or courses
already stored, records already imported) and writes it in one transaction, recording the run. In
that transaction the skills of every person the import touches are re-inferred
(``careerpath.engine.skills_batch``) before their profiles are written.
"""

from __future__ import annotations

import dataclasses
import gc
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol, TypeVar

from careerpath.domain.errors import CareerpathError, DataError, NotFoundError
from careerpath.domain.profile import (
    Assessment,
    Course,
    LearningRecord,
    Profile,
    ProjectRecord,
    RoleSpell,
)
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import (
    ImportBatch,
    ImportReject,
    SkillLinker,
    TitleNormalizer,
    UnitOfWork,
)
from careerpath.engine.skills_batch import refresh_skills

KINDS = (
    "hris",
    "hris-history",
    "json-resume",
    "resume",
    "xapi",
    "courses",
    "projects",
    "assessments",
    "open-projects",
)
#: Kinds that create or update people, where ``replace`` lets an import update stored ones.
PEOPLE_KINDS = ("hris", "hris-history", "json-resume", "resume")
_SHOW_IDS = 5  # how many ids an abort message lists

T = TypeVar("T")
Located = tuple[int, T]  # (line in the file, record)


@dataclass(frozen=True, slots=True)
class Reject:
    """One rejected input row: file, line, field (column or JSON pointer), reason, offending value."""

    file: str
    line: int
    field: str
    reason: str
    value: str = ""
    record: str = ""  # what identifies the row when lines are shared (a JSON pointer); else ""

    @property
    def key(self) -> tuple[str, str]:
        """The rejected row: (file, record or line)."""
        return self.file, self.record or f"line {self.line}"

    def __str__(self) -> str:
        if self.value:
            return f'{self.file}:{self.line} {self.field}: "{self.value}" {self.reason}'
        return f"{self.file}:{self.line} {self.field}: {self.reason}"


@dataclass(frozen=True)
class ImportOptions:
    """What a reader needs besides the file: taxonomy, mapping file, optional text matchers, limits."""

    taxonomy: Taxonomy
    mapping: Path | None = None  # YAML column mapping (docs/ingest.md)
    linker: SkillLinker | None = None
    normalizer: TitleNormalizer | None = None
    max_bytes: int | None = None  # files larger than this are refused
    history: Path | None = None  # hris: the job-history file imported with the employees
    person_id: str | None = None  # json-resume, resume: whose resume it is
    today: date | None = None  # dates after this are rejected (default: today)


@dataclass(frozen=True)
class ParsedImport:
    """A file parsed and validated against the taxonomy, not yet checked against the store."""

    kind: str
    file: str
    rows_read: int
    rejects: tuple[Reject, ...] = ()
    profiles: tuple[Located[Profile], ...] = ()
    spells: tuple[Located[tuple[str, RoleSpell]], ...] = ()  # (person id, spell)
    courses: tuple[Located[Course], ...] = ()
    records: tuple[Located[LearningRecord], ...] = ()
    projects: tuple[Located[ProjectRecord], ...] = ()
    assessments: tuple[Located[Assessment], ...] = ()
    skipped: int = 0  # rows read but deliberately not imported (e.g. xAPI verbs not tracked)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportReport:
    """What an import did: rows read = accepted + rejected + skipped, with every reject located."""

    kind: str
    file: str
    rows_read: int
    accepted: int
    rejected: int
    rejects: tuple[Reject, ...] = ()
    skipped: int = 0
    notes: tuple[str, ...] = ()
    batch_id: str = ""


@dataclass
class ImportPlan:
    """What one import will write, built inside the transaction before anything is written.

    ``writes`` run first (records, courses); then the skills of ``new_people``, ``updated_people``
    and the stored people in ``touched`` (whose records changed) are re-inferred and they are written.
    """

    rejects: list[Reject] = field(default_factory=list)
    skipped: int = 0
    notes: list[str] = field(default_factory=list)
    writes: list[Callable[[UnitOfWork], None]] = field(default_factory=list)
    new_people: list[Profile] = field(default_factory=list)
    updated_people: list[Profile] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, parsed: ParsedImport) -> ImportPlan:
        """A plan starting from the reader's rejects, skips and notes."""
        return cls(list(parsed.rejects), parsed.skipped, list(parsed.notes))


class ImportReader(Protocol):
    """One kind of file (an adapter in ``careerpath.ingest``): how to read it, how it meets the store."""

    def read(self, path: Path, options: ImportOptions) -> ParsedImport:
        """Parse and validate ``path``; file-level problems raise DataError, row-level ones reject."""
        ...

    def plan(self, parsed: ParsedImport, uow: UnitOfWork, *, replace: bool) -> ImportPlan:
        """Check against the store (more rejects, skips, or DataError to abort) and plan the writes."""
        ...


def import_people(
    kind: str,
    path: Path,
    *,
    uow: UnitOfWork,
    taxonomy: Taxonomy,
    readers: Mapping[str, ImportReader],
    mapping: Path | None = None,
    linker: SkillLinker | None = None,
    normalizer: TitleNormalizer | None = None,
    replace: bool = False,
    history: Path | None = None,
    person_id: str | None = None,
    max_bytes: int | None = None,
    today: date | None = None,
) -> ImportReport:
    """Import one file of ``kind`` all-or-nothing: validate all, then write in one transaction."""
    if kind not in readers:
        raise DataError(f"unknown import kind {kind!r}", hint=f"use one of {', '.join(KINDS)}")
    started = datetime.now(UTC)
    try:
        with uow:
            taxonomy = with_stored_roles(taxonomy, uow)
        options = ImportOptions(
            taxonomy, mapping, linker, normalizer, max_bytes, history, person_id, today
        )
        reader = readers[kind]
        parsed = reader.read(path, options)
        with uow:
            report = import_parsed(
                parsed,
                reader,
                uow=uow,
                taxonomy=taxonomy,
                replace=replace,
                today=today,
                started=started,
            )
            uow.commit()
    except CareerpathError as exc:
        _record_failure(uow, kind, str(path), started, exc)
        raise
    return report


def with_stored_roles(taxonomy: Taxonomy, uow: UnitOfWork) -> Taxonomy:
    """The taxonomy with the org roles stored in the database (e.g. the demo's) added, when any
    are missing from it: imports then accept the role ids that recommendations use."""
    stored = [occ for occ, _ in uow.organization.roles() if occ.id not in taxonomy.occupations]
    if not stored:
        return taxonomy
    key = (id(taxonomy), tuple((o.id, o.title, o.alt_titles, o.links) for o in stored))
    with _MERGED_LOCK:
        hit = _MERGED.get("last")
        if hit is not None and hit[0] == key and hit[1] is taxonomy:
            return hit[2]
    occupations = {**taxonomy.occupations, **{occ.id: occ for occ in stored}}
    merged = dataclasses.replace(taxonomy, occupations=occupations)
    with _MERGED_LOCK:  # the same merged object while nothing changed: its indexes stay cached
        _MERGED["last"] = (key, taxonomy, merged)
    return merged


_MERGED: dict[str, tuple[tuple[object, ...], Taxonomy, Taxonomy]] = {}
_MERGED_LOCK = threading.Lock()


def import_parsed(
    parsed: ParsedImport,
    reader: ImportReader,
    *,
    uow: UnitOfWork,
    taxonomy: Taxonomy,
    replace: bool = False,
    today: date | None = None,
    started: datetime | None = None,
) -> ImportReport:
    """Plan and write a read import in the caller's open transaction, recording the run; no commit.

    The body of ``import_people``; job handlers call it inside the job's own transaction.
    """
    started = started or datetime.now(UTC)
    plan = reader.plan(parsed, uow, replace=replace)
    for write in plan.writes:
        write(uow)
    _write_people(plan, uow, taxonomy, today or date.today())
    report = _report(parsed, plan)
    uow.imports.add_batch(_batch(report, started))
    return report


def _write_people(plan: ImportPlan, uow: UnitOfWork, taxonomy: Taxonomy, today: date) -> None:
    """Re-infer the skills of the people the plan touches, then write their profiles."""
    if not (plan.new_people or plan.updated_people or plan.touched):
        return
    with _collector_paused():  # millions of acyclic records: the cyclic GC would only rescan them
        new, stored = refresh_skills(
            plan.new_people,
            plan.updated_people,
            plan.touched,
            uow=uow,
            taxonomy=taxonomy,
            today=today,
        )
        uow.people.add_many(new)
        for profile in stored:
            uow.people.add(profile)
    n = len(new) + len(stored)
    plan.notes.append(f"skills re-inferred for {n} {'person' if n == 1 else 'people'}")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (if on) for a bulk step; restored afterwards."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def abort_if_stored(parsed: ParsedImport, stored: Sequence[Located[str]], what: str) -> None:
    """Refuse the whole file when some of its people or courses (``(line, id)``) are already stored."""
    if not stored:
        return
    listed = ", ".join(f"{i} (line {line})" for line, i in stored[:_SHOW_IDS])
    more = f" and {len(stored) - _SHOW_IDS} more" if len(stored) > _SHOW_IDS else ""
    raise DataError(
        f"{len(stored)} {what} already stored: {listed}{more}; nothing was imported",
        path=parsed.file,
        line=stored[0][0],
        hint="use --replace to update them",
    )


def show_person(person_id: str, *, uow: UnitOfWork) -> Profile:
    """One stored profile with its history, skills and evidence; NotFoundError when unknown."""
    with uow:
        profile = uow.people.get(person_id)
    if profile is None:
        raise NotFoundError(
            f"no person with id {person_id!r}", hint="`careerpath people import` adds people"
        )
    return profile


def _report(parsed: ParsedImport, plan: ImportPlan) -> ImportReport:
    """The report of a planned import: rows read = accepted + rejected + skipped."""
    rejected = len({r.key for r in plan.rejects})
    return ImportReport(
        kind=parsed.kind,
        file=parsed.file,
        rows_read=parsed.rows_read,
        accepted=parsed.rows_read - rejected - plan.skipped,
        rejected=rejected,
        rejects=tuple(sorted(plan.rejects, key=lambda r: (r.file, r.line, r.record, r.field))),
        skipped=plan.skipped,
        notes=tuple(plan.notes),
        batch_id=uuid.uuid4().hex,
    )


def _batch(report: ImportReport, started: datetime) -> ImportBatch:
    """The stored record of an import run."""
    rejects = tuple(
        ImportReject(
            r.line,
            r.field,
            r.reason if r.file == report.file else f"{r.file}: {r.reason}",
            r.value,
        )
        for r in report.rejects
    )
    return ImportBatch(
        id=report.batch_id,
        kind=report.kind,
        file=report.file,
        started=started,
        finished=datetime.now(UTC),
        status="rejected" if report.rejected else "ok",
        accepted=report.accepted,
        rejected=report.rejected,
        rejects=rejects,
    )


def _record_failure(
    uow: UnitOfWork, kind: str, file: str, started: datetime, exc: CareerpathError
) -> None:
    """Record a failed import run (nothing of its data was written) in its own transaction."""
    line = getattr(exc, "line", None) or 0
    column = getattr(exc, "column", None) or ""
    reject = ImportReject(line, column, str(exc))
    batch = ImportBatch(
        uuid.uuid4().hex, kind, file, started, datetime.now(UTC), "failed", rejects=(reject,)
    )
    try:
        with uow:
            uow.imports.add_batch(batch)
            uow.commit()
    except CareerpathError:  # the failure itself is what the caller must see
        pass
