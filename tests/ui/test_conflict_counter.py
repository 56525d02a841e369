"""Issue 25: the merge summary's count of conflicts awaiting a decision follows the decisions (it stayed
at the merge's number): one conflict, decided with a real click, leaves «۰»."""
from PySide6.QtCore import Qt

from ui.main_window import MainWindow

from .helpers import click_row, settle
from .test_sharing import offices  # noqa: F401 - two offices' copies with one conflicting edit


def test_open_conflict_count_follows_decisions(qtbot, offices):  # noqa: F811
    db, theirs = offices
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    settle(qtbot, w)
    w.show_view("sharing")
    sh = w.screen("sharing")
    settle(qtbot, w)
    sh.merge_from(str(theirs))
    settle(qtbot, w, 300)
    assert sh.summary.text().endswith("تعارض‌های در انتظار تصمیم: ۱")
    click_row(qtbot, sh.conflicts_view, 0)
    qtbot.mouseClick(sh.keep_mine, Qt.MouseButton.LeftButton)
    settle(qtbot, w, 300)
    assert sh.conflicts.rowCount() == 0
    assert sh.summary.text().endswith("تعارض‌های در انتظار تصمیم: ۰")
    w.runner.wait()
    w.db.close()
