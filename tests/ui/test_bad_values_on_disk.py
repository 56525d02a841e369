"""The GUI on a file holding values no Dabir writes: the lists and the meeting show placeholders, and
nothing hangs or raises."""
import sqlite3

import pytest
from PySide6.QtWidgets import QApplication

from app.services import demo
from app.storage.database import open_database
from ui.main_window import MainWindow

from .helpers import settle

BAD = ["UPDATE meeting SET status='hacked', title=X'00FF', date='1405/13/40', number='هفت'",
       "UPDATE resolution SET status='hacked', base_status='hacked', deadline='9999-12-31', text=X'01'",
       "UPDATE follow_up SET date='not a date', status='maybe'",
       "UPDATE attendance SET role='boss', status='asleep'"]


@pytest.mark.parametrize("sql", BAD, ids=["meeting", "resolution", "follow-up", "attendance"])
def test_window_shows_a_file_with_bad_values(qtbot, tmp_path, sql):
    path = tmp_path / "mine.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        demo.build_demo(s)
    db.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql)
    conn.close()
    db = open_database(path)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    settle(qtbot, w)
    for view in ("meetings", "tracker", "sharing"):
        w.show_view(view)
        settle(qtbot, w)
    model = w.screen("meetings").model
    assert model.rowCount() == 1
    meeting = model.row(0)
    w.show_view(f"meeting:{meeting.id}")
    settle(qtbot, w, 200)
    box = QApplication.activeModalWidget()
    assert box is None, box.text() + " | " + box.detailedText()  # no error box
    assert w.stack.currentWidget() is w.editor and w.editor.isVisible()
    w.runner.wait()
    w.db.close()
