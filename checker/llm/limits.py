"""Shared limits of one model endpoint: how many requests in flight, and when to give up on it.

:class:`Limiter`: at most ``concurrency`` requests in flight across every thread of the run; a
429's Retry-After pauses every worker, not only the one that got it. :class:`Breaker`: the
circuit breaker, open after ``threshold`` consecutive failures that speak of the endpoint
(connection refused, DNS, timeouts, 5xx, auth), at once on a fatal one (401, 403, exhausted
quota) or when a call ran out of tries on a connection error; once open, no call starts.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .control import RunControl


class Limiter:
    """Bounded concurrency plus a shared pause; counts the peak number in flight."""

    def __init__(self, concurrency: int) -> None:
        self.concurrency = max(1, concurrency)
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._lock = threading.Lock()
        self._pause_until = 0.0
        self.in_flight = 0
        self.peak = 0

    def pause(self, seconds: float) -> None:
        """No request starts for ``seconds`` (a 429's Retry-After), in any thread."""
        with self._lock:
            self._pause_until = max(self._pause_until, time.monotonic() + seconds)

    @contextmanager
    def slot(self, control: RunControl) -> Iterator[None]:
        """Hold one of the ``concurrency`` slots; waits out a pause; raises Stopped when the run stops."""
        while True:
            control.check()
            delay = self._pause_until - time.monotonic()
            if delay <= 0 and self._slots.acquire(timeout=0.1):
                if control.stopped or self._pause_until > time.monotonic():
                    self._slots.release()  # stopped or paused while this thread waited for the slot
                    continue
                break
            if delay > 0:
                control.wait(delay)
        with self._lock:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
        try:
            yield
        finally:
            with self._lock:
                self.in_flight -= 1
            self._slots.release()


class Breaker:
    """Counts consecutive endpoint failures; opening it stops the run with one clear reason."""

    def __init__(self, control: RunControl, threshold: int = 5) -> None:
        self.control = control
        self.threshold = threshold
        self.consecutive = 0
        self._lock = threading.Lock()

    def success(self) -> None:
        with self._lock:
            self.consecutive = 0

    def failure(self, message: str, *, persistent: bool, fatal: bool = False) -> None:
        """Record a failed request; open the breaker (stop the run) when it looks persistent."""
        with self._lock:
            if persistent or fatal:
                self.consecutive += 1
            count = self.consecutive
        if fatal:
            self.open(message)
        elif persistent and count >= self.threshold:
            self.open(f"{message} ({count} failures in a row)")

    def open(self, message: str) -> None:
        self.control.stop(f"gave up on the model endpoint: {message}")
