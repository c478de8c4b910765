"""The engine interface shared by the offline and the LLM engine."""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager, nullcontext
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

    def analysing_ahead(self, articles: list[Article], workers: int) -> AbstractContextManager[None]:
        """A run's extraction happens within it: an engine may analyse ``articles`` ahead in
        ``workers`` processes meanwhile (the LLM engine does, while its threads wait on the
        model). Nothing is done ahead here."""
        return nullcontext()

    def warm_up(self) -> None:  # noqa: B027 - an optional hook, not abstract
        """Prepare in the background what the first request will need (the LLM engine's
        client), so that it overlaps the first parse; nothing to prepare here."""

    def prompts(self) -> list[PromptRef]:
        """Prompt files this engine used (none for the offline engine)."""
        return []

    def pair_judge(self) -> LLMJudge | None:
        """A judge for candidate claim pairs the comparison rules leave open (the LLM engine's
        model); None for an engine that has none."""
        return None
