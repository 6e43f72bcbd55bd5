"""O*NET facet matrices (occupations x elements, float32 CSR) built from the release's files.

Scaling, for every rated file: a value becomes ``(value - offset) / span`` clipped to [0, 1]:
importance IM (1-5) → ``(IM - 1) / 4``; level LV (0-7) → ``LV / 7``; interests OI and work values
EX (1-7) → ``value / 7``; work context CX (1-5) → ``CX / 5``. Other scales in a file (IH, VH, CT,
category scales...) are ignored. A value with ``Recommend Suppress`` = Y is dropped (left absent);
a level with ``Not Relevant`` = Y becomes 0 (absent) while the element's importance row is kept
as published (its IM is then usually 1, i.e. 0 after scaling). Zeros are not stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from careerpath.domain.taxonomy import Facet
from careerpath.taxonomy.onet_files import CODE, Columns

TASK_WEIGHTS = {"core": 1.0, "supplemental": 0.5}
UNTYPED_TASK_WEIGHT = 0.5  # tasks whose type O*NET has not rated (blank, n/a) count as supplemental

IntArray = npt.NDArray[np.intp]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Scale:
    """An O*NET scale and its mapping onto [0, 1]: ``(value - offset) / span``."""

    scale_id: str
    offset: float
    span: float

    def scaled(self, values: FloatArray) -> FloatArray:
        """Values mapped onto [0, 1] (clipped), same shape."""
        return np.clip((values - self.offset) / self.span, 0.0, 1.0)


IM = Scale("IM", 1.0, 4.0)
LV = Scale("LV", 0.0, 7.0)
OI = Scale("OI", 0.0, 7.0)
EX = Scale("EX", 0.0, 7.0)
CX = Scale("CX", 0.0, 5.0)


@dataclass(frozen=True)
class RatedFile:
    """An O*NET file of per-element ratings, the facet it becomes and the kind of its elements."""

    facet: str
    file: str
    kind: str  # Skill.kind of its elements; "" for interests, work values, work context
    importance: Scale
    level: Scale | None = None


RATED_FILES = (
    RatedFile("skills", "Skills", "skill", IM, LV),
    RatedFile("knowledge", "Knowledge", "knowledge", IM, LV),
    RatedFile("abilities", "Abilities", "ability", IM, LV),
    RatedFile("work_activities", "Work Activities", "work_activity", IM, LV),
    RatedFile("work_styles", "Work Styles", "work_style", IM, LV),
    RatedFile("interests", "Interests", "", OI),
    RatedFile("work_values", "Work Values", "", EX),
    RatedFile("work_context", "Work Context", "", CX),
)
RATED_COLUMNS = (CODE, "Element ID", "Scale ID", "Data Value")
RATED_OPTIONAL = ("Element Name", "Recommend Suppress", "Not Relevant")


@dataclass
class FacetBuild:
    """A facet with what its file said about element names, and notes on what was left out."""

    facet: Facet
    names: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Grid:
    """Rows and columns of a facet, and each file row's position in it (-1 where not kept)."""

    row_ids: tuple[str, ...]
    col_ids: tuple[str, ...]
    rows: IntArray
    cols: IntArray

    def matrix(self, picked: IntArray, values: FloatArray) -> sp.csr_matrix:
        """CSR of the grid's shape from ``values`` at file rows ``picked``."""
        shape = (len(self.row_ids), len(self.col_ids))
        return sparse_max(self.rows[picked], self.cols[picked], values, shape)


def sparse_max(
    rows: IntArray, cols: IntArray, values: FloatArray, shape: tuple[int, int]
) -> sp.csr_matrix:
    """float32 CSR of ``shape`` from COO triplets; duplicates keep their max, zeros are dropped."""
    single = values.astype(np.float32)
    nonzero = single != 0  # after the cast: tiny values underflow to 0 in float32
    rows, cols, single = rows[nonzero], cols[nonzero], single[nonzero]
    key = rows.astype(np.int64) * max(shape[1], 1) + cols
    order = np.lexsort((single, key))
    last = np.ones(order.size, dtype=bool)
    last[:-1] = key[order][1:] != key[order][:-1]
    keep = order[last]
    indptr = np.zeros(shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows[keep], minlength=shape[0]), out=indptr[1:])
    return sp.csr_matrix((single[keep], cols[keep], indptr), shape=shape)


def _grid(
    occ: IntArray,
    keys: list[str],
    keep: npt.NDArray[np.bool_],
    occupations: Sequence[str],
    prefix: str = "",
) -> _Grid:
    """Rows = rated occupations (sorted, as ``occupations`` is), columns = sorted distinct keys."""
    picked = np.flatnonzero(keep)
    used = np.unique(occ[picked])
    row_of = np.full(len(occupations), -1, dtype=np.intp)
    row_of[used] = np.arange(used.size)
    col_ids = sorted({keys[i] for i in picked.tolist()})
    position = {key: i for i, key in enumerate(col_ids)}
    rows = np.full(occ.size, -1, dtype=np.intp)
    cols = np.full(occ.size, -1, dtype=np.intp)
    rows[picked] = row_of[occ[picked]]
    cols[picked] = np.fromiter((position[keys[i]] for i in picked.tolist()), np.intp, picked.size)
    row_ids = tuple(occupations[i] for i in used.tolist())
    return _Grid(row_ids, tuple(prefix + c for c in col_ids), rows, cols)


def _flag(cols: Columns, column: str) -> npt.NDArray[np.bool_]:
    return np.array([v.upper() == "Y" for v in cols.get(column)], dtype=bool)


def skipped_note(cols: Columns, occ: IntArray) -> list[str]:
    """A note counting the rows skipped because their O*NET-SOC code is not in Occupation Data."""
    unknown = int(np.count_nonzero(occ < 0))
    if not unknown:
        return []
    return [f"{cols.name}: skipped {unknown} row(s) whose O*NET-SOC code is not in Occupation Data"]


def rated_facet(
    cols: Columns, spec: RatedFile, occupations: Sequence[str], known: dict[str, int]
) -> FacetBuild:
    """A facet from a file of element ratings (Skills, Knowledge, Interests...), scaled to [0, 1]."""
    occ = cols.occupation_rows(known)
    elements = cols.require("Element ID")
    scales = np.array(cols.require("Scale ID"))
    used = [spec.importance] + ([spec.level] if spec.level is not None else [])
    relevant = (occ >= 0) & np.isin(scales, [s.scale_id for s in used])
    grid = _grid(occ, elements, relevant, occupations)
    suppressed = _flag(cols, "Recommend Suppress")
    importance = _scaled(
        cols, grid, relevant & (scales == spec.importance.scale_id) & ~suppressed, spec.importance
    )
    level = None
    not_relevant = _flag(cols, "Not Relevant")
    if spec.level is not None and np.any(relevant & (scales == spec.level.scale_id)):
        rated = relevant & (scales == spec.level.scale_id) & ~suppressed & ~not_relevant
        level = _scaled(cols, grid, rated, spec.level)
    facet = Facet(spec.facet, "onet", grid.row_ids, grid.col_ids, importance, level)
    names = {e: n for e, n in zip(elements, cols.get("Element Name"), strict=True) if n}
    notes = skipped_note(cols, occ)
    dropped = int(np.count_nonzero(relevant & suppressed))
    if dropped:
        notes.append(f"{cols.name}: dropped {dropped} value(s) marked Recommend Suppress = Y")
    zeroed = int(np.count_nonzero(relevant & not_relevant))
    if zeroed and level is not None:
        notes.append(f"{cols.name}: {zeroed} level(s) marked Not Relevant = Y set to 0")
    return FacetBuild(facet, names, notes)


def _scaled(cols: Columns, grid: _Grid, keep: npt.NDArray[np.bool_], scale: Scale) -> sp.csr_matrix:
    picked = np.flatnonzero(keep)
    return grid.matrix(picked, scale.scaled(cols.floats("Data Value", picked)))


def commodity_facet(
    cols: Columns, name: str, prefix: str, occupations: Sequence[str], known: dict[str, int]
) -> FacetBuild:
    """A binary facet (1.0 = the occupation uses it) of technology or tool commodities."""
    occ = cols.occupation_rows(known)
    keep = occ >= 0
    grid = _grid(occ, cols.require("Commodity Code"), keep, occupations, prefix)
    picked = np.flatnonzero(keep)
    importance = grid.matrix(picked, np.ones(picked.size))
    return FacetBuild(
        Facet(name, "onet", grid.row_ids, grid.col_ids, importance), notes=skipped_note(cols, occ)
    )


def task_weights(cols: Columns) -> FloatArray:
    """Each task row's weight from its Task Type: Core 1.0, Supplemental 0.5, untyped 0.5."""
    types = cols.get("Task Type")
    return np.array([TASK_WEIGHTS.get(t.casefold(), UNTYPED_TASK_WEIGHT) for t in types])


def task_facet(
    cols: Columns, occupations: Sequence[str], known: dict[str, int]
) -> tuple[FacetBuild, dict[str, float]]:
    """The tasks facet (columns = Task IDs) and each task's weight by Task ID."""
    occ = cols.occupation_rows(known)
    keep = occ >= 0
    ids = cols.require("Task ID")
    weights = task_weights(cols)
    grid = _grid(occ, ids, keep, occupations)
    picked = np.flatnonzero(keep)
    importance = grid.matrix(picked, weights[picked])
    by_task = {ids[i]: float(weights[i]) for i in picked.tolist()}
    facet = Facet("tasks", "onet", grid.row_ids, grid.col_ids, importance)
    return FacetBuild(facet, notes=skipped_note(cols, occ)), by_task


def dwa_facet(
    cols: Columns, weights: dict[str, float], occupations: Sequence[str], known: dict[str, int]
) -> FacetBuild:
    """Occupations x DWAs; a cell is the max weight of the occupation's tasks linked to the DWA."""
    occ = cols.occupation_rows(known)
    keep = occ >= 0
    tasks = cols.require("Task ID")
    dwas = cols.require("DWA ID")
    values = np.fromiter(
        (weights.get(t, UNTYPED_TASK_WEIGHT) for t in tasks), np.float64, len(tasks)
    )
    grid = _grid(occ, dwas, keep, occupations)
    picked = np.flatnonzero(keep)
    importance = grid.matrix(picked, values[picked])
    names = {d: n for d, n in zip(dwas, cols.get("DWA Title"), strict=True) if n}
    facet = Facet("dwas", "onet", grid.row_ids, grid.col_ids, importance)
    return FacetBuild(facet, names, skipped_note(cols, occ))
