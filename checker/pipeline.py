"""Run the whole job: load articles, extract claims per article, compare across articles."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from ._version import __version__
from .compare.crosscheck import compare
from .engine_choice import choose_engine
from .engines import Engine
from .errors import CheckerError
from .io.loading import load_articles
from .models import Article, ArticleError, Claim, Report, RunMeta


def check_articles(
    articles: list[Article],
    engine: Engine | None = None,
    engine_reason: str = "",
    errors: Iterable[ArticleError] = (),
    compare_articles: bool = True,
    min_checkworthiness: float | None = None,
) -> Report:
    """Extract claims from loaded articles and compare them; one failure never loses the others.

    With ``min_checkworthiness``, only claims scoring at least that much are kept (and compared)."""
    if engine is None:
        engine, engine_reason = choose_engine()
    errors = list(errors)
    timings: dict[str, float] = {}
    claims = []
    t0 = time.perf_counter()
    for article in articles:
        try:
            claims.extend(engine.extract(article))
        except CheckerError as exc:
            errors.append(ArticleError(path=article.path or article.id, article_id=article.id, stage="extract", message=str(exc)))
        except Exception as exc:  # a bug on one article must not lose the others' claims
            message = f"internal error ({type(exc).__name__}: {exc}); please report it"
            errors.append(ArticleError(path=article.path or article.id, article_id=article.id, stage="extract", message=message))
    timings["extract"] = round(time.perf_counter() - t0, 3)
    claims = keep_checkworthy(claims, min_checkworthiness)
    meta = RunMeta(
        checker_version=__version__,
        engine=engine.name,
        engine_reason=engine_reason,
        model=engine.model,
        base_url=engine.base_url,
        prompts=engine.prompts(),
        usage=engine.usage,
        dropped_ungrounded=engine.dropped_ungrounded,
        timings=timings,
    )
    report = Report(meta=meta, articles=articles, claims=claims, errors=errors)
    if compare_articles:
        t0 = time.perf_counter()
        compare(report, engine)
        report.meta.timings["compare"] = round(time.perf_counter() - t0, 3)
    return report


def run(
    paths: Iterable[str | Path],
    engine: Engine | None = None,
    engine_reason: str = "",
    metadata: str | Path | None = None,
    compare_articles: bool = True,
    min_checkworthiness: float | None = None,
) -> Report:
    """Load every path (files or directories) and check the articles found."""
    t0 = time.perf_counter()
    articles, errors = load_articles(paths, metadata=metadata)
    load_s = round(time.perf_counter() - t0, 3)
    report = check_articles(articles, engine, engine_reason, errors, compare_articles, min_checkworthiness)
    report.meta.timings = {"load": load_s, **report.meta.timings}
    return report


# ---- check-worthiness threshold ----------------------------------------------------------------


def keep_checkworthy(claims: list[Claim], minimum: float | None = None) -> list[Claim]:
    """Give every claim a check-worthiness score (engines that set none get the shipped
    model's score of the statement) and, with ``minimum``, keep those scoring at least that."""
    from .extract.checkworthy import score

    for claim in claims:
        if claim.checkworthiness is None:
            claim.checkworthiness = score(claim.statement)
    if minimum is None:
        return claims
    return [c for c in claims if c.checkworthiness >= minimum]

