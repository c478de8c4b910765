"""What every report format shares: article labels, metadata wording, counts, finding order."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..models import HEDGING_LEVELS, Article, Finding, Report, Sourced

QUOTES = ("direct", "indirect", "none")
SECTIONS = (
    ("contradicts", "Contradictions"),
    ("disputed", "Disputed (one side denies what the other reports)"),
    ("corroborates", "Corroborations"),
    ("changed_over_time", "Changed over time"),
    ("unsupported_elsewhere", "Unsupported elsewhere"),
)
#: Relations shown first: a conflict between reports matters more than an agreement.
RELATION_RANK = {relation: n for n, (relation, _) in enumerate(SECTIONS)}
TWO_SIDED = ("contradicts", "disputed", "changed_over_time")


def sourced(value: Sourced, unknown: str = "unknown") -> str:
    return unknown if value.value is None else f"{value.value} ({value.origin})"


def mix(counts: Counter, order: tuple[str, ...] = (), sep: str = ", ") -> str:
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


def file_name(article: Article) -> str:
    """The whole file name, with its '#N' record or '#partN' piece: 'feed.jsonl#2'."""
    path, sep, rec = (article.path or article.id).partition("#")
    return Path(path).name + sep + rec


def label(article: Article) -> str:
    """How an article is named to a reader: its title when known, else its whole file name."""
    return article.title.value or file_name(article)


def labels(report: Report) -> dict[str, str]:
    """Article id -> label, with the outlet when known: 'Title (Outlet)' or 'a.txt (Outlet)'."""
    return {a.id: f"{label(a)} ({a.outlet.value})" if a.outlet.value else label(a) for a in report.articles}


def numbers(report: Report) -> dict[str, int]:
    """Article id -> its number in input order, from 1."""
    return {a.id: n for n, a in enumerate(report.articles, 1)}


def sources_line(f: Finding) -> str:
    upstream = f" ({', '.join(f.upstream)})" if f.upstream else ""
    plural = "source" if f.independent_sources == 1 else "sources"
    articles = "article" if f.outlets == 1 else "articles"
    return f"{f.outlets} {articles}, {f.independent_sources} independent {plural}{upstream}"


def published(a: Article) -> str:
    if a.published.value is not None:
        return sourced(a.published)
    frame = f"; year frame {sourced(a.year_frame)}" if a.year_frame.value is not None else ""
    return f"unknown{frame}"


def ranked(findings: list[Finding]) -> list[Finding]:
    """Findings by confidence, highest first; conflicts before agreements on a tie."""
    return sorted(findings, key=lambda f: (-f.confidence, RELATION_RANK.get(f.relation, 99), f.id))


HEDGING_ORDER = HEDGING_LEVELS
