"""Cross-article comparison (issue B). Placeholder until matching/judging land: no findings."""

from __future__ import annotations

from .engines import Engine
from .models import Report


def compare(report: Report, engine: Engine) -> None:
    """Fill ``report.findings`` and the pair counts in ``report.meta``."""
    n = len(report.claims)
    report.meta.pairs_total = 0 if n < 2 else sum(1 for _ in ())
