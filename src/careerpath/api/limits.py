"""Request limits: a token bucket per caller (429 with Retry-After) and page-size handling."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from careerpath.api.problems import ApiProblem

MAX_BUCKETS = 100_000  # callers remembered; the least recently seen are forgotten beyond this


class RateLimiter:
    """At most ``per_minute`` requests per caller key: a token bucket refilled continuously.

    A burst of up to ``per_minute`` requests passes at once; after that requests pass at
    ``per_minute / 60`` per second. ``check`` raises a 429 problem with ``Retry-After`` (whole
    seconds until one token is back).
    """

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens per second
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """Take one token for ``key`` or raise ApiProblem(429) saying when to retry."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.pop(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            allowed = tokens >= 1.0
            self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
            while len(self._buckets) > MAX_BUCKETS:
                self._buckets.popitem(last=False)
        if not allowed:
            wait = max(1, math.ceil((1.0 - tokens) / self.rate))
            raise ApiProblem(
                429,
                "rate-limited",
                f"too many requests: at most {int(self.capacity)} per minute per caller; "
                f"retry in {wait} s",
                headers={"Retry-After": str(wait)},
            )
