"""Feedback events on recommendations and their outcomes, deduplicated by event id per sender."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

EventType = Literal[
    "impression", "click", "save", "dismiss", "apply", "enroll", "complete", "move", "outcome"
]
EVENT_TYPES: tuple[str, ...] = (
    "impression",
    "click",
    "save",
    "dismiss",
    "apply",
    "enroll",
    "complete",
    "move",
    "outcome",
)


@dataclass(frozen=True, slots=True)
class FeedbackEvent:
    """One event: who (person), what happened (type) to which item (kind + id), when, from whom."""

    event_id: str
    person_id: str
    type: EventType
    occurred: datetime
    item_kind: str = ""  # role | path | course | project | mentor | ""
    item_id: str = ""
    source: str = ""  # subject of the principal who sent it
    details: Mapping[str, Any] = field(default_factory=dict)
