"""Read articles from files and directories (minimal: .txt only; expanded by the loading work)."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from .models import Article, ArticleError


def normalise(text: str) -> str:
    """NFC and \\n newlines: offsets are computed on this form only."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def article_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_articles(paths: Iterable[str | Path], metadata: str | Path | None = None) -> tuple[list[Article], list[ArticleError]]:
    articles: list[Article] = []
    errors: list[ArticleError] = []
    for p in paths:
        p = Path(p)
        files = sorted(p.glob("*.txt")) if p.is_dir() else [p]
        for f in files:
            text = normalise(f.read_text(encoding="utf-8"))
            articles.append(Article(id=article_id(text), path=str(f), text=text))
    return articles, errors
