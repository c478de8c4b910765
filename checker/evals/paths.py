"""Where things live: the project root, the shared labelled data, the git commit."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..errors import EvalError

DATA_ENV = "CHECKER_DATA_DIR"


def project_root() -> Path:
    """The checkout holding the ``checker`` package (``evals/``, ``fixtures/``, ``seeds/``)."""
    return Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """``$CHECKER_DATA_DIR``, else ``../shared/data`` beside the project root."""
    env = os.environ.get(DATA_ENV)
    return Path(env) if env else (project_root().parent / "shared" / "data").resolve()


def data_path(*parts: str) -> Path:
    """A path inside the data directory; EvalError if it is missing."""
    path = data_dir().joinpath(*parts)
    if not path.exists():
        raise EvalError(f"eval data not found: {path} (set {DATA_ENV} to the labelled data directory)")
    return path


def git_commit() -> tuple[str | None, bool | None]:
    """(HEAD commit, whether the working tree has changes); (None, None) outside git."""
    root = project_root()
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
        if head.returncode != 0:
            return None, None
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True, text=True, timeout=10
        )
        return head.stdout.strip(), bool(status.stdout.strip()) if status.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None, None
