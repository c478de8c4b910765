"""What an LLM run will need, known before it runs: calls, prompt tokens, dollars (``--dry-run``).

Renders every extraction request exactly as the run would (same chunks, prompt, hints) without
sending anything; answers already in the cache are counted apart (they cost nothing). Prompt
tokens are the messages plus the response schema the request carries (tool or response-format
definition); counted with tiktoken when installed, else estimated as characters / 4
(``pricing.count_tokens``). Completion tokens cannot be known: the dollar range assumes
``TYPICAL_COMPLETION`` tokens per call, up to the call's ``max_tokens``. Judge calls depend on
the claims found, so they are not included (printed as a note).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..models import Article
from . import pricing

TYPICAL_COMPLETION = 400


@dataclass
class Estimate:
    model: str
    articles: int = 0
    calls: int = 0
    cached: int = 0
    prompt_tokens: int = 0
    max_completion_tokens: int = 0
    method: str = ""

    def dollars(self) -> tuple[float, float] | None:
        low = pricing.cost(self.model, self.prompt_tokens, TYPICAL_COMPLETION * self.calls)
        high = pricing.cost(self.model, self.prompt_tokens, self.max_completion_tokens)
        return None if low is None or high is None else (low, high)

    def lines(self) -> list[str]:
        out = [f"dry run: {self.articles} article(s) -> {self.calls} extraction call(s) to {self.model}"
               + (f" ({self.cached} more answered from the cache)" if self.cached else ""),
               f"prompt tokens: {self.prompt_tokens} ({self.method}); completion: up to {self.max_completion_tokens}"]
        money = self.dollars()
        if money is None:
            out.append(f"cost: no price for {self.model!r} in checker/data/prices.yaml (tokens only)")
        else:
            out.append(f"cost: about ${money[0]:.4f} (at {TYPICAL_COMPLETION} completion tokens per call), "
                       f"at most ${money[1]:.4f}")
        out.append("not included: the comparison's judge calls (one per cluster of claim pairs the rules leave open)")
        return out


def estimate(engine, articles: list[Article], workers: int = 1) -> Estimate:
    """Calls and prompt tokens the LLM ``engine`` will need for ``articles`` (nothing is sent);
    the articles are parsed in ``workers`` processes, as the run would."""
    from ..extract.chunks import chunk_sentences
    from ..extract.llm import MAX_TOKENS

    gw = engine.gateway
    est = Estimate(model=gw.model, articles=len(articles), method=pricing.token_method(gw.model))
    schemas: dict[type, int] = {}  # prompt tokens of each answer schema (one per chunk with choose_quotes)
    with engine.analysing_ahead(articles, workers):
        for article in articles:
            analysis, attributions = engine.analysed(article)
            for ids in chunk_sentences(analysis.sentences, engine.max_chars, engine.overlap):
                variables = engine.variables(analysis, ids, attributions)
                messages = engine.prompt.render(variables)
                answer = engine.answer_model(analysis, ids, attributions)
                if gw.cache and gw.cache.get(gw.cache_key(engine.prompt, messages, answer, MAX_TOKENS)) is not None:
                    est.cached += 1
                    continue
                est.calls += 1
                if answer not in schemas:
                    schemas[answer] = pricing.count_tokens(json.dumps(answer.model_json_schema()), gw.model)
                est.prompt_tokens += schemas[answer] + sum(pricing.count_tokens(m["content"], gw.model) + 4 for m in messages)
                est.max_completion_tokens += MAX_TOKENS
    return est
