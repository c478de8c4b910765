"""checker: claims, speakers, sources, hedging and time from news articles, compared across articles.

Library API::

    import checker
    report = checker.run(["seeds/"])            # load, extract, compare
    articles, errors = checker.load_articles(["seeds/"])
    claims = checker.extract_claims(articles[0])  # offline engine by default
"""

from ._version import __version__
from .engine_choice import choose_engine
from .engines import Engine
from .errors import CheckerError, ConfigError, EvalError, InputError, ModelError
from .io.loading import load_articles
from .models import (
    Article,
    ArticleError,
    Claim,
    Finding,
    Hedging,
    Report,
    RunMeta,
    SourceLink,
    Span,
    TimeRef,
)
from .pipeline import check_articles, run


def extract_claims(article: Article, engine: Engine | None = None) -> list[Claim]:
    """Claims of one article (offline engine unless another engine is given)."""
    if engine is None:
        engine, _ = choose_engine()
    return engine.extract(article)


__all__ = [
    "Article",
    "ArticleError",
    "CheckerError",
    "Claim",
    "ConfigError",
    "Engine",
    "EvalError",
    "Finding",
    "Hedging",
    "InputError",
    "ModelError",
    "Report",
    "RunMeta",
    "SourceLink",
    "Span",
    "TimeRef",
    "__version__",
    "check_articles",
    "choose_engine",
    "extract_claims",
    "load_articles",
    "run",
]
