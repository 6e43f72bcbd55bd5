"""The SQL repositories, one module each; imported from here for convenience."""

from __future__ import annotations

from careerpath.store.imports import SqlImportRepository
from careerpath.store.learning import SqlLearningRepository
from careerpath.store.organization import SqlOrganizationRepository
from careerpath.store.people import SqlPeopleRepository

__all__ = [
    "SqlImportRepository",
    "SqlLearningRepository",
    "SqlOrganizationRepository",
    "SqlPeopleRepository",
]
