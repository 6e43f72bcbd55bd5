"""An in-process wake-up signal: a submit rings, idle workers waiting on it wake at once."""

from __future__ import annotations

import threading


class Doorbell:
    """A counter plus a condition: ``wait`` returns early when ``ring`` was called since ``ticket``.

    Taking a ticket before looking for work and waiting with it afterwards loses no ring that
    happens in between (the classic missed wake-up of a bare Event).
    """

    def __init__(self) -> None:
        self._rings = 0
        self._cond = threading.Condition()

    def ticket(self) -> int:
        """The current ring count, to pass to ``wait`` later."""
        with self._cond:
            return self._rings

    def ring(self) -> None:
        """Wake every waiter."""
        with self._cond:
            self._rings += 1
            self._cond.notify_all()

    def wait(self, ticket: int, timeout: float) -> bool:
        """Sleep up to ``timeout`` seconds unless rung since ``ticket``; True when rung."""
        with self._cond:
            return self._cond.wait_for(lambda: self._rings != ticket, timeout=timeout)
