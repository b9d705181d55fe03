"""The package structure: no import cycle between packages (imports inside functions and under
TYPE_CHECKING count too — hiding one there does not make it go away), and every import goes down the
layers documented in ``secassess/app/__init__.py``."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import secassess

ROOT = Path(secassess.__file__).resolve().parent

#: lower layers first; a package may import its own layer's ground-floor neighbours and anything below
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"vocabulary", "errors", "i18n", "text", "clock", "validation", "fsutil", "yamlio", "config",
               "display", "ids", "dburl", "messages"}),
    frozenset({"scoring", "catalog", "store"}),
    frozenset({"workspace"}),
    frozenset({"evidence", "inventory", "accounts"}),
    frozenset({"register", "assessment"}),
    frozenset({"incident", "scan", "remediation"}),
    frozenset({"reporting"}),
    frozenset({"oscal"}),
    frozenset({"app"}),
    frozenset({"demo_data"}),
    frozenset({"cli", "web", "__main__"}),
)
LEVEL = {pkg: i for i, layer in enumerate(LAYERS) for pkg in layer}


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "(root)"


def package_imports() -> dict[tuple[str, str], list[str]]:
    """(importing package, imported package) -> where, for every ``from secassess.x import`` anywhere."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in ROOT.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts).removesuffix(".__init__")
        src = _package(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.startswith("secassess."):
                    names.append(node.module)
                elif node.module == "secassess":
                    names += [f"secassess.{a.name}" for a in node.names if a.name != "__version__"]
            elif isinstance(node, ast.Import):
                names += [a.name for a in node.names if a.name.startswith("secassess.")]
            for name in names:
                dst = _package(name)
                if dst != src:
                    found[(src, dst)].append(f"{module}:{node.lineno}")
    return found


def test_every_package_is_placed_in_a_layer() -> None:
    packages = {_package(".".join(p.relative_to(ROOT.parent).with_suffix("").parts).removesuffix(".__init__"))
                for p in ROOT.rglob("*.py")} - {"(root)"}
    assert packages <= set(LEVEL), sorted(packages - set(LEVEL))


def test_imports_go_down_the_layers() -> None:
    upward = {edge: where for edge, where in package_imports().items()
              if edge[0] in LEVEL and edge[1] in LEVEL and LEVEL[edge[1]] > LEVEL[edge[0]]}
    assert not upward, "\n".join(f"{a} -> {b}: {', '.join(w[:3])}" for (a, b), w in sorted(upward.items()))


def test_no_cycle_between_packages() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in package_imports():
        graph[a].add(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in list(graph):
        if v not in index:
            visit(v)
    assert not cycles, cycles


def test_the_checks_can_fail() -> None:
    """The import reader sees imports hidden in functions (the way the cycles of 0.1 were hidden)."""
    edges = package_imports()
    assert ("app", "scan") in edges  # app/assessments.py imports scan inside a function
    assert any(w.startswith("secassess.app.assessments") for w in edges[("app", "scan")])
