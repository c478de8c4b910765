"""Shared fixtures: the seed articles loaded once, and their offline claims."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_articles():
    from checker.io.loading import load_articles

    articles, errors = load_articles([SEEDS])
    assert not errors
    return {Path(a.path).name[:3]: a for a in articles}


@pytest.fixture(scope="session")
def seed_claims(seed_articles):
    from checker.extract.offline import OfflineEngine

    engine = OfflineEngine()
    return {key: engine.extract(article) for key, article in seed_articles.items()}
