"""Shared fixtures: the seed articles loaded once and their offline claims; for the LLM tests, one
mock model (an OpenAI-compatible endpoint in memory), the cassette configuration and an
environment free of user settings."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx2
import pytest
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_articles():
    from checker.io.loading import load_articles

    articles, errors = load_articles([SEEDS])
    assert not errors
    return {Path(a.path).name[:3]: a for a in articles}


@pytest.fixture(scope="session")
def seed_claims(seed_articles):
    from checker.extract.offline import OfflineEngine

    engine = OfflineEngine()
    return {key: engine.extract(article) for key, article in seed_articles.items()}


# ---- the mock model ---------------------------------------------------------------------

class MockModel:
    """An OpenAI-compatible chat endpoint in memory (no HTTP, no sockets), in the manner of
    simonw/llm's ``MockModel``: answers wait in a queue, every request is recorded.

    ``enqueue(*answers)`` queues answers, served one per request in order. An answer is

    * a pydantic model instance: a forced tool call naming its class, arguments = its JSON;
    * a dict: a 200 response with that JSON body (see ``completion``);
    * a tuple ``(status, body[, headers])``: that HTTP response;
    * an exception instance: raised by the transport (``httpx2.ConnectError(...)`` and the like);
    * a callable: called with the request's JSON body, its result served as one of the above.

    When the queue is empty, ``fallback`` (an answer as above) is served; without one, the
    request fails the test ("unexpected extra request").

    ``requests`` holds the JSON body of every request received; ``user_message(n)`` is the user
    content of request ``n``. ``client()`` is an ``httpx2.Client`` for ``openai.OpenAI``;
    ``gateway(**kw)`` a ``checker.llm.gateway.Gateway`` wired to this endpoint (no sleeping
    between retries unless ``sleep=`` is given).
    """

    model_id = "toy"
    base_url = "http://127.0.0.1:9/v1"

    def __init__(self, *answers: Any, fallback: Any = None) -> None:
        self.queue: list[Any] = []
        self.requests: list[dict] = []
        self.fallback = fallback
        self.enqueue(*answers)

    def enqueue(self, *answers: Any) -> MockModel:
        self.queue.extend(answers)
        return self

    def client(self) -> httpx2.Client:
        return httpx2.Client(transport=httpx2.MockTransport(self))

    def gateway(self, **kwargs: Any):
        from checker.llm.gateway import Gateway

        kwargs.setdefault("sleep", lambda seconds: None)
        return Gateway(self.model_id, base_url=self.base_url, http_client=self.client(), **kwargs)

    def user_message(self, n: int = -1) -> str:
        return next(m["content"] for m in self.requests[n]["messages"] if m["role"] == "user")

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content or b"{}")
        self.requests.append(body)
        if self.queue:
            answer = self.queue.pop(0)
        elif self.fallback is not None:
            answer = self.fallback
        else:
            raise AssertionError("mock model: unexpected extra request")
        if callable(answer) and not isinstance(answer, (BaseModel, BaseException)):
            answer = answer(body)
        if isinstance(answer, BaseException):
            raise answer
        if isinstance(answer, BaseModel):
            answer = self.tool_answer(answer)
        if isinstance(answer, tuple):
            status, payload, *rest = answer
            return httpx2.Response(status, json=payload, headers=rest[0] if rest else None)
        return httpx2.Response(200, json=answer)

    @staticmethod
    def completion(*, arguments: str | None = None, content: str | None = None, name: str = "ClaimsAnswer",
                   prompt_tokens: int = 100, completion_tokens: int = 20, finish_reason: str | None = None) -> dict:
        """A chat.completion body: a forced tool call ``name(arguments)``, or plain ``content``."""
        message: dict = {"role": "assistant", "content": content}
        if arguments is not None:
            message["tool_calls"] = [{"id": "call_1", "type": "function",
                                      "function": {"name": name, "arguments": arguments}}]
        return {
            "id": "chatcmpl-mock", "object": "chat.completion", "created": 0, "model": MockModel.model_id,
            "choices": [{"index": 0, "message": message,
                         "finish_reason": finish_reason or ("tool_calls" if arguments is not None else "stop")}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens},
        }

    @staticmethod
    def tool_answer(answer: BaseModel, **usage: int) -> dict:
        """A completion whose forced tool call carries ``answer`` (named after its class)."""
        return MockModel.completion(arguments=answer.model_dump_json(), name=type(answer).__name__, **usage)


@pytest.fixture
def mock_model(llm_env) -> MockModel:
    """A fresh :class:`MockModel` with an empty queue; no user LLM settings apply."""
    return MockModel()


# ---- cassettes and environment of the LLM tests ------------------------------------------

#: Response headers never kept in a cassette (``filter_headers`` scrubs request headers only).
DROP_RESPONSE_HEADERS = {"openai-organization", "openai-project", "set-cookie", "user-agent", "x-request-id",
                         "cf-ray", "openai-processing-ms", "strict-transport-security"}


def scrub_response(response: dict) -> dict:
    headers = response.get("headers", {})
    for name in list(headers):
        low = name.lower()
        if low in DROP_RESPONSE_HEADERS or low.startswith("x-stainless") or low.startswith("x-ratelimit"):
            del headers[name]
    return response


@pytest.fixture
def vcr_config(request) -> dict:
    """pytest-recording: replay only unless ``--record-mode`` says otherwise; every request field
    (the JSON body included) must match the recorded one."""
    return {
        "filter_headers": ["authorization", "api-key", "openai-organization", "openai-project", "cookie",
                           "user-agent", "x-stainless-arch", "x-stainless-os", "x-stainless-runtime",
                           "x-stainless-runtime-version", "x-stainless-package-version", "x-stainless-lang",
                           "x-stainless-async", "x-stainless-retry-count", "x-stainless-read-timeout"],
        "before_record_response": scrub_response,
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
        "record_mode": request.config.getoption("--record-mode") or "none",
        "decode_compressed_response": True,
    }


def user_settings() -> list[str]:
    """The variables a user's shell may set for checker or the OpenAI SDK, except ``CHECKER_DATA_DIR``
    (where the labelled data is)."""
    return [var for var in os.environ if var.startswith(("CHECKER_", "OPENAI_")) and var != "CHECKER_DATA_DIR"]


@pytest.fixture(scope="session", autouse=True)
def _no_user_settings(request, tmp_path_factory):
    """No user configuration (a model, a timeout, a concurrency...) reaches any test or the processes
    tests start, and no test writes the user's model cache. While recording (``--record-mode``
    other than none) the API key variables stay: the recording endpoint needs them."""
    recording = request.config.getoption("--record-mode") not in (None, "none")
    with pytest.MonkeyPatch.context() as mp:
        for var in user_settings():
            if not (recording and var in ("CHECKER_API_KEY", "OPENAI_API_KEY")):
                mp.delenv(var)
        mp.setenv("CHECKER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture
def llm_env(monkeypatch, tmp_path) -> None:
    """A model cache of the test's own, empty at its start."""
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "cache"))
