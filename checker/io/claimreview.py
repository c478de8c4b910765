"""ClaimReview export: schema.org ``ClaimReview`` JSON-LD drafts for an editor.

One ClaimReview per claim of a contradiction (or a dispute), and one per corroboration. They are
**unreviewed drafts**, not verdicts: each is marked ``"creativeWorkStatus": "Draft"``, its
``ratingExplanation`` begins with "Unreviewed draft", and the rating only says what other
reporting does ("Contradicted by other reporting", "Corroborated by 3 independent sources"),
never that a claim is true or false. An editor checks the passages, rewrites the rating in the
organisation's own scale and publishes.

Properties follow Google's ClaimReview guidelines: required ``claimReviewed``, ``reviewRating``
(with ``alternateName``) and ``url``; recommended ``author``, ``datePublished`` and
``itemReviewed`` (a ``Claim`` with ``appearance`` and ``author``).

The organisation named as author comes from ``organisation`` (``--org``) or ``CHECKER_ORG``;
``url`` is the review page (``--review-url`` or ``CHECKER_REVIEW_URL``, default the HTML
report's file name) with ``#finding-<id>``.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from ..models import Article, Claim, ClaimRef, Finding, Report
from .common import file_name, labels

CONTEXT = "https://schema.org"
DEFAULT_ORG = "checker (unreviewed drafts)"
DEFAULT_URL = "checker-report.html"
PUBLISHED = ("contradicts", "disputed", "corroborates")


def claim_reviews(report: Report, organisation: str | None = None, url: str | None = None,
                  date_published: date | str | None = None) -> dict[str, Any]:  # fmt: skip
    """A JSON-LD document (``@context`` and ``@graph``) with one ClaimReview per published claim."""
    org = organisation or os.environ.get("CHECKER_ORG") or DEFAULT_ORG
    base = url or os.environ.get("CHECKER_REVIEW_URL") or DEFAULT_URL
    when = str(date_published or date.today().isoformat())
    articles = {a.id: a for a in report.articles}
    claims = {c.id: c for c in report.claims}
    names = labels(report)
    graph = []
    for f in report.findings:
        if f.relation not in PUBLISHED:
            continue
        refs = f.claims if f.relation != "corroborates" else f.claims[:1]
        for ref in refs:
            review = {
                "@type": "ClaimReview",
                "url": f"{base}#finding-{f.id}",
                "claimReviewed": ref.statement,
                "itemReviewed": _claim(ref, f, articles, claims),
                "author": {"@type": "Organization", "name": org},
                "datePublished": when,
                "reviewRating": _rating(f, ref, names),
                "creativeWorkStatus": "Draft",
                "identifier": f"{f.id}/{ref.claim_id}",
            }
            graph.append(review)
    return {"@context": CONTEXT, "@graph": graph}


def _rating(f: Finding, ref: ClaimRef, names: dict[str, str]) -> dict[str, Any]:
    others = [r for r in f.claims if r.article_id != ref.article_id]
    where = "; ".join(dict.fromkeys(names.get(r.article_id, r.article_id) for r in others)) or "another article"
    if f.relation == "corroborates":
        n = f.independent_sources or 1
        name = f"Corroborated by {n} independent source{'s' if n != 1 else ''}"
        upstream = f" (tracing to {', '.join(f.upstream)})" if f.upstream else ""
        why = f"{f.outlets} articles carry it{upstream}: {f.explanation}"
    else:
        name = "Contradicted by other reporting" if f.relation == "contradicts" else "Disputed by other reporting"
        why = f"{where} reports otherwise: {f.explanation}"
    return {
        "@type": "Rating",
        "alternateName": name,
        "ratingExplanation": f"Unreviewed draft (checker, confidence {f.confidence:.2f}): {why}",
    }


def _claim(ref: ClaimRef, f: Finding, articles: dict[str, Article], claims: dict[str, Claim]) -> dict[str, Any]:
    refs = [ref] if f.relation != "corroborates" else f.claims
    item: dict[str, Any] = {
        "@type": "Claim",
        "appearance": [_appearance(articles[r.article_id], r) for r in refs if r.article_id in articles],
    }
    claim = claims.get(ref.claim_id)
    author = _speaker(claim, articles.get(ref.article_id)) if claim else None
    if author:
        item["author"] = author
    first = articles.get(ref.article_id)
    if first is not None and first.published.value is not None:
        item["datePublished"] = first.published.value.isoformat()
    return item


def _appearance(a: Article, ref: ClaimRef) -> dict[str, Any]:
    """The article the claim appears in: a NewsArticle when its outlet is known, else a CreativeWork."""
    work: dict[str, Any] = {"@type": "NewsArticle" if a.outlet.value else "CreativeWork",
                            "headline" if a.title.value else "name": a.title.value or file_name(a)}  # fmt: skip
    if a.path and a.path.startswith(("http://", "https://")):
        work["url"] = a.path
    if a.outlet.value:
        work["publisher"] = {"@type": "Organization", "name": a.outlet.value}
    if a.published.value is not None:
        work["datePublished"] = a.published.value.isoformat()
    work["text"] = ref.evidence.text
    return work


def _speaker(claim: Claim, article: Article | None) -> dict[str, Any] | None:
    """The claim's speaker as a Person or Organization; the author voice is the outlet, when known."""
    s = claim.speaker
    if s.kind == "author":
        return {"@type": "Organization", "name": article.outlet.value} if article and article.outlet.value else None
    if s.kind == "anonymous":
        return {"@type": "Person", "name": s.name, "description": "unnamed source"}
    return {"@type": "Person" if s.kind == "person" else "Organization", "name": s.name}
