"""An engine wrapper that extracts each distinct text once (SummEdits repeats 15 documents)."""

from __future__ import annotations

import threading

from ..engines import Engine
from ..models import Article, AttributionRecord, Claim, PromptRef


class CachingEngine(Engine):
    """Delegates to ``inner``; ``extract_all`` results are memoised by article id (a text hash).

    Thread-safe: samples solved in parallel that share a text wait for one extraction."""

    def __init__(self, inner: Engine):
        self.inner = inner
        self.usage = inner.usage
        self._cache: dict[str, tuple[list[Claim], list[AttributionRecord]]] = {}
        self.hits = 0
        self._lock = threading.Lock()
        self._keys: dict[str, threading.Lock] = {}

    name = property(lambda self: self.inner.name)
    model = property(lambda self: self.inner.model)
    base_url = property(lambda self: self.inner.base_url)
    dropped_ungrounded = property(lambda self: self.inner.dropped_ungrounded)
    concurrency = property(lambda self: getattr(self.inner, "concurrency", 1))
    gateway = property(lambda self: getattr(self.inner, "gateway", None))

    def extract(self, article: Article) -> list[Claim]:
        return self.extract_all(article)[0]

    def extract_all(self, article: Article) -> tuple[list[Claim], list[AttributionRecord]]:
        key = f"{article.id}:{article.published.value}:{article.year_frame.value}"
        with self._lock:
            lock = self._keys.setdefault(key, threading.Lock())
        with lock:
            if key in self._cache:
                with self._lock:
                    self.hits += 1
            else:
                self._cache[key] = self.inner.extract_all(article)
        claims, records = self._cache[key]
        return [c.model_copy(deep=True) for c in claims], [r.model_copy(deep=True) for r in records]

    def prompts(self) -> list[PromptRef]:
        return self.inner.prompts()

    def pair_judge(self):
        return self.inner.pair_judge()

    def warm_up(self) -> None:
        self.inner.warm_up()

    def set_control(self, control) -> None:
        """Hand the run's control (deadline, budgets, Ctrl-C) to the inner engine, if it takes one."""
        if hasattr(self.inner, "set_control"):
            self.inner.set_control(control)
