"""choose_engine: llm when a model is configured, else offline; the reason says why."""

import pytest

from checker.engine_choice import choose_engine
from checker.errors import ConfigError


def test_default_is_offline_without_a_model():
    engine, reason = choose_engine()
    assert engine.name == "offline" and "no model configured" in reason


def test_default_is_llm_when_a_model_is_configured(monkeypatch):
    monkeypatch.setenv("CHECKER_MODEL", "smollm2")
    monkeypatch.setenv("CHECKER_BASE_URL", "http://127.0.0.1:8765/v1")
    engine, reason = choose_engine()
    assert engine.name == "llm" and engine.model == "smollm2" and engine.base_url == "http://127.0.0.1:8765/v1"
    assert "a model is configured" in reason and "mode tools" in reason and "cache on" in reason
    assert engine.gateway.cache is not None


def test_explicit_choices_and_no_cache():
    engine, reason = choose_engine("llm", model="m", base_url="http://localhost:11434/v1", use_cache=False)
    assert engine.name == "llm" and engine.gateway.cache is None and "mode json_schema" in reason
    assert "cache off" in reason and "--engine llm" in reason
    engine, reason = choose_engine("offline", model="m")
    assert engine.name == "offline" and "asked for" in reason


@pytest.mark.parametrize("kwargs, message", [
    ({"engine": "llm"}, "needs a model"),
    ({"engine": "gpt"}, "unknown engine"),
    ({"engine": "llm", "model": "gpt-4o-mini"}, "no API key for OpenAI"),
    ({"engine": "llm", "model": "m", "base_url": "localhost:8765"}, "bad base URL"),
    ({"engine": "llm", "model": "m", "base_url": "http://127.0.0.1:8765/v1", "mode": "xml"}, "unknown mode"),
])
def test_bad_configuration_is_a_one_line_config_error(kwargs, message):
    engine = kwargs.pop("engine")
    with pytest.raises(ConfigError, match=message) as err:
        choose_engine(engine, **kwargs)
    assert "\n" not in str(err.value)
