"""The core stands alone: app/ never reaches Qt or reportlab, reports/ never reaches Qt."""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
