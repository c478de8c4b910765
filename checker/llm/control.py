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
        self._reserved = 0  # requests counted against max_calls: sent, or reserved and not yet settled
        self._sent = 0
        self._budget = threading.Condition()

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

    def reserve_calls(self, wanted: int = 1, spent: float | None = None) -> int:
        """Count up to ``wanted`` requests (a first try and its re-asks) against the budgets before
        they are sent: how many may be sent, at least one. With the call budget all reserved, wait
        for requests reserved elsewhere to be sent or given back; stop the run when none are left."""
        with self._budget:
            while True:
                if self.max_cost is not None and spent is not None and spent >= self.max_cost:
                    reason = f"cost budget of ${self.max_cost:g} reached (--max-cost)"
                    break
                if self.max_calls is None or self._reserved < self.max_calls:
                    granted = wanted if self.max_calls is None else min(wanted, self.max_calls - self._reserved)
                    self._reserved += granted
                    return granted
                if self._reserved == self._sent or self._event.is_set():
                    reason = f"call budget of {self.max_calls} call(s) reached (--max-calls)"
                    break
                self._budget.wait(0.1)
        self.stop(reason)
        self.check()
        return 0  # pragma: no cover - check() raised

    def settle_calls(self, granted: int, sent: int) -> None:
        """``sent`` of ``granted`` reserved requests went out; the others are given back."""
        with self._budget:
            self._reserved -= granted - sent
            self._sent += sent
            self._budget.notify_all()
