"""Results of expensive functions of one large object (a taxonomy mapping), remembered by identity."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class IdentityMemo(Generic[K, V]):
    """``fn(obj)`` remembered per object identity; the newest ``size`` objects are kept alive with
    their results, so an id is never reused while its entry exists."""

    def __init__(self, fn: Callable[[K], V], size: int = 4) -> None:
        self.fn = fn
        self.size = size
        self._entries: OrderedDict[int, tuple[K, V]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, obj: K) -> V:
        """The remembered result for ``obj``, computed on first use."""
        key = id(obj)
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and hit[0] is obj:
                self._entries.move_to_end(key)
                return hit[1]
        value = self.fn(obj)
        with self._lock:
            self._entries[key] = (obj, value)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value
