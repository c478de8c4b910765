"""The one door to language models: the only module that imports openai, instructor, tenacity.

Usage::

    gw = Gateway(model="gpt-4o-mini")                       # or env, see below
    answer = gw.structured(load_prompt("extract_claims"), {"data": ...}, MyModel)
    gw.usage      # models.Usage: calls, failed calls, retries, re-asks, cache hits, tokens
    gw.log        # one CallLog per structured() call; gw.prompts(): PromptRefs used so far

Model, base URL, key and mode are resolved by ``checker.llm.endpoint`` (arguments, then
environment); timeout ``CHECKER_TIMEOUT`` (seconds, 300); requests in flight ``concurrency=`` /
``CHECKER_CONCURRENCY`` (default 4). llama_cpp.server turns a forced tool call (tools mode)
into a grammar; Ollama gets json_schema. An automatically
picked ``tools`` falls back to ``json`` only when the server answers that it does not support
tools (``faults.tools_unsupported``); ``mode_fallback`` records it. The cache key holds the
configured mode, so a rerun after a fallback is answered from the cache.

Failures: one retry layer. The SDK runs with ``max_retries=0``; tenacity retries transient
errors only (429 honouring Retry-After, 408/409/5xx, timeouts, connection errors), never
400/401/403/404/422, a 429 ``insufficient_quota``, nor a 500 wrapping a request validation
error (how llama_cpp.server 0.3.36 answers ``response_format: json_schema``). instructor
re-asks (``max_reasks``) only when the answer fails JSON/schema validation; API errors are
unwrapped from ``InstructorRetryException`` first. An answer still bad after its re-asks gets
one fresh conversation sampled at ``FRESH_TEMPERATURE`` (``FRESH_TRIES``, within ``attempts``).
Re-asks count against the call budget before they are sent, so ``max_calls`` is never exceeded.
After the last try: ``ModelError`` with a
one-line message, secrets masked. An answer cut off at the token limit raises ``Truncated``
(the engine splits the chunk). The thread-safe gateway is shared by every worker: a
``Limiter`` bounds the requests in flight, a ``Breaker`` gives up on a dead endpoint and stops
the run (``control``, a ``RunControl``: also the deadline and the budgets). A cache hit
(``checker.llm.cache``) makes no call.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorError, InstructorRetryException
from pydantic import BaseModel, ValidationError
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from ..errors import ConfigError, ModelError
from ..models import PromptRef, Usage
from . import pricing
from .cache import Cache
from .control import RunControl, Stopped
from .endpoint import MODE_NAMES, resolve
from .faults import describe, fatal, is_transient, persistent, rejected, retry_after, tools_unsupported
from .limits import Breaker, Limiter
from .prompting import Prompt
from .redact import display_url

__all__ = ["Gateway", "CallLog", "Truncated", "is_transient", "rejected", "retry_after"]

T = TypeVar("T", bound=BaseModel)
logging.getLogger("instructor").addHandler(logging.NullHandler())  # our errors are one line; no log spam

MODES = dict(zip(MODE_NAMES, (instructor.Mode.TOOLS, instructor.Mode.JSON, instructor.Mode.JSON_SCHEMA,
                             instructor.Mode.MD_JSON), strict=True))
MAX_RETRY_AFTER = 120.0
DEFAULT_CONCURRENCY = 4
FRESH_TRIES = 1  # fresh conversations after a bad answer outlived its re-asks (within ``attempts``)
FRESH_TEMPERATURE = 0.7  # a fresh try samples: at temperature 0 a model would repeat the bad answer


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


class Truncated(ModelError):
    """The answer was cut off at the token limit (``finish_reason=length``)."""


class _BadAnswer(Exception):
    """The model answered, but not in a usable form after all re-asks (not retried)."""


# ---- the gateway ----------------------------------------------------------------------

class Gateway:
    """Structured calls to one model endpoint, with cache, retries, re-asks, limits and usage counts.

    Thread-safe: one gateway serves every worker of a run."""

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
        concurrency: int | None = None,
        control: RunControl | None = None,
        http_client: Any = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.endpoint = resolve(model, base_url, api_key, mode)
        self.cache = cache
        self.attempts = max(1, attempts)
        self.max_reasks = max(0, max_reasks)
        self.max_tokens = max_tokens
        self.usage = Usage()
        self.log: list[CallLog] = []
        self.mode_fallback: str | None = None
        self._prompts: dict[str, PromptRef] = {}
        self._sleep = sleep
        self._auto_mode = not (mode or os.environ.get("CHECKER_MODE"))
        self._lock = threading.RLock()
        self._local = threading.local()  # the CallLog and mode of the call running in this thread
        try:
            self.timeout = timeout or float(os.environ.get("CHECKER_TIMEOUT", "300"))
            concurrency = concurrency or int(os.environ.get("CHECKER_CONCURRENCY") or DEFAULT_CONCURRENCY)
        except ValueError:
            raise ConfigError("CHECKER_TIMEOUT and CHECKER_CONCURRENCY must be numbers") from None
        if concurrency < 1:
            raise ConfigError("concurrency must be at least 1")
        self.limiter = Limiter(concurrency)
        self.control = control or RunControl()
        self._client = openai.OpenAI(
            api_key=self.endpoint.api_key,
            base_url=self.endpoint.base_url,
            max_retries=0,  # one retry layer: ours
            timeout=self.timeout,
            http_client=http_client,
        )
        self._instructors: dict[str, Any] = {}
        self._mode = self.endpoint.mode

    @property
    def control(self) -> RunControl:
        return self._control

    @control.setter
    def control(self, control: RunControl) -> None:
        """The run this gateway serves: its stop flag, deadline and budgets; a fresh breaker."""
        self._control = control
        self.breaker = Breaker(control)

    @property
    def model(self) -> str:
        return self.endpoint.model

    @property
    def base_url(self) -> str:
        """The base URL without credentials (for reports and messages)."""
        return display_url(self.endpoint.base_url)

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def concurrency(self) -> int:
        return self.limiter.concurrency

    def prompts(self) -> list[PromptRef]:
        with self._lock:
            return list(self._prompts.values())

    def spent(self) -> float | None:
        """Dollars spent so far (None for a model without a price)."""
        return pricing.cost(self.model, self.usage.prompt_tokens, self.usage.completion_tokens)

    def warm_up(self) -> None:
        """Make the client of the configured mode now (instructor and the SDK import their parts
        on first use, a few tenths of a second), so that it overlaps the first article's parse
        instead of delaying the first request. A failure is left for that request to report."""
        try:
            self._client_for(self._mode)
        except Exception:
            pass

    def _client_for(self, mode: str) -> Any:
        with self._lock:
            if mode not in self._instructors:
                client = instructor.from_openai(self._client, mode=MODES[mode])
                client.on("completion:response", self._count_response)
                self._instructors[mode] = client
            return self._instructors[mode]

    def _count(self, **fields: int) -> None:
        with self._lock:
            for name, n in fields.items():
                setattr(self.usage, name, getattr(self.usage, name) + n)

    def _count_response(self, response: Any) -> None:
        """instructor hook: every completion received, first tries and re-asks alike (this thread's call)."""
        usage = getattr(response, "usage", None)
        prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
        entry: CallLog | None = getattr(self._local, "entry", None)
        reask = 0
        if entry is not None:
            if entry.requests == 0:
                entry.first_prompt_tokens = prompt_tokens
            entry.requests += 1
            entry.prompt_tokens += prompt_tokens
            entry.completion_tokens += completion_tokens
            self._local.in_try += 1
            reask = int(self._local.in_try > 1)
        self._count(calls=1, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens, reasks=reask)

    def cache_key(self, prompt: Prompt, messages: list[dict], response_model: type[BaseModel], max_tokens: int) -> str:
        """Everything that decides the answer; the configured mode, so a fallback keeps the keys."""
        return Cache.key(
            model=self.model, base_url=self.base_url, mode=self.endpoint.mode, prompt=prompt.ref.model_dump(),
            messages=messages, schema=response_model.model_json_schema(), max_tokens=max_tokens,
        )

    def structured(self, prompt: Prompt, variables: dict, response_model: type[T], *,
                   max_tokens: int | None = None) -> T:
        """Render ``prompt`` with ``variables``, ask the model, return a validated ``response_model``."""
        with self._lock:
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
                self._count(cached_calls=1)
                with self._lock:
                    self.log.append(CallLog(prompt=prompt.id, cached=True))
                return answer
        self.control.check()
        entry = CallLog(prompt=prompt.id, cached=False)
        with self._lock:
            self.log.append(entry)
        self._local.entry = entry
        t0 = time.perf_counter()
        try:
            answer = self._with_retries(messages, response_model, max_tokens, entry)
        finally:
            entry.seconds = round(time.perf_counter() - t0, 3)
            self._local.entry = None
        if key is not None:
            usage = {"prompt_tokens": entry.prompt_tokens, "completion_tokens": entry.completion_tokens}
            self.cache.put(key, {"answer": answer.model_dump(mode="json"), "model": self.model,
                                 "prompt": prompt.ref.model_dump(), "usage": usage})
        return answer

    def _wait(self, state: Any) -> float:
        if isinstance(state.outcome.exception(), _BadAnswer):
            return 0.0  # the endpoint answered: ask afresh at once
        asked = retry_after(state.outcome.exception())
        if asked is not None:  # every worker waits too: the limiter was paused when the 429 came
            return min(asked, MAX_RETRY_AFTER)
        return wait_exponential_jitter(initial=1, max=30)(state)

    def _with_retries(self, messages: list[dict], response_model: type[T], max_tokens: int, entry: CallLog) -> T:
        bad = {"answers": 0}

        def retryable(exc: BaseException) -> bool:
            """Transient errors; and once, a fresh conversation after the re-asks of a bad answer."""
            if isinstance(exc, _BadAnswer):
                bad["answers"] += 1
                return bad["answers"] <= FRESH_TRIES
            return is_transient(exc)

        retrying = Retrying(stop=stop_after_attempt(self.attempts), wait=self._wait,
                            sleep=self._sleep or self.control.wait,
                            retry=retry_if_exception(retryable), reraise=True)
        try:
            for attempt in retrying:
                with attempt:
                    if entry.tries:
                        self._count(retries=1)
                    entry.tries += 1
                    temperature = FRESH_TEMPERATURE if bad["answers"] else 0.0
                    return self._attempt(messages, response_model, max_tokens, temperature)
        except Stopped:
            raise
        except _BadAnswer as exc:
            raise ModelError(describe(exc.__cause__ or exc, self.model, self.endpoint.base_url)) from None
        except IncompleteOutputException:
            raise Truncated(f"{self.model} at {self.base_url}: the answer was cut off at the token limit "
                            f"({max_tokens} tokens)") from None
        except (openai.OpenAIError, InstructorError) as exc:
            if self._fall_back(exc):
                return self._with_retries(messages, response_model, max_tokens, entry)
            tries = f" after {entry.tries} tries" if entry.tries > 1 else ""
            message = describe(exc, self.model, self.endpoint.base_url) + tries
            if isinstance(exc, openai.APIConnectionError) and not isinstance(exc, openai.APITimeoutError):
                self.breaker.open(message)  # every try failed to connect: the endpoint is not there
            raise ModelError(message) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _fall_back(self, exc: BaseException) -> bool:
        """Switch an automatically chosen tools mode to json when the server says it has no tools."""
        if not (self._auto_mode and getattr(self._local, "mode", None) == "tools" and tools_unsupported(exc)):
            return False
        with self._lock:
            if self._mode == "tools":
                self._mode = "json"
                self.mode_fallback = f"tools -> json: {describe(exc, self.model, self.endpoint.base_url)}"
        return True

    def _attempt(self, messages: list[dict], response_model: type[T], max_tokens: int, temperature: float) -> T:
        """One request plus re-asks (as many as the call budget allows) in a limiter slot;
        failures counted and fed to the breaker (and a Retry-After to the limiter) before the
        slot is let go, so no worker waiting for it sends in between."""
        granted = self.control.reserve_calls(1 + self.max_reasks, self.spent())
        self._local.in_try = 0
        sent = False
        try:
            with self.limiter.slot(self.control):
                self._local.mode = self._mode
                sent = True
                try:
                    answer = self._once(messages, response_model, max_tokens, granted - 1, temperature)
                except (openai.OpenAIError, InstructorError) as exc:
                    self._count(failed_calls=1)
                    if (asked := retry_after(exc)) is not None:
                        self.limiter.pause(min(asked, MAX_RETRY_AFTER))
                    self.breaker.failure(describe(exc, self.model, self.endpoint.base_url),
                                         persistent=persistent(exc), fatal=fatal(exc))
                    raise
                except _BadAnswer:
                    self.breaker.success()  # the endpoint answers; the answer is the problem
                    self._count(failed_calls=1)
                    raise
                self.breaker.success()
                return answer
        finally:  # a failed request counts; re-asks not needed are given back
            self.control.settle_calls(granted, max(self._local.in_try, int(sent)))

    def _once(self, messages: list[dict], response_model: type[T], max_tokens: int, reasks: int,
              temperature: float) -> T:
        """One request plus instructor's re-asks; API errors come out unwrapped."""
        left = self.control.remaining()
        timeout = self.timeout if left is None else max(0.1, min(self.timeout, left))
        try:
            answer = self._client_for(self._local.mode).create(
                model=self.model, messages=[dict(m) for m in messages], response_model=response_model,
                max_retries=reasks, strict=False, temperature=temperature, max_tokens=max_tokens, timeout=timeout,
            )
            return response_model.model_validate(answer.model_dump())  # a plain instance, no raw response
        except InstructorRetryException as exc:
            cause = exc.__cause__
            if isinstance(cause, (openai.OpenAIError, IncompleteOutputException)):
                raise cause from None
            raise _BadAnswer(str(exc)) from cause
