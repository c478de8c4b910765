"""Fixtures for the LLM engine tests: cassette config, a scripted fake endpoint, seeds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from checker.io.loading import load_articles

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
#: Endpoint used when recording; replay reads the endpoint back from the cassette.
RECORD_BASE_URL = os.environ.get("CHECKER_TEST_BASE_URL", "http://127.0.0.1:8765/v1")
RECORD_MODEL = os.environ.get("CHECKER_TEST_MODEL", "smollm2")

DROP_RESPONSE_HEADERS = {"openai-organization", "openai-project", "set-cookie", "user-agent", "x-request-id",
                         "cf-ray", "openai-processing-ms", "strict-transport-security"}


def _scrub_response(response: dict) -> dict:
    headers = response.get("headers", {})
    for name in list(headers):
        low = name.lower()
        if low in DROP_RESPONSE_HEADERS or low.startswith("x-stainless") or low.startswith("x-ratelimit"):
            del headers[name]
    return response


@pytest.fixture
def vcr_config(request) -> dict:
    return {
        "filter_headers": ["authorization", "api-key", "openai-organization", "openai-project", "cookie",
                           "user-agent", "x-stainless-arch", "x-stainless-os", "x-stainless-runtime",
                           "x-stainless-runtime-version", "x-stainless-package-version", "x-stainless-lang",
                           "x-stainless-async", "x-stainless-retry-count", "x-stainless-read-timeout"],
        "before_record_response": _scrub_response,
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
        "record_mode": request.config.getoption("--record-mode") or "none",
        "decode_compressed_response": True,
    }


@pytest.fixture
def endpoint(request, vcr_cassette_dir, default_cassette_name) -> tuple[str, str]:
    """(base_url, model): read from the test's cassette when replaying, else the recording target."""
    if request.config.getoption("--record-mode") not in (None, "none"):
        return RECORD_BASE_URL, RECORD_MODEL
    path = Path(vcr_cassette_dir) / f"{default_cassette_name}.yaml"
    if not path.exists():
        pytest.fail(f"cassette {path.name} missing: record it with scripts/record_cassettes.sh")
    first = yaml.safe_load(path.read_text())["interactions"][0]["request"]
    uri = first["uri"]
    base = uri[: uri.index("/chat/completions")]
    return base, json.loads(first["body"])["model"]


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No user configuration leaks into a test; the cache lives in tmp."""
    for var in ("CHECKER_MODEL", "CHECKER_BASE_URL", "CHECKER_API_KEY", "CHECKER_MODE", "OPENAI_API_KEY",
                "OPENAI_BASE_URL", "OPENAI_ORG_ID"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="session")
def seeds():
    articles, errors = load_articles([ROOT / "seeds"])
    assert not errors and len(articles) == 4
    return articles


@pytest.fixture
def fake():
    """``fake(*script)``: a FakeEndpoint answering requests in order."""
    from llm_fakes import FakeEndpoint

    return FakeEndpoint
