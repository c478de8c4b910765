"""A scripted fake OpenAI-compatible endpoint (no HTTP, no sockets) for the gateway tests."""

from __future__ import annotations

import json

import httpx2


# ---- scripted fake endpoint (no HTTP, no sockets) ------------------------------------

def completion(*, arguments: str | None = None, content: str | None = None, prompt_tokens: int = 100,
               completion_tokens: int = 20, finish_reason: str | None = None) -> dict:
    """An OpenAI chat.completion body: a forced tool call (``arguments``) or plain ``content``."""
    message: dict = {"role": "assistant", "content": content}
    if arguments is not None:
        message["tool_calls"] = [{"id": "call_1", "type": "function",
                                  "function": {"name": "ClaimsAnswer", "arguments": arguments}}]
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": "fake",
        "choices": [{"index": 0, "message": message,
                     "finish_reason": finish_reason or ("tool_calls" if arguments is not None else "stop")}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


class FakeEndpoint:
    """Answers requests from a script: dicts (200 JSON), (status, body[, headers]) or exceptions."""

    def __init__(self, *script) -> None:
        self.script = list(script)
        self.requests: list[dict] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(json.loads(request.content or b"{}"))
        if not self.script:
            raise AssertionError("fake endpoint: unexpected extra request")
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        if isinstance(step, tuple):
            status, body, *rest = step
            return httpx2.Response(status, json=body, headers=rest[0] if rest else None)
        return httpx2.Response(200, json=step)

    def client(self) -> httpx2.Client:
        return httpx2.Client(transport=httpx2.MockTransport(self))
