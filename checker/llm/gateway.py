"""The one door to language models: the only module that imports openai, instructor, tenacity.

Usage::

    gw = Gateway(model="gpt-4o-mini")                       # or env, see below
    answer = gw.structured(load_prompt("extract_claims"), {"data": ...}, MyModel)
    gw.usage      # models.Usage: calls, cached_calls, prompt/completion tokens
    gw.log        # one CallLog per structured() call (tokens, tries, cache hit)
    gw.prompts()  # PromptRefs used so far

Configuration (argument first, then environment): model ``CHECKER_MODEL``; base URL
``CHECKER_BASE_URL`` / ``OPENAI_BASE_URL`` (default api.openai.com); key ``CHECKER_API_KEY`` /
``OPENAI_API_KEY`` (a local server needs none); timeout ``CHECKER_TIMEOUT`` (seconds, 300).
Instructor mode: ``mode=`` / ``CHECKER_MODE`` = tools | json | json_schema | md_json, else per
endpoint: tools for OpenAI and other OpenAI-compatible servers (llama_cpp.server turns a
forced tool call into a grammar; vLLM), json_schema for Ollama (port 11434). An automatically
picked ``tools`` that the server rejects (see ``rejected``) falls back to ``json`` once.

Failures: one retry layer. The SDK runs with ``max_retries=0``; tenacity retries transient
errors only (429 honouring Retry-After, 408/409/5xx, timeouts, connection errors), never
400/401/403/404/422, a 429 ``insufficient_quota``, nor a 500 wrapping a request validation
error (how llama_cpp.server 0.3.36 answers ``response_format: json_schema``). instructor
re-asks (``max_reasks``) only when the answer fails JSON/schema validation; API errors are
unwrapped from ``InstructorRetryException`` first. After the last try: ``ModelError`` with a
one-line message; once an endpoint could not be reached at all, later calls in the run fail
at once. A cache hit (``checker.llm.cache``) makes no call.
"""

from __future__ import annotations

import email.utils
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlparse

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorError, InstructorRetryException
from pydantic import BaseModel, ValidationError
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from ..errors import ConfigError, ModelError
from ..models import PromptRef, Usage
from .cache import Cache
from .prompting import Prompt

T = TypeVar("T", bound=BaseModel)
logging.getLogger("instructor").addHandler(logging.NullHandler())  # our errors are one line; no log spam

MODES = {
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "md_json": instructor.Mode.MD_JSON,
}
OPENAI_URL = "https://api.openai.com/v1"
NO_KEY = "sk-no-key-required"
MAX_RETRY_AFTER = 120.0


@dataclass(frozen=True)
class Endpoint:
    """Resolved configuration of one model endpoint."""

    model: str
    base_url: str
    api_key: str
    mode: str
    mode_reason: str


@dataclass
class CallLog:
    """What one ``structured()`` call cost."""

    prompt: str
    cached: bool
    requests: int = 0
    tries: int = 0
    first_prompt_tokens: int = 0  # of the first request alone (re-asks resend the conversation)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0


def configured_model(model: str | None = None) -> str | None:
    """The model from the argument or ``CHECKER_MODEL``; None when neither is set."""
    return model or os.environ.get("CHECKER_MODEL") or None


def pick_mode(base_url: str, mode: str | None = None) -> tuple[str, str]:
    """``(mode, why)`` for an endpoint; an explicit mode or ``CHECKER_MODE`` wins."""
    explicit = mode or os.environ.get("CHECKER_MODE")
    if explicit:
        if explicit.lower() not in MODES:
            raise ConfigError(f"unknown mode {explicit!r}: use one of {', '.join(MODES)}")
        return explicit.lower(), "set explicitly"
    parsed = urlparse(base_url)
    if parsed.hostname == "api.openai.com":
        return "tools", "OpenAI"
    if parsed.port == 11434 or "ollama" in (parsed.hostname or ""):
        return "json_schema", "Ollama (enforces response_format json_schema, ignores tool_choice)"
    return "tools", "OpenAI-compatible server (forced tool call; falls back to json if rejected)"


def resolve(model: str | None = None, base_url: str | None = None, api_key: str | None = None,
            mode: str | None = None) -> Endpoint:
    """Arguments, then environment; ConfigError with one line when something is missing or malformed."""
    model = configured_model(model)
    if not model:
        raise ConfigError("no model configured: pass --model or set CHECKER_MODEL")
    url = (base_url or os.environ.get("CHECKER_BASE_URL") or os.environ.get("OPENAI_BASE_URL") or OPENAI_URL).rstrip("/")
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(f"bad base URL {url!r}: expected e.g. http://127.0.0.1:8080/v1")
    try:
        _ = parsed.port
    except ValueError:
        raise ConfigError(f"bad base URL {url!r}: the port is not a number") from None
    key = api_key or os.environ.get("CHECKER_API_KEY") or os.environ.get("OPENAI_API_KEY")
    if not key:
        if parsed.hostname == "api.openai.com":
            raise ConfigError("no API key for OpenAI: set OPENAI_API_KEY (or CHECKER_API_KEY, --api-key)")
        key = NO_KEY
    chosen, why = pick_mode(url, mode)
    return Endpoint(model=model, base_url=url, api_key=key, mode=chosen, mode_reason=why)


# ---- error classification -------------------------------------------------------------

def is_transient(exc: BaseException) -> bool:
    """True for errors worth retrying: rate limits (not quota), 408/409/5xx, timeouts, connection."""
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.RateLimitError):
        return _error_code(exc) != "insufficient_quota"
    if isinstance(exc, openai.APIStatusError):
        return (exc.status_code in (408, 409) or exc.status_code >= 500) and not rejected(exc)
    return False


def rejected(exc: BaseException) -> bool:
    """The server refused the request itself (400/422, or llama_cpp.server's 500 wrapping a
    request validation error, e.g. for ``response_format: json_schema``): never retried."""
    if not isinstance(exc, openai.APIStatusError):
        return False
    if exc.status_code in (400, 422):
        return True
    body = exc.body.get("error", exc.body) if isinstance(exc.body, dict) else exc.body
    text = str(body.get("message", "")) if isinstance(body, dict) else str(body or exc.message)
    return exc.status_code == 500 and "validation error" in text and "'body'" in text


def _error_code(exc: openai.APIError) -> str | None:
    if exc.code:
        return exc.code
    body = exc.body if isinstance(exc.body, dict) else {}
    inner = body.get("error") if isinstance(body.get("error"), dict) else body
    return inner.get("code") or inner.get("type")


def retry_after(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms`` / ``retry-after``), if any."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    try:
        if headers.get("retry-after-ms"):
            return float(headers["retry-after-ms"]) / 1000
        value = headers.get("retry-after")
        if value is None:
            return None
        try:
            return max(0.0, float(value))
        except ValueError:
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def describe(exc: BaseException, endpoint: Endpoint) -> str:
    """One line for a user: what failed and what to do."""
    where = f"{endpoint.model} at {endpoint.base_url}"
    if isinstance(exc, openai.APITimeoutError):
        return f"{where}: request timed out"
    if isinstance(exc, openai.APIConnectionError):
        return f"{where}: cannot connect (is the server running and the URL right?)"
    if isinstance(exc, openai.AuthenticationError):
        return f"{where}: authentication failed (HTTP 401): check --api-key / CHECKER_API_KEY / OPENAI_API_KEY"
    if isinstance(exc, openai.PermissionDeniedError):
        return f"{where}: permission denied (HTTP 403)"
    if isinstance(exc, openai.NotFoundError):
        return f"{where}: not found (HTTP 404): check the model name and that the base URL ends in /v1"
    if isinstance(exc, openai.RateLimitError):
        code = _error_code(exc)
        if code == "insufficient_quota":
            return f"{where}: quota exhausted (HTTP 429 insufficient_quota): check billing"
        return f"{where}: rate limited (HTTP 429)"
    if isinstance(exc, openai.APIStatusError):
        hint = " (try --mode json or CHECKER_MODE=json)" if rejected(exc) else ""
        return f"{where}: HTTP {exc.status_code}: {_one_line(exc.message)}{hint}"
    if isinstance(exc, IncompleteOutputException):
        return f"{where}: the answer was cut off at the token limit"
    if isinstance(exc, (ValidationError, ValueError, InstructorError)):
        return f"{where}: the answer did not fit the schema: {_one_line(str(exc))}"
    return f"{where}: {type(exc).__name__}: {_one_line(str(exc))}"


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _BadAnswer(Exception):
    """The model answered, but not in a usable form after all re-asks (not retried)."""


# ---- the gateway ----------------------------------------------------------------------

class Gateway:
    """Structured calls to one model endpoint, with cache, retries, re-asks and usage counts."""

    def __init__(
        self,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        mode: str | None = None,
        cache: Cache | None = None,
        *,
        attempts: int = 4,
        max_reasks: int = 2,
        timeout: float | None = None,
        max_tokens: int = 2048,
        http_client: Any = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = resolve(model, base_url, api_key, mode)
        self.cache = cache
        self.attempts = max(1, attempts)
        self.max_reasks = max(0, max_reasks)
        self.max_tokens = max_tokens
        self.usage = Usage()
        self.log: list[CallLog] = []
        self._prompts: dict[str, PromptRef] = {}
        self._sleep = sleep
        self._auto_mode = not (mode or os.environ.get("CHECKER_MODE"))
        self._unreachable: str | None = None  # set once connecting failed after every try
        try:
            timeout = timeout or float(os.environ.get("CHECKER_TIMEOUT", "300"))
        except ValueError:
            raise ConfigError("CHECKER_TIMEOUT must be a number of seconds") from None
        self._client = openai.OpenAI(
            api_key=self.endpoint.api_key,
            base_url=self.endpoint.base_url,
            max_retries=0,  # one retry layer: ours
            timeout=timeout,
            http_client=http_client,
        )
        self._set_mode(self.endpoint.mode)

    @property
    def model(self) -> str:
        return self.endpoint.model

    @property
    def base_url(self) -> str:
        return self.endpoint.base_url

    @property
    def mode(self) -> str:
        return self._mode

    def prompts(self) -> list[PromptRef]:
        return list(self._prompts.values())

    def _set_mode(self, mode: str) -> None:
        self._mode = mode
        self._instructor = instructor.from_openai(self._client, mode=MODES[mode])
        self._instructor.on("completion:response", self._count_response)

    def _count_response(self, response: Any) -> None:
        """instructor hook: every completion received, first tries and re-asks alike."""
        self.usage.calls += 1
        usage = getattr(response, "usage", None)
        prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
        self.usage.prompt_tokens += prompt_tokens
        self.usage.completion_tokens += completion_tokens
        if self.log:
            entry = self.log[-1]
            if entry.requests == 0:
                entry.first_prompt_tokens = prompt_tokens
            entry.requests += 1
            entry.prompt_tokens += prompt_tokens
            entry.completion_tokens += completion_tokens

    def cache_key(self, prompt: Prompt, messages: list[dict], response_model: type[BaseModel], max_tokens: int) -> str:
        return Cache.key(
            model=self.model, base_url=self.base_url, mode=self._mode, prompt=prompt.ref.model_dump(),
            messages=messages, schema=response_model.model_json_schema(), max_tokens=max_tokens,
        )

    def structured(self, prompt: Prompt, variables: dict, response_model: type[T], *,
                   max_tokens: int | None = None) -> T:
        """Render ``prompt`` with ``variables``, ask the model, return a validated ``response_model``."""
        self._prompts[prompt.id] = prompt.ref
        messages = prompt.render(variables)
        max_tokens = max_tokens or self.max_tokens
        key = self.cache_key(prompt, messages, response_model, max_tokens) if self.cache else None
        if key is not None and (hit := self.cache.get(key)) is not None:
            try:
                answer = response_model.model_validate(hit["answer"])
            except (KeyError, TypeError, ValidationError):
                answer = None
            if answer is not None:
                self.usage.cached_calls += 1
                self.log.append(CallLog(prompt=prompt.id, cached=True))
                return answer
        if self._unreachable:
            raise ModelError(f"{self._unreachable} (not tried again in this run)")
        entry = CallLog(prompt=prompt.id, cached=False)
        self.log.append(entry)
        t0 = time.perf_counter()
        try:
            answer = self._with_retries(messages, response_model, max_tokens, entry)
        finally:
            entry.seconds = round(time.perf_counter() - t0, 3)
        if key is not None:
            usage = {"prompt_tokens": entry.prompt_tokens, "completion_tokens": entry.completion_tokens}
            self.cache.put(key, {"answer": answer.model_dump(mode="json"), "model": self.model,
                                 "prompt": prompt.ref.model_dump(), "usage": usage})
        return answer

    def _with_retries(self, messages: list[dict], response_model: type[T], max_tokens: int, entry: CallLog) -> T:
        def wait(state: Any) -> float:
            asked = retry_after(state.outcome.exception())
            if asked is not None:
                return min(asked, MAX_RETRY_AFTER)
            return wait_exponential_jitter(initial=1, max=30)(state)

        retrying = Retrying(stop=stop_after_attempt(self.attempts), wait=wait, sleep=self._sleep,
                            retry=retry_if_exception(is_transient), reraise=True)
        try:
            for attempt in retrying:
                with attempt:
                    entry.tries += 1
                    return self._once(messages, response_model, max_tokens)
        except _BadAnswer as exc:
            raise ModelError(describe(exc.__cause__ or exc, self.endpoint)) from None
        except (openai.OpenAIError, InstructorError) as exc:
            if self._auto_mode and self._mode == "tools" and rejected(exc):
                self._auto_mode = False
                self._set_mode("json")
                return self._with_retries(messages, response_model, max_tokens, entry)
            tries = f" after {entry.tries} tries" if entry.tries > 1 else ""
            message = describe(exc, self.endpoint) + tries
            if isinstance(exc, openai.APIConnectionError) and not isinstance(exc, openai.APITimeoutError):
                self._unreachable = message
            raise ModelError(message) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, messages: list[dict], response_model: type[T], max_tokens: int) -> T:
        """One request plus instructor's re-asks; API errors come out unwrapped."""
        try:
            answer = self._instructor.create(
                model=self.model, messages=[dict(m) for m in messages], response_model=response_model,
                max_retries=self.max_reasks, strict=False, temperature=0, max_tokens=max_tokens,
            )
            return response_model.model_validate(answer.model_dump())  # a plain instance, no raw response
        except InstructorRetryException as exc:
            cause = exc.__cause__
            if isinstance(cause, openai.OpenAIError):
                raise cause from None
            raise _BadAnswer(str(exc)) from cause
