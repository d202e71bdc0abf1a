"""The package's layout: no import cycles, imports at the top of modules, README's map true.

Read from the source with ast, not by importing: a cycle that Python tolerates
at run time (a function-level import) still counts.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src"
PACKAGE = SRC / "zinepress"
# What a function-level import may be deferred for: the comment above it says why.
DEFER_WORDS = ("deferred", "defer")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, ast.stmt]]:
    """The zinepress modules path imports, each with its statement."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in modules else module for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target.startswith("zinepress") and target != name:
                found.append((target, node))
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_no_module_imports_itself_back():
    modules = _modules()
    graph = {name: {t for t, _ in _imports(name, path, modules)} for name, path in modules.items()}
    assert _cycles(graph) == []


def test_an_import_inside_a_function_says_what_it_defers():
    """Imports go at the top of a module; one inside a function defers loading something
    heavy (WeasyPrint, Java, the writers in a worker) and its comment says so."""
    unexplained = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    # the comment may stand once, above the first of a few deferred imports
                    before = " ".join(lines[node.lineno - 1: inner.lineno]).lower()
                    if not any(word in before for word in DEFER_WORDS):
                        unexplained.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert unexplained == []


def test_the_readme_map_names_every_module_and_only_those():
    """README.md's "Layout" block lists the package's modules as the tree has them."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- layout:start -->")[1].split("<!-- layout:end -->")[0]
    listed = set()
    folders: list[str] = []
    for line in block.splitlines():
        match = re.match(r"^( +)([\w.-]+/?)(\s|$)", line)
        if not match or not match.group(2).endswith((".py", "/")):
            continue
        depth = len(match.group(1)) // 2 - 1          # two spaces a level, under src/zinepress/
        folders = folders[:depth]
        if match.group(2).endswith("/"):
            folders.append(match.group(2).rstrip("/"))
        else:
            listed.add("/".join([*folders, match.group(2)]))
    present = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
               if p.name != "__init__.py" and "__pycache__" not in p.parts}
    assert sorted(present - listed) == [], "in the tree, not in README"
    assert sorted(listed - present) == [], "in README, not in the tree"
