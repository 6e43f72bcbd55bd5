"""Load an O*NET database release (text or Excel; folder or zip) into a TaxonomyPart.

Reads both the official text layout (no Title / Scale Name / DWA Title columns; names come from
``Content Model Reference`` and ``DWA Reference``) and the Excel layout or its tab-delimited copy.
Columns are chosen by name, extra columns are ignored. Only ``Occupation Data`` is required; the
part's notes say which files were used and which were absent. Scaling of the facet values is
described in :mod:`careerpath.taxonomy.onet_facets`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from careerpath.domain.errors import DataError
from careerpath.domain.taxonomy import Occupation, Skill
from careerpath.taxonomy.onet_facets import (
    RATED_COLUMNS,
    RATED_FILES,
    RATED_OPTIONAL,
    FacetBuild,
    commodity_facet,
    dwa_facet,
    rated_facet,
    skipped_note,
    task_facet,
)
from careerpath.taxonomy.onet_files import CODE, OCCUPATION_DATA, Columns, OnetRelease, open_release
from careerpath.taxonomy.parts import TaxonomyPart

TECH_PREFIX = "onet:tech:"
TOOL_PREFIX = "onet:tool:"
OPTIONAL_FILES = (
    "Alternate Titles",
    "Sample of Reported Titles",
    "Job Zones",
    "Education, Training, and Experience",
    "Content Model Reference",
    "DWA Reference",
    *(spec.file for spec in RATED_FILES),
    "Technology Skills",
    "Tools Used",
    "Task Statements",
    "Tasks to DWAs",
)


@dataclass
class _Load:
    """What one load has gathered so far."""

    release: OnetRelease
    ids: list[str]  # occupation ids, sorted
    known: dict[str, int]  # occupation id -> position in ids
    part: TaxonomyPart = field(default_factory=TaxonomyPart)
    element_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (name, text)

    def add(self, name: str, build: FacetBuild) -> None:
        """Keep a facet and its notes."""
        self.part.facets[name] = build.facet
        self.part.notes.extend(build.notes)


def load_onet(path: Path) -> TaxonomyPart:
    """Load the O*NET release at ``path`` (folder or zip of .txt or .xlsx files) into a part."""
    release = open_release(path)
    base = _occupation_data(release)
    ids = sorted(base)
    load = _Load(release, ids, {code: i for i, code in enumerate(ids)})
    _add_occupations(load, base)
    _read_element_names(load)
    _add_rated(load)
    _add_commodities(load)
    _add_tasks(load)
    load.part.sources = list(release.sources)
    load.part.notes.insert(0, _summary(release))
    return load.part


def _occupation_data(release: OnetRelease) -> dict[str, tuple[str, str]]:
    """Occupation Data: code -> (title, description); malformed or duplicate codes are errors."""
    cols = release.read(OCCUPATION_DATA, (CODE, "Title"), ("Description",))
    if cols is None:  # open_release guarantees the file; keep mypy and readers honest
        raise DataError(f"no {OCCUPATION_DATA}", path=str(release.path))
    cols.occupation_rows({})  # validates every code
    titles = cols.require("Title")
    out: dict[str, tuple[str, str]] = {}
    for i, (code, description) in enumerate(
        zip(cols.get(CODE), cols.get("Description"), strict=True)
    ):
        if code in out:
            raise cols.error(f"duplicate O*NET-SOC code {code!r}", i, CODE)
        out[code] = (titles[i], description)
    return out


def _add_occupations(load: _Load, base: dict[str, tuple[str, str]]) -> None:
    alt = _titles(load, "Alternate Titles", ("Alternate Title", "Short Title"))
    reported = _titles(load, "Sample of Reported Titles", ("Reported Job Title",))
    zones = _job_zones(load)
    education = _education(load)
    for code in load.ids:
        title, description = base[code]
        load.part.occupations[code] = Occupation(
            id=code,
            title=title,
            taxonomy="onet",
            description=description,
            alt_titles=tuple(alt.get(code, ())),
            reported_titles=tuple(reported.get(code, ())),
            job_zone=zones.get(code),
            education_level=education.get(code),
            group=code[:4],
        )


def _read(
    load: _Load, name: str, required: Sequence[str], optional: Sequence[str] = ()
) -> Columns | None:
    return load.release.read(name, (CODE, *required), optional)


def _titles(load: _Load, name: str, columns: Sequence[str]) -> dict[str, list[str]]:
    """Distinct non-empty titles per occupation from ``columns`` (the first is required)."""
    cols = _read(load, name, columns[:1], columns[1:])
    if cols is None:
        return {}
    occ = cols.occupation_rows(load.known)
    load.part.notes.extend(skipped_note(cols, occ))
    out: dict[str, dict[str, None]] = {}
    values = [cols.get(c) for c in columns]
    for i in np.flatnonzero(occ >= 0).tolist():
        seen = out.setdefault(load.ids[occ[i]], {})
        for column in values:
            if column[i]:
                seen[column[i]] = None
    return {code: list(titles) for code, titles in out.items()}


def _job_zones(load: _Load) -> dict[str, float]:
    cols = _read(load, "Job Zones", ("Job Zone",))
    if cols is None:
        return {}
    occ = cols.occupation_rows(load.known)
    load.part.notes.extend(skipped_note(cols, occ))
    picked = np.flatnonzero(occ >= 0)
    zones = cols.floats("Job Zone", picked)
    return {
        load.ids[o]: float(z) for o, z in zip(occ[picked].tolist(), zones.tolist(), strict=True)
    }


def _education(load: _Load) -> dict[str, float]:
    """Expected "Required Level of Education" category (RL, 1-12) from its percent distribution."""
    cols = _read(
        load, "Education, Training, and Experience", ("Scale ID", "Category", "Data Value")
    )
    if cols is None:
        return {}
    occ = cols.occupation_rows(load.known)
    load.part.notes.extend(skipped_note(cols, occ))
    picked = np.flatnonzero((occ >= 0) & (np.array(cols.get("Scale ID")) == "RL"))
    category = cols.floats("Category", picked)
    percent = cols.floats("Data Value", picked)
    n = len(load.ids)
    total = np.bincount(occ[picked], weights=category * percent, minlength=n)
    mass = np.bincount(occ[picked], weights=percent, minlength=n)
    rated = np.flatnonzero(mass > 0)
    return {load.ids[i]: float(total[i] / mass[i]) for i in rated.tolist()}


def _read_element_names(load: _Load) -> None:
    cols = load.release.read(
        "Content Model Reference", ("Element ID", "Element Name"), ("Description",)
    )
    if cols is None:
        return
    rows = zip(
        cols.get("Element ID"), cols.get("Element Name"), cols.get("Description"), strict=True
    )
    for element, name, description in rows:
        load.element_names[element] = (name, description)


def _add_rated(load: _Load) -> None:
    """Skills, Knowledge, Abilities, Work Activities, Work Styles, Interests, Work Values, Context."""
    for spec in RATED_FILES:
        cols = load.release.read(spec.file, RATED_COLUMNS, RATED_OPTIONAL)
        if cols is None:
            continue
        build = rated_facet(cols, spec, load.ids, load.known)
        load.add(spec.facet, build)
        if spec.kind:
            for element in build.facet.col_ids:
                name, description = load.element_names.get(element, ("", ""))
                label = build.names.get(element) or name or element
                skill = Skill(element, label, "onet", spec.kind, description=description)
                load.part.skills[element] = skill


def _add_commodities(load: _Load) -> None:
    """Technology Skills and Tools Used: binary facets and one Skill per UNSPSC commodity."""
    optional = ("Example", "Hot Technology", "In Demand")
    for name, file, prefix, kind in (
        ("technology", "Technology Skills", TECH_PREFIX, "technology"),
        ("tools", "Tools Used", TOOL_PREFIX, "tool"),
    ):
        cols = _read(load, file, ("Commodity Code", "Commodity Title"), optional)
        if cols is None:
            continue
        load.add(name, commodity_facet(cols, name, prefix, load.ids, load.known))
        load.part.skills.update(_commodity_skills(cols, prefix, kind))


def _commodity_skills(cols: Columns, prefix: str, kind: str) -> dict[str, Skill]:
    """One Skill per commodity: label = Commodity Title, alt labels = its distinct Examples."""
    titles: dict[str, str] = {}
    examples: dict[str, dict[str, None]] = {}
    hot: set[str] = set()
    in_demand: set[str] = set()
    rows = zip(
        cols.require("Commodity Code"),
        cols.get("Commodity Title"),
        cols.get("Example"),
        cols.get("Hot Technology"),
        cols.get("In Demand"),
        strict=True,
    )
    for code, title, example, is_hot, is_in_demand in rows:
        titles.setdefault(code, title or code)
        names = examples.setdefault(code, {})
        if example:
            names[example] = None
        if is_hot.upper() == "Y":
            hot.add(code)
        if is_in_demand.upper() == "Y":
            in_demand.add(code)
    return {
        prefix + code: Skill(
            prefix + code,
            title,
            "onet",
            kind,
            alt_labels=tuple(sorted(examples[code])),
            hot=code in hot,
            in_demand=code in in_demand,
        )
        for code, title in titles.items()
    }


def _add_tasks(load: _Load) -> None:
    """Tasks (Task Statements) and detailed work activities (Tasks to DWAs, DWA Reference)."""
    weights: dict[str, float] = {}
    cols = _read(load, "Task Statements", ("Task ID",), ("Task Type", "Task"))
    if cols is not None:
        build, weights = task_facet(cols, load.ids, load.known)
        load.add("tasks", build)
        _attach_task_statements(load, cols, weights)
    dwa_names = _dwa_reference(load)
    cols = _read(load, "Tasks to DWAs", ("Task ID", "DWA ID"), ("DWA Title",))
    if cols is not None:
        build = dwa_facet(cols, weights, load.ids, load.known)
        load.add("dwas", build)
        for dwa, title in build.names.items():
            dwa_names.setdefault(dwa, (title, ""))
    for dwa, (title, broader) in dwa_names.items():
        load.part.skills[dwa] = Skill(
            dwa, title, "onet", "work_activity", broader=(broader,) if broader else ()
        )


def _attach_task_statements(load: _Load, cols: Columns, weights: dict[str, float]) -> None:
    """Each occupation keeps its task statements, core tasks first (in file order within a type)."""
    if not cols.has("Task"):
        return
    by_code: dict[str, list[tuple[float, int, str]]] = {}
    rows = zip(cols.require(CODE), cols.require("Task ID"), cols.get("Task"), strict=True)
    for k, (code, task_id, text) in enumerate(rows):
        if text and code in load.part.occupations:
            by_code.setdefault(code, []).append((-weights.get(task_id, 0.0), k, text))
    for code, items in by_code.items():
        occ = load.part.occupations[code]
        tasks = tuple(text for _w, _k, text in sorted(items))
        load.part.occupations[code] = dataclasses.replace(occ, tasks=tasks)


def _dwa_reference(load: _Load) -> dict[str, tuple[str, str]]:
    """DWA id -> (title, id of its generalized work activity) from DWA Reference."""
    cols = load.release.read("DWA Reference", ("DWA ID", "DWA Title"), ("Element ID",))
    if cols is None:
        return {}
    rows = zip(cols.require("DWA ID"), cols.get("DWA Title"), cols.get("Element ID"), strict=True)
    return {dwa: (title or dwa, element) for dwa, title, element in rows}


def _summary(release: OnetRelease) -> str:
    used = [OCCUPATION_DATA, *(name for name in OPTIONAL_FILES if release.has(name))]
    absent = [name for name in OPTIONAL_FILES if not release.has(name)]
    text = f"O*NET {release.release} ({release.path}): used {', '.join(used)}"
    return text + (f"; absent: {', '.join(absent)}" if absent else "; no optional file absent")
