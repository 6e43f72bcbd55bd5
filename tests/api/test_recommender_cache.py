"""The recommender's caches: the organization is rebuilt only when its change marker moves, and a
person's result is recomputed only when their profile, the day or the organization changed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from api.support import seed, tiny_taxonomy
from careerpath.api.recommender import CONTEXT_SECONDS, Recommender
from careerpath.engine.ports import ImportBatch
from careerpath.store import open_store

TODAY = date(2025, 1, 1)


class Clock:
    """A settable monotonic clock."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _batch(kind: str, n: int) -> ImportBatch:
    at = datetime(2025, 1, 1, 10, n, tzinfo=UTC)
    return ImportBatch(f"b{n}", kind, "f.csv", at, at, "ok", 1)


def test_snapshot_survives_checks_until_the_organization_changes(tmp_path: Path) -> None:
    uow_factory = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    seed(uow_factory)
    tax = tiny_taxonomy()
    clock = Clock()
    rec = Recommender(uow_factory=uow_factory, taxonomy=lambda: tax, clock=clock)
    first = rec.snapshot()
    result = rec.recommend("EMP", target=None, today=TODAY)
    clock.now += CONTEXT_SECONDS + 1
    assert rec.snapshot().version == first.version  # marker unchanged: kept
    assert rec.recommend("EMP", target=None, today=TODAY) is result  # remembered
    with uow_factory() as uow:
        uow.imports.add_batch(_batch("resume", 1))  # one person's profile: not organizational
        uow.commit()
    clock.now += CONTEXT_SECONDS + 1
    assert rec.snapshot().version == first.version
    with uow_factory() as uow:
        uow.imports.add_batch(_batch("courses", 2))
        uow.commit()
    assert rec.snapshot().version == first.version  # not checked again before CONTEXT_SECONDS
    clock.now += CONTEXT_SECONDS + 1
    rebuilt = rec.snapshot()
    assert rebuilt.version > first.version
    assert rec.recommend("EMP", target=None, today=TODAY) is not result
    rec.invalidate()
    assert rec.snapshot().version > rebuilt.version


def test_a_new_day_recomputes(tmp_path: Path) -> None:
    uow_factory = open_store(f"sqlite:///{tmp_path / 'd.db'}")
    seed(uow_factory)
    tax = tiny_taxonomy()
    rec = Recommender(uow_factory=uow_factory, taxonomy=lambda: tax)
    one = rec.recommend("EMP", target=None, today=TODAY)
    two = rec.recommend("EMP", target=None, today=date(2025, 1, 2))
    assert one is not two and two.generated == date(2025, 1, 2)
