"""How the gateway reads a failure: retry it, give up on the endpoint, fall back, or report it.

``is_transient``: worth retrying (429 but not ``insufficient_quota``, 408/409/5xx, timeouts,
connection errors). ``persistent``: a failure that says the endpoint itself is down or refuses
us (connection refused / DNS, timeouts, 5xx, 401/403); the circuit breaker counts these.
``tools_unsupported``: the specific answer of a server without tool calling, the only error on
which an automatically chosen ``tools`` mode falls back to ``json``. ``describe``: one line for
a user, secrets masked.
"""

from __future__ import annotations

import email.utils
import re
import time

import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorError
from pydantic import ValidationError

from .redact import display_url, scrub

#: What servers without tool calling answer (vLLM, llama.cpp's llama-server, Ollama, TGI, LM Studio...).
TOOLS_UNSUPPORTED = re.compile(
    r"(does not support|doesn't support|not support(ed)?|unsupported|requires? --?(jinja|enable-auto-tool-choice)"
    r"|not enabled|is not available)[^.]{0,60}\b(tools?|tool[_ ]choice|tool calls?|function[_ ]call(ing|s)?)\b"
    r"|\b(tools?|tool[_ ]choice|tool calls?|function[_ ]call(ing|s)?)\b[^.]{0,60}"
    r"(not supported|unsupported|is not available|not enabled|requires? --?(jinja|enable-auto-tool-choice))",
    re.IGNORECASE,
)


def is_transient(exc: BaseException) -> bool:
    """True for errors worth retrying: rate limits (not quota), 408/409/5xx, timeouts, connection."""
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.RateLimitError):
        return error_code(exc) != "insufficient_quota"
    if isinstance(exc, openai.APIStatusError):
        return (exc.status_code in (408, 409) or exc.status_code >= 500) and not rejected(exc)
    return False


def persistent(exc: BaseException) -> bool:
    """A failure that speaks of the endpoint, not of this request: the circuit breaker counts it."""
    if isinstance(exc, openai.APIConnectionError):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (401, 403) or (exc.status_code >= 500 and not rejected(exc))
    return False


def fatal(exc: BaseException) -> bool:
    """A failure no later call can escape (bad key, no permission, exhausted quota): open at once."""
    if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return True
    return isinstance(exc, openai.RateLimitError) and error_code(exc) == "insufficient_quota"


def _message(exc: openai.APIStatusError) -> str:
    body = exc.body.get("error", exc.body) if isinstance(exc.body, dict) else exc.body
    return str(body.get("message", "")) if isinstance(body, dict) else str(body or exc.message)


def rejected(exc: BaseException) -> bool:
    """The server refused the request itself (400/422, or llama_cpp.server's 500 wrapping a
    request validation error, e.g. for ``response_format: json_schema``): never retried."""
    if not isinstance(exc, openai.APIStatusError):
        return False
    if exc.status_code in (400, 422):
        return True
    text = _message(exc)
    return exc.status_code == 500 and "validation error" in text and "'body'" in text


def tools_unsupported(exc: BaseException) -> bool:
    """The server said it cannot do tool calls (a 400/422/500/501 naming tools as unsupported)."""
    if not isinstance(exc, openai.APIStatusError) or exc.status_code not in (400, 422, 500, 501):
        return False
    return bool(TOOLS_UNSUPPORTED.search(_message(exc) or exc.message or ""))


def error_code(exc: openai.APIError) -> str | None:
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


def describe(exc: BaseException, model: str, base_url: str) -> str:
    """One line for a user: what failed and what to do; secrets masked."""
    return scrub(_describe(exc, f"{model} at {display_url(base_url)}"))


def _describe(exc: BaseException, where: str) -> str:
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
        if error_code(exc) == "insufficient_quota":
            return f"{where}: quota exhausted (HTTP 429 insufficient_quota): check billing"
        return f"{where}: rate limited (HTTP 429)"
    if isinstance(exc, openai.APIStatusError):
        hint = " (try --mode json or CHECKER_MODE=json)" if rejected(exc) else ""
        return f"{where}: HTTP {exc.status_code}: {one_line(exc.message)}{hint}"
    if isinstance(exc, IncompleteOutputException):
        return f"{where}: the answer was cut off at the token limit"
    if isinstance(exc, (ValidationError, ValueError, InstructorError)):
        return f"{where}: the answer did not fit the schema: {one_line(str(exc))}"
    return f"{where}: {type(exc).__name__}: {one_line(str(exc))}"


def one_line(text: str, limit: int = 200) -> str:
    """One line of at most ``limit`` characters, secrets masked before it is cut."""
    text = scrub(" ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"
