"""Where the model is and how to talk to it: model, base URL, key and structured-output mode.

Configuration (argument first, then environment): model ``CHECKER_MODEL``; base URL
``CHECKER_BASE_URL`` / ``OPENAI_BASE_URL`` (default api.openai.com); key ``CHECKER_API_KEY`` /
``OPENAI_API_KEY`` (a local server needs none). Mode ``CHECKER_MODE`` = tools | json |
json_schema | md_json, else per endpoint: tools for OpenAI and other OpenAI-compatible servers,
json_schema for Ollama (port 11434). The key and URL credentials are registered for masking.
Imports no model library.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlparse

from ..errors import ConfigError
from .redact import display_url, register, register_url

MODE_NAMES = ("tools", "json", "json_schema", "md_json")
OPENAI_URL = "https://api.openai.com/v1"
NO_KEY = "sk-no-key-required"


@dataclass(frozen=True)
class Endpoint:
    """Resolved configuration of one model endpoint."""

    model: str
    base_url: str
    api_key: str = field(repr=False)
    mode: str = "tools"
    mode_reason: str = ""


def configured_model(model: str | None = None) -> str | None:
    """The model from the argument or ``CHECKER_MODEL``; None when neither is set."""
    return model or os.environ.get("CHECKER_MODEL") or None


def pick_mode(base_url: str, mode: str | None = None) -> tuple[str, str]:
    """``(mode, why)`` for an endpoint; an explicit mode or ``CHECKER_MODE`` wins."""
    explicit = mode or os.environ.get("CHECKER_MODE")
    if explicit:
        if explicit.lower() not in MODE_NAMES:
            raise ConfigError(f"unknown mode {explicit!r}: use one of {', '.join(MODE_NAMES)}")
        return explicit.lower(), "set explicitly"
    parsed = urlparse(base_url)
    if parsed.hostname == "api.openai.com":
        return "tools", "OpenAI"
    if parsed.port == 11434 or "ollama" in (parsed.hostname or ""):
        return "json_schema", "Ollama (enforces response_format json_schema, ignores tool_choice)"
    return "tools", "OpenAI-compatible server (forced tool call; falls back to json if tools are unsupported)"


def resolve(model: str | None = None, base_url: str | None = None, api_key: str | None = None,
            mode: str | None = None) -> Endpoint:
    """Arguments, then environment; ConfigError with one line when something is missing or malformed."""
    model = configured_model(model)
    if not model:
        raise ConfigError("no model configured: pass --model or set CHECKER_MODEL")
    url = (base_url or os.environ.get("CHECKER_BASE_URL") or os.environ.get("OPENAI_BASE_URL") or OPENAI_URL).rstrip("/")
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(f"bad base URL {display_url(url)!r}: expected e.g. http://127.0.0.1:8080/v1")
    try:
        _ = parsed.port
    except ValueError:
        raise ConfigError(f"bad base URL {display_url(url)!r}: the port is not a number") from None
    key = api_key or os.environ.get("CHECKER_API_KEY") or os.environ.get("OPENAI_API_KEY")
    if not key:
        if parsed.hostname == "api.openai.com":
            raise ConfigError("no API key for OpenAI: set OPENAI_API_KEY (or CHECKER_API_KEY, --api-key)")
        key = NO_KEY
    register(key)
    register_url(url)
    chosen, why = pick_mode(url, mode)
    return Endpoint(model=model, base_url=url, api_key=key, mode=chosen, mode_reason=why)
