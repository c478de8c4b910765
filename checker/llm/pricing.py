"""Token counts and dollar estimates: what a run will cost before it runs.

:func:`count_tokens` uses tiktoken when it is installed (the model's encoding, else
``o200k_base``); without it, tokens are estimated as characters / 4 rounded up (OpenAI's rule of
thumb for English; it over-counts little on news text). :func:`price` reads
``checker/data/prices.yaml`` (dollars per million tokens); :func:`cost` is None for a model not
listed there.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=8)
def _encoding(model: str | None):
    try:
        import tiktoken
    except ModuleNotFoundError:
        return None
    try:
        return tiktoken.encoding_for_model(model or "")
    except (KeyError, ValueError):
        try:
            return tiktoken.get_encoding("o200k_base")
        except Exception:  # no encoding file offline
            return None


def token_method(model: str | None = None) -> str:
    """How :func:`count_tokens` counts: ``tiktoken`` or the character estimate."""
    return "tiktoken" if _encoding(model) is not None else "estimate: characters / 4"


def count_tokens(text: str, model: str | None = None) -> int:
    enc = _encoding(model)
    if enc is not None:
        return len(enc.encode(text, disallowed_special=()))
    return math.ceil(len(text) / 4)


@lru_cache(maxsize=1)
def prices() -> dict[str, dict[str, float]]:
    raw = (resources.files("checker") / "data" / "prices.yaml").read_text(encoding="utf-8")
    return {str(k): {"input": float(v["input"]), "output": float(v["output"])} for k, v in (yaml.safe_load(raw) or {}).items()}


def price(model: str | None) -> dict[str, float] | None:
    """Dollars per million input/output tokens: exact name, else the longest listed prefix."""
    if not model:
        return None
    table = prices()
    if model in table:
        return table[model]
    keys = [k for k in table if model.startswith(k)]
    return table[max(keys, key=len)] if keys else None


def cost(model: str | None, prompt_tokens: int, completion_tokens: int) -> float | None:
    """Dollars for these tokens, or None for a model not in the price table."""
    p = price(model)
    if p is None:
        return None
    return (prompt_tokens * p["input"] + completion_tokens * p["output"]) / 1_000_000
