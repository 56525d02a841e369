"""Issue 25: a refused amendment deadline says so in Persian only («مهلت اجرا: …»), not «date: …»."""
import re

from PySide6.QtCore import Qt

from app.services import amendments, meetings

from .helpers import error_boxes, settle, type_text


def test_a_bad_amendment_deadline_is_refused_in_persian(qtbot, window):
    w = window
    with w.db.session() as s:
        first = meetings.list_meetings(s)[-1]
    w.show_view(f"meeting:{first.id}")
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None and e.meeting.id == first.id)
    tab = e.amendments
    e.tabs.setCurrentWidget(tab)
    settle(qtbot, w)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    tab.kind.setCurrentIndex(tab.kind.findData("resolution_deadline"))
    tab.target.setCurrentIndex(0)
    type_text(tab.value, "۱۴۰۵/۱۳/۴۰")
    qtbot.mouseClick(tab.add_change_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    [box] = error_boxes(w)
    assert box.text().startswith("مهلت اجرا: ") and "۱۴۰۵/۱۳/۴۰" in box.text()
    assert not re.search(r"[A-Za-z]", box.text())
    with w.db.session() as s:
        assert amendments.list_amendments(s, first.id)[0].changes == ()
