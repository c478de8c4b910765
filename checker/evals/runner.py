"""Run a suite: load samples, build the engine, solve and score each sample, log, aggregate."""

from __future__ import annotations

import platform
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .._version import __version__
from ..engine_choice import choose_engine
from ..llm.control import RunControl
from ..llm.pool import map_ordered
from ..llm.redact import display_url, scrub
from .caching import CachingEngine
from .core import EvalResult, Metric, Sample, SampleResult
from .logs import LogWriter
from .paths import data_dir, git_commit
from .registry import get_task


def _error_text(exc: BaseException) -> str:
    """'Type: message (file:line)' of the innermost frame, one line."""
    tb = traceback.extract_tb(exc.__traceback__)
    where = f" ({Path(tb[-1].filename).name}:{tb[-1].lineno})" if tb else ""
    return scrub(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}{where}")


def run_suite(
    name: str,
    engine: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | None = None,
    use_cache: bool | None = None,
    limit: int | None = None,
    log_dir: str | Path | None = "evals/logs",
    seed: int = 0,
    concurrency: int | None = None,
    choose_quotes: bool | None = None,
) -> EvalResult:
    """Run suite ``name`` and return its result; writes a JSONL log unless ``log_dir`` is None.

    Unknown suites and missing data raise EvalError; a failing sample is logged
    with its error and left out of the metrics, never raised. With the LLM engine, samples are
    solved by ``concurrency`` threads sharing the gateway (requests in flight); the log and the
    metrics keep the samples' order.
    """
    t_start = time.perf_counter()
    spec_entry, task = get_task(name)
    samples = task.dataset(limit)
    options = {k: v for k, v in dict(model=model, base_url=base_url, api_key=api_key, mode=mode, use_cache=use_cache,
                                     concurrency=concurrency, choose_quotes=choose_quotes).items() if v is not None}
    inner, reason = choose_engine(engine, **options)
    eng = CachingEngine(inner)
    commit, dirty = git_commit()
    spec: dict[str, Any] = {
        "suite": name,
        "description": task.description,
        "engine": eng.name,
        "engine_reason": scrub(reason),
        "model": eng.model,
        "base_url": display_url(eng.base_url),
        "prompts": [p.model_dump() for p in eng.prompts()],
        "checker_version": __version__,
        "git_commit": commit,
        "git_dirty": dirty,
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "limit": limit,
        "seed": seed,
        "n_samples": len(samples),
        "data_dir": str(data_dir()),
        "data": spec_entry.get("data"),
        "python": platform.python_version(),
    }
    writer = LogWriter(log_dir, spec) if log_dir is not None else None
    results: list[SampleResult] = []
    ctx, prep_error = eng, None
    t_prep = time.perf_counter()
    if task.prepare is not None:
        try:
            ctx = task.prepare(samples, eng)
        except Exception as exc:  # noqa: BLE001 - every sample then fails with this error, logged
            prep_error = "prepare failed: " + _error_text(exc)
    prep_s = time.perf_counter() - t_prep

    def solve(sample: Sample) -> SampleResult:
        t0 = time.perf_counter()
        r = SampleResult(id=sample.id, metadata=sample.metadata)
        try:
            if prep_error:
                raise RuntimeError(prep_error)
            output = task.solve(sample, ctx)
            r.scores = {key: scorer(output, sample) for key, scorer in task.scorers.items()}
        except Exception as exc:  # noqa: BLE001 - one sample's failure must not stop the run
            r.error = prep_error or _error_text(exc)
        r.seconds = time.perf_counter() - t0
        return r

    threads = eng.concurrency if eng.name == "llm" else 1  # the offline engine is CPU-bound: one thread
    for outcome in map_ordered(solve, samples, threads, RunControl()):
        results.append(outcome.value)
        if writer:
            writer.sample(outcome.value)
    ok = [r for r in results if not r.error]
    try:
        metrics = task.metrics(ok, seed) if ok else {}
    except Exception as exc:  # noqa: BLE001 - keep the log; report the broken metric
        metrics = {"metrics_error": Metric(None, note=_error_text(exc))}
    seconds = time.perf_counter() - t_start
    summary = {
        "samples": len(results), "failed": len(results) - len(ok), "seconds": round(seconds, 2),
        "prepare_seconds": round(prep_s, 2), "engine_cache_hits": eng.hits,
        "usage": eng.usage.model_dump(),
        "prompts": [p.model_dump() for p in eng.prompts()],  # as used, in case the spec's list was empty
    }
    if writer:
        writer.close(metrics, summary)
    return EvalResult(spec, results, metrics, writer.path if writer else None, seconds)
