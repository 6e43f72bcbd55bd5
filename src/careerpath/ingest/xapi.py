"""xAPI statements (a JSON array, ``{"statements": [...]}``, or JSON lines) into learning records.

Tracked verbs: completed, passed, experienced, failed (ADL verb IRIs, or their display words);
other verbs are skipped and counted. A statement that cannot be read (no actor mapping, no
timestamp, a future date, a bad score) is rejected and located by line and JSON pointer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from careerpath.domain.errors import DataError
from careerpath.domain.profile import LearningRecord
from careerpath.engine.people import ImportOptions, Located, ParsedImport, Reject
from careerpath.ingest.common import read_utf8
from careerpath.ingest.jsonpos import Located as LocatedJson
from careerpath.ingest.mapping import ImportMapping, load_mapping

ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = ("completed", "passed", "experienced", "failed")


class StatementError(ValueError):
    """A problem with one statement: the field (JSON pointer inside it), value and reason."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


def read_xapi(path: Path, options: ImportOptions) -> ParsedImport:
    """Statements into learning records (person via the mapping's actors, course via object id)."""
    mapping = load_mapping(options.mapping)
    today = options.today or date.today()
    text = read_utf8(path, options.max_bytes)
    rejects: list[Reject] = []
    out: list[Located[LearningRecord]] = []
    seen: dict[str, int] = {}
    skipped: dict[str, int] = {}
    rows = 0
    for line, index, stmt in _statements(text, path.name):
        rows += 1
        try:
            verb = _verb(stmt)
            if verb not in VERBS:
                skipped[verb] = skipped.get(verb, 0) + 1
                continue
            record = _record(stmt, verb, mapping, today)
            sid = str(stmt.get("id") or "")
            first = seen.setdefault(sid, line) if sid else line
            if first != line:
                raise StatementError("/id", sid, f"repeats the statement on line {first}")
        except StatementError as exc:
            value = exc.value if isinstance(exc.value, str) else json.dumps(exc.value)[:80]
            rejects.append(
                Reject(path.name, line, f"/{index}{exc.field}", exc.reason, value, f"/{index}")
            )
            continue
        out.append((line, record))
    notes = tuple(
        f"{n} statements with verb {v!r} skipped (not tracked)" for v, n in sorted(skipped.items())
    )
    return ParsedImport(
        "xapi",
        path.name,
        rows,
        tuple(rejects),
        records=tuple(out),
        skipped=sum(skipped.values()),
        notes=notes,
    )


def _statements(text: str, name: str) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """(line, index, statement) of a JSON array, an LRS result object, or JSON lines."""
    head = text.lstrip()[:1]
    if head in ("[", "{") and not _is_json_lines(text):
        doc = LocatedJson(text, name, depth=3)
        items, base = doc.value, ""
        if isinstance(items, dict) and isinstance(items.get("statements"), list):
            items, base = items["statements"], "/statements"
        if not isinstance(items, list):
            raise DataError("expected a JSON array of xAPI statements", path=name, line=1)
        for i, stmt in enumerate(items):
            yield doc.line(f"{base}/{i}"), i, _object(stmt)
        return
    for i, raw in enumerate(text.splitlines()):
        if raw.strip():
            try:
                yield i + 1, i, _object(json.loads(raw))
            except json.JSONDecodeError as exc:
                raise DataError(f"not valid JSON ({exc.msg})", path=name, line=i + 1) from None


def _is_json_lines(text: str) -> bool:
    """Whether the text is one JSON object per line (the first line parses on its own)."""
    first = text.lstrip().split("\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict) and "\n" in text.strip()
    except json.JSONDecodeError:
        return False


def _object(stmt: object) -> dict[str, Any]:
    """A statement must be an object; anything else is an empty (rejected) one."""
    return stmt if isinstance(stmt, dict) else {}


def _verb(stmt: dict[str, Any]) -> str:
    """The verb: the ADL IRI's last segment, else an English display word."""
    verb = stmt.get("verb")
    if not isinstance(verb, dict):
        raise StatementError("/verb", verb, "is missing or not an object")
    iri = str(verb.get("id", ""))
    if iri.startswith(ADL):
        return iri[len(ADL) :]
    display = verb.get("display")
    words = (
        [str(w).strip().casefold() for w in display.values()] if isinstance(display, dict) else []
    )
    return next((w for w in words if w in VERBS), iri or "?")


def _record(stmt: dict[str, Any], verb: str, mapping: ImportMapping, today: date) -> LearningRecord:
    """A tracked statement as a learning record."""
    person = _person(stmt.get("actor"), mapping)
    course = _course(stmt.get("object"), mapping)
    when = _timestamp(stmt.get("timestamp"), today)
    return LearningRecord(person, course, verb, when, _score(stmt.get("result")))


def _person(actor: object, mapping: ImportMapping) -> str:
    """The person id of an actor: the mapping's actors, else the account name."""
    if not isinstance(actor, dict):
        raise StatementError("/actor", actor, "is missing or not an object")
    account = actor.get("account")
    if isinstance(account, dict) and account.get("name"):
        name, home = str(account["name"]), str(account.get("homePage", "")).rstrip("/")
        found = mapping.actors.get(f"{home}|{name}") or mapping.actors.get(name)
        if found or mapping.account_is_person_id:
            return found or name
        raise StatementError(
            "/actor/account/name", name, "has no person id under actors: in the mapping"
        )
    mbox = actor.get("mbox")
    if isinstance(mbox, str) and mbox:
        found = mapping.actors.get(mbox) or mapping.actors.get(mbox.removeprefix("mailto:"))
        if found:
            return found
        raise StatementError("/actor/mbox", mbox, "has no person id under actors: in the mapping")
    raise StatementError("/actor", "", "needs an account {homePage, name} or an mbox")


def _course(obj: object, mapping: ImportMapping) -> str:
    """The course id of the statement's object (prefix stripped, else an IRI's last segment)."""
    oid = obj.get("id") if isinstance(obj, dict) else None
    if not isinstance(oid, str) or not oid:
        raise StatementError("/object/id", oid, "is missing")
    if mapping.course_prefix and oid.startswith(mapping.course_prefix):
        return oid[len(mapping.course_prefix) :]
    if not mapping.course_prefix and "://" in oid:
        return oid.rstrip("/").rsplit("/", 1)[-1]
    return oid


def _timestamp(value: object, today: date) -> date:
    """The statement's date (ISO 8601 timestamp)."""
    if not isinstance(value, str) or not value:
        raise StatementError("/timestamp", value, "is missing")
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        raise StatementError("/timestamp", value, "is not an ISO 8601 timestamp") from None
    if when > today:
        raise StatementError("/timestamp", value, f"is in the future (after {today.isoformat()})")
    return when


def _score(result: object) -> float | None:
    """result.score as [0, 1]: ``scaled`` (negative clipped to 0), else raw within min..max."""
    score = result.get("score") if isinstance(result, dict) else None
    if not isinstance(score, dict):
        return None
    scaled = score.get("scaled")
    if isinstance(scaled, int | float) and -1 <= scaled <= 1:
        return max(0.0, float(scaled))
    raw, low, high = score.get("raw"), score.get("min", 0), score.get("max")
    if (
        (
            isinstance(raw, int | float)
            and isinstance(low, int | float)
            and isinstance(high, int | float)
        )
        and low < high
        and low <= raw <= high
    ):
        return (raw - low) / (high - low)
    if scaled is None and raw is None:
        return None
    raise StatementError("/result/score", score, "needs scaled in [-1, 1] or raw within min..max")
