"""The architecture's rules, checked from the source (docs/architecture.md says why).

- no import cycles between kg's modules (imports inside functions count; imports only for type
  annotations, under ``if TYPE_CHECKING:``, do not);
- no function over 80 lines;
- nothing in kg/ writes the environment, and no module reads it at import time (stages get what
  they need as arguments);
- only ``kg.parse`` loads spaCy (and ``kg.component`` registers the spaCy pipe), and only
  ``kg.rdf`` touches pyoxigraph;
- no dead code (vulture, at 60% confidence, finds nothing unused in kg/).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KG = ROOT / "kg"
MAX_FUNCTION_LINES = 80


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, ast.Module]:
    return {
        _module_name(p): ast.parse(p.read_text("utf-8"), str(p))
        for p in sorted(KG.rglob("*.py"))
        if "resources" not in p.parts
    }


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _walk_runtime(node: ast.AST):
    """Every node below ``node`` except what sits under ``if TYPE_CHECKING:``."""
    for child in ast.iter_child_nodes(node):
        if _is_type_checking(child):
            continue
        yield child
        yield from _walk_runtime(child)


def _imported(name: str, tree: ast.Module) -> set[str]:
    """The kg modules ``name`` imports at run time (a package's ``__init__`` included)."""
    modules = _modules()
    package = name if _is_package(name) else name.rpartition(".")[0]
    out: set[str] = set()
    for node in _walk_runtime(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for target in targets:
            parts = target.split(".")
            for i in range(1, len(parts) + 1):  # importing a.b.c runs a, a.b and a.b.c ...
                candidate = ".".join(parts[:i])
                # ... but a package that holds the importer is already running
                inside = i < len(parts) and name.startswith(candidate + ".")
                if candidate in modules and candidate not in (name, "kg") and not inside:
                    out.add(candidate)
    return out


def _is_package(name: str) -> bool:
    return (ROOT / name.replace(".", "/") / "__init__.py").exists()


def _graph() -> dict[str, set[str]]:
    return {name: _imported(name, tree) for name, tree in _modules().items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
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
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles():
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_function_over_80_lines():
    long = [
        f"{name}.{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for name, tree in _modules().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


def _environ_writes(tree: ast.Module) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            if any(isinstance(t, ast.Subscript) and _is_environ(t.value) for t in targets):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            f = node.func
            if _is_environ(f.value) and f.attr in ("update", "setdefault", "pop", "clear"):
                lines.append(node.lineno)
            if isinstance(f.value, ast.Name) and f.value.id == "os":
                if f.attr in ("putenv", "unsetenv"):
                    lines.append(node.lineno)
    return lines


def _is_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def test_no_environment_writes_in_kg():
    writes = {name: _environ_writes(tree) for name, tree in _modules().items()}
    assert {name: lines for name, lines in writes.items() if lines} == {}


def test_environment_writes_are_found():
    tree = ast.parse("import os\nos.environ['X'] = '1'\nos.environ.update(Y='2')\n")
    assert _environ_writes(tree) == [2, 3]


def _import_time_env_reads(tree: ast.Module) -> list[int]:
    """Lines reading the environment outside any function (so, when the module is imported)."""
    lines = []
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(stmt):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                break
            if _is_environ(node) or (
                isinstance(node, ast.Attribute) and node.attr == "getenv"
            ):
                lines.append(node.lineno)
    return lines


def test_no_environment_reads_at_import_time():
    reads = {name: _import_time_env_reads(tree) for name, tree in _modules().items()}
    assert {name: lines for name, lines in reads.items() if lines} == {}


@pytest.mark.parametrize(
    ("library", "allowed"),
    [
        # kg.component is the kg_claims pipe that spaCy itself loads (spacy_factories entry point)
        ("spacy", ("kg.parse", "kg.component")),
        ("pyoxigraph", ("kg.rdf",)),
    ],
)
def test_one_layer_owns_each_library(library, allowed):
    users = set()
    for name, tree in _modules().items():
        for node in _walk_runtime(tree):  # annotations under TYPE_CHECKING do not count
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                mods = [node.module or ""]
            else:
                continue
            if any(m == library or m.startswith(library + ".") for m in mods):
                users.add(name)
    assert {u for u in users if not u.startswith(allowed)} == set()


def test_no_dead_code():
    """vulture finds no unused function, class or variable in kg/ (used by the tests counts)."""
    pytest.importorskip("vulture", reason="vulture is in the test extra: pip install '.[test]'")
    found = subprocess.run(
        [sys.executable, "-m", "vulture", "kg", "tests", "--min-confidence", "60"]
        + ["--ignore-decorators", "@app.*,@Language.*"]  # typer commands, spaCy components
        # attributes kg sets on spaCy tokens, typer parameters and wrapped functions
        # and the module hook of kg/__init__.py (lazy attributes)
        + ["--ignore-names", "is_sent_start,display_type_rich,__signature__,__getattr__"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert [line for line in found.stdout.splitlines() if line.startswith("kg/")] == []
