"""Plain-text tables for a run's metrics and for a comparison of two runs."""

from __future__ import annotations

from .core import EvalResult, Metric


def fmt(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def fmt_ci(m: Metric) -> str:
    return f"[{m.ci[0]:.3f}, {m.ci[1]:.3f}]" if m.ci else ""


def render(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def metrics_table(result: EvalResult) -> str:
    s = result.spec
    head = (
        f"{s['suite']}  engine={s['engine']}" + (f" model={s['model']}" if s.get("model") else "")
        + f"  samples={len(result.samples)} failed={len(result.errors)}  {result.seconds:.1f}s"
    )
    rows = [[name, fmt(m.value), fmt_ci(m), str(m.n), m.note] for name, m in result.metrics.items()]
    out = [head, render(rows, ["metric", "value", "95% CI", "n", "note"])]
    if result.errors:
        out.append(f"first failure: {result.errors[0].id}: {result.errors[0].error}")
    if result.log_path:
        out.append(f"log: {result.log_path}")
    return "\n".join(out)
