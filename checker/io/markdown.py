"""The Markdown report: run, articles with their claims tables, errors, skipped files, findings."""

from __future__ import annotations

from ..models import Article, Report
from .common import HEDGING_ORDER, QUOTES, SECTIONS, article_stats, labels, mix, published, sourced, sources_line


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
    if report.skipped:
        out += ["", "## Skipped", "", "| path | reason |", "|---|---|"]
        out += [f"| {_cell(s.path)} | {_cell(s.reason)} |" for s in report.skipped]
    out += ["", *_md_findings(report)]
    return "\n".join(out) + "\n"


def _md_article(report: Report, a: Article) -> list[str]:
    stats = article_stats(report, a)
    claims = report.claims_for(a.id)
    out = [
        f"## {_cell(a.title.value or a.path or a.id)}",
        "",
        f"- path: `{a.path}` (id `{a.id}`)",
        f"- title: {_cell(sourced(a.title))}",
        f"- outlet: {_cell(sourced(a.outlet))}",
        f"- published: {published(a)}",
        f"- claims: {len(claims)}; speakers: {_cell(mix(stats['speakers'], sep='; '))}",
        f"- hedging: {mix(stats['hedging'], HEDGING_ORDER)}; quotes: {mix(stats['quotes'], QUOTES)}",
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
    names = labels(report)
    out = ["## Findings"]
    for relation, title in SECTIONS:
        found = [f for f in report.findings if f.relation == relation]
        if not found:
            continue
        out += ["", f"### {title}"]
        for f in found:
            out += ["", f"- {_cell(f.explanation)} (attribute {f.attribute}, confidence {f.confidence:.2f})"]
            if relation == "corroborates":
                out.append(f"  - {sources_line(f)}")
            if relation in ("contradicts", "disputed", "changed_over_time") and len(f.claims) == 2:
                a, b = f.claims
                out += [
                    "",
                    f"  | {_cell(names.get(a.article_id, a.article_id))} | {_cell(names.get(b.article_id, b.article_id))} |",
                    "  |---|---|",
                    f"  | {_cell(a.evidence.text)} | {_cell(b.evidence.text)} |",
                ]
            else:
                out += [f"  - {_cell(names.get(c.article_id, c.article_id))}: “{_cell(c.evidence.text)}”" for c in f.claims]
    return out
