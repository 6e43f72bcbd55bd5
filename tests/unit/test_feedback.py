"""Feedback: strict, all-or-nothing validation with located messages, then deduplicated storage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerpath.domain.errors import InvalidRequestError, ValidationError
from careerpath.domain.feedback import EVENT_TYPES, FeedbackEvent
from careerpath.engine.feedback import (
    MAX_ITEMS,
    FeedbackResult,
    FeedbackValidationError,
    parse_feedback,
    record_feedback,
    store_feedback,
)
from fakes import FakeStore, FakeUnitOfWork

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def item(event_id: str = "ev-1", **changes: Any) -> dict[str, Any]:
    """A valid feedback item with ``changes`` applied (None removes a field)."""
    base: dict[str, Any] = {
        "event_id": event_id,
        "person_id": "E1",
        "type": "click",
        "occurred": "2025-06-01T13:30:00+02:00",
        "item_kind": "role",
        "item_id": "org:swe-3",
        "details": {"rank": 2, "list": "next_roles"},
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def test_parse_a_full_and_a_minimal_item() -> None:
    minimal = {
        "event_id": "ev-2",
        "person_id": "E2",
        "type": "outcome",
        "occurred": "2025-05-01T00:00Z",
    }
    events = parse_feedback([item(), minimal], source="hris", now=NOW)
    assert events == [
        FeedbackEvent(
            "ev-1",
            "E1",
            "click",
            datetime(2025, 6, 1, 11, 30, tzinfo=UTC),
            "role",
            "org:swe-3",
            "hris",
            {"rank": 2, "list": "next_roles"},
        ),
        FeedbackEvent("ev-2", "E2", "outcome", datetime(2025, 5, 1, tzinfo=UTC), source="hris"),
    ]


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (item(type="clik"), "items[1].type: 'clik' is not an event type (did you mean 'click'?)"),
        (item(type="zzz"), "items[1].type: 'zzz' is not an event type; one of 'impression'"),
        (item(type=None), "items[1].type: missing; one of"),
        (item(event_id=""), "items[1].event_id: empty text"),
        (item(event_id="x" * 129), "items[1].event_id: 129 characters, at most 128"),
        (item(event_id=7), "items[1].event_id: expected text, got the number 7"),
        (item(person_id=None), "items[1].person_id: missing"),
        (item(occurred="yesterday"), "items[1].occurred: 'yesterday' is not an ISO-8601 timestamp"),
        (
            item(occurred="2025-06-01T10:00:00"),
            "items[1].occurred: '2025-06-01T10:00:00' has no timezone",
        ),
        (item(occurred="2025-06-02T12:00:01Z"), "is more than a day in the future"),
        (item(occurred=None), "items[1].occurred: missing"),
        (item(item_kind="job"), "items[1].item_kind: 'job' is not one of 'role', 'path'"),
        (item(details=[1]), "items[1].details: expected a JSON object, got a list"),
        (item(details={"x": "y" * 17000}), "items[1].details: 17008 bytes of JSON, at most 16384"),
        (item(details={"x": float("inf")}), "items[1].details: not plain JSON"),
        (item(persn_id="E1"), "items[1].persn_id: unknown field (did you mean 'person_id'?)"),
        ("not an object", "items[1]: expected an object, got a str"),
    ],
)
def test_bad_items_are_located_and_nothing_is_stored(bad: Any, expected: str) -> None:
    store = FakeStore()
    with pytest.raises(ValidationError) as info:
        record_feedback([item("ok"), bad], source="svc", uow=FakeUnitOfWork(store), now=NOW)
    assert expected in str(info.value)
    assert str(info.value).startswith("invalid feedback, nothing was stored: ")
    assert store.feedback == {}


def test_a_day_of_clock_skew_is_allowed() -> None:
    skewed = item(occurred=(NOW + timedelta(days=1)).isoformat())
    assert parse_feedback([skewed], source="s", now=NOW)[0].occurred == NOW + timedelta(days=1)


def test_every_problem_is_listed() -> None:
    with pytest.raises(FeedbackValidationError) as info:
        parse_feedback(
            [item(type="x"), item(), item(event_id="", item_kind="q")], source="s", now=NOW
        )
    assert [f for f, _ in info.value.problems] == [
        "items[0].type",
        "items[2].event_id",
        "items[2].item_kind",
    ]


def test_bad_calls() -> None:
    with pytest.raises(InvalidRequestError, match="expected a list"):
        parse_feedback(item(), source="s", now=NOW)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match=f"at most {MAX_ITEMS}"):
        parse_feedback([item(f"e{i}") for i in range(MAX_ITEMS + 1)], source="s", now=NOW)
    with pytest.raises(InvalidRequestError, match="source"):
        parse_feedback([item()], source=" ", now=NOW)
    assert parse_feedback([], source="s", now=NOW) == []


def test_record_dedups_and_counts() -> None:
    store = FakeStore()
    first = record_feedback(
        [item("a"), item("b"), item("a", type="save")],
        source="s",
        uow=FakeUnitOfWork(store),
        now=NOW,
    )
    assert first == FeedbackResult(accepted=2, duplicates=0, event_ids=("a", "b"))
    again = record_feedback([item("b"), item("c")], source="s", uow=FakeUnitOfWork(store), now=NOW)
    assert again == FeedbackResult(accepted=1, duplicates=1, event_ids=("b", "c"))
    assert sorted(store.feedback) == [("a", "s"), ("b", "s"), ("c", "s")]
    assert store.feedback["a", "s"].type == "click"  # the first of a repeated id is kept
    other = record_feedback([item("a")], source="t", uow=FakeUnitOfWork(store), now=NOW)
    assert other.accepted == 1  # ids are the sender's own: another sender's "a" is a new event


def test_parse_then_store_lets_a_caller_check_each_person() -> None:
    store = FakeStore()
    events = parse_feedback([item("a"), item("b", person_id="E2")], source="svc", now=NOW)
    assert {e.person_id for e in events} == {"E1", "E2"}
    result = store_feedback(events, uow=FakeUnitOfWork(store), now=NOW)
    assert (result.accepted, result.duplicates) == (2, 0)


offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@given(
    st.sampled_from(EVENT_TYPES),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2025, 5, 31)),
    offsets,
    st.text(min_size=1, max_size=128).filter(lambda s: s.strip() and "\x00" not in s),
)
def test_any_valid_item_parses_to_the_same_moment(
    event_type: str, moment: datetime, tz: timezone, event_id: str
) -> None:
    when = moment.replace(tzinfo=tz)
    raw = item(event_id, type=event_type, occurred=when.isoformat())
    (event,) = parse_feedback([raw], source="s", now=NOW)
    assert (event.event_id, event.type, event.occurred) == (event_id, event_type, when)
