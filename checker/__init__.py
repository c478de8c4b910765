"""checker: claims, speakers, sources, hedging and time from news articles, compared across articles.

Library API::

    import checker
    report = checker.run(["seeds/"])            # load, extract, compare
    articles, errors = checker.load_articles(["seeds/"])
    claims = checker.extract_claims(articles[0])  # offline engine by default
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("checker")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+source"

from .engine_choice import choose_engine  # noqa: E402
from .engines import Engine  # noqa: E402
from .errors import CheckerError, ConfigError, EvalError, InputError, ModelError  # noqa: E402
from .io.loading import load_articles  # noqa: E402
from .models import (  # noqa: E402
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
from .pipeline import check_articles, run  # noqa: E402


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
