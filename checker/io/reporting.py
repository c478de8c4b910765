"""Render a Report: JSON, JSONL, Markdown, HTML and ClaimReview files, and the terminal summary.

JSONL shape: one JSON object per line, each with a ``record`` key naming its
kind, then the fields of that model (see ``checker.models``)::

    {"record": "meta", ...RunMeta}          first line, exactly one
    {"record": "article", ...Article}       one per article, in input order
    {"record": "claim", ...Claim}           one per claim, in article and text order
    {"record": "finding", ...Finding}       one per cross-article finding
    {"record": "attribution", ...AttributionRecord}  one per attribution that is no claim
    {"record": "error", ...ArticleError}    one per per-article error
    {"record": "skipped", ...Skipped}       one per file left out
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from ..models import Report
from .markdown import to_markdown
from .summary import summary

Format = Literal["json", "jsonl", "md", "html", "claimreview"]
FORMATS: tuple[Format, ...] = ("json", "jsonl", "md", "html", "claimreview")
#: The file name ending each format is written with by default.
SUFFIXES = {"json": ".json", "jsonl": ".jsonl", "md": ".md", "html": ".html", "claimreview": ".claimreview.json"}

__all__ = ["FORMATS", "SUFFIXES", "Format", "render", "summary", "to_jsonl", "to_markdown", "write_report"]


def render(report: Report, fmt: Format = "json", **options: Any) -> str:
    """The report as text in one of FORMATS; ``options`` go to the ClaimReview export
    (``organisation``, ``url``, ``date_published``)."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt == "jsonl":
        return to_jsonl(report)
    if fmt == "md":
        return to_markdown(report)
    if fmt == "html":
        from .html import to_html

        return to_html(report)
    if fmt == "claimreview":
        from .claimreview import claim_reviews

        return json.dumps(claim_reviews(report, **options), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown format {fmt!r}")


def write_report(report: Report, path: str | Path, fmt: Format = "json", **options: Any) -> Path:
    """Write the report in ``fmt`` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(render(report, fmt, **options), encoding="utf-8")
    return path


def to_jsonl(report: Report) -> str:
    """One JSON object per line: meta, articles, claims, findings, attributions, errors, skipped
    (see module docstring)."""
    groups = [("meta", [report.meta]), ("article", report.articles), ("claim", report.claims),
              ("finding", report.findings), ("attribution", report.attributions), ("error", report.errors),
              ("skipped", report.skipped)]  # fmt: skip
    lines = [
        json.dumps({"record": kind, **item.model_dump(mode="json")}, ensure_ascii=False)
        for kind, items in groups
        for item in items
    ]
    return "\n".join(lines) + "\n"
