"""The terminal summary of ``checker run``: short at any scale, the detail is in the report files.

Layout: a head line; one line per article (its title or whole file name, outlet, date, claims
and hedging mix); with ``show`` ``findings`` or ``all`` the top ``limit`` findings by
confidence; with ``claims`` or ``all`` up to ``limit`` claims per article; then skipped files,
errors (up to ``limit`` each) and the counts.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from typing import Literal

from ..models import Article, Finding, Report
from .common import (
    HEDGING_ORDER,
    QUOTES,
    TWO_SIDED,
    article_stats,
    label,
    mix,
    numbers,
    published,
    ranked,
    sources_line,
)

Show = Literal["all", "findings", "claims"]
DEFAULT_LIMIT = 10


def summary(report: Report, width: int = 100, *, show: Show = "findings", limit: int = DEFAULT_LIMIT) -> str:
    """The readable summary printed by ``checker run`` (see the module docstring)."""
    m = report.meta
    seconds = sum(m.timings.values())
    head = (
        f"checker {m.checker_version} · engine {m.engine}" + (f" ({m.model})" if m.model else "")
        + f" · {len(report.articles)} article(s), {len(report.claims)} claim(s), {len(report.findings)} finding(s),"
        + f" {len(report.errors)} error(s), {len(report.skipped)} skipped · {seconds:.1f} s"
    )  # fmt: skip
    out = [line for line in (head, f"engine: {m.engine_reason}" if m.engine_reason else "", _model_line(m)) if line]
    out += ["", f"Articles ({len(report.articles)})"]
    for n, a in enumerate(report.articles, 1):
        out.append(_article_line(report, a, n))
        if show in ("claims", "all"):
            out += _claim_lines(report, a, limit, width)
    if show in ("findings", "all"):
        out += ["", *_findings_block(report, limit, width)]
    if report.skipped:
        out += ["", f"Skipped ({len(report.skipped)})"]
        out += [f"  {s.path}: {s.reason}" for s in report.skipped[:limit]]
        out += _more(len(report.skipped), limit, "skipped file(s)")
    if report.errors:
        out += ["", f"Errors ({len(report.errors)})"]
        out += [f"  {e.stage:<7} {e.path}: {e.message}" for e in report.errors[:limit]]
        out += _more(len(report.errors), limit, "error(s)")
    out += ["", *_counts(report)]
    return "\n".join(out).strip("\n") + "\n"


def _more(total: int, limit: int, what: str) -> list[str]:
    return [f"  … {total - limit} more {what} in the report file"] if total > limit else []


def _model_line(m) -> str:
    """Model calls, tokens, dropped claims and prompt versions: what a rerun needs to match."""
    if m.engine != "llm" and not m.prompts:
        return ""
    u = m.usage
    prompts = ", ".join(f"{p.id} v{p.version}" for p in m.prompts) or "none"
    return (f"model: {u.calls} call(s), {u.cached_calls} from cache, {u.prompt_tokens} prompt + "
            f"{u.completion_tokens} completion tokens; {m.dropped_ungrounded} ungrounded claim(s) dropped; "
            f"prompts {prompts}")


def _article_line(report: Report, a: Article, n: int) -> str:
    stats = article_stats(report, a)
    parts = [f"[{n}] {label(a)}"]
    if a.outlet.value:
        parts.append(a.outlet.value)
    parts.append(published(a) if a.published.value is not None else "date unknown")
    parts.append(f"{len(report.claims_for(a.id))} claims")
    if stats["hedging"]:
        parts.append(mix(stats["hedging"], HEDGING_ORDER))
    if a.notes:
        parts.append("; ".join(a.notes))
    return "  " + " · ".join(parts)


def _claim_lines(report: Report, a: Article, limit: int, width: int) -> list[str]:
    claims = report.claims_for(a.id)
    out = [_short(f"      - {c.hedging.level}/{c.quote} · {c.speaker.name}: {c.statement}", width) for c in claims[:limit]]
    return out + [f"      … {len(claims) - limit} more claim(s)"] if len(claims) > limit else out


def _short(text: str, width: int) -> str:
    """One line of at most ``width`` characters (a long passage ends in ' …'), its indent kept."""
    body = text.lstrip(" ")
    indent = text[: len(text) - len(body)]
    return indent + textwrap.shorten(body, width=max(width - len(indent), 40), placeholder=" …")


def _findings_block(report: Report, limit: int, width: int) -> list[str]:
    if not report.findings:
        return ["Findings: none"]
    top = ranked(report.findings)[:limit]
    shown = f"top {len(top)} of {len(report.findings)}" if len(top) < len(report.findings) else str(len(top))
    out = [f"Findings ({shown}, by confidence)"]
    nums = numbers(report)
    for k, f in enumerate(top, 1):
        out += _finding_lines(f, k, nums, width)
    return out


def _finding_lines(f: Finding, k: int, nums: dict[str, int], width: int) -> list[str]:
    attr = f"/{f.attribute}" if f.attribute != "none" else ""
    out = [_short(f"  {k}. {f.relation}{attr} {f.confidence:.2f} · {f.explanation}", width)]
    if f.relation == "corroborates":
        out.append(f"     {sources_line(f)}")
    claims = f.claims if f.relation in TWO_SIDED else f.claims[:2]
    for c in claims[:3]:
        out.append(_short(f"     [{nums.get(c.article_id, '?')}] {_quoted(c.evidence.text)}", width))
    if len(f.claims) > len(claims[:3]):
        out.append(f"     … and {len(f.claims) - len(claims[:3])} more article(s)")
    return out


def _counts(report: Report) -> list[str]:
    relations = Counter(f.relation for f in report.findings)
    hedging = Counter(c.hedging.level for c in report.claims)
    quotes = Counter(c.quote for c in report.claims)
    return [
        f"Totals: {len(report.findings)} finding(s) by relation: {mix(relations)}",
        f"        {len(report.claims)} claim(s) by hedging: {mix(hedging, HEDGING_ORDER)}; by quote: {mix(quotes, QUOTES)}",
    ]


def _quoted(text: str) -> str:
    """Evidence between quotation marks, unless it already opens with one (a quotation)."""
    text = text.strip()
    return text if text[:1] in "“\"‘'" else f"“{text}”"
