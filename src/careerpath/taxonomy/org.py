"""The organization's role framework (YAML, or CSV tables): load, validate, map onto O*NET / ESCO.

The format is documented in ``docs/role-framework.md``. Every problem in a framework is collected
in one pass and raised as one :class:`FrameworkValidationError` (a ``ValidationError``) whose
message lists each problem as ``file:line field: message — hint``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from careerpath.domain.errors import MissingDataError, ValidationError
from careerpath.domain.taxonomy import Facet, Occupation, Skill, SourceFile
from careerpath.taxonomy.org_csv import CsvFiles, read_csv_framework
from careerpath.taxonomy.org_model import DOCS, FrameworkValidationError, Problems, RawFramework
from careerpath.taxonomy.org_validate import CheckedFramework, Requirement, check_framework
from careerpath.taxonomy.org_yaml import read_yaml_framework
from careerpath.taxonomy.parts import TaxonomyPart
from careerpath.taxonomy.tabular import sha256_bytes

__all__ = [
    "ORG_SKILLS_FACET",
    "CsvFiles",
    "FrameworkValidationError",
    "build_skill_facet",
    "load_org_framework",
    "locate_framework",
]

ORG_SKILLS_FACET = "skills"  # the builder keys facets "<taxonomy>.<name>": "org.skills"
YAML_SUFFIXES = (".yaml", ".yml")
ROLES_SUFFIX = "roles.csv"
REQUIREMENTS_SUFFIX = "skills.csv"
ORG_SKILLS_SUFFIX = "org-skills.csv"


def load_org_framework(
    path: Path, *, occupations: Mapping[str, Occupation], skills: Mapping[str, Skill]
) -> TaxonomyPart:
    """Load and validate a role framework (YAML file, roles CSV, or folder) as taxonomy "org"."""
    files = locate_framework(path)
    problems = Problems(str(files.roles if isinstance(files, CsvFiles) else files))
    if isinstance(files, CsvFiles):
        raw = read_csv_framework(files, problems)
    else:
        raw = read_yaml_framework(files, str(files), problems)
    checked = check_framework(raw, occupations=occupations, skills=skills, problems=problems)
    problems.raise_if_any()
    return TaxonomyPart(
        occupations={o.id: o for o in checked.roles},
        skills=dict(checked.org_skills),
        facets={ORG_SKILLS_FACET: build_skill_facet(checked.roles, checked.requirements)},
        sources=_sources(raw, checked, files),
        notes=_notes(raw, checked, files),
    )


def locate_framework(path: Path) -> Path | CsvFiles:
    """The framework file(s) at ``path``: a YAML file, a roles CSV and its siblings, or a folder."""
    if path.is_dir():
        return _in_folder(path)
    if not path.is_file():
        raise MissingDataError("role framework not found", path=str(path), hint=f"see {DOCS}")
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return path
    if suffix == ".csv":
        return _csv_files(path)
    raise ValidationError(
        f"a role framework is a .yaml/.yml file or a <prefix>{ROLES_SUFFIX} table, not {suffix or 'this'}",
        path=str(path),
        hint=f"see {DOCS}",
    )


def _csv_files(roles: Path) -> CsvFiles:
    """The role-skills table (required) and org-skills table (optional) beside a roles table."""
    if not roles.name.lower().endswith(ROLES_SUFFIX):
        raise ValidationError(
            f"a CSV role framework's roles table is named <prefix>{ROLES_SUFFIX}",
            path=str(roles),
            hint=f"rename it, e.g. acme-{ROLES_SUFFIX}, beside acme-{REQUIREMENTS_SUFFIX} ({DOCS})",
        )
    prefix = roles.name[: -len(ROLES_SUFFIX)]
    requirements = roles.with_name(prefix + REQUIREMENTS_SUFFIX)
    if not requirements.is_file():
        raise MissingDataError(
            "role-skills table not found",
            path=str(requirements),
            hint=f"put {requirements.name} (role_id, skill, importance, level) beside {roles.name};"
            " a header-only file means no skill requirements",
        )
    org_skills = roles.with_name(prefix + ORG_SKILLS_SUFFIX)
    return CsvFiles(roles, requirements, org_skills if org_skills.is_file() else None)


def _in_folder(folder: Path) -> Path | CsvFiles:
    """The one framework in a folder: one ``*roles.csv``, else one ``*.yaml`` / ``*.yml``."""
    files = sorted(p for p in folder.iterdir() if p.is_file())
    roles = [p for p in files if p.name.lower().endswith(ROLES_SUFFIX)]
    yamls = [p for p in files if p.suffix.lower() in YAML_SUFFIXES]
    if len(roles) == 1:
        return _csv_files(roles[0])
    if not roles and len(yamls) == 1:
        return yamls[0]
    found = ", ".join(p.name for p in (roles or yamls)) or "no framework file"
    raise ValidationError(
        f"expected one *{ROLES_SUFFIX} or one YAML framework in the folder, found {found}",
        path=str(folder),
        hint="point at the file itself",
    )


def build_skill_facet(roles: list[Occupation], requirements: list[Requirement]) -> Facet:
    """The roles x skills facet: float32 CSR (n_roles, n_skills), importance and level in [0, 1].

    Rows follow the framework's role order, columns are the skill ids used, sorted. ``level`` is
    None when no requirement rates a level; unrated cells are 0.
    """
    row_ids = tuple(o.id for o in roles)
    col_ids = tuple(sorted({r.skill for r in requirements}))
    row_of = {rid: i for i, rid in enumerate(row_ids)}
    col_of = {cid: j for j, cid in enumerate(col_ids)}
    rows = np.array([row_of[r.role] for r in requirements], dtype=np.int64)
    cols = np.array([col_of[r.skill] for r in requirements], dtype=np.int64)
    shape = (len(row_ids), len(col_ids))
    importance = np.array([r.importance for r in requirements], dtype=np.float32)
    level = None
    if any(r.level is not None for r in requirements):
        levels = np.array([r.level or 0.0 for r in requirements], dtype=np.float32)
        level = sp.csr_matrix((levels, (rows, cols)), shape=shape, dtype=np.float32)
        level.eliminate_zeros()
    return Facet(
        name=ORG_SKILLS_FACET,
        taxonomy="org",
        row_ids=row_ids,
        col_ids=col_ids,
        importance=sp.csr_matrix((importance, (rows, cols)), shape=shape, dtype=np.float32),
        level=level,
    )


def _sources(
    raw: RawFramework, checked: CheckedFramework, files: Path | CsvFiles
) -> list[SourceFile]:
    """Provenance: each file read, with its checksum and data-row count."""
    if isinstance(files, Path):
        counted = [(files, len(raw.roles))]
    else:
        counted = [(files.roles, len(raw.roles)), (files.requirements, len(checked.requirements))]
        if files.org_skills is not None:
            counted.append((files.org_skills, len(raw.skills)))
    return [
        SourceFile(
            dataset="org",
            release=raw.version,
            path=str(p),
            sha256=sha256_bytes(p.read_bytes()),
            rows=n,
        )
        for p, n in counted
    ]


def _notes(raw: RawFramework, checked: CheckedFramework, files: Path | CsvFiles) -> list[str]:
    """What the loader says about the framework: counts, and roles mapped to no O*NET/ESCO code."""
    where = str(files.roles if isinstance(files, CsvFiles) else files)
    families = {o.group for o in checked.roles}
    title = " ".join(t for t in (raw.name or "role framework", raw.version) if t)
    notes = [
        f"org: {title} from {where}: {len(checked.roles)} roles in {len(families)} job families,"
        f" {len(checked.org_skills)} org-defined skills, {len(checked.requirements)} role-skill requirements"
    ]
    unmapped = [o.id for o in checked.roles if not o.links]
    if unmapped:
        shown = ", ".join(unmapped[:10]) + (", ..." if len(unmapped) > 10 else "")
        notes.append(f"org: {len(unmapped)} roles map to no O*NET or ESCO occupation: {shown}")
    return notes
