"""The suite registry: ``evals/registry.yaml`` names each suite and the task that builds it."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import yaml

from ..errors import EvalError
from .core import Task
from .paths import registry_path


def _builders() -> dict[str, Callable[[dict[str, Any]], Task]]:
    from .tasks import attribution, checkworthy, consistency, hedging, seeds, stance

    return {
        "attribution": attribution.build,
        "hedging": hedging.build,
        "consistency": consistency.build,
        "seeds": seeds.build,
        "stance": stance.build,
        "checkworthy": checkworthy.build,
    }


@lru_cache(maxsize=1)
def load_registry() -> dict[str, dict[str, Any]]:
    """Suite name -> its registry entry (task, data, description)."""
    path = registry_path()
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))["suites"]
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise EvalError(f"cannot read the suite registry {path}: {exc}") from exc
    return {e["name"]: e for e in entries}


def list_suites() -> list[dict[str, Any]]:
    return list(load_registry().values())


def get_task(name: str) -> tuple[dict[str, Any], Task]:
    """(registry entry, Task) for a suite name; EvalError if unknown."""
    registry = load_registry()
    if name not in registry:
        raise EvalError(f"unknown eval suite {name!r}; known: {', '.join(registry)}")
    entry = registry[name]
    builders = _builders()
    if entry.get("task") not in builders:
        raise EvalError(f"suite {name!r} names unknown task {entry.get('task')!r}")
    return entry, builders[entry["task"]](entry)
