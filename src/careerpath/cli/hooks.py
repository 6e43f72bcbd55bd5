"""The unit of work and taxonomy of a command, through its module's test hook when one is set."""

from __future__ import annotations

from collections.abc import Callable

from careerpath.config import Settings
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import UnitOfWork

UowHook = Callable[[Settings], UnitOfWork] | None
TaxonomyHook = Callable[[Settings], Taxonomy] | None


def unit_of_work(settings: Settings, hook: UowHook) -> UnitOfWork:
    """``hook(settings)`` when set, else the people commands' unit of work (and their hook)."""
    if hook is not None:
        return hook(settings)
    from careerpath.cli import people

    return people._uow(settings)


def taxonomy(settings: Settings, hook: TaxonomyHook) -> Taxonomy:
    """``hook(settings)`` when set, else the people commands' taxonomy (and their hook)."""
    if hook is not None:
        return hook(settings)
    from careerpath.cli import people

    return people._taxonomy(settings)
