"""Secrets never leave the process: API keys and URL credentials are masked in every message.

:func:`register` records a configured secret (the API key, the password of a base URL);
:func:`scrub` masks registered secrets, ``sk-...``-like tokens, ``Bearer`` tokens and URL
userinfo (``http://user:key@host`` -> ``http://***@host``) in any text. :func:`display_url` is a
URL fit for a report. The gateway registers its endpoint's secrets; error messages, report fields
and the summary go through :func:`scrub`.
"""

from __future__ import annotations

import base64
import re
import threading
from urllib.parse import unquote, urlsplit, urlunsplit

MASK = "***"
_SECRETS: set[str] = set()
_LOCK = threading.Lock()
_MIN_SECRET = 6  # shorter values ("none", "x") would mask ordinary words
_PATTERNS = [
    (re.compile(r"\b(sk|pk|rk)-[A-Za-z0-9_\-]{8,}"), r"\1-" + MASK),
    (re.compile(r"(?i)\b(bearer|token|api[_-]?key)([\"']?\s*[:=]?\s*[\"']?)([A-Za-z0-9_\-.]{12,})"), r"\1\2" + MASK),
    (re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@]+@"), r"\1" + MASK + "@"),
    (re.compile(r"(?i)\b(basic)\s+[A-Za-z0-9+/]{8,}={0,2}"), r"\1 " + MASK),
]
#: The placeholder key sent to servers that need none: not a secret.
PUBLIC = {"sk-no-key-required"}


def register(secret: str | None) -> None:
    """Remember a secret value to mask wherever it appears."""
    if secret and len(secret) >= _MIN_SECRET and secret not in PUBLIC:
        with _LOCK:
            _SECRETS.add(secret)


def register_url(url: str | None) -> None:
    """Remember the user name and password of a URL's userinfo."""
    if not url:
        return
    parts = urlsplit(url)
    register(parts.password)
    if parts.username and parts.password:  # what goes out as ``Authorization: Basic ...``
        register(base64.b64encode(f"{unquote(parts.username)}:{unquote(parts.password)}".encode()).decode())


def scrub(text: str | None) -> str:
    """``text`` with every known secret and secret-looking token masked."""
    if not text:
        return text or ""
    with _LOCK:
        secrets = sorted(_SECRETS, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, MASK)
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    return text


def display_url(url: str | None) -> str | None:
    """The URL without its userinfo (``user:key@``), for reports and messages."""
    if not url:
        return url
    parts = urlsplit(url)
    if "@" in parts.netloc:
        host = parts.netloc.rsplit("@", 1)[1]
        url = urlunsplit((parts.scheme, f"{MASK}@{host}", parts.path, parts.query, parts.fragment))
    return scrub(url)
