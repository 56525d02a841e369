"""ui/ reaches the data only through app.services (and app.domain): never storage, never SQL."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ui_never_imports_storage_or_sqlalchemy():
    offenders = []
    for path in (ROOT / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names
                          if n.startswith(("app.storage", "sqlalchemy", "sqlite3"))]
    assert offenders == []


def test_no_display_is_one_line_not_a_crash(cli, tmp_path):
    db = tmp_path / "d.dabir"
    r = cli("--db", db, env={"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""})
    assert r.returncode == 2 and "display" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not db.exists()
