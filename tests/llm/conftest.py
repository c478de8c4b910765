"""Fixtures for the LLM engine tests: the endpoint of a test's cassette, the seed articles.

The mock model, the cassette configuration and the clean environment come from
``tests/conftest.py``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from checker.io.loading import load_articles

ROOT = Path(__file__).resolve().parents[2]
#: Endpoint used when recording; replay reads the endpoint back from the cassette.
RECORD_BASE_URL = os.environ.get("CHECKER_TEST_BASE_URL", "http://127.0.0.1:8765/v1")
RECORD_MODEL = os.environ.get("CHECKER_TEST_MODEL", "smollm2")


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
def _isolated_env(llm_env):
    """Every LLM test runs without user configuration, its cache in tmp."""


@pytest.fixture(scope="session")
def seeds():
    articles, errors = load_articles([ROOT / "seeds"])
    assert not errors and len(articles) == 4
    return articles


@pytest.fixture
def stub():
    """A real OpenAI-compatible server on 127.0.0.1 (tests/llm/stub_server.py), no latency, no faults."""
    from stub_server import StubServer

    with StubServer() as server:
        yield server
