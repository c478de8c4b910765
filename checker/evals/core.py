"""The eval data model, in the spirit of inspect_ai: Sample -> solver -> Score -> Metric."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Sample:
    """One labelled item: what goes in, what should come out, and where it came from."""

    id: str
    input: Any
    target: Any
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Score:
    """A scorer's verdict on one sample: a value (number, bool, label or dict) and why."""

    value: Any
    explanation: str = ""


@dataclass
class Metric:
    """An aggregate over samples, with a bootstrap confidence interval where one applies."""

    value: float | None
    ci: tuple[float, float] | None = None
    n: int = 0
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "ci": list(self.ci) if self.ci else None, "n": self.n, "note": self.note}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Metric:
        ci = d.get("ci")
        return cls(d.get("value"), tuple(ci) if ci else None, d.get("n", 0), d.get("note", ""))


@dataclass
class SampleResult:
    """What happened to one sample: its scores, or the error that stopped it."""

    id: str
    scores: dict[str, Score] = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0
    metadata: dict[str, Any] = field(default_factory=dict)


Solver = Callable[[Sample, Any], Any]
Scorer = Callable[[Any, Sample], Score]
MetricFn = Callable[[list[SampleResult], int], dict[str, Metric]]


@dataclass
class Task:
    """A suite: dataset loader, optional one-off preparation, solver, scorers and metrics.

    ``prepare(samples, engine)`` returns the context handed to ``solve`` (default: the
    engine); ``metrics(results, seed)`` sees only samples that did not fail.
    """

    name: str
    description: str
    dataset: Callable[[int | None], list[Sample]]
    solve: Solver
    scorers: dict[str, Scorer]
    metrics: MetricFn
    prepare: Callable[[list[Sample], Any], Any] | None = None


@dataclass
class EvalResult:
    """The outcome of one run: spec, per-sample results, metrics, and where the log went."""

    spec: dict[str, Any]
    samples: list[SampleResult]
    metrics: dict[str, Metric]
    log_path: Path | None = None
    seconds: float = 0.0

    @property
    def errors(self) -> list[SampleResult]:
        return [s for s in self.samples if s.error]

    def table(self) -> str:
        from .table import metrics_table

        return metrics_table(self)
