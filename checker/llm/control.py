"""Run control shared by the pipeline and the gateway: stop, deadline, call and cost budgets.

One :class:`RunControl` per run. Anything may :meth:`~RunControl.stop` it with a reason (Ctrl-C,
the circuit breaker, a budget); the first reason wins. :meth:`~RunControl.check` raises
:class:`Stopped` once it is stopped or past its deadline; :meth:`~RunControl.wait` sleeps but
wakes at once on a stop. Imports no model library: the offline engine uses it too.
"""

from __future__ import annotations

import threading
import time

from ..errors import ModelError


class Stopped(ModelError):
    """The run was stopped (interrupt, deadline, budget, endpoint given up): no new call starts."""


class RunControl:
    """Stop flag with a reason, an optional deadline (seconds from now) and budgets."""

    def __init__(self, deadline: float | None = None, max_calls: int | None = None,
                 max_cost: float | None = None) -> None:
        self.deadline = deadline
        self.max_calls = max_calls
        self.max_cost = max_cost
        self._deadline_at = time.monotonic() + deadline if deadline else None
        self._event = threading.Event()
        self._lock = threading.Lock()
        self.reason: str | None = None
        self.interrupted = False
        self._reserved = 0

    @property
    def stopped(self) -> bool:
        if not self._event.is_set() and self._deadline_at is not None and time.monotonic() >= self._deadline_at:
            self.stop(f"run deadline of {self.deadline:g} s reached")
        return self._event.is_set()

    def stop(self, reason: str, *, interrupted: bool = False) -> None:
        """Stop the run; the first reason is kept."""
        with self._lock:
            if self.reason is None:
                self.reason = reason
                self.interrupted = interrupted
        self._event.set()

    def check(self) -> None:
        """Raise :class:`Stopped` when the run is stopped or past its deadline."""
        if self.stopped:
            raise Stopped(f"not checked: {self.reason}")

    def remaining(self) -> float | None:
        """Seconds left before the deadline (None without one)."""
        return None if self._deadline_at is None else max(0.0, self._deadline_at - time.monotonic())

    def wait(self, seconds: float) -> None:
        """Sleep ``seconds`` (capped by the deadline); return early when the run stops."""
        left = self.remaining()
        self._event.wait(seconds if left is None else min(seconds, left))

    def reserve_call(self, spent: float | None = None) -> None:
        """Count one request against the budgets before it is sent; stop the run at the budget."""
        with self._lock:
            over_calls = self.max_calls is not None and self._reserved >= self.max_calls
            over_cost = self.max_cost is not None and spent is not None and spent >= self.max_cost
            if not (over_calls or over_cost):
                self._reserved += 1
                return
        if over_calls:
            self.stop(f"call budget of {self.max_calls} call(s) reached (--max-calls)")
        else:
            self.stop(f"cost budget of ${self.max_cost:g} reached (--max-cost)")
        self.check()
