"""The house reads one way (issue 27, docs/architecture.md).

- app/ never reaches Qt or reportlab, reports/ never reaches Qt (module level and at import time);
- the import graph over app/, ui/ and reports/, function-level imports included, has no circle;
- every import runs downward: app.domain <- app.storage <- app.services <- app.cli; reports and ui
  sit beside the CLI as the other fronts (see LAYERS below);
- no source file of app/, ui/ or reports/ is over 600 lines (Alembic migrations aside).
"""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "ui", "reports")
MAX_LINES = 600

# Who may import whom. A module's layer is the longest prefix of its dotted name found here; the
# value lists the layers it may import besides its own. `app` alone is the root package (only
# __version__), which anyone may read.
LAYERS = {
    "app": set(),
    "app.domain": {"app"},
    "app.storage": {"app", "app.domain"},
    "app.services": {"app", "app.domain", "app.storage"},
    "app.cli": {"app", "app.domain", "app.storage", "app.services"},
    "reports": {"app", "app.domain", "app.services"},
    "ui": {"app", "app.domain", "app.services", "reports"},
}

# Edges above the table, each with its reason. Only function-level (lazy) imports qualify: at
# module level they would load Qt or reportlab with the core.
SANCTIONED_LAZY = {
    # `dabir` with no command opens the GUI: the one place the core hands over to ui/.
    ("app.cli.main", "ui"): "the CLI's default command launches the GUI",
    # The CLI is a front like ui/: its print commands render the same PDFs, importing reports/
    # (and with it reportlab) inside the handler so `import app...` never loads reportlab.
    ("app.cli.commands.documents", "reports"): "the print commands render PDFs",
    ("app.cli.commands.workflow", "reports"): "`amendment print` renders the amendment PDF",
    ("app.cli.commands.desk", "reports"): "`letters` and `stats --chart` render PDFs (and sign letters)",
}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def source_files():
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def module_level_imports(path: Path) -> set[str]:
    """Top-level package names imported at module level (not inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        nodes = [node] + ([n for n in ast.walk(node)] if isinstance(node, (ast.If, ast.Try)) else [])
        for n in nodes:
            if isinstance(n, ast.Import):
                names |= {a.name.split(".")[0] for a in n.names}
            elif isinstance(n, ast.ImportFrom) and n.module and n.level == 0:
                names.add(n.module.split(".")[0])
    return names


def _known(name: str, modules: set[str]) -> str | None:
    """The longest prefix of `name` that is one of our modules (None for a third-party name)."""
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        if ".".join(parts[:i]) in modules:
            return ".".join(parts[:i])
    return None


def _imports(path: Path, modules: set[str]):
    """(target module, line, lazy) for every import in the file, however deeply nested."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node, lazy):
        for child in ast.iter_child_nodes(node):
            inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    found.append((_known(alias.name, modules), child.lineno, lazy))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    up = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                    base = ".".join(up + ([child.module] if child.module else []))
                for alias in child.names:
                    # `from pkg import mod` imports the submodule; `from mod import name` the module.
                    found.append((_known(f"{base}.{alias.name}", modules) or _known(base, modules),
                                  child.lineno, lazy))
            visit(child, inner)

    visit(tree, False)
    return [(t, line, lazy) for t, line, lazy in found if t is not None and t != me]


def import_graph():
    """{module: {target: [(line, lazy), ...]}} over app/, ui/ and reports/."""
    files = {module_name(p): p for p in source_files()}
    graph = {}
    for name, path in files.items():
        edges = graph.setdefault(name, {})
        for target, line, lazy in _imports(path, set(files)):
            edges.setdefault(target, []).append((line, lazy))
    return graph, files


def layer_of(module: str) -> str:
    parts = module.split(".")
    for i in range(len(parts), 0, -1):
        if ".".join(parts[:i]) in LAYERS:
            return ".".join(parts[:i])
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def import_components(graph) -> list[list[str]]:
    """The strongly connected components of two or more modules: each is a knot of modules that
    all reach each other (Tarjan, iterative so a deep graph cannot overflow the stack)."""
    index, low, on_stack, stack, comps, counter = {}, {}, set(), [], [], [0]
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter[0]; counter[0] += 1
        stack.append(root); on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]; counter[0] += 1
                    stack.append(child); on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    m = stack.pop(); on_stack.discard(m); comp.append(m)
                    if m == node:
                        break
                if len(comp) > 1:
                    comps.append(sorted(comp))
    return sorted(comps)


def import_cycles(graph) -> list[list[str]]:
    """One shortest cycle (a path a -> ... -> a) per knot."""
    return [_cycle_in(graph, comp) for comp in import_components(graph)]


def _cycle_in(graph, comp):
    """A shortest path from the component's first module back to itself, inside the component."""
    start, members = comp[0], set(comp)
    paths, seen = [[start]], set()
    while paths:
        path = paths.pop(0)
        for nxt in sorted(graph[path[-1]]):
            if nxt == start:
                return path + [start]
            if nxt in members and nxt not in seen:
                seen.add(nxt)
                paths.append(path + [nxt])
    raise AssertionError(comp)


def upward_imports(graph, files) -> list[str]:
    offenders = []
    for module, edges in sorted(graph.items()):
        mine = layer_of(module)
        for target, uses in sorted(edges.items()):
            theirs = layer_of(target)
            if theirs == mine or theirs in LAYERS[mine]:
                continue
            for line, lazy in sorted(set(uses)):
                if lazy and (module, theirs) in SANCTIONED_LAZY:
                    continue
                where = files[module].relative_to(ROOT)
                offenders.append(f"{where}:{line}: {mine} -> {target}" + (" (in a function)" if lazy else ""))
    return offenders


def test_no_qt_or_reportlab_imports_in_app_and_no_qt_in_reports():
    offenders = []
    for pkg, banned in (("app", {"PySide6", "reportlab", "ui"}), ("reports", {"PySide6", "ui"})):
        for path in (ROOT / pkg).rglob("*.py"):
            bad = module_level_imports(path) & banned
            if bad:
                offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert offenders == []


def test_importing_every_core_module_loads_neither_qt_nor_reportlab():
    modules = [".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
               for pkg in ("app", "reports") for p in (ROOT / pkg).rglob("*.py")
               if "migrations" not in p.parts]  # alembic scripts run only inside alembic
    code = ("import importlib, sys\n"
            f"for m in {modules!r}:\n    importlib.import_module(m)\n"
            "print(sorted({k.split('.')[0] for k in sys.modules} & {'PySide6', 'shiboken6', 'reportlab'}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = set(eval(out.stdout.strip()))
    assert "PySide6" not in loaded and "shiboken6" not in loaded
    app_only = subprocess.run([sys.executable, "-c", code.replace(repr(modules), repr(
        [m for m in modules if m.startswith("app")]))], cwd=ROOT, capture_output=True, text=True, check=True)
    assert eval(app_only.stdout.strip()) == []


def test_no_import_circle():
    graph, _ = import_graph()
    knots = [f"{' -> '.join(_cycle_in(graph, comp))}  (knot: {', '.join(comp)})"
             for comp in import_components(graph)]
    assert knots == [], "import circles:\n" + "\n".join(knots)


def test_every_import_runs_downward():
    graph, files = import_graph()
    offenders = upward_imports(graph, files)
    assert offenders == [], "upward imports:\n" + "\n".join(offenders)


def test_sanctioned_upward_edges_still_exist():
    """A sanctioned edge that the code no longer needs must leave the list, so it cannot hide a new one."""
    graph, _ = import_graph()
    used = {(m, layer_of(t)) for m, edges in graph.items() for t, uses in edges.items()
            if any(lazy for _, lazy in uses)}
    assert set(SANCTIONED_LAZY) - used == set()


def test_no_source_file_over_600_lines():
    long = [f"{p.relative_to(ROOT)}: {n}" for p in source_files() if "migrations" not in p.parts
            and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert long == [], f"files over {MAX_LINES} lines:\n" + "\n".join(long)


def test_the_graph_sees_what_it_must():
    """The walker itself: a function-level, relative and `from pkg import module` import all count,
    and a circle and an upward edge are found (so a green run above means something)."""
    graph, files = import_graph()
    assert ("ui" in {layer_of(t) for t in graph["app.cli.main"]})  # lazy, inside main()
    assert "app.services.dto" in graph["app.services.committees"]  # `from .dto import ...`
    fake = {"a.x": {"a.y": [(1, True)]}, "a.y": {"a.z": [(1, False)]}, "a.z": {"a.x": [(1, True)]}, "a.w": {}}
    assert import_cycles(fake) == [["a.x", "a.y", "a.z", "a.x"]]
    up = {"app.domain.rules": {"app.services.dto": [(3, True)]}, "app.services.dto": {}}
    assert upward_imports(up, {m: ROOT / "x.py" for m in up}) == [
        "x.py:3: app.domain -> app.services.dto (in a function)"]
