"""JSONL eval logs: a spec line, one line per sample, a final metrics line; and comparisons."""

from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from ..errors import EvalError
from .core import Metric, SampleResult
from .table import fmt, render


def _clean(v: Any) -> Any:
    """JSON-safe: NaN/inf become None, tuples lists, numpy scalars Python numbers."""
    if isinstance(v, dict):
        return {str(k): _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


class LogWriter:
    """Writes one run's log as it goes, so a crash still leaves the samples done so far."""

    def __init__(self, log_dir: str | Path, spec: dict[str, Any]):
        log_dir = Path(log_dir)
        log_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        base = f"{spec['suite']}_{spec['engine']}_{stamp}"
        path, k = log_dir / f"{base}.jsonl", 1
        while path.exists():
            k += 1
            path = log_dir / f"{base}-{k}.jsonl"
        self.path = path
        self._f: IO[str] = path.open("w", encoding="utf-8")
        self._write({"type": "spec", **spec})

    def _write(self, record: dict[str, Any]) -> None:
        self._f.write(json.dumps(_clean(record), ensure_ascii=False) + "\n")
        self._f.flush()

    def sample(self, r: SampleResult) -> None:
        self._write({
            "type": "sample", "id": r.id, "error": r.error, "seconds": round(r.seconds, 4),
            "scores": {k: {"value": s.value, "explanation": s.explanation} for k, s in r.scores.items()},
            "metadata": r.metadata,
        })

    def close(self, metrics: dict[str, Metric], summary: dict[str, Any]) -> None:
        self._write({"type": "metrics", "metrics": {k: m.to_json() for k, m in metrics.items()}, **summary})
        self._f.close()


def read_log(path: str | Path) -> dict[str, Any]:
    """{"spec": ..., "samples": [...], "metrics": {name: Metric}, "summary": ...} of a log file."""
    path = Path(path)
    try:
        lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read eval log {path}: {exc}") from exc
    if not lines or lines[0].get("type") != "spec":
        raise EvalError(f"{path} is not an eval log (no spec line)")
    final = next((x for x in reversed(lines) if x.get("type") == "metrics"), None)
    if final is None:
        raise EvalError(f"{path} has no metrics line (the run did not finish)")
    metrics = {k: Metric.from_json(v) for k, v in final["metrics"].items()}
    summary = {k: v for k, v in final.items() if k not in ("type", "metrics")}
    return {"spec": lines[0], "samples": [x for x in lines if x.get("type") == "sample"], "metrics": metrics, "summary": summary}


def _ci_disjoint(a: Metric, b: Metric) -> bool:
    return bool(a.ci and b.ci and (a.ci[1] < b.ci[0] or b.ci[1] < a.ci[0]))


def compare_logs(path_a: str | Path, path_b: str | Path) -> str:
    """A table of every metric in either log: A, B, B - A; '*' where the 95% CIs do not overlap."""
    a, b = read_log(path_a), read_log(path_b)
    sa, sb = a["spec"], b["spec"]
    lines = []
    for key in ("suite", "engine", "model", "git_commit", "limit", "timestamp"):
        va, vb = sa.get(key), sb.get(key)
        lines.append(f"{key:<11} A={va}  B={vb}" if va != vb else f"{key:<11} {va}")
    if sa.get("suite") != sb.get("suite"):
        lines.append("warning: the logs are of different suites; only shared metric names are comparable")
    rows = []
    for name in list(dict.fromkeys([*a["metrics"], *b["metrics"]])):
        ma, mb = a["metrics"].get(name), b["metrics"].get(name)
        va, vb = (ma.value if ma else None), (mb.value if mb else None)
        delta = f"{vb - va:+.3f}" if va is not None and vb is not None else "n/a"
        flag = "*" if ma and mb and _ci_disjoint(ma, mb) else ""
        rows.append([name, fmt(va), fmt(vb), delta, flag])
    lines.append(render(rows, ["metric", "A", "B", "B-A", "CI"]))
    lines.append("* = the two 95% bootstrap intervals do not overlap")
    return "\n".join(lines)
