"""Issue 25, "fields behave like Windows forms": Tab into a filled field and type replaces it; Ctrl+N
opens a new meeting with empty fields in the committee being worked in; a refused value records
nothing and says so once. Real key and mouse events; results read back from the file."""
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services import committees, meetings, resolutions

from .helpers import click_row, error_boxes, settle, type_text

TAB = Qt.Key.Key_Tab


def _open(qtbot, w, meeting_id):
    w.show_view(f"meeting:{meeting_id}")
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None and e.meeting.id == meeting_id)
    settle(qtbot, w)
    return e


def _draft(w, **fields):
    with w.db.session() as s:
        mid = meetings.duplicate_meeting(s, meetings.list_meetings(s)[0].id).id
        if fields:
            meetings.update_meeting(s, mid, **fields)
    return mid


def test_tab_then_type_replaces_the_field(qtbot, window):
    w = window
    mid = _draft(w, start="09:00", end="11:00", location="سالن قدیم")
    e = _open(qtbot, w, mid)
    w.activateWindow()
    e.start.setFocus()
    e.start.selectAll()
    type_text(e.start, "۰۹:۳۰")
    QTest.keyClick(e.start, TAB)                     # into «ساعت پایان», by Tab: the start is saved
    settle(qtbot, w)                                 # and the screen reloaded meanwhile
    assert QApplication.focusWidget() is e.end
    type_text_here(e.end, "۱۲:۳۰")
    QTest.keyClick(e.end, TAB)                       # into «محل»
    settle(qtbot, w)
    assert QApplication.focusWidget() is e.location
    type_text_here(e.location, "سالن شورا")
    QTest.keyClick(e.location, TAB)
    settle(qtbot, w, 50)
    with w.db.session() as s:
        m = meetings.get_meeting(s, mid)
    assert (m.start, m.end, m.location) == ("09:30", "12:30", "سالن شورا")


def type_text_here(widget, text):
    """Type where the focus already is (type_text would set the focus again, not by Tab)."""
    assert QApplication.focusWidget() is widget
    QTest.qWait(0)                                   # the selection made on arrival is in place
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def test_ctrl_n_opens_an_empty_meeting_of_the_committee_being_worked_in(qtbot, window):
    w = window
    with w.db.session() as s:
        first = committees.create_committee(s, "آ کمیته نخست الفبا").id     # first in the list
        listed = [c.id for c in committees.list_committees(s)]
    assert listed[0] == first
    mid = _draft(w, title="جلسه بررسی بودجه")
    e = _open(qtbot, w, mid)
    worked_in = e.meeting.committee.id
    assert worked_in != first
    e.title.setFocus()
    QTest.keyClick(e.title, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, w, 50)
    qtbot.waitUntil(lambda: e.meeting is not None and e.meeting.id != mid)
    settle(qtbot, w)
    assert e.title.text() == ""
    with w.db.session() as s:
        new = meetings.get_meeting(s, e.meeting.id)
    assert new.committee.id == worked_in and not new.title


def test_a_refused_follow_up_date_records_nothing_and_says_so_once(qtbot, window):
    w = window
    w.show_view("tracker")
    t = w.screen("tracker")
    settle(qtbot, w, 100)
    click_row(qtbot, t.view, 0)
    rid = t.model.row(0).id
    with w.db.session() as s:
        before = len(resolutions.get_resolution(s, rid).follow_ups)
    t.follow_up.date.setFocus()
    t.follow_up.date.selectAll()
    type_text(t.follow_up.date, "۱۴۰۵/۰۲/۳۲")
    type_text(t.follow_up.note, "پاسخ رسید")
    t.follow_up.date.setFocus()
    qtbot.mouseClick(t.follow_up.button, Qt.MouseButton.LeftButton)       # leaves the date, then clicks
    settle(qtbot, w, 100)
    boxes = error_boxes(w)
    assert len(boxes) == 1 and "۱۴۰۵/۰۲/۳۲" in boxes[0].text()
    with w.db.session() as s:
        assert len(resolutions.get_resolution(s, rid).follow_ups) == before
    boxes[0].accept()
    settle(qtbot, w)
    assert t.follow_up.note.text() == "پاسخ رسید"                        # what was typed is still there


def test_a_blank_committee_name_is_refused_with_a_message(qtbot, window):
    w = window
    w.show_view("committees")
    c = w.screen("committees")
    settle(qtbot, w)
    with w.db.session() as s:
        before = len(committees.list_committees(s))
    type_text(c.new_name, "   ")
    qtbot.mouseClick(c.create_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    boxes = error_boxes(w)
    assert len(boxes) == 1 and "نام کمیته" in boxes[0].text()
    with w.db.session() as s:
        assert len(committees.list_committees(s)) == before
