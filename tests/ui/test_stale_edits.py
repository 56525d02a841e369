"""Two secretaries on one meeting (issue 13): two Database objects on the same file (or the same
server database), as two windows or two processes would be. Window A shows a meeting; B saves a change
first; A's edit, based on what A was shown, is refused with a Persian message naming who changed what
and repeating what A typed; B's value stays stored, and A's screen shows it."""
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from app.services import meetings, resolutions
from app.services.files import open_database

from .helpers import error_boxes, open_window, settle, type_text

pytestmark = pytest.mark.backends
B = "دبیر دوم"


@pytest.fixture
def two(qtbot, db_path, backend):
    """Window A on the database, a meeting with a resolution open in its editor; B, a second Database."""
    a = open_window(qtbot, db_path)
    with a.db.session() as s:
        mid = meetings.list_meetings(s)[-1].id
        if not meetings.get_meeting(s, mid).resolutions:
            resolutions.add_resolution(s, mid, "مصوبه نخست")
        if meetings.get_meeting(s, mid).locked:
            mid = meetings.duplicate_meeting(s, mid).id
            resolutions.add_resolution(s, mid, "مصوبه نخست")
    a.open_meeting(mid)
    settle(qtbot, a)
    qtbot.waitUntil(lambda: a.editor.meeting is not None and a.editor.meeting.id == mid)
    b = open_database(db_path)
    yield a, b, mid
    a.runner.wait()
    b.close()
    a.db.close()


def _select_all(widget):
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier))


def test_a_title_typed_over_a_title_changed_by_another_secretary_is_refused(qtbot, two, backend):
    a, b, mid = two
    e = a.editor
    before = e.meeting.title
    with b.session(actor=B) as s:
        meetings.update_meeting(s, mid, title="عنوان تازه از دبیر دوم")
    type_text(e.title, "")
    _select_all(e.title)
    type_text(e.title, "عنوان من")
    e.location.setFocus()                             # leaving the field saves it
    settle(qtbot, a)
    boxes = error_boxes(e)
    assert len(boxes) == 1, [x.text() for x in boxes]
    text = boxes[0].text()
    # Persian, naming the field changed and repeating what was typed (so it is not lost)
    assert "عنوان" in text and "ذخیره نشد" in text and "«عنوان من»" in text
    if backend == "sqlite":                           # a server records its role as "who"
        assert f"«{B}»" in text
    assert not any(c in text for c in "0123456789")   # Persian digits only
    with b.session() as s:
        assert meetings.get_meeting(s, mid).title == "عنوان تازه از دبیر دوم"
    assert e.title.text() == "عنوان تازه از دبیر دوم" != before
    assert e.meeting.title == "عنوان تازه از دبیر دوم"
    boxes[0].accept()
    a.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is a)

    # now based on what is shown, A's edit goes through, and quick successive edits of A's own are
    # not refused as stale against each other
    _select_all(e.title)
    type_text(e.title, "عنوان من")
    e.location.setFocus()
    _select_all(e.location)
    type_text(e.location, "سالن جلسات")
    e.title.setFocus()
    _select_all(e.title)
    type_text(e.title, "عنوان نهایی")
    e.location.setFocus()
    settle(qtbot, a)
    assert not error_boxes(e)
    with b.session() as s:
        m = meetings.get_meeting(s, mid)
    assert (m.title, m.location) == ("عنوان نهایی", "سالن جلسات")


def test_a_resolution_cell_edited_over_another_secretarys_change_is_refused(qtbot, two, backend):
    a, b, mid = two
    e = a.editor
    r = e.meeting.resolutions[0]
    with b.session(actor=B) as s:
        resolutions.update_resolution(s, r.id, text="متن دبیر دوم")
    view = e.resolution_view
    e.tabs.setCurrentIndex(2)
    index = view.model().index(0, 1)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = next(w for w in view.viewport().findChildren(QLineEdit) if w.isVisible())
    _select_all(editor)
    type_text(editor, "متن من")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(qtbot, a)
    boxes = error_boxes(e)
    assert len(boxes) == 1
    text = boxes[0].text()
    assert "مصوبه" in text and "متن" in text and "«متن من»" in text and "ذخیره نشد" in text
    with b.session() as s:
        assert resolutions.get_resolution(s, r.id).text == "متن دبیر دوم"
    assert e.resolution_model.row(0).text == "متن دبیر دوم"
    boxes[0].accept()


def test_minutes_typed_over_minutes_saved_by_another_secretary_are_repeated_in_the_message(qtbot, two, backend):
    a, b, mid = two
    e = a.editor
    with b.session(actor=B) as s:
        meetings.update_meeting(s, mid, summary="خلاصه‌ای که دبیر دوم نوشت")
    type_text(e.summary, "خلاصه من")
    e.flush()
    settle(qtbot, a)
    boxes = error_boxes(e)
    assert len(boxes) == 1
    typed = e.meeting.summary                          # shown again: B's minutes, not A's typing
    assert typed == "خلاصه‌ای که دبیر دوم نوشت" == e.summary.toPlainText()
    assert "خلاصه" in boxes[0].text() and "ذخیره نشد" in boxes[0].text()
    assert "خلاصه من»" in boxes[0].text()              # A's typing, kept in the message
    with b.session() as s:
        assert meetings.get_meeting(s, mid).summary == "خلاصه‌ای که دبیر دوم نوشت"
    boxes[0].accept()
