"""An OpenAI-compatible model server for tests and benchmarks: real HTTP on 127.0.0.1, a random port.

It answers checker's two prompts with valid structured output (as a forced tool call, or as
JSON content in the json modes): for ``extract_claims`` one claim per numbered sentence that has a
verb-like word (up to 8), quoting the sentence exactly; for ``judge_claims`` every pair
"unrelated". Latency and faults are switchable while it runs::

    with StubServer(latency=0.5) as stub:          # stub.url is the /v1 base URL
        stub.script = ["500", "length"]            # the next requests, in order
        stub.rate, stub.mix = 0.3, ["429", "500"]  # then random faults (seeded) at this rate
        stub.gate = 4                              # hold requests until 4 have arrived
        ...
    stub.calls, stub.peak, stub.faults_served, stub.requests (bodies), stub.headers

A request counts as in flight from its arrival until its response starts to be written, so a
client that has read an answer never sees it still counted (``peak`` is exact). With ``gate``
set, each request waits (up to ``gate_s``) until that many have arrived: requests a client sends
together overlap however the client's threads are scheduled.

Faults: ``429`` (Retry-After: ``retry_after``), ``500``, ``503``, ``hang`` (answers after
``hang_s``), ``cut`` (HTTP body cut short), ``truncated`` (tool arguments cut mid-JSON),
``length`` (finish_reason=length, arguments cut; only for a request of two or more sentences
unless ``length_always``), ``invalid`` (schema-invalid answer), ``ungrounded`` (quotes not in the
article), ``echo400`` / ``echo401`` / ``echo500`` (an error body quoting the request's API key),
``notools`` (400 "tools not supported" for a request with tools). With ``per_body`` set, one
request body gets at most that many faults (transient faults; a retry eventually passes).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SENTENCE = re.compile(r"^\[S(\d+)\] (.+)$", re.M)
VERBISH = re.compile(r"\b(\w+(ed|s)|is|are|was|were|has|have|had|said|says|will|would|can|could|may)\b")


class StubServer:
    def __init__(self, latency: float = 0.0, *, seed: int = 0, retry_after: float = 0.2, hang_s: float = 5.0,
                 per_body: int | None = None) -> None:
        self.latency, self.retry_after, self.hang_s, self.per_body = latency, retry_after, hang_s, per_body
        self.script: list[str] = []
        self.rate, self.mix = 0.0, ["500"]
        self.length_always = False
        self.gate, self.gate_s = 0, 10.0
        self.calls = self.in_flight = self.peak = 0
        self.faults_served: list[str] = []
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.times: list[float] = []  # arrival of each request (time.monotonic)
        self._rng = random.Random(seed)
        self._per_body: dict[str, int] = {}
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                body = json.loads(raw or b"{}")
                with stub._arrived:
                    stub.calls += 1
                    stub.in_flight += 1
                    stub.peak = max(stub.peak, stub.in_flight)
                    stub.requests.append(body)
                    stub.headers.append(dict(self.headers))
                    stub.times.append(time.monotonic())
                    stub._arrived.notify_all()
                    stub._arrived.wait_for(lambda: stub.calls >= stub.gate, timeout=stub.gate_s)
                self.counted = True
                try:
                    stub._serve(self, body, raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    stub._answered(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> StubServer:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _answered(self, h: BaseHTTPRequestHandler) -> None:
        """The request stops counting as in flight (once), before its response is written."""
        with self._lock:
            if h.counted:
                h.counted = False
                self.in_flight -= 1

    def reset(self) -> None:
        with self._lock:
            self.calls = self.peak = 0
            self.faults_served, self.requests, self.headers, self.times = [], [], [], []
            self._per_body = {}

    # ---- choosing and serving -------------------------------------------------------------

    def _fault(self, raw: bytes) -> str | None:
        with self._lock:
            if self.script:
                fault = self.script.pop(0)
            elif self.rate and self._rng.random() < self.rate:
                fault = self._rng.choice(self.mix)
            else:
                return None
            if self.per_body is not None:
                key = hashlib.sha256(raw).hexdigest()
                if self._per_body.get(key, 0) >= self.per_body:
                    return None
                self._per_body[key] = self._per_body.get(key, 0) + 1
            return fault

    def _serve(self, h: BaseHTTPRequestHandler, body: dict, raw: bytes) -> None:
        if self.latency:
            time.sleep(self.latency)
        fault = self._fault(raw)
        prompt = "\n".join(str(m.get("content") or "") for m in body.get("messages", []))
        if fault == "length" and not self.length_always and len(SENTENCE.findall(prompt)) < 2:
            fault = None
        if fault == "notools" and not body.get("tools"):
            fault = None
        if fault:
            with self._lock:
                self.faults_served.append(fault)
        key = (h.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        errors = {
            "429": (429, {"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}},
                    {"Retry-After": f"{self.retry_after:g}"}),
            "500": (500, {"error": {"message": "The server had an error", "type": "server_error"}}, {}),
            "503": (503, {"error": {"message": "Service unavailable", "type": "server_error"}}, {}),
            "echo400": (400, {"error": {"message": f"Invalid request made with key {key}", "type": "invalid_request_error"}}, {}),
            "echo401": (401, {"error": {"message": f"Incorrect API key provided: {key}.", "type": "invalid_request_error",
                                        "code": "invalid_api_key"}}, {}),
            "echo500": (500, {"error": {"message": f"upstream failed for the authorization header, Bearer {key}", "type": "server_error"}}, {}),
            "notools": (400, {"error": {"message": "tools param requires --jinja flag", "type": "invalid_request_error"}}, {}),
        }
        if fault in errors:
            status, payload, headers = errors[fault]
            return self._send(h, status, json.dumps(payload).encode(), headers)
        if fault == "hang":
            time.sleep(self.hang_s)
        args = json.dumps(self.answer(prompt, fault))
        finish = "tool_calls" if body.get("tools") else "stop"
        if fault in ("truncated", "length"):
            args = args[: len(args) // 2]
            finish = "length" if fault == "length" else finish
        payload = json.dumps(self.completion(body, args, prompt, finish)).encode()
        if fault == "cut":
            self._answered(h)
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(payload)))
            h.end_headers()
            h.wfile.write(payload[: len(payload) // 3])
            h.wfile.flush()
            h.close_connection = True
            return
        self._send(h, 200, payload, {})

    def _send(self, h: BaseHTTPRequestHandler, status: int, payload: bytes, headers: dict) -> None:
        self._answered(h)
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(payload)))
        for k, v in headers.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(payload)

    # ---- answers ----------------------------------------------------------------------------

    def answer(self, prompt: str, fault: str | None = None) -> dict:
        if re.search(r"^P\d+: C\d+ vs C\d+", prompt, re.M):
            pairs = re.findall(r"^P(\d+): C\d+ vs C\d+", prompt, re.M)
            return {"judgements": [{"pair": int(n), "label": "unrelated", "attribute": "none", "explanation": "stub",
                                    "confidence": 0.5} for n in pairs]}
        claims = []
        for n, text in SENTENCE.findall(prompt):
            if len(text.split()) < 4 or not VERBISH.search(text):
                continue
            quote = text.strip()[:400]
            if fault == "ungrounded":
                quote = "The moon landing was staged in a studio in 1969."
            claims.append({"sentence_id": int(n), "quote": quote, "statement": quote[:300],
                           "speaker": {"name": "author", "kind": "author"}, "via": [], "cue": None,
                           "hedging": "asserted", "quote_kind": "none", "time": None, "reason": "stub"})
            if len(claims) == 8:
                break
        if fault == "invalid":
            for c in claims:
                c["hedging"] = "certainly"
                del c["quote"]
            if not claims:
                return {"claims": "none"}
        return {"claims": claims}

    @staticmethod
    def completion(body: dict, args: str, prompt: str, finish: str) -> dict:
        if body.get("tools"):
            name = body["tools"][0]["function"]["name"]
            message = {"role": "assistant", "content": None,
                       "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": name, "arguments": args}}]}
        else:
            message = {"role": "assistant", "content": args}
        return {"id": "stub", "object": "chat.completion", "created": 0, "model": body.get("model", "stub"),
                "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                "usage": {"prompt_tokens": len(prompt) // 4, "completion_tokens": len(args) // 4,
                          "total_tokens": (len(prompt) + len(args)) // 4}}


def dead_url() -> str:
    """A base URL where nothing listens (connection refused)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"
