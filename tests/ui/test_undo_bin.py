"""Ctrl+Z and «سطل بازیافت» in the window (issue 14), driven by the keyboard and real widgets."""
from PySide6.QtCore import Qt

from app.services import meetings, undo

from .helpers import answer_next_box, click_row, error_boxes, settle
from .test_keyboard import focus, key


def _agenda_ids(w, mid):
    with w.db.session() as s:
        return [a.id for a in meetings.get_meeting(s, mid).agenda]


def test_ctrl_z_undoes_a_delete_and_the_bin_restores(qtbot, window, tmp_path):
    w = window
    with w.db.session() as s:
        first = meetings.list_meetings(s)[-1]
    w.show_view(f"meeting:{first.id}")
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None and e.meeting.id == first.id)
    settle(qtbot, w)
    qtbot.mouseClick(e.duplicate_button, Qt.MouseButton.LeftButton)      # a write of this session
    settle(qtbot, w)
    qtbot.waitUntil(lambda: e.meeting.id != first.id)
    draft = e.meeting.id
    agenda = _agenda_ids(w, draft)
    assert len(agenda) >= 2

    # delete the first agenda item, as a secretary: select it, Delete button, Yes
    e.tabs.setCurrentIndex(e.tabs.indexOf(e.agenda_view.parentWidget()))
    settle(qtbot, w)
    click_row(qtbot, e.agenda_view, 0)
    answer_next_box(True)
    qtbot.mouseClick(e.agenda_delete, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert _agenda_ids(w, draft) == agenda[1:]

    # Ctrl+Z with the focus on the agenda table: it comes back, in its place
    e.agenda_view.setFocus()
    key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, w)
    assert _agenda_ids(w, draft) == agenda
    assert e.agenda_model.rowCount() == len(agenda)           # the editor shows it again
    assert w.statusBar().currentMessage() == "واگردانی شد."

    # deleted again; this time from «سطل بازیافت», with Enter on its row
    click_row(qtbot, e.agenda_view, 0)
    answer_next_box(True)
    qtbot.mouseClick(e.agenda_delete, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert _agenda_ids(w, draft) == agenda[1:]
    w.nav.setCurrentRow([k for k, _ in __import__("ui.main_window", fromlist=["NAV"]).NAV].index("bin"))
    settle(qtbot, w)
    binscreen = w.screens["bin"]
    assert w.stack.currentWidget() is binscreen
    kinds = [(d.entity, d.id) for d in binscreen.model.rows]
    assert kinds[0] == ("agenda_item", agenda[0])
    assert binscreen.model.rows[0].where.startswith("جلسه ۲")
    w.grab().save(str(tmp_path / "bin.png"))
    click_row(qtbot, binscreen.view, 0)
    binscreen.view.setFocus()
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot, w)
    assert set(_agenda_ids(w, draft)) == set(agenda)
    assert agenda[0] not in [d.id for d in binscreen.model.rows]

    # Ctrl+Z from the bin: the restore is taken back; again: the delete; again; the duplicate itself
    for _ in range(3):
        binscreen.view.setFocus()
        key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        settle(qtbot, w)
    with w.db.session() as s:
        assert draft not in [m.id for m in meetings.list_meetings(s)]
        assert ("meeting", draft) in [(d.entity, d.id) for d in undo.list_deleted(s)]
    assert ("meeting", draft) in [(d.entity, d.id) for d in binscreen.model.rows]
    # nothing more of this session: the demo's approved meetings are never reached
    key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, w)
    assert w.statusBar().currentMessage() == "کاری برای واگردانی در این نشست نیست."
    assert not error_boxes(w)
    with w.db.session() as s:
        assert meetings.get_meeting(s, first.id).locked
