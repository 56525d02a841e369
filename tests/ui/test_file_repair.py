"""The GUI's side of untrusted files: a file whose schema is not Dabir's is refused with a box that
offers a clean copy, and my own file, as Dabir left it, is not read page by page at every open."""
import shutil
import sqlite3

from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services.files import open_database
from tests.app.sharing_data import build, sha256
from ui.main_window import MainWindow

from .helpers import error_boxes, settle


def test_a_hostile_file_is_refused_and_a_clean_copy_can_be_made_and_opened(qtbot, tmp_path, monkeypatch):
    bad = tmp_path / "received.dabir"
    build(bad)
    conn = sqlite3.connect(bad)
    conn.execute("CREATE TRIGGER wipe AFTER INSERT ON follow_up BEGIN UPDATE resolution SET text = 'x'; END")
    conn.execute("UPDATE meeting SET status = 'hacked' WHERE number = 1")
    conn.commit()
    conn.close()
    before = sha256(bad)
    mine = open_database(tmp_path / "mine.dabir", create=True)
    window = MainWindow(mine)
    qtbot.addWidget(window)
    settle(qtbot, window)
    assert window.open_file(str(bad)) is False
    box = error_boxes(window)[-1]
    assert "wipe" in box.text() or "تریگر" in box.text()
    button = next(b for b in box.buttons() if b.objectName() == "dabir-repair")
    clean = tmp_path / "clean.dabir"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(clean), "")))
    button.click()
    qtbot.waitUntil(lambda: window.db.path == clean.resolve(), timeout=20_000)
    done = [b for b in window.findChildren(QMessageBox) if b.objectName() == "dabir-repaired" and b.isVisible()]
    assert done and "۱۰ سطر" in done[-1].text() and "meeting" in done[-1].detailedText()
    assert sha256(bad) == before
    settle(qtbot, window)
    assert window.screen("meetings").model.rowCount() == 4      # six meetings, two 'hacked' left out
    window.runner.wait()
    window.db.close()
    mine.close()


def test_my_own_file_is_not_read_again_but_a_copy_from_elsewhere_is(qtbot, tmp_path):
    own = tmp_path / "own.dabir"
    build(own)
    open_database(own).close()                       # checked once, closed cleanly: recorded
    copy = tmp_path / "copy.dabir"
    shutil.copyfile(own, copy)
    db = open_database(own, check_contents=False)
    assert db.needs_check is False
    window = MainWindow(db)
    qtbot.addWidget(window)
    settle(qtbot, window)
    assert window.runner._pending_check is None and window.runner._checked.is_set()
    assert window.open_file(str(copy))
    assert window.db.needs_check is True             # no record: it came from elsewhere
    # checked beside the first page (at the latest after ops.CHECK_AT_LATEST_MS), then recorded
    qtbot.waitUntil(lambda: window.db.needs_check is False, timeout=20_000)
    window.runner.wait()
    window.db.close()
    again = open_database(copy, check_contents=False)
    assert again.needs_check is False
    again.close()
