"""Engine choice: which engine a run uses, and a sentence saying why."""

from __future__ import annotations

import os

from .engines import Engine
from .errors import ConfigError

# The modules the ``llm`` extra installs (pyproject.toml); the LLM engine imports them.
LLM_EXTRA = ("openai", "instructor", "tenacity", "jinja2")


def choose_engine(
    engine: str | None = None,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | None = None,
    use_cache: bool = True,
    concurrency: int | None = None,
    choose_quotes: bool | None = None,
) -> tuple[Engine, str]:
    """The engine to run and a sentence saying why: ``llm`` by default when a model is
    configured (``model`` or ``CHECKER_MODEL``), else ``offline``."""
    if engine not in (None, "offline", "llm"):
        raise ConfigError(f"unknown engine {engine!r}: use 'offline' or 'llm'")
    model = model or os.environ.get("CHECKER_MODEL") or None
    if engine == "offline" or (engine is None and model is None):
        from .extract.offline import OfflineEngine

        why = "asked for with --engine offline" if engine == "offline" else "default: no model configured"
        return OfflineEngine(), f"offline engine ({why})"
    if model is None:
        raise ConfigError("--engine llm needs a model: pass --model or set CHECKER_MODEL")
    try:
        from .extract.llm import LLMEngine
        from .llm.cache import Cache
        from .llm.gateway import Gateway
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] not in LLM_EXTRA:
            raise
        raise ConfigError(f"the LLM engine needs: pip install 'checker[llm]' (no module named {exc.name!r})") from None

    gateway = Gateway(model, base_url=base_url, api_key=api_key, mode=mode, cache=Cache() if use_cache else None,
                      concurrency=concurrency)
    ep = gateway.endpoint
    why = "asked for with --engine llm" if engine == "llm" else "default: a model is configured"
    cache = "cache on" if use_cache else "cache off"
    where = f"{ep.model} at {gateway.base_url}, mode {ep.mode} ({ep.mode_reason}), {gateway.concurrency} in flight"
    chosen = LLMEngine(gateway, choose_quotes=choose_quotes)
    quotes = ", quotes chosen from the chunk's" if chosen.choose_quotes else ""
    return chosen, f"llm engine ({why}): {where}, {cache}{quotes}"
