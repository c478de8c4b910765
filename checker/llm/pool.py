"""Ordered, bounded, interruptible thread map: the workers of a run.

``map_ordered(fn, items, workers, control)`` runs ``fn`` on every item with at most ``workers``
daemon threads and returns one :class:`Outcome` per item in input order, whatever the order of
completion. Once ``control`` is stopped no new item starts (its outcome stays ``ran=False``).
Ctrl-C while waiting stops ``control`` (``interrupted``) and returns what finished; requests
still in flight are abandoned (daemon threads), their results not used.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .control import RunControl

INTERRUPTED = "interrupted (Ctrl-C)"


@dataclass
class Outcome:
    ran: bool = False
    value: Any = None
    error: BaseException | None = None


def map_ordered(fn: Callable[[Any], Any], items: Sequence[Any], workers: int, control: RunControl) -> list[Outcome]:
    outcomes = [Outcome() for _ in items]
    if not items:
        return outcomes
    state = {"next": 0, "busy": 0}
    cond = threading.Condition()

    def work() -> None:
        while True:
            with cond:
                if control.stopped or state["next"] >= len(items):
                    cond.notify_all()
                    return
                i = state["next"]
                state["next"] += 1
                state["busy"] += 1
            result = Outcome(ran=True)
            try:
                result.value = fn(items[i])
            except Exception as exc:  # recorded per item; the others go on
                result.error = exc
            with cond:
                outcomes[i] = result
                state["busy"] -= 1
                cond.notify_all()

    threads = [threading.Thread(target=work, daemon=True, name=f"checker-worker-{n}")
               for n in range(max(1, min(workers, len(items))))]
    for t in threads:
        t.start()
    try:
        with cond:
            while not (state["busy"] == 0 and (control.stopped or state["next"] >= len(items))):
                cond.wait(0.1)
            return list(outcomes)
    except KeyboardInterrupt:
        control.stop(INTERRUPTED, interrupted=True)
        with cond:
            return list(outcomes)
