"""Issue 25, "act once": a double-click on a button that creates or records, or two quick Enter
presses, does it once. Real mouse and key events; the result is read back from the file.

In PySide6 6.11 `QTest.mouseDClick` alone sends no click, so a double-click is sent as a real mouse
delivers it: press, release, press, double-click, release."""
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services import meetings, resolutions

from .helpers import click_row, settle, type_text

LEFT = Qt.MouseButton.LeftButton


def double_click(widget) -> None:
    at = widget.rect().center()
    QTest.mousePress(widget, LEFT, Qt.KeyboardModifier.NoModifier, at)
    QTest.mouseRelease(widget, LEFT, Qt.KeyboardModifier.NoModifier, at)
    QTest.mousePress(widget, LEFT, Qt.KeyboardModifier.NoModifier, at)
    QTest.mouseDClick(widget, LEFT, Qt.KeyboardModifier.NoModifier, at)
    QTest.mouseRelease(widget, LEFT, Qt.KeyboardModifier.NoModifier, at)


def meeting_count(w) -> int:
    with w.db.session() as s:
        return meetings.count_meetings(s)


def follow_up_count(w, resolution_id) -> int:
    with w.db.session() as s:
        return len(resolutions.get_resolution(s, resolution_id).follow_ups)


def test_double_click_on_new_meeting_makes_one(qtbot, window):
    w = window
    w.show_view("meetings")
    m = w.screen("meetings")
    settle(qtbot, w)
    before = meeting_count(w)
    double_click(m.new_button)
    settle(qtbot, w, 50)
    assert meeting_count(w) == before + 1


def test_ctrl_n_twice_while_creating_makes_one(qtbot, window):
    w = window
    w.show_view("meetings")
    settle(qtbot, w)
    before = meeting_count(w)
    view = w.screen("meetings").view
    view.setFocus()
    # the second Ctrl+N arrives while the first meeting is being created (before its answer)
    QTest.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, w, 50)
    assert meeting_count(w) == before + 1
    assert w.new_action.isEnabled() and w.screen("meetings").new_button.isEnabled()


def _tracker_row(qtbot, w):
    w.show_view("tracker")
    t = w.screen("tracker")
    settle(qtbot, w, 100)
    click_row(qtbot, t.view, 0)
    return t, t.model.row(0).id


def test_double_click_on_record_follow_up_records_one(qtbot, window):
    w = window
    t, rid = _tracker_row(qtbot, w)
    before = follow_up_count(w, rid)
    type_text(t.follow_up.note, "نامه به استانداری ارسال شد")
    double_click(t.follow_up.button)
    settle(qtbot, w, 50)
    assert follow_up_count(w, rid) == before + 1
    assert t.follow_up.button.isEnabled()
    # a later, separate click records again: the guard lasts only while the first one runs
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    type_text(t.follow_up.note, "پاسخ رسید")
    qtbot.mouseClick(t.follow_up.button, LEFT)
    settle(qtbot, w, 50)
    assert follow_up_count(w, rid) == before + 2


def test_two_quick_enters_record_one_follow_up(qtbot, window):
    w = window
    t, rid = _tracker_row(qtbot, w)
    before = follow_up_count(w, rid)
    type_text(t.follow_up.note, "پیگیری تلفنی")
    QTest.keyClick(t.follow_up.note, Qt.Key.Key_Return)
    QTest.keyClick(t.follow_up.note, Qt.Key.Key_Return)
    settle(qtbot, w, 50)
    assert follow_up_count(w, rid) == before + 1


def test_double_click_on_record_in_the_editor_records_one(qtbot, window):
    """The earlier meetings' open resolutions in a later meeting, followed up from the editor."""
    w = window
    with w.db.session() as s:
        latest = meetings.duplicate_meeting(s, meetings.list_meetings(s)[0].id).id
    w.show_view(f"meeting:{latest}")
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None and e.meeting.id == latest)
    settle(qtbot, w)
    e.tabs.setCurrentIndex(3)
    settle(qtbot, w)
    assert e.previous_view.model().rowCount() > 0
    click_row(qtbot, e.previous_view, 0)
    rid = e.previous_view.model().row(0).id
    before = follow_up_count(w, rid)
    type_text(e.previous_follow_up.note, "در دست اقدام")
    double_click(e.previous_follow_up.button)
    settle(qtbot, w, 50)
    assert follow_up_count(w, rid) == before + 1
