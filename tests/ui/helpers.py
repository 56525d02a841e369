"""Driving real widgets: typing any text through key events, answering message boxes, waiting."""
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox


def type_text(widget, text: str) -> None:
    """Key events carrying each character (QTest.keyClicks only handles ASCII)."""
    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def answer_next_box(yes: bool = True, seen: list | None = None) -> None:
    """Answer the next modal question box (delete/approve confirmations) when it appears."""
    def click():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            if seen is not None:
                seen.append(box.text())
            box.button(QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No).click()
        else:
            QTimer.singleShot(20, click)
    QTimer.singleShot(0, click)


def settle(qtbot, window, ms: int = 0) -> None:
    """Let every queued operation finish, every debounce timer fire, and the results be shown."""
    from PySide6.QtCore import QTimer
    from ui.ops import PENDING_EDIT

    def quiet():
        waiting = [t for t in window.findChildren(QTimer, PENDING_EDIT) if t.isActive()]
        return window.runner.idle() and not waiting
    if ms:
        qtbot.wait(ms)
    qtbot.waitUntil(quiet, timeout=20_000)
    qtbot.wait(0)
    qtbot.waitUntil(quiet, timeout=20_000)


def error_boxes(widget) -> list[QMessageBox]:
    return [b for b in widget.window().findChildren(QMessageBox) if b.objectName() == "dabir-error" and b.isVisible()]


def click_row(qtbot, view, row: int, column: int = 0) -> None:
    """Click a row as a user would (QTableView.selectRow misses in RTL when the columns fill the
    viewport exactly: it looks up the column at x = viewport width, one pixel past the last)."""
    index = view.model().index(row, column)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def open_window(qtbot, path, with_demo: bool = True, show: bool = True):
    """A MainWindow on a new file at `path` (with the demo content unless with_demo=False), shown and
    settled. The caller waits for its runner and closes `w.db` at the end."""
    from app.services import demo
    from app.services.files import open_database
    from ui.main_window import MainWindow
    db = open_database(path, create=True)
    if with_demo:
        with db.session() as s:
            demo.build_demo(s)
    w = MainWindow(db)
    qtbot.addWidget(w)
    if show:
        w.show()
    settle(qtbot, w)
    return w
