"""Package layout: every module imports, no import cycle, no oversized module, packaging lists
every package, and the offline path runs without the ``llm`` extra."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import checker

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(checker.__file__).resolve().parent
MAX_LINES = 400
NOT_IMPORTED = {"checker.__main__"}  # runs the command line when imported


def module_files() -> dict[str, Path]:
    """Dotted module name -> source file, for every module of the package (packages included)."""
    files = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join(parts)] = path
    return files


def test_every_module_imports():
    walked = {m.name for m in pkgutil.walk_packages(checker.__path__, "checker.")}
    assert walked | {"checker"} == set(module_files())  # walk_packages sees every file
    failed = []
    for name in sorted(walked - NOT_IMPORTED):
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - collect them all
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
    assert not failed, "\n".join(failed)


# ---- import graph ------------------------------------------------------------------------------


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_time_statements(body: list[ast.stmt]):
    """Import statements run when the module is imported: the module body, including ``if``,
    ``try``, ``with`` and class bodies, but not functions nor ``if TYPE_CHECKING:`` blocks."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _import_time_statements(node.body)
            yield from _import_time_statements(node.orelse)
        elif isinstance(node, (ast.Try, ast.TryStar)):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from _import_time_statements(block)
        elif isinstance(node, (ast.With, ast.ClassDef)):
            yield from _import_time_statements(node.body)


def _targets(module: str, is_package: bool, node: ast.Import | ast.ImportFrom, known: set[str]) -> set[str]:
    """The modules of the package that an import statement names."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            package = module.split(".") if is_package else module.split(".")[:-1]
            base = package[: len(package) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        # `from pkg import name`: the submodule pkg.name if there is one, else pkg itself
        names = [f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in known else prefix for a in node.names]
    found = set()
    for name in names:
        while name and name not in known:  # `import checker.x.attr`-style: the nearest module
            name = name.rpartition(".")[0]
        if name:
            found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports at import time.

    Importing ``a.b.c`` also runs the ``__init__`` of ``a.b`` and ``a``; those packages count as
    imported too, except the ones the importing module lives in (they are already importing)."""
    files = module_files()
    known = set(files)
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        is_package = path.name == "__init__.py"
        own = {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 2)}
        edges: set[str] = set()
        for node in _import_time_statements(ast.parse(path.read_text(encoding="utf-8")).body):
            for target in _targets(module, is_package, node, known):
                parts = target.split(".")
                edges |= {".".join(parts[:i]) for i in range(1, len(parts)) if ".".join(parts[:i]) not in own}
                edges.add(target)
        edges.discard(module)
        graph[module] = edges
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (``[a, b, ..., a]``) per strongly connected component of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(v: str) -> None:  # Tarjan
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    cycles = []
    for component in components:
        start = min(component)
        # shortest path back to start inside the component (breadth first)
        paths = {start: [start]}
        queue = [start]
        while queue:
            v = queue.pop(0)
            for w in sorted(graph[v] & component):
                if w == start:
                    cycles.append(paths[v] + [start])
                    queue = []
                    break
                if w not in paths:
                    paths[w] = paths[v] + [w]
                    queue.append(w)
    return sorted(cycles)


def test_cycle_finder_on_a_known_graph():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"f"}, "f": {"e"}}
    assert find_cycles(graph) == [["a", "b", "c", "a"], ["e", "f", "e"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_import_graph_resolves_relative_and_package_imports():
    graph = import_graph()
    assert "checker.models" in graph["checker.extract.offline"]  # from ..models import ...
    assert "checker.extract.nlp" in graph["checker.extract.offline"]  # from .nlp import ...
    assert "checker.compare.llm_judge" not in graph["checker.engines"]  # under TYPE_CHECKING
    assert "checker.extract.offline" not in graph["checker.engine_choice"]  # inside a function


def test_no_import_cycle_among_checker_modules():
    cycles = find_cycles(import_graph())
    assert not cycles, "import cycles (top-level imports):\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_module_over_the_size_limit():
    sizes = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in module_files().values()}
    over = sorted((n, str(p.relative_to(ROOT))) for p, n in sizes.items() if n > MAX_LINES)
    assert not over, f"modules over {MAX_LINES} lines: " + ", ".join(f"{p} ({n})" for n, p in reversed(over))


# ---- packaging ---------------------------------------------------------------------------------


def test_pyproject_lists_every_package_and_ships_the_top_level_folders():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    mapped = setuptools["package-dir"]
    assert mapped == {"checker.prompts": "prompts", "checker.evals.shipped": "evals"}
    packages = {m for m, p in module_files().items() if p.name == "__init__.py"}
    assert set(setuptools["packages"]) == packages | set(mapped)
    assert all((ROOT / folder).is_dir() for folder in mapped.values())
    data = setuptools["package-data"]
    assert sorted(p.name for p in (ROOT / "prompts").glob(data["checker.prompts"][0])) == sorted(
        p.name for p in (ROOT / "prompts").iterdir() if p.is_file()
    )
    assert data["checker.evals.shipped"] == ["registry.yaml"]


def test_shipped_files_are_found_in_a_source_tree():
    from checker.evals.paths import registry_path
    from checker.llm.prompting import prompts_dir

    assert prompts_dir() == ROOT / "prompts"
    assert registry_path() == ROOT / "evals" / "registry.yaml"


def test_registry_comes_from_the_package_when_installed(tmp_path, monkeypatch):
    from checker.evals import paths

    shipped = tmp_path / "evals" / "shipped" / "registry.yaml"  # site-packages/checker/evals/shipped
    shipped.parent.mkdir(parents=True)
    shipped.write_text("suites: []\n")
    monkeypatch.setattr(paths.resources, "files", lambda package: tmp_path)
    assert paths.registry_path() == shipped


# ---- the offline path needs no extra -----------------------------------------------------------

LLM_MODULES = ("openai", "instructor", "tenacity")  # jinja2 is also a dependency of spaCy


def test_offline_run_without_the_llm_extra():
    code = f"""
import sys
for name in {LLM_MODULES!r}:
    sys.modules[name] = None  # `import name` now fails as if not installed
import checker, checker.cli
report = checker.run(["seeds/"])
print(len(report.articles), bool(report.claims))
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["4", "True"]


@pytest.mark.parametrize("missing", LLM_MODULES)
def test_llm_engine_without_the_extra_says_what_to_install(monkeypatch, missing):
    for name in ("checker.extract.llm", "checker.llm.gateway"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.setitem(sys.modules, missing, None)
    with pytest.raises(checker.ConfigError, match=r"the LLM engine needs: pip install 'checker\[llm\]'"):
        checker.choose_engine("llm", model="m", use_cache=False)
