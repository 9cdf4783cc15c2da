"""The import graph of `cascade/` keeps its layers: no module imports a module of a higher layer, packages form no
cycle, and package `__init__` files only re-export.

The graph is read with `ast` from every import statement, module-level and inside functions alike: a deferred
import is still a dependency, only a later one. The layer order is drawn in docs/architecture.md; a change that
needs an upward import belongs in a lower layer (or the caller passes the value down).
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1] / "cascade"

# Lowest first. A module belongs to the layer of its longest matching prefix ("cascade.report.labels" before
# "cascade.report"); the bare "cascade" matches only the package's own __init__.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    # Needs nothing of cascade: error types, rule loading, Vietnamese text helpers, atomic file writing.
    ("foundation", ("cascade", "cascade.errors", "cascade.rules", "cascade.text", "cascade.outputs")),
    # The shared vocabulary every stage speaks: the plan model, the label table, agency names and levels.
    # report/labels.py is the label table although it lives in report/ (see ALLOWED_PLACES below).
    ("vocabulary", ("cascade.vocab", "cascade.model", "cascade.report.labels", "cascade.agencies")),
    ("read", ("cascade.read",)),
    ("parse", ("cascade.parse",)),
    ("align", ("cascade.align",)),
    ("audit", ("cascade.audit",)),
    # Built on single audits: the plan hierarchy and its traces, scoring against answer keys, synthetic children.
    ("analysis", ("cascade.hierarchy", "cascade.evaluate", "cascade.synth", "cascade.synth_country")),
    # Renders cascade-audit/1 objects (dicts), so it needs no stage below but the vocabulary.
    ("report", ("cascade.report",)),
    ("applications", ("cascade.batch", "cascade.draft", "cascade.service", "cascade.web")),
    ("commands", ("cascade.commands",)),
    ("cli", ("cascade.cli",)),
]

# Known upward imports whose fix lies in a file another change owns. Each entry is (importer, imported) and says
# why; the test fails on any violation not listed here, and on an entry that no longer occurs (so the list only
# shrinks).
ALLOWED_UPWARD: dict[tuple[str, str], str] = {
}

# Package `__init__` files that still hold logic (functions or classes) rather than re-exporting it.
ALLOWED_INIT_LOGIC: dict[str, str] = {
}

# Packages whose modules still import each other in a loop (a loop works only by import order, and one module cannot
# be understood or tested without the others). Fix: the shared piece moves to its own module that both import.
ALLOWED_MODULE_CYCLES: dict[str, str] = {
    "cascade.web": "service ↔ jobs ↔ pages ↔ errors ↔ auth ↔ state ↔ pool ↔ uploads import each other",
    "cascade.batch": "runner ↔ tables ↔ dashboard ↔ excel pass per-child dicts back and forth",
}

# Modules that sit in a layer other than their package's, on purpose.
ALLOWED_PLACES = {
    # The label table imports only rules; the plan model and the audit's terminal output read it.
    "cascade.report.labels": "vocabulary",
}


def _modules() -> dict[str, Path]:
    mods: dict[str, Path] = {}
    for path in ROOT.rglob("*.py"):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = path
    return mods


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The cascade module an import name lands in (a name inside a module resolves to that module)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path) -> set[str]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # `from cascade.parse import cells` imports the submodule, `from cascade.parse import parse_file` the
            # package.
            names = [f"{source}.{a.name}" if f"{source}.{a.name}" in MODULES else source for a in node.names]
        else:
            continue
        for name in names:
            if name == "cascade" or name.startswith("cascade."):
                target = _resolve(name)
                if target and target != module:
                    found.add(target)
    return found


def import_graph() -> nx.DiGraph:
    """Modules of cascade/ and who imports whom (every import statement, wherever it stands)."""
    graph = nx.DiGraph()
    for module, path in MODULES.items():
        graph.add_node(module)
        for target in _imports(module, path):
            graph.add_edge(module, target)
    return graph


def layer_of(module: str) -> int:
    """Index into LAYERS of the module's layer."""
    names = [name for name, _ in LAYERS]
    if module in ALLOWED_PLACES:
        return names.index(ALLOWED_PLACES[module])
    best, best_len = None, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            hit = module == prefix if prefix == "cascade" else module == prefix or module.startswith(prefix + ".")
            if hit and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    if best is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS in tests/test_layers.py")
    return best


def package_of(module: str) -> str:
    """The top-level unit a module belongs to: `cascade.parse.tables` → `cascade.parse`."""
    return ".".join(module.split(".")[:2])


def upward_imports(graph: nx.DiGraph) -> set[tuple[str, str]]:
    return {(a, b) for a, b in graph.edges if layer_of(b) > layer_of(a)}


GRAPH = import_graph()


def test_every_module_has_a_layer():
    for module in MODULES:
        layer_of(module)


def test_no_module_imports_a_higher_layer():
    found = upward_imports(GRAPH)
    names = [name for name, _ in LAYERS]
    new = sorted(found - set(ALLOWED_UPWARD))
    assert not new, "imports of a higher layer:\n" + "\n".join(
        f"  {a} ({names[layer_of(a)]}) → {b} ({names[layer_of(b)]})" for a, b in new)
    gone = sorted(set(ALLOWED_UPWARD) - found)
    assert not gone, f"fixed, remove from ALLOWED_UPWARD: {gone}"


def test_packages_form_no_cycle():
    packages = nx.DiGraph()
    for a, b in GRAPH.edges:
        if (a, b) not in ALLOWED_UPWARD and package_of(a) != package_of(b):
            packages.add_edge(package_of(a), package_of(b))
    cycles = list(nx.simple_cycles(packages))
    assert not cycles, f"package cycles: {cycles}"


def test_modules_form_no_cycle():
    """Inside a package too: `parse/__init__` ↔ `tables` worked only by import order before the pipeline moved out."""
    cyclic = [sorted(c) for c in nx.strongly_connected_components(GRAPH) if len(c) > 1]
    outside = [c for c in cyclic if {package_of(m) for m in c} - set(ALLOWED_MODULE_CYCLES)]
    assert not outside, f"module cycles: {outside}"
    still = {package_of(m) for c in cyclic for m in c}
    assert set(ALLOWED_MODULE_CYCLES) <= still, f"fixed, remove from ALLOWED_MODULE_CYCLES: {set(ALLOWED_MODULE_CYCLES) - still}"


def test_package_inits_only_reexport():
    logic = set()
    for module, path in MODULES.items():
        if path.name != "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) for n in tree.body):
            logic.add(module)
    assert logic - set(ALLOWED_INIT_LOGIC) == set(), f"package __init__ with logic: {sorted(logic)}"
    assert set(ALLOWED_INIT_LOGIC) - logic == set(), "fixed, remove from ALLOWED_INIT_LOGIC"


@pytest.mark.parametrize(("importer", "imported"), [
    ("cascade.parse.tables", "cascade.audit.findings"),  # parse must not know the audit
    ("cascade.model", "cascade.read.docx"),  # the vocabulary reads no file
])
def test_an_upward_import_is_caught(importer, imported):
    """The check can fail: an import added against the order shows up as a violation."""
    graph = GRAPH.copy()
    graph.add_edge(importer, imported)
    assert (importer, imported) in upward_imports(graph) - set(ALLOWED_UPWARD)


def test_a_package_cycle_is_caught():
    packages = nx.DiGraph([("cascade.parse", "cascade.read"), ("cascade.read", "cascade.parse")])
    assert list(nx.simple_cycles(packages))


def test_function_level_imports_count():
    """A deferred import inside a function is an edge too: the parse layer reaches read through one."""
    assert GRAPH.has_edge("cascade.parse.pipeline", "cascade.read")
