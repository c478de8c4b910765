"""Content-addressed on-disk cache of model answers.

The key is a sha256 over everything that decides the answer: model, base URL, instructor
mode, prompt id + version + file hash, the rendered messages and the response schema. A
re-run on unchanged input is answered from disk with no model call. Default folder:
``$CHECKER_CACHE_DIR`` or ``.checker-cache/`` in the working directory.

    cache = Cache()                       # Cache(enabled=False) for --no-cache
    key = cache.key(model=..., messages=..., ...)
    cache.get(key) -> dict | None;  cache.put(key, {...})
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path


def default_dir() -> Path:
    return Path(os.environ.get("CHECKER_CACHE_DIR") or ".checker-cache")


class Cache:
    """JSON files under ``<dir>/<key[:2]>/<key>.json``; unreadable entries count as misses."""

    def __init__(self, directory: str | Path | None = None, enabled: bool = True) -> None:
        self.directory = Path(directory) if directory is not None else default_dir()
        self.enabled = enabled

    @staticmethod
    def key(**parts: object) -> str:
        """sha256 of the parts as canonical JSON (sorted keys, no whitespace)."""
        blob = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        if not self.enabled:
            return None
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: dict) -> None:
        """Write atomically; a cache that cannot be written is silently skipped."""
        if not self.enabled:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(value, fh, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            pass
