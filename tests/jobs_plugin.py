"""Job handlers for tests, loaded by workers through the job_plugins setting:
``CAREERPATH_JOB_PLUGINS=jobs_plugin:HANDLERS`` with tests/ on PYTHONPATH.

"test.effect" appends one outcome event (the effect whose count the tests check) and, on the first
run only (``marker`` file absent), writes the marker and sleeps ``sleep`` seconds mid-job, inside
the job's open transaction: the moment to SIGKILL the worker.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from careerpath.domain.errors import DataError
from careerpath.domain.profile import Outcome
from careerpath.engine.ports import UnitOfWork

EFFECT_PERSON = "effect"


def effect(payload: Mapping[str, Any], uow: UnitOfWork) -> Mapping[str, Any]:
    """Write one effect row; on the first run, mark the moment and sleep (module docstring)."""
    tag = str(payload.get("tag", ""))
    uow.organization.add_outcomes([Outcome(EFFECT_PERSON, "success", date(2025, 1, 1), detail=tag)])
    marker = payload.get("marker")
    if marker and not Path(marker).exists():
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(float(payload.get("sleep", 0)))
    return {"tag": tag, "pid": os.getpid()}


def bad_input(payload: Mapping[str, Any], uow: UnitOfWork) -> Mapping[str, Any]:
    """Write an effect, then refuse the payload (the job fails; the effect is rolled back)."""
    effect({"tag": "bad"}, uow)
    raise DataError("the payload names no person", column="person_id", hint="send person_id")


def crash(payload: Mapping[str, Any], uow: UnitOfWork) -> Mapping[str, Any]:
    """Write an effect, then fail unexpectedly (retried; the effect is rolled back)."""
    effect({"tag": "crash"}, uow)
    raise RuntimeError("the disk is full")


def effects(uow: UnitOfWork, tag: str | None = None) -> int:
    """How many effect rows are stored (with ``tag`` when given)."""
    rows = uow.organization.outcomes(EFFECT_PERSON)
    return sum(1 for r in rows if tag is None or r.detail == tag)


HANDLERS = {"test.effect": effect, "test.bad": bad_input, "test.crash": crash}
