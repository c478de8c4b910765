"""The engine interface shared by the offline and the LLM engine."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

from .models import Article, AttributionRecord, Claim, PromptRef, Usage

if TYPE_CHECKING:
    from .compare.llm_judge import LLMJudge


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

    def extract_all(self, article: Article) -> tuple[list[Claim], list[AttributionRecord]]:
        """The claims and the attributions that are no claims of their own (none unless the
        engine finds them: the offline engine does)."""
        return self.extract(article), []

    def prompts(self) -> list[PromptRef]:
        """Prompt files this engine used (none for the offline engine)."""
        return []

    def pair_judge(self) -> LLMJudge | None:
        """A judge for candidate claim pairs the comparison rules leave open (the LLM engine's
        model); None for an engine that has none."""
        return None
