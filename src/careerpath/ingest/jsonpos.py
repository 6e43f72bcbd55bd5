"""JSON with locations: the parsed value plus the 1-based line of each value by JSON pointer."""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

from careerpath.domain.errors import DataError

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class Located:
    """A parsed JSON document that can say on which line a value (by JSON pointer) starts."""

    def __init__(self, text: str, name: str, *, depth: int = 64) -> None:
        self.name = name
        try:
            self.value: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(f"not valid JSON ({exc.msg})", path=name, line=exc.lineno) from None
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        self._offsets: dict[str, int] = {}
        self._walk(text, _WS.match(text, 0).end(), "", depth)  # type: ignore[union-attr]

    def line(self, pointer: str) -> int:
        """The line where the value at ``pointer`` starts (its nearest located parent's otherwise)."""
        while pointer and pointer not in self._offsets:
            pointer = pointer.rpartition("/")[0]
        return bisect.bisect_right(self._newlines, self._offsets.get(pointer, 0) - 1) + 1

    def _walk(self, text: str, at: int, pointer: str, depth: int) -> int:
        """Record where the value at ``at`` starts and return where it ends."""
        self._offsets[pointer] = at
        char = text[at]
        if depth <= 0 or char not in "[{":
            return _DECODER.raw_decode(text, at)[1]
        close = "]" if char == "[" else "}"
        at = _skip(text, at + 1)
        index = 0
        while text[at] != close:
            if char == "{":
                key, at = json.decoder.scanstring(text, at + 1)  # type: ignore[attr-defined]
                at = _skip(text, _skip(text, at) + 1)  # past the colon
                child = pointer + "/" + key.replace("~", "~0").replace("/", "~1")
            else:
                child = f"{pointer}/{index}"
            at = _skip(text, self._walk(text, at, child, depth - 1))
            if text[at] == ",":
                at = _skip(text, at + 1)
            index += 1
        return at + 1


def _skip(text: str, at: int) -> int:
    """The index of the next non-whitespace character."""
    return _WS.match(text, at).end()  # type: ignore[union-attr]


def pointer_of(*parts: str | int) -> str:
    """A JSON pointer from keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)
