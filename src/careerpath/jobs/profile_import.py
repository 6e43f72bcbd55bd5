"""The "profile.import" job: a canonical profile, a JSON Resume or a resume file into the store.

The same use case as ``careerpath people import`` (``engine.people.import_parsed``: plan, write,
skills re-inferred, the run recorded) inside the job's transaction, never committing itself. A
submitted profile updates a stored person: a canonical profile replaces the stored profile (its
learning records, projects, assessments and corrections are kept and feed the re-inference);
a JSON Resume or resume file replaces the person's resume-derived parts (as ``--replace``).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from careerpath.domain.errors import ValidationError
from careerpath.domain.profile import Evidence, Profile, RoleSpell, SkillClaim, keep_hr_fields
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.people import (
    ImportOptions,
    ImportPlan,
    ImportReader,
    ParsedImport,
    import_parsed,
    with_stored_roles,
)
from careerpath.engine.ports import SkillLinker, TitleNormalizer, UnitOfWork
from careerpath.ingest.hris_rows import HRIS_SKILL_CONFIDENCE
from careerpath.ingest.jsonpos import pointer_of
from careerpath.ingest.merge import sorted_spells
from careerpath.ingest.resume_file import exact_linker
from careerpath.ingest.roles import RoleResolver
from careerpath.jobs.profile_doc import ProfileDocument, invalid, read_profile_document
from careerpath.jobs.submissions import decode_file, safe_filename, validate_profile_payload

MIN_LINK_SCORE = 0.85  # a skill name linked by the skill linker counts from this score
KINDS = {"json_resume": "json-resume", "resume": "resume"}


@dataclass(frozen=True)
class ProfileImportDeps:
    """What the handler needs: loaders (called lazily), the import readers, limits, the date."""

    taxonomy: Callable[[], Taxonomy]
    readers: Mapping[str, ImportReader]
    linker: Callable[[], SkillLinker | None] = lambda: None
    normalizer: Callable[[], TitleNormalizer | None] = lambda: None
    max_bytes: int = 10 * 1024 * 1024
    today: Callable[[], date] = field(default=lambda: datetime.now(UTC).date())


class ProfileImportHandler:
    """JobHandler of "profile.import" (payload: docs/jobs.md); result {person_id, skills, warnings}."""

    def __init__(self, deps: ProfileImportDeps) -> None:
        self.deps = deps

    def prepare(self, payload: Mapping[str, Any]) -> None:
        """Load the taxonomy and text matchers before the job's transaction opens."""
        self.deps.taxonomy()
        self.deps.linker()
        self.deps.normalizer()

    def __call__(self, payload: Mapping[str, Any], uow: UnitOfWork) -> Mapping[str, Any]:
        """Import the submitted profile in ``uow`` (no commit); bad input raises a CareerpathError."""
        deps = self.deps
        today = deps.today()
        person_id = validate_profile_payload(payload, max_bytes=deps.max_bytes, today=today)
        uow.people.lock(person_id)  # two jobs for one new person must not both insert it
        taxonomy = with_stored_roles(deps.taxonomy(), uow)
        if payload["format"] == "profile":
            doc = read_profile_document(payload["document"], person_id=person_id, today=today)
            profile, notes = resolve_profile(doc, taxonomy, deps.linker(), deps.normalizer(), today)
            if payload.get("self_service"):  # a person's own submission: HR fields stay HR's
                profile = keep_hr_fields(profile, uow.people.get(person_id))
            parsed = ParsedImport("profile", "profile", 1, profiles=((1, profile),), notes=notes)
            reader: ImportReader = _PROFILE_READER
        else:
            reader = deps.readers[KINDS[payload["format"]]]
            parsed = self._read_file(payload, person_id, taxonomy, reader, today)
        report = import_parsed(
            parsed, reader, uow=uow, taxonomy=taxonomy, replace=True, today=today
        )
        stored = uow.people.get(person_id)
        return {
            "person_id": person_id,
            "skills": len(stored.skills) if stored is not None else 0,
            "warnings": [str(r) for r in report.rejects] + list(report.notes),
            "import_batch": report.batch_id,
        }

    def _read_file(
        self,
        payload: Mapping[str, Any],
        person_id: str,
        taxonomy: Taxonomy,
        reader: ImportReader,
        today: date,
    ) -> ParsedImport:
        """Read a JSON Resume document or a resume file through the CLI's reader."""
        fmt = payload["format"]
        if fmt == "resume":
            data = decode_file(payload["file_b64"])
            name = safe_filename(payload["filename"])
        else:
            data = json.dumps(payload["document"], ensure_ascii=False, indent=1).encode("utf-8")
            name = "resume.json"
        options = ImportOptions(
            taxonomy,
            linker=self.deps.linker(),
            normalizer=self.deps.normalizer(),
            max_bytes=self.deps.max_bytes,
            person_id=person_id,
            today=today,
        )
        with tempfile.TemporaryDirectory(prefix="careerpath-job-") as folder:
            path = Path(folder) / name
            path.write_bytes(data)
            return reader.read(path, options)


def resolve_profile(
    doc: ProfileDocument,
    taxonomy: Taxonomy,
    linker: SkillLinker | None,
    normalizer: TitleNormalizer | None,
    today: date,
) -> tuple[Profile, tuple[str, ...]]:
    """The document's profile with roles and skills resolved in the taxonomy, and notes.

    Unknown role, occupation, target role or skill ids raise ValidationError at their pointer;
    skill names that link nowhere are left out with a note.
    """
    profile = doc.profile
    roles = RoleResolver(taxonomy, normalizer=normalizer, min_score=MIN_LINK_SCORE)
    roles.prepare(s.title for s in profile.history if not (s.role_id or s.occupation_id))
    history = [_spell(s, i, roles, taxonomy) for i, s in enumerate(profile.history)]
    for i, role in enumerate(profile.preferences.target_roles):
        if role not in taxonomy.occupations:
            raise invalid(pointer_of("preferences", "target_roles", i), f'"{role}" is not a role')
    claims, notes = _claims(doc, taxonomy, linker, today)
    return replace(profile, history=sorted_spells(history), skills=claims), notes


def _spell(spell: RoleSpell, i: int, roles: RoleResolver, taxonomy: Taxonomy) -> RoleSpell:
    """One role of the history with its ids checked (or found from the title) and a title."""
    for key, code in (("role_id", spell.role_id), ("occupation_id", spell.occupation_id)):
        occ = taxonomy.occupations.get(code) if code else None
        if code and (occ is None or (key == "role_id") != (occ.taxonomy == "org")):
            what = "an org role id" if key == "role_id" else "an occupation id (O*NET, ESCO)"
            raise invalid(pointer_of("roles", i, key), f'"{code}" is not {what} of the taxonomy')
    if spell.role_id or spell.occupation_id:
        _, occupation_id, title = roles.code(spell.role_id or spell.occupation_id or "")
        return replace(
            spell,
            title=spell.title or title,
            role_id=spell.role_id,
            occupation_id=spell.occupation_id or (occupation_id if spell.role_id else None),
        )
    role_id, occupation_id, _ = roles.title(spell.title)
    return replace(spell, role_id=role_id, occupation_id=occupation_id)


def _claims(
    doc: ProfileDocument, taxonomy: Taxonomy, linker: SkillLinker | None, today: date
) -> tuple[tuple[SkillClaim, ...], tuple[str, ...]]:
    """Skill claims (HRIS-kind evidence) of the document's skills; notes on unlinked names."""
    hits = _link_names([e.name for e in doc.skills if not e.skill_id], taxonomy, linker)
    claims: dict[str, SkillClaim] = {}
    unlinked: list[str] = []
    for entry in doc.skills:
        if entry.skill_id and entry.skill_id not in taxonomy.skills:
            where = entry.pointer + "/skill_id"
            raise invalid(where, f'"{entry.skill_id}" is not a skill id of the taxonomy')
        hit = (entry.skill_id, 1.0) if entry.skill_id else hits.get(entry.name.casefold())
        if hit is None:
            unlinked.append(entry.name)
            continue
        label = entry.name or taxonomy.skills[hit[0]].label
        conf = HRIS_SKILL_CONFIDENCE * hit[1]
        detail, ref = f"profile skill {label!r}", f"profile#{entry.pointer}"
        ev = Evidence("hris", conf, entry.level, detail, ref, today)
        old = claims.get(hit[0])
        evidence = (*old.evidence, ev) if old else (ev,)
        level = max(e.level for e in evidence)
        claims[hit[0]] = SkillClaim(hit[0], level, max(e.confidence for e in evidence), evidence)
    notes = (
        (f"{len(unlinked)} skill names not linked to the taxonomy: {', '.join(unlinked[:10])}",)
        if unlinked
        else ()
    )
    return tuple(claims[k] for k in sorted(claims)), notes


def _link_names(
    names: list[str], taxonomy: Taxonomy, linker: SkillLinker | None
) -> dict[str, tuple[str, float]]:
    """Skill names (casefolded) -> (skill id, score): exact labels first, then the linker."""
    if not names:
        return {}
    which = "esco" if any(s.taxonomy == "esco" for s in taxonomy.skills.values()) else "onet"
    unique = sorted({n.casefold(): n for n in names}.values())
    hits: dict[str, tuple[str, float]] = {}
    exact = exact_linker(taxonomy)
    for tax in (which, "onet" if which == "esco" else "esco"):
        for name, found in zip(unique, exact.link(unique, taxonomy=tax, top=1), strict=True):
            if found and name.casefold() not in hits:
                hits[name.casefold()] = (found[0].id, 1.0)
    missing = [n for n in unique if n.casefold() not in hits]
    if linker is not None and missing:
        for name, found in zip(missing, linker.link(missing, taxonomy=which, top=1), strict=True):
            if found and found[0].score >= MIN_LINK_SCORE:
                hits[name.casefold()] = (found[0].id, found[0].score)
    return hits


def plan_profile(parsed: ParsedImport, uow: UnitOfWork, *, replace: bool) -> ImportPlan:
    """A canonical profile: a new person, or the stored profile replaced (records kept)."""
    plan = ImportPlan.of(parsed)
    for _, profile in parsed.profiles:
        stored = uow.people.get(profile.person_id)
        (plan.updated_people if stored is not None else plan.new_people).append(profile)
    return plan


@dataclass(frozen=True)
class _ProfileReader:
    """The ImportReader of canonical profiles (read by the handler, not from a file)."""

    def read(self, path: Path, options: ImportOptions) -> ParsedImport:
        """Canonical profiles come in jobs, not files."""
        raise ValidationError("canonical profiles are read from a job payload", path=str(path))

    def plan(self, parsed: ParsedImport, uow: UnitOfWork, *, replace: bool) -> ImportPlan:
        """See ``plan_profile``."""
        return plan_profile(parsed, uow, replace=replace)


_PROFILE_READER = _ProfileReader()
