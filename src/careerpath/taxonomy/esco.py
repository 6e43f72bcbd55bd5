"""ESCO loader: occupations, skills and the occupation x skill facet from the official CSV download.

Reads an ESCO version folder holding the CSV download zips (``esco-v1.1.1-en-csv.zip`` and
``esco-v1.1.1-relations-csv.zip``), the extracted CSVs (in the folder or one level down), or a
single zip. Files are found by name, whatever the label language (``occupations_en.csv``,
``occupations_de.csv``; English wins when several are present):

- required: ``occupations_*.csv``, ``skills_*.csv``, ``occupationSkillRelations*.csv``;
- optional: ``broaderRelationsOccPillar*.csv`` and ``broaderRelationsSkillPillar*.csv`` (broader
  ids), ``languageSkillsCollection_*.csv`` (marks language skills ``kind="language"``).

Only concepts whose ``status`` is ``released`` are kept (when the column exists). Skill groups and
ISCO groups are *not* loaded as skills or occupations: their URIs appear only in ``broader``
(``.../esco/isco/C2654`` for ISCO groups, skill-group URIs for skills), so code that walks
``broader`` must check that an id is a key of ``skills`` / ``occupations``. The facet ``skills``
rates every released occupation (rows) against every released skill (columns), both sorted by id:
essential = 1.0, optional = 0.5, float32 CSR, no level. Links whose occupation or skill is not a
released concept are skipped and counted in the notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from careerpath.domain.errors import DataError, MissingDataError
from careerpath.domain.taxonomy import Facet, Occupation, Skill
from careerpath.taxonomy.discovery import file_name, list_sources, pick_source, read_source
from careerpath.taxonomy.parts import TaxonomyPart
from careerpath.taxonomy.tabular import Row, Table, TableSource

TAXONOMY = "esco"
FACET = "skills"
IMPORTANCE = {"essential": 1.0, "optional": 0.5}
SKILL_KINDS = {"skill/competence": "skill", "knowledge": "knowledge", "": "skill"}

_LANG = r"(_[a-z]{2,3}(-[a-z]{2,4})?)?"
PATTERNS = {
    "occupations": rf"occupations{_LANG}\.csv",
    "skills": rf"skills{_LANG}\.csv",
    "relations": rf"occupationSkillRelations{_LANG}\.csv",
    "occ_broader": rf"broaderRelationsOccPillar{_LANG}\.csv",
    "skill_broader": rf"broaderRelationsSkillPillar{_LANG}\.csv",
    "languages": rf"languageSkillsCollection{_LANG}\.csv",
}
REQUIRED = ("occupations", "skills", "relations")
_HOW = (
    "run `careerpath data fetch`, or put the ESCO CSV download zips (esco-v<version>-<lang>-csv.zip"
    " and esco-v<version>-relations-csv.zip from https://esco.ec.europa.eu/en/use-esco/download)"
    " in <data>/esco/<version>/"
)


def load_esco(path: Path) -> TaxonomyPart:
    """Load ESCO occupations, skills and the occupations x skills facet from a folder or zip."""
    files = _locate(path)
    release = _release_of(path, files.values())
    part = TaxonomyPart()
    ctx = _Context(part, release)
    occ_broader = ctx.broader(files.get("occ_broader"))
    skill_broader = ctx.broader(files.get("skill_broader"))
    languages = ctx.language_skills(files.get("languages"))
    part.skills = ctx.skills(files["skills"], skill_broader, languages)
    part.occupations = ctx.occupations(files["occupations"], occ_broader)
    part.facets[FACET] = ctx.facet(files["relations"])
    used = ", ".join(file_name(s) for s in files.values())
    absent = [k for k in PATTERNS if k not in files]
    part.notes.insert(0, f"ESCO {release or '(unknown version)'}: used {used}")
    if absent:
        part.notes.append(f"ESCO: optional files absent: {', '.join(_display(k) for k in absent)}")
    return part


def _locate(path: Path) -> dict[str, TableSource]:
    """The ESCO files by role; a missing required file is a MissingDataError saying what to do."""
    if not path.exists():
        raise MissingDataError("ESCO release not found", path=str(path), hint=_HOW)
    sources = list_sources(path)
    files: dict[str, TableSource] = {}
    for role, pattern in PATTERNS.items():
        chosen, _ = pick_source(sources, pattern, prefer="_en")
        if chosen is not None:
            files[role] = chosen
    missing = [_display(role) for role in REQUIRED if role not in files]
    if missing:
        raise MissingDataError(
            f"ESCO file(s) not found: {', '.join(missing)}", path=str(path), hint=_HOW
        )
    return files


def _display(role: str) -> str:
    """The file name pattern of a role as a user would type it (``occupations*.csv``)."""
    return PATTERNS[role].replace(_LANG, "*").replace("\\", "")


def _release_of(path: Path, sources: Iterable[TableSource]) -> str:
    """The ESCO version from the folder, zip or file names (``1.1.1``), else ``""``."""
    names = [path.name, *(s.path.name for s in sources)]
    for name in names:
        found = re.search(r"v?(\d+(?:\.\d+)+)", name)
        if found:
            return found.group(1)
    return ""


def _labels(text: str, *, exclude: str = "") -> tuple[str, ...]:
    """Split a newline-separated ESCO label list, dropping blanks, duplicates and ``exclude``."""
    out: dict[str, None] = {}
    for label in text.splitlines():
        label = label.strip()
        if label and label != exclude:
            out.setdefault(label, None)
    return tuple(out)


class _Context:
    """Reads the ESCO tables into one TaxonomyPart, recording sources and notes as it goes."""

    def __init__(self, part: TaxonomyPart, release: str) -> None:
        self.part = part
        self.release = release

    def read(self, source: TableSource, required: tuple[str, ...]) -> Table:
        """Read one table and record its provenance."""
        table, provenance = read_source(
            source, dataset=TAXONOMY, release=self.release, required=required
        )
        self.part.sources.append(provenance)
        return table

    def uri(self, table: Table, row: Row, column: str) -> str:
        """A concept URI from a row; a blank or non-URI value is a DataError naming the line."""
        value = row.get(column)
        if not value.startswith(("http://", "https://")):
            raise DataError(
                f"not an ESCO concept URI: {value!r}",
                path=table.source.name,
                line=row.line,
                column=column,
                hint="the file looks damaged; download the ESCO release again",
            )
        return value

    def released(self, table: Table, rows: Iterable[Row], what: str) -> Iterable[Row]:
        """The rows whose status is ``released`` (all rows when the table has no status column)."""
        if "status" not in table.header:
            yield from rows
            return
        skipped = 0
        for row in rows:
            if row.get("status").casefold() == "released":
                yield row
            else:
                skipped += 1
        if skipped:
            self.part.notes.append(f"ESCO: skipped {skipped} {what} whose status is not released")

    def broader(self, source: TableSource | None) -> dict[str, list[str]]:
        """Broader concept URIs by concept URI, from a broaderRelations*Pillar file."""
        if source is None:
            return {}
        table = self.read(source, ("conceptUri", "broaderUri"))
        lines, cols = table.columns(("conceptUri", "broaderUri"))
        for column, values in cols.items():
            _check_uris(table, lines, values, column)
        out: dict[str, list[str]] = {}
        for child, parent in zip(cols["conceptUri"], cols["broaderUri"], strict=True):
            out.setdefault(child, []).append(parent)
        return out

    def language_skills(self, source: TableSource | None) -> set[str]:
        """URIs of the language skills and knowledge, from languageSkillsCollection (if present)."""
        if source is None:
            self.part.notes.append(
                "ESCO: no languageSkillsCollection file; language skills kept as skill/knowledge"
            )
            return set()
        table = self.read(source, ("conceptUri",))
        return {self.uri(table, row, "conceptUri") for row in table.rows(("conceptUri",))}

    def skills(
        self, source: TableSource, broader: dict[str, list[str]], languages: set[str]
    ) -> dict[str, Skill]:
        """Released skills by URI, with labels, kind, reuse level and broader ids."""
        columns = (
            "conceptUri",
            "preferredLabel",
            "altLabels",
            "hiddenLabels",
            "skillType",
            "reuseLevel",
            "description",
            "definition",
            "status",
        )
        table = self.read(source, ("conceptUri", "preferredLabel", "skillType"))
        out: dict[str, Skill] = {}
        for row in self.released(table, table.rows(columns), "skills"):
            uri = self.uri(table, row, "conceptUri")
            label = row.get("preferredLabel")
            skill_type = row.get("skillType")
            kind = "language" if uri in languages else SKILL_KINDS.get(skill_type, skill_type)
            out.setdefault(
                uri,
                Skill(
                    id=uri,
                    label=label,
                    taxonomy=TAXONOMY,
                    kind=kind,
                    alt_labels=_labels(row.get("altLabels"), exclude=label),
                    hidden_labels=_labels(row.get("hiddenLabels"), exclude=label),
                    description=row.get("description") or row.get("definition"),
                    reuse_level=row.get("reuseLevel"),
                    broader=tuple(broader.get(uri, ())),
                ),
            )
        return out

    def occupations(
        self, source: TableSource, broader: dict[str, list[str]]
    ) -> dict[str, Occupation]:
        """Released occupations by URI, with alt + hidden titles, ISCO group and broader ids."""
        columns = (
            "conceptUri",
            "preferredLabel",
            "altLabels",
            "hiddenLabels",
            "iscoGroup",
            "description",
            "definition",
            "status",
        )
        table = self.read(source, ("conceptUri", "preferredLabel"))
        out: dict[str, Occupation] = {}
        for row in self.released(table, table.rows(columns), "occupations"):
            uri = self.uri(table, row, "conceptUri")
            title = row.get("preferredLabel")
            alt = _labels(row.get("altLabels") + "\n" + row.get("hiddenLabels"), exclude=title)
            out.setdefault(
                uri,
                Occupation(
                    id=uri,
                    title=title,
                    taxonomy=TAXONOMY,
                    alt_titles=alt,
                    description=row.get("description") or row.get("definition"),
                    group=row.get("iscoGroup"),
                    broader=tuple(broader.get(uri, ())),
                ),
            )
        return out

    def facet(self, source: TableSource) -> Facet:
        """The occupations x skills facet: essential 1.0, optional 0.5 (float32 CSR, sorted ids)."""
        table = self.read(source, ("occupationUri", "relationType", "skillUri"))
        lines, cols = table.columns(("occupationUri", "relationType", "skillUri"))
        values = _importances(table, lines, cols["relationType"])
        row_ids = tuple(sorted(self.part.occupations))
        col_ids = tuple(sorted(self.part.skills))
        row_of = {u: i for i, u in enumerate(row_ids)}
        col_of = {u: j for j, u in enumerate(col_ids)}
        rows = np.array([row_of.get(u, -1) for u in cols["occupationUri"]], dtype=np.int64)
        cols_ = np.array([col_of.get(u, -1) for u in cols["skillUri"]], dtype=np.int64)
        known = (rows >= 0) & (cols_ >= 0)
        if not known.all():
            unknown = {cols["occupationUri"][k] for k in np.flatnonzero(rows < 0)}
            unknown |= {cols["skillUri"][k] for k in np.flatnonzero(cols_ < 0)}
            self.part.notes.append(
                f"ESCO: skipped {int((~known).sum())} of {len(lines)} occupation-skill links in"
                f" {file_name(source)}: {len(unknown)} concept(s) they name are not released"
                f" occupations or skills (e.g. {min(unknown)})"
            )
        shape = (len(row_ids), len(col_ids))
        matrix = _csr(rows[known], cols_[known], values[known], shape)
        return Facet(FACET, TAXONOMY, row_ids, col_ids, matrix)


def _check_uris(table: Table, lines: list[int], values: list[str], column: str) -> None:
    """Raise a DataError on the first value that is not a concept URI."""
    for line, value in zip(lines, values, strict=True):
        if not value.startswith(("http://", "https://")):
            raise DataError(
                f"not an ESCO concept URI: {value!r}",
                path=table.source.name,
                line=line,
                column=column,
                hint="the file looks damaged; download the ESCO release again",
            )


def _importances(table: Table, lines: list[int], relations: list[str]) -> np.ndarray:
    """1.0 for each essential link, 0.5 for each optional one; anything else is a DataError."""
    values = [IMPORTANCE.get(r.casefold(), -1.0) for r in relations]
    if -1.0 in values:
        k = values.index(-1.0)
        raise DataError(
            f"unknown relation type {relations[k]!r}; expected essential or optional",
            path=table.source.name,
            line=lines[k],
            column="relationType",
        )
    return np.array(values, dtype=np.float32)


def _csr(
    rows: np.ndarray, cols: np.ndarray, values: np.ndarray, shape: tuple[int, int]
) -> sp.csr_matrix:
    """A float32 CSR matrix with sorted indices; a repeated (row, col) keeps its largest value."""
    keys = rows * shape[1] + cols
    order = np.lexsort((values, keys))
    keys, values = keys[order], values[order]
    last = np.ones(len(keys), dtype=bool)
    last[:-1] = keys[1:] != keys[:-1]
    keys, values = keys[last], values[last]
    matrix = sp.csr_matrix(
        (values, (keys // shape[1], keys % shape[1])), shape=shape, dtype=np.float32
    )
    matrix.sort_indices()
    return matrix
