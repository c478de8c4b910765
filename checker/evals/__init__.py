"""Eval suites: labelled samples, scorers, metrics with bootstrap intervals, JSONL logs.

    from checker.evals import run_suite, compare_logs
    result = run_suite("hedging.certainty-dev.v1", limit=50)
    print(result.table())
    print(compare_logs("evals/logs/a.jsonl", "evals/logs/b.jsonl"))

Labelled data is read from ``$CHECKER_DATA_DIR`` (default ``../shared/data`` beside
the checkout); suites are listed in ``evals/registry.yaml``.
"""

from .core import EvalResult, Metric, Sample, SampleResult, Score, Task
from .logs import compare_logs, read_log
from .registry import get_task, list_suites
from .runner import run_suite

__all__ = [
    "EvalResult",
    "Metric",
    "Sample",
    "SampleResult",
    "Score",
    "Task",
    "compare_logs",
    "get_task",
    "list_suites",
    "read_log",
    "run_suite",
]
