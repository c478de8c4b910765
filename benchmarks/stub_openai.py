"""A local OpenAI-compatible stub endpoint for benchmarks: answers the claim judge's prompt.

Serves ``POST /v1/chat/completions`` on 127.0.0.1 (a free port) from a background thread and
counts requests. It reads the pair lines ("P1: C1 vs C2") and claim lines ("[C1] ...: text")
of the judge prompt and answers every pair with one label, as a tool call (instructor's tools
mode) or as JSON content:

- ``unrelated``: every pair unrelated;
- ``hostile``: every pair "disagree" with confidence 1.0 and made-up values;
- ``quoting``: every pair "disagree" on "entity", quoting the first capitalised word of each
  claim (verbatim and different, but no conflict a check would accept).

    with StubServer(mode="hostile") as stub:
        Gateway("stub", base_url=stub.url, api_key="none")
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StubServer:
    """The stub endpoint; ``calls`` counts chat requests, ``url`` is its /v1 base URL."""

    def __init__(self, mode: str = "unrelated", latency: float = 0.0) -> None:
        self.mode, self.latency, self.calls = mode, latency, 0
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                with stub._lock:
                    stub.calls += 1
                if stub.latency:
                    time.sleep(stub.latency)
                payload = json.dumps(stub.answer(body)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> StubServer:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def judgements(self, prompt: str) -> dict:
        claims = {int(n): text for n, text in re.findall(r"^\[C(\d+)\][^:]*:[^:]*: (.*)$", prompt, re.M)}
        out = []
        for n, a, b in re.findall(r"^P(\d+): C(\d+) vs C(\d+)", prompt, re.M):
            item = {"pair": int(n), "label": "unrelated", "attribute": "none", "explanation": "stub", "confidence": 0.5}
            if self.mode == "hostile":
                item.update(label="disagree", attribute="time", value_a="in 1999", value_b="in 2031", confidence=1.0,
                            explanation="These claims cannot both be true.")
            elif self.mode == "quoting":
                first = [next(iter(re.findall(r"\b[A-Z][a-z]+\b", claims.get(int(c), ""))), "") for c in (a, b)]
                item.update(label="disagree", attribute="entity", value_a=first[0], value_b=first[1], confidence=1.0,
                            explanation="Different names.")
            out.append(item)
        return {"judgements": out}

    def answer(self, body: dict) -> dict:
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        args = json.dumps(self.judgements(prompt))
        if body.get("tools"):
            name = body["tools"][0]["function"]["name"]
            message = {"role": "assistant", "content": None,
                       "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": name, "arguments": args}}]}
        else:
            message = {"role": "assistant", "content": args}
        return {"id": "stub", "object": "chat.completion", "created": 0, "model": body.get("model", "stub"),
                "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": len(prompt) // 4, "completion_tokens": len(args) // 4,
                          "total_tokens": (len(prompt) + len(args)) // 4}}
