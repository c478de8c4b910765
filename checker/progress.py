"""Progress of a run: the pipeline reports to a :class:`Progress`, displays observe it.

The pipeline only calls :meth:`Progress.start`, :meth:`Progress.advance` and
:meth:`Progress.finish` for its stages (``load``, ``extract``, ``compare``); it knows
nothing of terminals. An observer is any callable taking a :class:`ProgressEvent`;
:func:`display` picks one for a stream: a rich progress bar on a terminal, plain
periodic lines otherwise (a log file, CI), or nothing when quiet.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from .models import Usage

STAGES = {"load": "Loading", "extract": "Extracting", "compare": "Comparing"}


@dataclass
class ProgressEvent:
    """Where one stage stands: ``done`` of ``total`` items (``total`` None when not known yet)."""

    stage: str
    done: int = 0
    total: int | None = None
    item: str = ""
    claims: int = 0
    calls: int = 0
    tokens: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: bool = False

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def eta(self) -> float | None:
        """Seconds left at the pace so far; None before the first item or without a total."""
        if not self.total or not self.done or self.finished:
            return None
        return self.elapsed / self.done * (self.total - self.done)


Observer = Callable[[ProgressEvent], None]


class Progress:
    """The one thing the pipeline reports progress to; without observers it does nothing."""

    def __init__(self, *observers: Observer) -> None:
        self.observers = [o for o in observers if o is not None]
        self.events: dict[str, ProgressEvent] = {}

    def start(self, stage: str, total: int | None = None) -> None:
        self.events[stage] = ProgressEvent(stage=stage, total=total)
        self._emit(stage)

    def advance(self, stage: str, item: str = "", *, claims: int | None = None, usage: Usage | None = None) -> None:
        """One more item of ``stage`` done; ``claims`` and ``usage`` are running totals."""
        event = self.events.get(stage) or self.events.setdefault(stage, ProgressEvent(stage=stage))
        event.done += 1
        event.item = item
        if claims is not None:
            event.claims = claims
        if usage is not None:
            event.calls, event.tokens = usage.calls, usage.prompt_tokens + usage.completion_tokens
        self._emit(stage)

    def finish(self, stage: str) -> None:
        event = self.events.get(stage) or self.events.setdefault(stage, ProgressEvent(stage=stage))
        event.finished = True
        if event.total is None:
            event.total = event.done
        event.done = event.total
        self._emit(stage)

    def close(self) -> None:
        for observer in self.observers:
            closer = getattr(observer, "close", None)
            if closer:
                closer()

    def _emit(self, stage: str) -> None:
        for observer in self.observers:
            observer(self.events[stage])


def describe(event: ProgressEvent) -> str:
    """'extract 12/84 articles · 340 claims · 6 LLM calls, 12,400 tokens · 20 s · ETA 1 min'."""
    unit = {"load": "files", "extract": "articles", "compare": "articles"}.get(event.stage, "items")
    count = f"{event.done}/{event.total}" if event.total is not None else str(event.done)
    parts = [f"{event.stage} {count} {unit}"]
    if event.stage == "extract":
        parts.append(f"{event.claims} claims")
    if event.calls:
        parts.append(f"{event.calls} LLM calls, {event.tokens:,} tokens")
    parts.append(_seconds(event.elapsed))
    if event.finished:
        parts.append("done")
    elif event.eta is not None:
        parts.append(f"ETA {_seconds(event.eta)}")
    return " · ".join(parts)


def _seconds(s: float) -> str:
    return f"{s:.0f} s" if s < 90 else f"{s / 60:.1f} min"


class PlainLines:
    """Observer writing one line per stage every ``every`` seconds while it runs, and a last line
    when a stage that printed (or took that long) ends; a short run prints nothing."""

    def __init__(self, stream: TextIO, every: float = 5.0) -> None:
        self.stream, self.every = stream, every
        self.last: dict[str, float] = {}

    def __call__(self, event: ProgressEvent) -> None:
        now = time.monotonic()
        last = self.last.setdefault(event.stage, event.started)
        printed = last != event.started
        if (event.finished and (printed or event.elapsed >= self.every)) or (not event.finished and now - last >= self.every):
            self.last[event.stage] = now
            print(f"progress: {describe(event)}", file=self.stream, flush=True)


class RichBar:
    """Observer drawing a rich progress bar per stage on a terminal stream."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
        from rich.progress import Progress as Bars

        self.bars = Bars(TextColumn("{task.description:<11}"), BarColumn(), MofNCompleteColumn(),
                         TextColumn("{task.fields[info]}"), TimeElapsedColumn(), TextColumn("ETA"),
                         TimeRemainingColumn(), console=Console(file=stream), transient=False)  # fmt: skip
        self.tasks: dict[str, int] = {}
        self.bars.start()

    def __call__(self, event: ProgressEvent) -> None:
        info = f"{event.claims} claims" if event.stage == "extract" else ""
        if event.calls:
            info += f" · {event.calls} LLM calls, {event.tokens:,} tokens"
        if event.stage not in self.tasks:
            self.tasks[event.stage] = self.bars.add_task(STAGES.get(event.stage, event.stage), total=event.total, info=info)
        self.bars.update(self.tasks[event.stage], completed=event.done, total=event.total, info=info)

    def close(self) -> None:
        self.bars.stop()


def display(stream: TextIO | None = None, *, quiet: bool = False, every: float = 5.0) -> Progress:
    """A Progress showing on ``stream`` (default stderr): a bar on a terminal, plain lines
    otherwise, nothing when ``quiet``."""
    if quiet:
        return Progress()
    stream = stream or sys.stderr
    isatty = getattr(stream, "isatty", None)
    return Progress(RichBar(stream) if isatty and isatty() else PlainLines(stream, every))
