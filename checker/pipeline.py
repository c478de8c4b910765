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
from .io.loading import load
from .models import Article, ArticleError, Report, RunMeta
from .progress import Progress


def check_articles(
    articles: list[Article],
    engine: Engine | None = None,
    engine_reason: str = "",
    errors: Iterable[ArticleError] = (),
    compare_articles: bool = True,
    progress: Progress | None = None,
) -> Report:
    """Extract claims from loaded articles and compare them; one failure never loses the others."""
    progress = progress or Progress()
    if engine is None:
        engine, engine_reason = choose_engine()
    errors = list(errors)
    timings: dict[str, float] = {}
    claims = []
    t0 = time.perf_counter()
    progress.start("extract", len(articles))
    for article in articles:
        try:
            claims.extend(engine.extract(article))
        except CheckerError as exc:
            errors.append(ArticleError(path=article.path or article.id, article_id=article.id, stage="extract", message=str(exc)))
        except Exception as exc:  # a bug on one article must not lose the others' claims
            message = f"internal error ({type(exc).__name__}: {exc}); please report it"
            errors.append(ArticleError(path=article.path or article.id, article_id=article.id, stage="extract", message=message))
        progress.advance("extract", article.path or article.id, claims=len(claims), usage=engine.usage)
    progress.finish("extract")
    timings["extract"] = round(time.perf_counter() - t0, 3)
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
        progress.start("compare", len(articles))
        compare(report, engine)
        progress.finish("compare")
        report.meta.timings["compare"] = round(time.perf_counter() - t0, 3)
    return report


def run(
    paths: Iterable[str | Path],
    engine: Engine | None = None,
    engine_reason: str = "",
    metadata: str | Path | None = None,
    compare_articles: bool = True,
    *,
    progress: Progress | None = None,
    stdin_format: str = "txt",
) -> Report:
    """Load every path (files, directories, ``-`` for stdin) and check the articles found."""
    progress = progress or Progress()
    t0 = time.perf_counter()
    progress.start("load")
    loaded = load(paths, metadata=metadata, stdin_format=stdin_format, on_file=lambda path: progress.advance("load", path))
    progress.finish("load")
    load_s = round(time.perf_counter() - t0, 3)
    report = check_articles(loaded.articles, engine, engine_reason, loaded.errors, compare_articles, progress)
    report.skipped = loaded.skipped
    report.meta.timings = {"load": load_s, **report.meta.timings}
    return report
