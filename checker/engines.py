"""The engine interface shared by the offline and the LLM engine, and engine choice."""

from __future__ import annotations

from abc import ABC, abstractmethod

from .models import Article, Claim, PromptRef, Usage


class Engine(ABC):
    """Turns one article into claims. Subclasses keep run-wide counters."""

    name: str = "offline"
    model: str | None = None
    base_url: str | None = None

    def __init__(self) -> None:
        self.usage = Usage()
        self.dropped_ungrounded = 0

    @abstractmethod
    def extract(self, article: Article) -> list[Claim]:
        """Claims of one article, in text order; raise CheckerError on failure."""

    def prompts(self) -> list[PromptRef]:
        """Prompt files this engine used (none for the offline engine)."""
        return []


def choose_engine(engine: str | None = None, **llm_options) -> tuple[Engine, str]:
    """The engine to run and a sentence saying why it was chosen."""
    from .extraction import OfflineEngine

    if engine in (None, "offline"):
        return OfflineEngine(), "offline engine (default: no model configured)" if engine is None else "asked for"
    from .errors import ConfigError

    raise ConfigError(f"unknown engine {engine!r}: use 'offline' or 'llm'")
