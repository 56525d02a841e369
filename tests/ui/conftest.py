"""One QApplication for all UI tests (pytest-qt's), set up as Dabir sets up its own."""
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True, scope="session")
def dabir_app(qapp):
    from ui.app import setup_application
    setup_application(qapp)
    return qapp


@pytest.fixture(autouse=True)
def _logs(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))     # never the user's folder


@pytest.fixture
def window(qtbot, tmp_path):
    """The main window on a new file with the demo content, shown, active and exposed (keys reach it).
    A module that needs other content defines its own `window`."""
    from .helpers import open_window
    w = open_window(qtbot, tmp_path / "demo.dabir")
    w.activateWindow()
    qtbot.waitExposed(w)
    yield w
    w.runner.wait()
    w.db.close()
