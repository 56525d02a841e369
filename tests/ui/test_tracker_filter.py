"""Issue 25: the tracker's status filter offers each status once («انجام‌شده» and «انجام شد» were both
there, meaning the same), and the one offered selects the done resolutions of the file."""
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.services import resolutions

from .helpers import settle


def test_status_filter_has_no_duplicates_and_filters(qtbot, window):
    w = window
    w.show_view("tracker")
    t = w.screen("tracker")
    settle(qtbot, w, 100)
    labels = [t.status.itemText(i) for i in range(t.status.count())]
    values = [t.status.itemData(i) for i in range(t.status.count())]
    assert len(labels) == len(set(labels)) and len(values) == len(set(values))
    assert "انجام‌شده" not in labels
    with w.db.session() as s:
        rid = resolutions.list_resolutions(s)[0].id
        resolutions.add_follow_up(s, rid, "done", note="انجام شد")
        done = {r.id for r in resolutions.list_resolutions(s, status="done")}
    t.status.setFocus()
    while t.status.currentText() != "انجام شد":
        QTest.keyClick(t.status, Qt.Key.Key_Down)
    settle(qtbot, w, 300)
    assert {t.model.row(i).id for i in range(t.model.rowCount())} == done and rid in done
