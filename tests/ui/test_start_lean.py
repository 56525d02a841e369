"""The first window loads only what it shows (issue 28): `dabir --db F --screenshot OUT.png` in a fresh
process, then a look at sys.modules. No timing here (bench/bench_startup.py measures); what is checked
is that the libraries and modules the first page never needs stay unimported, so the gain cannot
silently come back."""
import json
import os
import sqlite3
import subprocess
import sys

from PySide6.QtGui import QImage

from app.storage.migrate import SCHEMA_VERSION
from tests.conftest import ROOT

# runs Dabir's real entry point, as `dabir --db F --screenshot OUT` does, then reports what was imported
_FIRST_WINDOW = r"""
import json, sys
from app.cli.main import main
code = main(["--db", sys.argv[1], "--screenshot", sys.argv[2]])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""
# what the first page of meetings never uses: migrations, the PDF, Word, Excel and signing libraries
NOT_AT_START = ("alembic", "reportlab", "openpyxl", "docx", "pyhanko")
# the meeting editor, its amendments tab and its attachments list
EDITOR_ONLY = ("ui.screens.meeting_editor", "ui.screens.amendments", "ui.widgets.attachments")


def _fresh_process(script: str, *args):
    """Run `script` in a new Python, offscreen; what its last line of output says (JSON)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True,
                       text=True, env=env, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def _first_window(path, out) -> tuple[int, set[str]]:
    report = _fresh_process(_FIRST_WINDOW, path, out)
    return report["code"], set(report["modules"])


def _roots(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_the_first_window_imports_no_migrations_documents_or_signing(cli, tmp_path):
    db = tmp_path / "demo.dabir"
    assert cli("demo", "--db", db).returncode == 0
    # `dabir demo` closed the file cleanly, as the secretary's own file is: its first page is read
    # ahead with sqlite3 (app/services/first_page.py) and painted before SQLAlchemy and the models load
    out = tmp_path / "first.png"
    code, modules = _first_window(db, out)
    assert code == 0 and QImage(str(out)).width() == 1024
    assert _roots(modules) & {*NOT_AT_START, "sqlalchemy"} == set()
    assert not {m for m in modules if m.startswith("app.storage.database") or m == "app.storage.models"}
    # nor the command line's commands, nor the screens not shown, nor the meeting editor (built on
    # first use) and the widgets only it uses
    assert not {m for m in modules if m.startswith("app.cli.commands")}
    screens = {m.split(".")[2] for m in modules if m.startswith("ui.screens.")}
    assert screens == {"meetings"}
    assert not set(EDITOR_ONLY) & modules
    assert "app.services.demo" not in modules


# imports the editor's modules after PySide6's and reports the size of shiboken's signature tables
# before and after, which grow when a PySide6 function's __doc__ or signature is first read
_EDITOR_IMPORTS = r"""
import json, sys
import PySide6.QtWidgets, PySide6.QtGui
tables = sys.modules["shibokensupport.signature.mapping"].type_map
before = len(tables)
import ui.screens.meeting_editor, ui.screens.amendments, ui.widgets.attachments
print(json.dumps([before, len(tables)]))
"""


def test_the_editor_modules_read_no_qt_docstrings():
    """Importing the editor reads no Qt function's __doc__ (staticmethod(QDesktopServices.openUrl) did,
    and that first read builds PySide6's signature tables: about 20 ms of the editor's first opening)."""
    before, after = _fresh_process(_EDITOR_IMPORTS)
    assert after == before


def test_an_older_file_still_loads_the_migrations_and_is_upgraded(tmp_path):
    """The other side of the rule: Alembic loads when the file's schema version asks for it."""
    from tests.app.test_safe_open import _old_schema_file
    old = tmp_path / "old.dabir"
    old.touch()
    _old_schema_file(old)
    code, modules = _first_window(old, tmp_path / "old.png")
    assert code == 0 and "alembic" in _roots(modules)
    con = sqlite3.connect(old)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        con.close()
    assert len(list(tmp_path.glob("old.schema1-*.dabir"))) == 1       # the old file kept beside it
