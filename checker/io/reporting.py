"""Render a Report: the terminal summary, and the JSON, JSONL and Markdown report files.

JSONL shape: one JSON object per line, each with a ``record`` key naming its
kind, then the fields of that model (see ``checker.models``)::

    {"record": "meta", ...RunMeta}          first line, exactly one
    {"record": "article", ...Article}       one per article, in input order
    {"record": "claim", ...Claim}           one per claim, in article and text order
    {"record": "finding", ...Finding}       one per cross-article finding
    {"record": "error", ...ArticleError}    one per per-article error
"""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from itertools import zip_longest
from pathlib import Path
from typing import Literal

from ..models import HEDGING_LEVELS, Article, ClaimRef, Finding, Report, Sourced

Format = Literal["json", "jsonl", "md"]
FORMATS: tuple[Format, ...] = ("json", "jsonl", "md")
QUOTES = ("direct", "indirect", "none")
_SECTIONS = (
    ("contradicts", "Contradictions"),
    ("disputed", "Disputed (one side denies what the other reports)"),
    ("corroborates", "Corroborations"),
    ("changed_over_time", "Changed over time"),
    ("unsupported_elsewhere", "Unsupported elsewhere"),
)


def render(report: Report, fmt: Format = "json") -> str:
    """The report as text in one of FORMATS."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt == "jsonl":
        return to_jsonl(report)
    if fmt == "md":
        return to_markdown(report)
    raise ValueError(f"unknown format {fmt!r}")


def write_report(report: Report, path: str | Path, fmt: Format = "json") -> Path:
    """Write the report in ``fmt`` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(render(report, fmt), encoding="utf-8")
    return path


def to_jsonl(report: Report) -> str:
    """One JSON object per line: meta, articles, claims, findings, errors (see module docstring)."""
    groups = [("meta", [report.meta]), ("article", report.articles), ("claim", report.claims),
              ("finding", report.findings), ("error", report.errors)]  # fmt: skip
    lines = [
        json.dumps({"record": kind, **item.model_dump(mode="json")}, ensure_ascii=False)
        for kind, items in groups
        for item in items
    ]
    return "\n".join(lines) + "\n"


# ---- shared helpers ---------------------------------------------------------------------------


def _sourced(value: Sourced, unknown: str = "unknown") -> str:
    return unknown if value.value is None else f"{value.value} ({value.origin})"


def _mix(counts: Counter, order: tuple[str, ...] = (), sep: str = ", ") -> str:
    """'asserted 4, reported 2' in the given order, then by count; speakers use sep='; ' (names hold commas)."""
    keys = [k for k in order if counts[k]] + [k for k, _ in counts.most_common() if k not in order]
    return sep.join(f"{k} {counts[k]}" for k in keys) or "none"


def article_stats(report: Report, article: Article) -> dict[str, Counter]:
    """Claim counts of one article by speaker, hedging level and quote kind."""
    claims = report.claims_for(article.id)
    return {
        "speakers": Counter(c.speaker.name + (" (author)" if c.speaker.kind == "author" else "") for c in claims),
        "hedging": Counter(c.hedging.level for c in claims),
        "quotes": Counter(c.quote for c in claims),
    }


def _labels(report: Report) -> dict[str, str]:
    """A short label per article id: its outlet when known, else its file name."""
    out = {}
    for a in report.articles:
        name = Path((a.path or a.id).split("#")[0]).name + ("#" + a.path.split("#")[1] if a.path and "#" in a.path else "")
        out[a.id] = f"{name} ({a.outlet.value})" if a.outlet.value else name
    return out


def _sources_line(f: Finding) -> str:
    upstream = f" ({', '.join(f.upstream)})" if f.upstream else ""
    plural = "source" if f.independent_sources == 1 else "sources"
    return f"{f.outlets} articles, {f.independent_sources} independent {plural}{upstream}"


def _published(a: Article) -> str:
    if a.published.value is not None:
        return _sourced(a.published)
    frame = f"; year frame {_sourced(a.year_frame)}" if a.year_frame.value is not None else ""
    return f"unknown{frame}"


# ---- terminal summary -----------------------------------------------------------------------


def summary(report: Report, width: int = 100) -> str:
    """The readable summary printed by ``checker run``."""
    m = report.meta
    seconds = sum(m.timings.values())
    head = (
        f"checker {m.checker_version} · engine {m.engine}"
        + (f" ({m.model})" if m.model else "")
        + f" · {len(report.articles)} article(s), {len(report.claims)} claim(s), {len(report.errors)} error(s)"
        + f" · {seconds:.1f} s"
    )
    out = [line for line in (head, f"engine: {m.engine_reason}" if m.engine_reason else "", _model_line(m)) if line]
    for n, a in enumerate(report.articles, 1):
        out += ["", *_article_block(report, a, n)]
    if report.errors:
        out += ["", f"Errors ({len(report.errors)})"]
        out += [f"  {e.stage:<7} {e.path}: {e.message}" for e in report.errors]
    out += ["", *_findings_block(report, width)]
    return "\n".join(line for line in out if line is not None).strip("\n") + "\n"


def _model_line(m) -> str:
    """Model calls, tokens, dropped claims and prompt versions: what a rerun needs to match."""
    if m.engine != "llm" and not m.prompts:
        return ""
    u = m.usage
    prompts = ", ".join(f"{p.id} v{p.version}" for p in m.prompts) or "none"
    return (f"model: {u.calls} call(s), {u.cached_calls} from cache, {u.prompt_tokens} prompt + "
            f"{u.completion_tokens} completion tokens; {m.dropped_ungrounded} ungrounded claim(s) dropped; "
            f"prompts {prompts}")


def _article_block(report: Report, a: Article, n: int) -> list[str]:
    stats = article_stats(report, a)
    return [
        f"[{n}] {a.path or a.id}  (id {a.id})",
        f"    title      {_sourced(a.title)}",
        f"    outlet     {_sourced(a.outlet)}",
        f"    published  {_published(a)}",
        f"    claims     {len(report.claims_for(a.id))}",
        f"    speakers   {_mix(stats['speakers'], sep='; ')}",
        f"    hedging    {_mix(stats['hedging'], HEDGING_LEVELS)}",
        f"    quotes     {_mix(stats['quotes'], QUOTES)}",
    ]


def _findings_block(report: Report, width: int) -> list[str]:
    if not report.findings:
        return ["Findings: none"]
    labels = _labels(report)
    out = [f"Findings ({len(report.findings)})"]
    for relation, title in _SECTIONS:
        found = [f for f in report.findings if f.relation == relation]
        if not found:
            continue
        out.append(f"  {title} ({len(found)})")
        for f in found:
            attr = f" [{f.attribute}]" if f.attribute != "none" else ""
            out.append(f"  - {f.explanation}{attr} (confidence {f.confidence:.2f})")
            if relation == "corroborates":
                out.append(f"      {_sources_line(f)}")
            if relation in ("contradicts", "disputed", "changed_over_time") and len(f.claims) == 2:
                out += _side_by_side(f.claims[0], f.claims[1], labels, width)
            else:
                out += [f"      {labels.get(c.article_id, c.article_id)}: “{c.evidence.text}”" for c in f.claims]
    return out


def _side_by_side(left: ClaimRef, right: ClaimRef, labels: dict[str, str], width: int) -> list[str]:
    """Two evidence spans in two columns, each headed by its article and offsets."""
    col = max(30, (width - 10) // 2)

    def cell(c: ClaimRef) -> list[str]:
        head = f"{labels.get(c.article_id, c.article_id)} [{c.evidence.start}:{c.evidence.end}]"
        return textwrap.wrap(head, col) + textwrap.wrap(f"“{c.evidence.text}”", col)

    rows = zip_longest(cell(left), cell(right), fillvalue="")
    return [f"      {a:<{col}} | {b}".rstrip() for a, b in rows]


# ---- Markdown -----------------------------------------------------------------------------------


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    """The whole report as a Markdown document: run, articles with their claims, errors, findings."""
    m = report.meta
    out = [
        "# checker report",
        "",
        f"checker {m.checker_version}, engine **{m.engine}** ({_cell(m.engine_reason) or 'no reason given'}), "
        f"model {m.model or 'none'}; {len(report.articles)} article(s), {len(report.claims)} claim(s), "
        f"{len(report.findings)} finding(s), {len(report.errors)} error(s).",
    ]
    for a in report.articles:
        out += ["", *_md_article(report, a)]
    if report.errors:
        out += ["", "## Errors", "", "| stage | path | message |", "|---|---|---|"]
        out += [f"| {e.stage} | {_cell(e.path)} | {_cell(e.message)} |" for e in report.errors]
    out += ["", *_md_findings(report)]
    return "\n".join(out) + "\n"


def _md_article(report: Report, a: Article) -> list[str]:
    stats = article_stats(report, a)
    claims = report.claims_for(a.id)
    out = [
        f"## {_cell(a.title.value or a.path or a.id)}",
        "",
        f"- path: `{a.path}` (id `{a.id}`)",
        f"- title: {_cell(_sourced(a.title))}",
        f"- outlet: {_cell(_sourced(a.outlet))}",
        f"- published: {_published(a)}",
        f"- claims: {len(claims)}; speakers: {_cell(_mix(stats['speakers'], sep='; '))}",
        f"- hedging: {_mix(stats['hedging'], HEDGING_LEVELS)}; quotes: {_mix(stats['quotes'], QUOTES)}",
    ]
    if claims:
        out += ["", "| # | statement | speaker | source chain | hedging | quote | time |", "|---|---|---|---|---|---|---|"]
        for n, c in enumerate(claims, 1):
            chain = " → ".join(s.name for s in c.source) or "—"
            time = c.time.value or c.time.expression if c.time else "—"
            out.append(
                f"| {n} | {_cell(c.statement)} | {_cell(c.speaker.name)} | {_cell(chain)} "
                f"| {c.hedging.level} | {c.quote} | {_cell(time)} |"
            )
    return out


def _md_findings(report: Report) -> list[str]:
    if not report.findings:
        return ["## Findings", "", "None."]
    labels = _labels(report)
    out = ["## Findings"]
    for relation, title in _SECTIONS:
        found = [f for f in report.findings if f.relation == relation]
        if not found:
            continue
        out += ["", f"### {title}"]
        for f in found:
            out += ["", f"- {_cell(f.explanation)} (attribute {f.attribute}, confidence {f.confidence:.2f})"]
            if relation == "corroborates":
                out.append(f"  - {_sources_line(f)}")
            if relation in ("contradicts", "disputed", "changed_over_time") and len(f.claims) == 2:
                a, b = f.claims
                out += [
                    "",
                    f"  | {_cell(labels.get(a.article_id, a.article_id))} | {_cell(labels.get(b.article_id, b.article_id))} |",
                    "  |---|---|",
                    f"  | {_cell(a.evidence.text)} | {_cell(b.evidence.text)} |",
                ]
            else:
                out += [f"  - {_cell(labels.get(c.article_id, c.article_id))}: “{_cell(c.evidence.text)}”" for c in f.claims]
    return out
