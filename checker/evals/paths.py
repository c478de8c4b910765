"""Where things live: the suite registry, the project root, the shared labelled data, the git commit.

In a source checkout the project root is the checkout (``evals/``, ``fixtures/``, ``seeds/`` beside
``checker/``). An installed package has no checkout: the project root is then the current
directory, and the suite registry is the copy shipped inside the package
(``checker/evals/shipped/registry.yaml``, built from the top-level ``evals/registry.yaml``).
"""

from __future__ import annotations

import os
import subprocess
from importlib import resources
from pathlib import Path

from ..errors import EvalError

DATA_ENV = "CHECKER_DATA_DIR"


def source_root() -> Path | None:
    """The source checkout holding the ``checker`` package; None for an installed package."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() and (root / "evals" / "registry.yaml").is_file() else None


def project_root() -> Path:
    """The source checkout, else the current directory (``fixtures/``, ``seeds/`` and data are found from it)."""
    return source_root() or Path.cwd()


def registry_path() -> Path:
    """``evals/registry.yaml``: the copy shipped in the package, else the source checkout's."""
    shipped = resources.files("checker") / "evals" / "shipped" / "registry.yaml"
    if shipped.is_file():
        return Path(str(shipped))
    return Path(__file__).resolve().parents[2] / "evals" / "registry.yaml"


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
    """(HEAD commit, whether the working tree has changes) of the source checkout; (None, None)
    for an installed package or outside git."""
    root = source_root()
    if root is None:
        return None, None
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
        if head.returncode != 0:
            return None, None
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root, capture_output=True, text=True, timeout=10,
        )
        return head.stdout.strip(), bool(status.stdout.strip()) if status.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None, None
