"""Feedback events on recommendations: strict validation, then deduplicated storage.

``parse_feedback`` checks every item (all-or-nothing) and returns events, so an API can authorize
each person before ``store_feedback`` writes them; ``record_feedback`` does both. An item is::

    {"event_id": "ev-1", "person_id": "E0001", "type": "click",
     "occurred": "2025-05-01T12:00:00+02:00", "item_kind": "role", "item_id": "org:swe-3",
     "details": {"rank": 2}}

``item_kind``, ``item_id`` and ``details`` are optional.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from careerpath.domain.errors import InvalidRequestError, ValidationError
from careerpath.domain.feedback import EVENT_TYPES, EventType, FeedbackEvent
from careerpath.engine.ports import UnitOfWork

ITEM_KINDS: tuple[str, ...] = ("role", "path", "course", "project", "mentor", "")
FIELDS: tuple[str, ...] = (
    "event_id",
    "person_id",
    "type",
    "occurred",
    "item_kind",
    "item_id",
    "details",
)
MAX_ITEMS = 1_000  # events per call
MAX_ID_CHARS = 128  # event_id, person_id
MAX_ITEM_ID_CHARS = 256
MAX_DETAILS_BYTES = 16 * 1024  # compact UTF-8 JSON
FUTURE_TOLERANCE = timedelta(days=1)  # clock skew allowed for ``occurred``
MAX_PROBLEMS_LISTED = 10

Problem = tuple[str, str]  # field path (items[3].type), what is wrong and how to fix it


@dataclass(frozen=True, slots=True)
class FeedbackResult:
    """What a feedback call stored: new events, repeats of stored ids, and every id received."""

    accepted: int
    duplicates: int
    event_ids: tuple[str, ...]  # each distinct id of the request, in request order


class FeedbackValidationError(ValidationError):
    """Feedback items that break the schema; ``problems`` holds (field path, message) pairs."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        shown = [f"{f}: {m}" for f, m in self.problems[:MAX_PROBLEMS_LISTED]]
        extra = len(self.problems) - len(shown)
        text = "; ".join(shown) + (f"; ... and {extra} more" if extra > 0 else "")
        super().__init__(
            f"invalid feedback, nothing was stored: {text}",
            hint="fix these items and send the whole batch again",
        )


def parse_feedback(
    items: Sequence[Mapping[str, Any]], *, source: str, now: datetime
) -> list[FeedbackEvent]:
    """Validate every item and return its event; FeedbackValidationError lists all bad fields."""
    if isinstance(items, str | bytes | Mapping) or not isinstance(items, Sequence):
        raise InvalidRequestError("items: expected a list of feedback events")
    if len(items) > MAX_ITEMS:
        raise InvalidRequestError(
            f"items: {len(items)} events in one call, at most {MAX_ITEMS}",
            hint="send them in smaller batches",
        )
    if not source.strip():
        raise InvalidRequestError("source: the sender's subject is empty")
    problems: list[Problem] = []
    events = [_event(f"items[{i}]", item, source, now, problems) for i, item in enumerate(items)]
    if problems:
        raise FeedbackValidationError(problems)
    return [e for e in events if e is not None]


def store_feedback(
    events: Sequence[FeedbackEvent], *, uow: UnitOfWork, now: datetime
) -> FeedbackResult:
    """Store parsed events, skipping ids already stored or repeated (one transaction, committed)."""
    ids = tuple(dict.fromkeys(e.event_id for e in events))
    with uow:
        accepted = uow.feedback.add_many(events, received=now)
        uow.commit()
    return FeedbackResult(accepted, len(ids) - accepted, ids)


def record_feedback(
    items: Sequence[Mapping[str, Any]], *, source: str, uow: UnitOfWork, now: datetime
) -> FeedbackResult:
    """Validate all items (nothing stored if any is bad), then store the new ones; commits."""
    return store_feedback(parse_feedback(items, source=source, now=now), uow=uow, now=now)


def _event(
    at: str, item: Any, source: str, now: datetime, problems: list[Problem]
) -> FeedbackEvent | None:
    """One item as an event, or None after recording its problems."""
    if not isinstance(item, Mapping):
        problems.append((at, f"expected an object, got {_kind(item)}"))
        return None
    before = len(problems)
    for name in item:
        if name not in FIELDS:
            problems.append((f"{at}.{name}", "unknown field" + _did_you_mean(str(name), FIELDS)))
    event_id = _text(at, item, "event_id", MAX_ID_CHARS, problems, required=True)
    person_id = _text(at, item, "person_id", MAX_ID_CHARS, problems, required=True)
    kind = _text(at, item, "item_kind", 16, problems, required=False)
    if kind not in ITEM_KINDS:
        problems.append((f"{at}.item_kind", f"{kind!r} is not one of {_choices(ITEM_KINDS)}"))
    item_id = _text(at, item, "item_id", MAX_ITEM_ID_CHARS, problems, required=False)
    event_type = _type(at, item, problems)
    occurred = _occurred(at, item, now, problems)
    details = _details(at, item, problems)
    if len(problems) > before or event_type is None or occurred is None:
        return None
    return FeedbackEvent(event_id, person_id, event_type, occurred, kind, item_id, source, details)


def _text(
    at: str,
    item: Mapping[str, Any],
    name: str,
    limit: int,
    problems: list[Problem],
    *,
    required: bool,
) -> str:
    """A text field (at most ``limit`` characters); empty or absent only when not required."""
    value = item.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        what = "missing" if value is None else f"expected text, got {_kind(value)}"
        problems.append((f"{at}.{name}", what))
        return ""
    if required and not value.strip():
        problems.append((f"{at}.{name}", "empty text"))
    elif len(value) > limit:
        problems.append((f"{at}.{name}", f"{len(value)} characters, at most {limit}"))
    elif "\x00" in value:  # PostgreSQL cannot store NUL in text
        problems.append((f"{at}.{name}", "contains a NUL character: remove it"))
    return value


def _type(at: str, item: Mapping[str, Any], problems: list[Problem]) -> EventType | None:
    """The event type, one of EVENT_TYPES."""
    value = item.get("type")
    if isinstance(value, str) and value in EVENT_TYPES:
        return cast(EventType, value)
    if value is None:
        problems.append((f"{at}.type", f"missing; one of {_choices(EVENT_TYPES)}"))
    elif not isinstance(value, str):
        problems.append((f"{at}.type", f"expected text, got {_kind(value)}"))
    else:
        near = _did_you_mean(value, EVENT_TYPES) or f"; one of {_choices(EVENT_TYPES)}"
        problems.append((f"{at}.type", f"{value!r} is not an event type{near}"))
    return None


def _occurred(
    at: str, item: Mapping[str, Any], now: datetime, problems: list[Problem]
) -> datetime | None:
    """An ISO-8601 timestamp with a timezone, at most FUTURE_TOLERANCE after ``now``."""
    value, path = item.get("occurred"), f"{at}.occurred"
    example = "e.g. 2025-05-01T12:00:00Z"
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            problems.append((path, f"{value!r} is not an ISO-8601 timestamp ({example})"))
            return None
    else:
        what = "missing" if value is None else f"expected text, got {_kind(value)}"
        problems.append((path, f"{what} ({example})"))
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        problems.append((path, f"{value!r} has no timezone (add Z or +hh:mm; {example})"))
        return None
    try:
        moment.astimezone(UTC)
    except OverflowError:
        problems.append((path, f"{value!r} is out of range once in UTC"))
        return None
    if moment > now + FUTURE_TOLERANCE:
        problems.append((path, f"{moment.isoformat()} is more than a day in the future"))
        return None
    return moment


def _details(at: str, item: Mapping[str, Any], problems: list[Problem]) -> dict[str, Any]:
    """A JSON object of at most MAX_DETAILS_BYTES (compact UTF-8)."""
    value = item.get("details")
    if value is None:
        return {}
    path = f"{at}.details"
    if not isinstance(value, Mapping):
        problems.append((path, f"expected a JSON object, got {_kind(value)}"))
        return {}
    try:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        problems.append((path, f"not plain JSON ({exc})"))
        return {}
    size = len(text.encode("utf-8"))
    if size > MAX_DETAILS_BYTES:
        problems.append((path, f"{size} bytes of JSON, at most {MAX_DETAILS_BYTES}"))
        return {}
    parsed: dict[str, Any] = json.loads(text)
    return parsed


def _did_you_mean(name: str, valid: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` for a close valid name, else empty."""
    close = difflib.get_close_matches(name, [v for v in valid if v], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _choices(values: Sequence[str]) -> str:
    return ", ".join(repr(v) for v in values)


def _kind(value: Any) -> str:
    """How a value reads in a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"
