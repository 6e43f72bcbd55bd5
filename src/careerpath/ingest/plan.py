"""How each kind of parsed file meets the store: unknown people, stored duplicates, the writes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from careerpath.domain.profile import (
    Assessment,
    LearningRecord,
    ProjectRecord,
    RoleSpell,
)
from careerpath.engine.people import ImportPlan, Located, ParsedImport, Reject, abort_if_stored
from careerpath.engine.ports import UnitOfWork
from careerpath.ingest.merge import (
    has_history,
    has_resume_data,
    merge_hris,
    merge_resume,
    rehistory,
)

Record = LearningRecord | ProjectRecord | Assessment


def plan_people(parsed: ParsedImport, uow: UnitOfWork, *, replace: bool) -> ImportPlan:
    """hris: new people in bulk; stored people abort the file unless ``replace`` updates them."""
    plan = ImportPlan.of(parsed)
    known = set(uow.people.ids())
    stored = [(line, p.person_id) for line, p in parsed.profiles if p.person_id in known]
    if not replace:
        abort_if_stored(parsed, stored, "people are")
    old = {p.person_id: p for p in uow.people.get_many([i for _, i in stored])}
    new = [p for _, p in parsed.profiles if p.person_id not in old]
    updated = [merge_hris(old[p.person_id], p) for _, p in parsed.profiles if p.person_id in old]
    plan.new_people.extend(new)
    plan.updated_people.extend(updated)
    if updated:
        plan.notes.append(f"{len(updated)} stored people updated (--replace)")
    return plan


def plan_history(parsed: ParsedImport, uow: UnitOfWork, *, replace: bool) -> ImportPlan:
    """hris-history: each listed person's internal history replaced by the file's spells."""
    plan = ImportPlan.of(parsed)
    known = set(uow.people.ids())
    by_person: dict[str, list[Located[RoleSpell]]] = defaultdict(list)
    for line, (pid, spell) in parsed.spells:
        if pid in known:
            by_person[pid].append((line, spell))
        else:
            plan.rejects.append(unknown_person(parsed.file, line, pid))
    old = {p.person_id: p for p in uow.people.get_many(sorted(by_person))}
    if not replace:
        had = [(by_person[p][0][0], p) for p in sorted(by_person) if has_history(old[p])]
        abort_if_stored(parsed, sorted(had), "people's job histories are")
    plan.updated_people.extend(
        rehistory(old[p], [s for _, s in spells]) for p, spells in by_person.items()
    )
    return plan


def plan_resume(parsed: ParsedImport, uow: UnitOfWork, *, replace: bool) -> ImportPlan:
    """json-resume, resume: a new person, or a stored one whose resume-derived parts are replaced."""
    plan = ImportPlan.of(parsed)
    for line, profile in parsed.profiles:
        old = uow.people.get(profile.person_id)
        if old is None:
            plan.new_people.append(profile)
            continue
        if not replace and has_resume_data(old):
            abort_if_stored(parsed, [(line, old.person_id)], "resume data of")
        plan.updated_people.append(merge_resume(old, profile))
    return plan


def plan_courses(parsed: ParsedImport, uow: UnitOfWork, *, replace: bool) -> ImportPlan:
    """courses: catalog entries; stored course ids abort the file unless ``replace``."""
    plan = ImportPlan.of(parsed)
    stored = {c.id for c in uow.learning.courses()}
    if not replace:
        dupes = [(line, c.id) for line, c in parsed.courses if c.id in stored]
        abort_if_stored(parsed, dupes, "courses are")
    courses = [c for _, c in parsed.courses]
    plan.writes.append(lambda u: u.learning.add_courses(courses))
    return plan


def unknown_person(file: str, line: int, person_id: str) -> Reject:
    """The reject for a row about a person the store does not hold."""
    reason = "is not a stored person (import the HRIS employees first)"
    return Reject(file, line, "person_id", reason, person_id)


def plan_records(parsed: ParsedImport, uow: UnitOfWork, *, replace: bool) -> ImportPlan:
    """xapi, projects, assessments: rows of unknown people (or courses) rejected, repeats skipped.

    These are append-only records: ``replace`` has no effect on them.
    """
    plan = ImportPlan.of(parsed)
    known = set(uow.people.ids())
    catalog = {c.id for c in uow.learning.courses()} if parsed.kind == "xapi" else set()
    kept: list[Located[Record]] = []
    for line, rec in _records(parsed):
        if rec.person_id not in known:
            plan.rejects.append(unknown_person(parsed.file, line, rec.person_id))
        elif isinstance(rec, LearningRecord) and rec.course_id not in catalog:
            reason = "is not in the course catalog (import it first: people import courses)"
            plan.rejects.append(Reject(parsed.file, line, "course_id", reason, rec.course_id))
        else:
            kept.append((line, rec))
    stored = _stored_records(uow, parsed.kind, {r.person_id for _, r in kept})
    fresh = _drop_stored(parsed, kept, stored, plan)
    plan.writes.append(lambda u: _add_records(u, parsed.kind, fresh))
    plan.touched.update(r.person_id for r in fresh)
    return plan


def _records(parsed: ParsedImport) -> Sequence[Located[Record]]:
    """The located records of a records file."""
    if parsed.kind == "xapi":
        return parsed.records
    return parsed.projects if parsed.kind == "projects" else parsed.assessments


def _stored_records(uow: UnitOfWork, kind: str, people: Iterable[str]) -> set[Record]:
    """The stored records of ``kind`` of the given people."""
    fetch: Callable[[str], Sequence[Record]]
    if kind == "xapi":
        fetch = uow.learning.records_of
    else:
        fetch = uow.learning.projects_of if kind == "projects" else uow.learning.assessments_of
    return {r for pid in sorted(people) for r in fetch(pid)}


def _drop_stored(
    parsed: ParsedImport, kept: Sequence[Located[Record]], stored: set[Record], plan: ImportPlan
) -> list[Record]:
    """Records not stored yet; identical ones are skipped, a changed project row is rejected."""
    projects = {(r.project_id, r.person_id) for r in stored if isinstance(r, ProjectRecord)}
    fresh: list[Record] = []
    repeats = 0
    for line, rec in kept:
        if rec in stored:
            repeats += 1
        elif isinstance(rec, ProjectRecord) and (rec.project_id, rec.person_id) in projects:
            reason = "is stored for this person with other details"
            plan.rejects.append(Reject(parsed.file, line, "project_id", reason, rec.project_id))
        else:
            fresh.append(rec)
    if repeats:
        plan.skipped += repeats
        plan.notes.append(f"{repeats} rows already imported were skipped")
    return fresh


def _add_records(uow: UnitOfWork, kind: str, records: Sequence[Record]) -> None:
    """Write records of one kind."""
    if kind == "xapi":
        uow.learning.add_records([r for r in records if isinstance(r, LearningRecord)])
    elif kind == "projects":
        uow.learning.add_projects([r for r in records if isinstance(r, ProjectRecord)])
    else:
        uow.learning.add_assessments([r for r in records if isinstance(r, Assessment)])
